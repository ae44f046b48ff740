import type { Io } from '../../src/services/index.js';

export interface CapturedIo extends Io {
  out(): string;
  err(): string;
}

/** An Io that records what a command writes. */
export function captureIo(cwd: string, env: Record<string, string | undefined> = {}): CapturedIo {
  let stdout = '';
  let stderr = '';
  return {
    cwd,
    env,
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    out: () => stdout,
    err: () => stderr,
  };
}
