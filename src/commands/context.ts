import { type SimpleGit, simpleGit } from 'simple-git';
import { loadSchemas, type SchemaSet } from '../spec/index.js';
import type { Io } from './io.js';

/** Everything a command touches outside its own memory. Tests pass their own. */
export interface CommandContext {
  io: Io;
  /** A git client for the work tree at `dir`. */
  git(dir: string): SimpleGit;
  schemas(): SchemaSet;
}

export function defaultContext(io: Io): CommandContext {
  let schemas: SchemaSet | undefined;
  return {
    io,
    git: (dir) => simpleGit({ baseDir: dir }),
    schemas: () => {
      schemas ??= loadSchemas();
      return schemas;
    },
  };
}
