import type { SimpleGit } from 'simple-git';
import { loadSchemas, type SchemaSet } from '../spec/index.js';
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
  };
}
