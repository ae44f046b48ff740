import type { SimpleGit } from 'simple-git';
import { commitOf } from './commits.js';

/** One file that differs between two states of the repository. */
export interface ChangedPath {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  change: 'added' | 'modified' | 'deleted';
}

/**
 * The files that differ between the commit `base` and `head`, or, without `head`, between
 * `base` and the working tree as it is now: edits whether staged or not, staged new files, and
 * untracked files git does not ignore. Renames are a deletion and an addition; a change of file
 * type (a file becoming a link, say) is a modification. `prefix` is the repository root's path
 * inside the git work tree (`git rev-parse --show-prefix` run at the root, '' when they are the
 * same): paths outside it are left out, and it is taken off the others. Sorted by path.
 */
export async function changedPaths(
  git: SimpleGit,
  prefix: string,
  base: string,
  head?: string,
): Promise<ChangedPath[]> {
  const within = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  // Paths are matched from the top of the work tree, literally, whatever folder git runs in.
  const pathspec = within === '' ? [] : ['--', `:(top,literal)${within}`];
  const changes = new Map<string, ChangedPath['change']>();

  // --no-relative: paths from the top even when diff.relative is set.
  const diff = await git.raw([
    'diff',
    '--name-status',
    '-z',
    '--no-renames',
    '--no-relative',
    '--no-ext-diff',
    base,
    ...(head === undefined ? [] : [head]),
    ...pathspec,
  ]);
  // Entries: "<status letter>\0<path>\0"; renames and copies are off, so one path each.
  const fields = diff.split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i] as string;
    const path = fields[i + 1] as string;
    if (status === '') break;
    changes.set(path, status[0] === 'A' ? 'added' : status[0] === 'D' ? 'deleted' : 'modified');
  }

  if (head === undefined) {
    const untracked = await git.raw([
      'ls-files',
      '--others',
      '--exclude-standard',
      '--full-name',
      '-z',
      ...(within === '' ? ['--', ':/'] : pathspec),
    ]);
    for (const path of untracked.split('\0')) {
      if (path === '' || path.endsWith('/')) continue; // a nested repository is not a file
      // Untracked now yet present at the base (removed from the index only): still there.
      changes.set(path, changes.get(path) === 'deleted' ? 'modified' : 'added');
    }
  }

  return [...changes]
    .filter(([path]) => path.startsWith(within) && path !== within)
    .map(([path, change]) => ({ path: path.slice(within.length), change }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Where the default branch is looked for when `origin/HEAD` is not set, in this order. */
const DEFAULT_BRANCHES = [
  'refs/remotes/origin/main',
  'refs/remotes/origin/master',
  'refs/heads/main',
  'refs/heads/master',
];

/**
 * The commit a branch is measured against: the merge-base of HEAD with the default branch.
 * The default branch is the one `origin/HEAD` points at when it is set (a clone sets it), else
 * the first of `origin/main`, `origin/master`, `main` and `master` that exists. `ref` names it
 * for people (`origin/main`); `commit` is the merge-base. On the default branch itself the
 * merge-base is HEAD (or an ancestor, when the local branch is behind): then nothing, or only
 * what is not yet on the remote, has changed.
 *
 * Undefined when the repository has no commits, no default branch can be found, or HEAD and
 * the default branch share no history (also the case in a clone too shallow to reach it).
 */
export async function defaultBase(git: SimpleGit): Promise<{ ref: string; commit: string } | undefined> {
  if ((await commitOf(git, 'HEAD')) === undefined) return undefined;
  const branch = await defaultBranch(git);
  if (branch === undefined) return undefined;
  const commit = await git
    .raw(['merge-base', 'HEAD', branch])
    .then((out) => out.trim())
    .catch(() => '');
  if (!/^[0-9a-f]{40,64}$/.test(commit)) return undefined;
  return { ref: branch.replace(/^refs\/(remotes|heads)\//, ''), commit };
}

/** The full name of the default branch, if one can be found (one git call: plans start fast). */
async function defaultBranch(git: SimpleGit): Promise<string | undefined> {
  const refs = await git
    .raw(['for-each-ref', '--format=%(refname) %(symref)', 'refs/remotes/origin/', 'refs/heads/'])
    .catch(() => '');
  const existing = new Map<string, string>();
  for (const line of refs.split('\n')) {
    const [name = '', target = ''] = line.trim().split(' ');
    if (name !== '') existing.set(name, target);
  }
  const originHead = existing.get('refs/remotes/origin/HEAD');
  if (originHead !== undefined && originHead !== '' && existing.has(originHead)) return originHead;
  return DEFAULT_BRANCHES.find((candidate) => existing.has(candidate));
}
