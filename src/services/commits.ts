import type { SimpleGit } from 'simple-git';
import { commitOf } from '../git/index.js';
import { gitSource, type SpecSource } from '../spec/index.js';
import type { CommandContext } from './context.js';
import { UsageError } from './io.js';

/** A commit of the repository at `root`, and its spec files. */
export interface RepositoryCommit {
  git: SimpleGit;
  /** Full SHA. */
  commit: string;
  /** The repository root's path inside the git work tree ('' when they are the same). */
  prefix: string;
  /** The ref as the user wrote it (a SHA shortened). */
  label: string;
  source: SpecSource;
}

/**
 * Resolves `ref` to a commit of the repository at `root`; usage errors name the `option`, and
 * messages name the commit by `label` (the ref as the user wrote it, a SHA shortened).
 */
export async function commitAt(
  context: CommandContext,
  root: string,
  ref: string,
  option = '--base',
  label = /^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 12) : ref,
): Promise<RepositoryCommit> {
  const git = await context.git(root);
  const inRepo = await git.checkIsRepo().catch(() => false);
  if (!inRepo) throw new UsageError(`${option} ${ref}: ${root} is not inside a git repository`);
  const commit = await commitOf(git, ref);
  if (commit === undefined)
    throw new UsageError(`${option} ${ref}: no such commit (fetch it, or check the name)`);
  const prefix = (await git.raw(['rev-parse', '--show-prefix'])).trim();
  return { git, commit, prefix, label, source: gitSource(git, commit, prefix, label) };
}

/** The spec files at a git ref, checked to be a commit of the repository at `root`. */
export async function sourceAtRef(context: CommandContext, root: string, ref: string): Promise<SpecSource> {
  return (await commitAt(context, root, ref)).source;
}
