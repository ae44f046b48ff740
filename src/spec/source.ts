import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimpleGit } from 'simple-git';

/**
 * Where spec files are read from: the working tree, or a commit. Paths are relative to the
 * repository root with forward slashes.
 */
export interface SpecSource {
  /** Human name for messages: a directory, or a git ref. */
  readonly label: string;
  /** Names of the files directly inside `dir` ('' for the root); [] when it does not exist. */
  list(dir: string): Promise<string[]>;
  /** The file's bytes, or undefined when it does not exist. */
  read(path: string): Promise<Uint8Array | undefined>;
}

export function directorySource(root: string): SpecSource {
  return {
    label: root,
    async list(dir) {
      try {
        const entries = await readdir(join(root, dir), { withFileTypes: true });
        return entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
    },
    async read(path) {
      try {
        return await readFile(join(root, path));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
  };
}

/**
 * The spec files as of a commit, read through git without a checkout. `prefix` is the
 * repository root's path inside the git work tree ('' when they are the same).
 */
export function gitSource(git: SimpleGit, ref: string, prefix = ''): SpecSource {
  const treePath = (path: string) => `${prefix}${path}`;
  return {
    label: ref,
    async list(dir) {
      const tree = treePath(dir).replace(/\/$/, '');
      let out: string;
      try {
        out = await git.raw(['ls-tree', '-z', `${ref}:${tree}`]);
      } catch {
        return []; // no such directory at that commit
      }
      // Each entry: "<mode> <type> <object>\t<name>".
      return out
        .split('\0')
        .filter((entry) => entry !== '')
        .map((entry) => {
          const [meta = '', name = ''] = entry.split('\t');
          return meta.split(' ')[1] === 'tree' ? `${name}/` : name;
        })
        .sort();
    },
    async read(path) {
      try {
        return await git.showBuffer([`${ref}:${treePath(path)}`]);
      } catch {
        return undefined;
      }
    },
  };
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
