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
 *
 * Reads are in bulk, so a thousand customers cost a handful of git processes, not a thousand:
 * the first use lists the whole tree under `prefix` once (`git ls-tree -r`, with each blob's id
 * and size), which answers every `list` and tells `read` what to fetch; reads asked for in the
 * same turn of the event loop are fetched together by one `git show <blob>…` per chunk, whose
 * output is cut apart by the sizes from the listing. Symbolic links and submodules are not spec
 * files: they are neither listed nor read.
 */
export function gitSource(git: SimpleGit, ref: string, prefix = '', label = ref): SpecSource {
  let tree: Promise<GitTree> | undefined;
  const loadTree = (): Promise<GitTree> => {
    tree ??= listTree(git, ref, prefix).catch((error: unknown) => {
      tree = undefined; // a failed listing is not remembered: the next use tries again
      throw error;
    });
    return tree;
  };
  const blobs = blobReader(git);
  return {
    label,
    async list(dir) {
      const entries = (await loadTree()).dirs.get(dir.replace(/\/+$/, ''));
      return entries === undefined ? [] : [...entries].sort();
    },
    async read(path) {
      const blob = (await loadTree()).files.get(path);
      return blob === undefined ? undefined : blobs.read(blob);
    },
  };
}

interface Blob {
  id: string;
  size: number;
}

interface GitTree {
  /** Directory ('' for the root) to the names directly inside it, folders ending in '/'. */
  dirs: Map<string, Set<string>>;
  /** Regular files by path. */
  files: Map<string, Blob>;
}

/**
 * Everything under `prefix` at `ref`, in one `git ls-tree`. `-t` lists the folders too, so a
 * folder holding nothing readable (only a link, say) is still listed, as `ls-tree` of its
 * parent would. An unknown ref is an error; a `prefix` that does not exist at `ref` is an empty
 * tree (ls-tree matches its paths literally, without wildcards).
 */
async function listTree(git: SimpleGit, ref: string, prefix: string): Promise<GitTree> {
  const scope = prefix.replace(/\/+$/, '');
  const out = await git.raw([
    'ls-tree',
    '-r',
    '-t',
    '-l',
    '-z',
    '--full-tree',
    ref,
    ...(scope === '' ? [] : ['--', scope]),
  ]);
  const within = scope === '' ? '' : `${scope}/`;
  const dirs = new Map<string, Set<string>>();
  const files = new Map<string, Blob>();
  const namesIn = (dir: string): Set<string> => {
    const names = dirs.get(dir) ?? new Set<string>();
    dirs.set(dir, names);
    return names;
  };
  // Each entry: "<mode> <type> <object> <size, padded; '-' for trees>\t<path>".
  for (const entry of out.split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const fullPath = entry.slice(tab + 1);
    if (!fullPath.startsWith(within) || fullPath === within) continue; // the folders above the root
    const path = fullPath.slice(within.length);
    const [mode, type, id = '', size = ''] = entry.slice(0, tab).split(/ +/);
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? '' : path.slice(0, slash);
    const name = path.slice(slash + 1);
    if (type === 'tree') {
      namesIn(parent).add(`${name}/`);
      namesIn(path);
    } else if (type === 'blob' && mode !== '120000') {
      namesIn(parent).add(name);
      files.set(path, { id, size: Number(size) });
    }
  }
  return { dirs, files };
}

/** Blob ids per `git show`: far below any system's argument length limit (~41 bytes each). */
const BLOBS_PER_CALL = 500;
/** Bytes per `git show`, so one output never has to hold a huge file and many others. */
const BYTES_PER_CALL = 16 * 1024 * 1024;

interface PendingRead {
  blob: Blob;
  waiters: Array<{ resolve(bytes: Uint8Array | undefined): void; reject(error: unknown): void }>;
}

/**
 * Reads blobs in batches: every read asked for before the event loop next turns (`setImmediate`)
 * goes into the same batch, the same blob only once. A read on its own is a batch of one.
 */
function blobReader(git: SimpleGit): { read(blob: Blob): Promise<Uint8Array | undefined> } {
  let pending = new Map<string, PendingRead>();
  const flush = () => {
    const batch = [...pending.values()];
    pending = new Map();
    for (const chunk of chunks(batch)) {
      fetchChunk(
        git,
        chunk.map((p) => p.blob),
      ).then(
        (contents) => {
          for (const p of chunk) for (const w of p.waiters) w.resolve(contents.get(p.blob.id));
        },
        (error: unknown) => {
          for (const p of chunk) for (const w of p.waiters) w.reject(error);
        },
      );
    }
  };
  return {
    read(blob) {
      return new Promise((resolve, reject) => {
        if (pending.size === 0) setImmediate(flush);
        const read = pending.get(blob.id) ?? { blob, waiters: [] };
        read.waiters.push({ resolve, reject });
        pending.set(blob.id, read);
      });
    },
  };
}

/** `reads` cut into chunks of at most BLOBS_PER_CALL blobs and (unless one alone) BYTES_PER_CALL bytes. */
function* chunks(reads: PendingRead[]): Generator<PendingRead[]> {
  let chunk: PendingRead[] = [];
  let bytes = 0;
  for (const read of reads) {
    if (chunk.length > 0 && (chunk.length >= BLOBS_PER_CALL || bytes + read.blob.size > BYTES_PER_CALL)) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(read);
    bytes += read.blob.size;
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * The contents of `blobs`, by id, from one `git show`: for blobs it writes their bytes one
 * after the other, nothing in between, so the sizes from the listing cut them apart. Should that
 * fail (a blob missing from a partial clone, say), each blob is read on its own, and one that
 * cannot be read is missing, as a single read always was.
 */
async function fetchChunk(git: SimpleGit, blobs: Blob[]): Promise<Map<string, Uint8Array | undefined>> {
  const contents = new Map<string, Uint8Array | undefined>();
  if (blobs.length > 1) {
    const out = await git.showBuffer(blobs.map((b) => b.id)).catch(() => undefined);
    const expected = blobs.reduce((sum, b) => sum + b.size, 0);
    if (out !== undefined && out.length === expected) {
      let offset = 0;
      for (const blob of blobs) {
        contents.set(blob.id, out.subarray(offset, offset + blob.size));
        offset += blob.size;
      }
      return contents;
    }
  }
  await Promise.all(
    blobs.map(async (blob) => {
      const out = await git.showBuffer([blob.id]).catch(() => undefined);
      contents.set(blob.id, out?.length === blob.size ? out : undefined);
    }),
  );
  return contents;
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
