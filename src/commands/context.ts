import { execFile } from 'node:child_process';
import type { SimpleGit } from 'simple-git';
import type { Cloud } from '../cloud/types.js';
import { loadSchemas, type SchemaSet } from '../spec/index.js';
import { type CloudName, type CloudSettings, openCloud } from './clouds.js';
import type { Io } from './io.js';

/** Everything a command touches outside its own memory. Tests pass their own. */
export interface CommandContext {
  io: Io;
  /** A git client for the work tree at `dir`. */
  git(dir: string): Promise<SimpleGit>;
  schemas(): SchemaSet;
  /** Milliseconds from an arbitrary origin, for durations users are shown. */
  clock(): number;
  /** The wall-clock time. */
  now(): Date;
  /** Runs a program to completion (no shell); a non-zero exit is a result, not an error. */
  run(file: string, args: readonly string[], options: { cwd: string }): Promise<ProcessResult>;
  /** The cloud to observe (and, for the local one, apply to). */
  cloud(name: CloudName, settings: CloudSettings): Promise<Cloud>;
}

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function defaultContext(io: Io): CommandContext {
  let schemas: SchemaSet | undefined;
  return {
    io,
    // Loaded on first use: most commands never touch git, and start-up time is what users feel.
    git: async (dir) => (await import('simple-git')).simpleGit({ baseDir: dir }),
    schemas: () => {
      schemas ??= loadSchemas();
      return schemas;
    },
    clock: () => performance.now(),
    now: () => new Date(),
    cloud: openCloud,
    run: (file, args, { cwd }) =>
      new Promise((resolve) => {
        execFile(file, [...args], { cwd, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolve({ code, stdout, stderr: stderr || (error?.message ?? '') });
        });
      }),
  };
}
