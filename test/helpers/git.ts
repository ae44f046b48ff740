import { type SimpleGit, simpleGit } from 'simple-git';
import { exampleFiles, writeTree } from './repository.js';

/** A real git repository in `dir`, with an identity of its own so CI needs no global config. */
export async function initRepository(dir: string): Promise<SimpleGit> {
  const git = simpleGit({ baseDir: dir });
  await git.init(['--initial-branch=main']);
  await git.addConfig('user.name', 'neo tests');
  await git.addConfig('user.email', 'neo-tests@example.com');
  await git.addConfig('commit.gpgsign', 'false');
  return git;
}

export async function commitAll(git: SimpleGit, message: string): Promise<string> {
  await git.add(['-A']);
  await git.commit(message);
  return (await git.revparse(['HEAD'])).trim();
}

/** The example repository committed on `main` in a temporary folder (neo's outputs ignored). */
export async function committedExample(): Promise<{ dir: string; cleanup: () => void; git: SimpleGit }> {
  const files = exampleFiles();
  files.set('.gitignore', '.neo/\nterraform-state/local/\n');
  const { dir, cleanup } = await writeTree(files);
  const git = await initRepository(dir);
  await commitAll(git, 'example repository');
  return { dir, cleanup, git };
}
