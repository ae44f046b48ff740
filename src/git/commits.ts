import type { SimpleGit } from 'simple-git';

/** The full SHA of the commit `ref` names, if it names one. */
export async function commitOf(git: SimpleGit, ref: string): Promise<string | undefined> {
  const out = await git
    .raw(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
    .then((o) => o.trim())
    .catch(() => '');
  return out === '' ? undefined : out;
}
