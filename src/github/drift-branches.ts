import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SimpleGit } from 'simple-git';
import type { BranchUpdate, DriftBranches } from './drift-prs.js';

/** The trailer of every commit neo writes on a drift branch: how its own commits are told apart. */
const TRAILER = 'Neo-Drift-Record';

export interface DriftBranchesOptions {
  /** A git client for a folder: the repository's own, and each temporary work tree's. */
  git(dir: string): Promise<SimpleGit>;
  root: string;
  /** The branch drift branches start from. */
  base: string;
  remote?: string;
  /** Who the commits are by: by default git's configured user (the workflow sets the App's
   * bot), else `neo drift`. git's own GIT_AUTHOR_* variables still win. */
  author?: { name: string; email: string };
}

/**
 * Drift branches in the repository's remote, through git itself (so a push uses the checkout's
 * credentials). Each commit is made in a temporary work tree, leaving the checkout alone, and
 * pushed with --force-with-lease: a branch someone pushed to after the fetch is never overwritten.
 */
export function gitDriftBranches(options: DriftBranchesOptions): DriftBranches {
  const remote = options.remote ?? 'origin';
  const fallback = { name: 'neo drift', email: 'neo-drift@users.noreply.github.com' };
  const tracking = (branch: string) => `refs/remotes/${remote}/${branch}`;
  const repo = () => options.git(options.root);

  async function resolve(ref: string): Promise<string | undefined> {
    const git = await repo();
    return (
      (await git.raw(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => '')).trim() ||
      undefined
    );
  }

  /** `-c user.*=` for what is neither given nor configured: `-c` would override the config. */
  async function identity(): Promise<string[]> {
    const git = await repo();
    const args: string[] = [];
    for (const key of ['name', 'email'] as const) {
      const configured =
        options.author === undefined
          ? (await git.raw(['config', '--get', `user.${key}`]).catch(() => '')).trim()
          : '';
      if (configured === '') args.push('-c', `user.${key}=${(options.author ?? fallback)[key]}`);
    }
    return args;
  }

  return {
    async fetch() {
      const git = await repo();
      await git.raw([
        'fetch',
        '--prune',
        '--no-tags',
        remote,
        `+refs/heads/${options.base}:${tracking(options.base)}`,
        `+refs/heads/neo/drift/*:${tracking('neo/drift/*')}`,
      ]);
    },

    async write(update: BranchUpdate) {
      const existing = await resolve(tracking(update.branch));
      const start = update.fresh || existing === undefined ? tracking(options.base) : existing;
      const git = await repo();
      const dir = await mkdtemp(join(tmpdir(), 'neo-drift-'));
      try {
        await git.raw(['worktree', 'add', '--detach', dir, start]);
        const tree = await options.git(dir);
        await mkdir(dirname(join(dir, update.path)), { recursive: true });
        await writeFile(join(dir, update.path), update.content);
        await tree.add([update.path]);
        const message = `${update.message}\n\n${TRAILER}: ${update.branch}`;
        await tree.raw([...(await identity()), 'commit', '--no-verify', '-q', '-m', message]);
        const commit = (await tree.revparse(['HEAD'])).trim();
        await git.raw([
          'push',
          '--quiet',
          `--force-with-lease=refs/heads/${update.branch}:${existing ?? ''}`,
          remote,
          `${commit}:refs/heads/${update.branch}`,
        ]);
        await git.raw(['update-ref', tracking(update.branch), commit]);
      } finally {
        await git.raw(['worktree', 'remove', '--force', dir]).catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      }
    },

    async othersCommits(branch: string) {
      if ((await resolve(tracking(branch))) === undefined) return 0;
      const git = await repo();
      const range = `${tracking(options.base)}..${tracking(branch)}`;
      const count = await git.raw(['rev-list', '--count', '--invert-grep', `--grep=^${TRAILER}:`, range]);
      return Number(count.trim());
    },
  };
}
