import { gitSource, type SpecSource } from '../spec/index.js';
import type { CommandContext } from './context.js';
import { UsageError } from './io.js';

/** The spec files at a git ref, checked to be a commit of the repository at `root`. */
export async function sourceAtRef(context: CommandContext, root: string, ref: string): Promise<SpecSource> {
  const git = await context.git(root);
  const inRepo = await git.checkIsRepo().catch(() => false);
  if (!inRepo) throw new UsageError(`--base ${ref}: ${root} is not inside a git repository`);
  const commit = await git.raw(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).catch(() => '');
  if (commit.trim() === '')
    throw new UsageError(`--base ${ref}: no such commit (fetch it, or check the name)`);
  const prefix = (await git.raw(['rev-parse', '--show-prefix'])).trim();
  const label = /^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 12) : ref;
  return gitSource(git, commit.trim(), prefix, label);
}
