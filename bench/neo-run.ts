import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface NeoRun {
  ms: number;
  out: string;
  /** Peak RSS of the process (worker threads included), when run under the probe. */
  peakMb: number;
}

/**
 * Runs the built neo CLI in a fresh process, as users do; with `probe`, under the memory probe
 * (dist/bench/probe.js). A failing run throws with its output: a figure from it would be a lie.
 */
export function runNeo(projectRoot: string, args: string[], options: { probe?: boolean } = {}): NeoRun {
  const main = join(projectRoot, 'dist/src/main.js');
  const probe = join(projectRoot, 'dist/bench/probe.js');
  const argv = options.probe === true ? [probe, main, ...args] : [main, ...args];
  const started = performance.now();
  const result = spawnSync(process.execPath, argv, { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(`neo ${args.join(' ')} failed on the generated fleet:\n${result.stdout}${result.stderr}`);
  }
  const last = options.probe === true ? (result.stderr.trim().split('\n').pop() ?? '{}') : '{}';
  return { ms, out: result.stdout, peakMb: Number(JSON.parse(last).maxRssMb) };
}
