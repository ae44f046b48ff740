import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type SimpleGit, simpleGit } from 'simple-git';
import { afterEach, describe, expect, it } from 'vitest';
import { changedPaths, defaultBase } from '../../src/git/changed-paths.js';
import { commitAll, initRepository } from '../helpers/git.js';
import { writeTree } from '../helpers/repository.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function repository(files: ReadonlyMap<string, string>) {
  const tree = await writeTree(files);
  cleanups.push(tree.cleanup);
  const git = await initRepository(tree.dir);
  return { dir: tree.dir, git };
}

function write(dir: string, path: string, content: string) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'neo-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function identify(git: SimpleGit): Promise<SimpleGit> {
  await git.addConfig('user.name', 'neo tests');
  await git.addConfig('user.email', 'neo-tests@example.com');
  await git.addConfig('commit.gpgsign', 'false');
  return git;
}

const specs = new Map([
  ['neo.yaml', 'platform: 1\n'],
  ['plans/start.yaml', 'plan: start\n'],
  ['customers/acme.yaml', 'id: acme\n'],
  ['customers/bolt.yaml', 'id: bolt\n'],
  ['customers/corvid.yaml', 'id: corvid\n'],
]);

describe('changedPaths between two commits', () => {
  it('reports added, modified and deleted files, sorted by path', async () => {
    const { dir, git } = await repository(specs);
    const base = await commitAll(git, 'base');
    write(dir, 'customers/acme.yaml', 'id: acme\nstatus: suspended\n');
    rmSync(join(dir, 'customers/bolt.yaml'));
    write(dir, 'customers/zeta.yaml', 'id: zeta\n');
    write(dir, 'customers/nested/deep.yaml', 'id: deep\n');
    const head = await commitAll(git, 'head');

    expect(await changedPaths(git, '', base, head)).toEqual([
      { path: 'customers/acme.yaml', change: 'modified' },
      { path: 'customers/bolt.yaml', change: 'deleted' },
      { path: 'customers/nested/deep.yaml', change: 'added' },
      { path: 'customers/zeta.yaml', change: 'added' },
    ]);
    expect(await changedPaths(git, '', head, base)).toEqual([
      { path: 'customers/acme.yaml', change: 'modified' },
      { path: 'customers/bolt.yaml', change: 'added' },
      { path: 'customers/nested/deep.yaml', change: 'deleted' },
      { path: 'customers/zeta.yaml', change: 'deleted' },
    ]);
    expect(await changedPaths(git, '', head, 'HEAD')).toEqual([]);
  });

  it('shows a rename as a deletion and an addition', async () => {
    const { dir, git } = await repository(specs);
    const base = await commitAll(git, 'base');
    renameSync(join(dir, 'customers/acme.yaml'), join(dir, 'customers/acme-corp.yaml'));
    const head = await commitAll(git, 'rename');
    expect(await changedPaths(git, '', base, head)).toEqual([
      { path: 'customers/acme-corp.yaml', change: 'added' },
      { path: 'customers/acme.yaml', change: 'deleted' },
    ]);
  });

  it('keeps paths with spaces, quotes and non-ASCII characters as they are', async () => {
    const { dir, git } = await repository(specs);
    const base = await commitAll(git, 'base');
    write(dir, 'customers/zürich "büro"\tx.yaml', 'id: z\n');
    const head = await commitAll(git, 'odd name');
    expect(await changedPaths(git, '', base, head)).toEqual([
      { path: 'customers/zürich "büro"\tx.yaml', change: 'added' },
    ]);
  });
});

describe('changedPaths against the working tree', () => {
  it('sees unstaged edits, staged and untracked new files and deletions, not ignored files', async () => {
    const { dir, git } = await repository(new Map([...specs, ['.gitignore', '*.local.yaml\n.neo/\n']]));
    const base = await commitAll(git, 'base');
    write(dir, 'customers/acme.yaml', 'id: acme\nstatus: suspended\n'); // edited, not staged
    write(dir, 'customers/staged.yaml', 'id: staged\n');
    await git.add(['customers/staged.yaml']); // new, staged
    write(dir, 'customers/untracked.yaml', 'id: untracked\n'); // new, untracked
    write(dir, 'customers/new/deep.yaml', 'id: deep\n'); // in an untracked folder
    write(dir, 'customers/secret.local.yaml', 'id: ignored\n');
    write(dir, '.neo/stacks/acme.json', '{}\n');
    rmSync(join(dir, 'customers/bolt.yaml')); // deleted, not staged
    await git.rm(['customers/corvid.yaml']); // deleted, staged

    expect(await changedPaths(git, '', base)).toEqual([
      { path: 'customers/acme.yaml', change: 'modified' },
      { path: 'customers/bolt.yaml', change: 'deleted' },
      { path: 'customers/corvid.yaml', change: 'deleted' },
      { path: 'customers/new/deep.yaml', change: 'added' },
      { path: 'customers/staged.yaml', change: 'added' },
      { path: 'customers/untracked.yaml', change: 'added' },
    ]);
  });

  it('includes what was committed since the base', async () => {
    const { dir, git } = await repository(specs);
    const base = await commitAll(git, 'base');
    write(dir, 'customers/committed.yaml', 'id: committed\n');
    await commitAll(git, 'more');
    write(dir, 'customers/later.yaml', 'id: later\n');
    expect(await changedPaths(git, '', base)).toEqual([
      { path: 'customers/committed.yaml', change: 'added' },
      { path: 'customers/later.yaml', change: 'added' },
    ]);
  });

  it('counts a file still there but no longer tracked as modified, not as deleted', async () => {
    const { git } = await repository(specs);
    const base = await commitAll(git, 'base');
    await git.rm(['--cached', 'customers/acme.yaml']);
    expect(await changedPaths(git, '', base)).toEqual([{ path: 'customers/acme.yaml', change: 'modified' }]);
  });

  it('reports nothing for a clean working tree, nor for a file touched without a change', async () => {
    const { dir, git } = await repository(specs);
    const base = await commitAll(git, 'base');
    write(dir, 'customers/acme.yaml', 'id: acme\n'); // rewritten, same bytes
    expect(await changedPaths(git, '', base)).toEqual([]);
  });
});

describe('changedPaths with the repository root in a sub-folder', () => {
  const nested = new Map([
    ['README.md', 'top\n'],
    ...[...specs].map(([path, content]): [string, string] => [`ops/neo/${path}`, content]),
    ['ops/neo-old/customers/acme.yaml', 'id: acme\n'],
  ]);

  it('leaves out paths outside the root and strips the prefix', async () => {
    const { dir, git: top } = await repository(nested);
    const base = await commitAll(top, 'base');
    write(dir, 'README.md', 'changed\n');
    write(dir, 'ops/neo-old/customers/acme.yaml', 'id: changed\n');
    write(dir, 'ops/neo/customers/acme.yaml', 'id: acme\nstatus: suspended\n');
    rmSync(join(dir, 'ops/neo/customers/bolt.yaml'));
    const head = await commitAll(top, 'head');
    write(dir, 'ops/untracked.yaml', 'x\n');
    write(dir, 'ops/neo-old/customers/untracked.yaml', 'x\n');
    write(dir, 'ops/neo/customers/untracked.yaml', 'id: untracked\n');

    // diff.relative would make git diff print paths relative to where it runs: it is ignored.
    await top.addConfig('diff.relative', 'true');
    // git run from the root, as the commands do, and from the top: the same answer.
    const atRoot = simpleGit({ baseDir: join(dir, 'ops/neo') });
    expect((await atRoot.raw(['rev-parse', '--show-prefix'])).trim()).toBe('ops/neo/');
    for (const git of [atRoot, top]) {
      for (const prefix of ['ops/neo/', 'ops/neo']) {
        expect(await changedPaths(git, prefix, base, head)).toEqual([
          { path: 'customers/acme.yaml', change: 'modified' },
          { path: 'customers/bolt.yaml', change: 'deleted' },
        ]);
        expect(await changedPaths(git, prefix, base)).toEqual([
          { path: 'customers/acme.yaml', change: 'modified' },
          { path: 'customers/bolt.yaml', change: 'deleted' },
          { path: 'customers/untracked.yaml', change: 'added' },
        ]);
      }
    }
    // Without a prefix, from the sub-folder too, every path is seen, from the top.
    expect((await changedPaths(atRoot, '', base)).map((c) => c.path)).toEqual([
      'README.md',
      'ops/neo-old/customers/acme.yaml',
      'ops/neo-old/customers/untracked.yaml',
      'ops/neo/customers/acme.yaml',
      'ops/neo/customers/bolt.yaml',
      'ops/neo/customers/untracked.yaml',
      'ops/untracked.yaml',
    ]);
  });
});

describe('defaultBase', () => {
  it('is the fork point of a feature branch off main', async () => {
    const { dir, git } = await repository(specs);
    await commitAll(git, 'first');
    write(dir, 'customers/second.yaml', 'id: second\n');
    const fork = await commitAll(git, 'second');
    await git.checkoutLocalBranch('feature');
    write(dir, 'customers/feature.yaml', 'id: feature\n');
    await commitAll(git, 'feature work');
    // main moves on after the branch was made: the base stays the fork point.
    await git.checkout('main');
    write(dir, 'customers/on-main.yaml', 'id: on-main\n');
    await commitAll(git, 'main moves on');
    await git.checkout('feature');

    expect(await defaultBase(git)).toEqual({ ref: 'main', commit: fork });
    // Which then tells what the branch changed.
    const base = await defaultBase(git);
    expect(await changedPaths(git, '', base?.commit ?? '', 'HEAD')).toEqual([
      { path: 'customers/feature.yaml', change: 'added' },
    ]);
  });

  it('is HEAD itself on the default branch', async () => {
    const { git } = await repository(specs);
    const head = await commitAll(git, 'first');
    expect(await defaultBase(git)).toEqual({ ref: 'main', commit: head });
  });

  it('falls back to master', async () => {
    const { git } = await repository(specs);
    await git.raw(['checkout', '-b', 'master']);
    const head = await commitAll(git, 'first');
    await git.raw(['branch', '-D', 'main']).catch(() => undefined); // main was never born
    await git.checkoutLocalBranch('feature');
    expect(await defaultBase(git)).toEqual({ ref: 'master', commit: head });
  });

  it('follows origin/HEAD of a clone, whatever the branch is called', async () => {
    const { dir: upstreamDir, git: upstream } = await repository(specs);
    await upstream.raw(['checkout', '-b', 'trunk']);
    const trunk = await commitAll(upstream, 'first on trunk');
    // A local main that is not the default branch, and unrelated to it.
    await upstream.raw(['checkout', '--orphan', 'main']);
    await commitAll(upstream, 'unrelated main');
    await upstream.checkout('trunk');

    const origin = join(tempDir(), 'origin.git');
    await simpleGit().clone(upstreamDir, origin, ['--bare']);
    const workDir = join(tempDir(), 'work');
    await simpleGit().clone(origin, workDir);
    const git = await identify(simpleGit({ baseDir: workDir }));
    expect((await git.raw(['symbolic-ref', 'refs/remotes/origin/HEAD'])).trim()).toBe(
      'refs/remotes/origin/trunk',
    );
    // Even with an origin/main and a local main around.
    await git.raw(['branch', 'main', 'origin/main']);
    await git.checkoutLocalBranch('feature');
    write(workDir, 'customers/feature.yaml', 'id: feature\n');
    await commitAll(git, 'feature work');
    expect(await defaultBase(git)).toEqual({ ref: 'origin/trunk', commit: trunk });
  });

  it('prefers origin/main to a local main when origin/HEAD is not set', async () => {
    const { dir: upstreamDir, git: upstream } = await repository(specs);
    const first = await commitAll(upstream, 'first');
    const workDir = join(tempDir(), 'work');
    await simpleGit().clone(upstreamDir, workDir);
    const git = await identify(simpleGit({ baseDir: workDir }));
    await git.raw(['remote', 'set-head', 'origin', '--delete']);
    // The local main runs ahead of origin/main.
    write(workDir, 'customers/local.yaml', 'id: local\n');
    await commitAll(git, 'local, not pushed');
    expect(await defaultBase(git)).toEqual({ ref: 'origin/main', commit: first });
  });

  it('is undefined without commits, without a default branch, or without shared history', async () => {
    const { dir, git } = await repository(specs);
    expect(await defaultBase(git)).toBeUndefined(); // no commits yet

    await git.raw(['checkout', '-b', 'develop']);
    await commitAll(git, 'first');
    expect(await defaultBase(git)).toBeUndefined(); // no main, no master, no origin

    await git.raw(['checkout', '--orphan', 'main']);
    write(dir, 'customers/other.yaml', 'id: other\n');
    await commitAll(git, 'unrelated');
    await git.checkout('develop');
    expect(await defaultBase(git)).toBeUndefined(); // main shares no history with develop
  });
});
