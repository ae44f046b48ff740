import { ansi, type Paint, plain } from '../report/index.js';

/** Where a command writes, and the environment it runs in: injected, so tests run commands in-process. */
export interface Io {
  stdout: Output;
  stderr: Output;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** A mistake in how neo was called: exit code 2 with the message and a pointer to help. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `drift`: found, as `terraform plan -detailed-exitcode` reports changes. */
export const EXIT = { ok: 0, failed: 1, usage: 2, drift: 2 } as const;

/** Colour only for people: a TTY, and neither NO_COLOR nor a dumb terminal. */
export function paintFor(io: Io, output: Output = io.stdout): Paint {
  const wanted = output.isTTY === true && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
  return wanted || io.env.FORCE_COLOR === '1' ? ansi : plain;
}

/** The value of `--<option>` when it is one of `choices`; otherwise a usage error naming them. */
export function oneOf<T extends string>(option: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value))
    throw new UsageError(`--${option} ${value}: use one of ${choices.join(', ')}`);
  return value as T;
}
