import { readdirSync, readFileSync } from 'node:fs';
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

/**
 * The working tree. Reads are synchronous on purpose: for a thousand small files, one
 * synchronous read each is several times cheaper than as many round trips to the thread pool.
 */
export function directorySource(root: string): SpecSource {
  return {
    label: root,
    async list(dir) {
      try {
        const entries = readdirSync(join(root, dir), { withFileTypes: true });
        return entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
    },
    async read(path) {
      try {
        return readFileSync(join(root, path));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
  };
}

/**
 * The spec files as of a commit, read through git without a checkout. `prefix` is the
 * repository root's path inside the git work tree ('' when they are the same); `label` names
 * the commit in messages (the ref as the user wrote it).
 */
export function gitSource(git: SimpleGit, ref: string, prefix = '', label = ref): SpecSource {
  const treePath = (path: string) => `${prefix}${path}`;
  return {
    label,
    async list(dir) {
      const tree = treePath(dir).replace(/\/$/, '');
      let out: string;
      try {
        out = await git.raw(['ls-tree', '--full-tree', '-z', `${ref}:${tree}`]);
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
