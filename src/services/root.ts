import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './io.js';

/** The repository root: --root, or the nearest folder upwards from cwd that holds neo.yaml. */
export function findRepositoryRoot(cwd: string, explicit?: string): string {
  if (explicit !== undefined) {
    const root = resolve(cwd, explicit);
    if (!existsSync(root) || !statSync(root).isDirectory())
      throw new UsageError(`--root ${explicit}: no such folder`);
    return root;
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'neo.yaml'))) return dir;
    if (dirname(dir) === dir) break;
  }
  throw new UsageError(
    `no neo.yaml in ${cwd} or above it: run neo inside the platform repository, or pass --root <dir>`,
  );
}

/** A path argument, as a repository-relative path with forward slashes ('' for the root itself). */
export function repositoryPath(root: string, cwd: string, argument: string): string {
  const absolute = isAbsolute(argument) ? argument : resolve(cwd, argument);
  const inside = relative(root, absolute);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new UsageError(`${argument} is outside the repository ${root}`);
  }
  if (!existsSync(absolute)) throw new UsageError(`${argument}: no such file or folder`);
  return inside.split(sep).join('/');
}
