import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli.js';
import { commitAll, initRepository } from '../../helpers/git.js';
import { captureIo } from '../../helpers/io.js';
import { exampleFiles, writeTree } from '../../helpers/repository.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A git repository holding the example specs (optionally in a subfolder), committed on main. */
async function committedRepository(subfolder = '') {
  const files = new Map([...exampleFiles()].map(([path, content]) => [join(subfolder, path), content]));
  const tree = await writeTree(files);
  cleanups.push(tree.cleanup);
  const git = await initRepository(tree.dir);
  await commitAll(git, 'example repository');
  return { git, root: join(tree.dir, subfolder) };
}

async function validate(root: string, ...args: string[]) {
  const io = captureIo(root);
  const code = await runCli(['validate', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('neo validate --base: no customer is destroyed by deleting its file', () => {
  it('refuses deleting an active customer', async () => {
    const { root } = await committedRepository();
    rmSync(join(root, 'customers/acme-corp.yaml'));
    const result = await validate(root, '--base', 'main');
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      'customers/acme-corp.yaml:1:1: error: customer acme-corp is deleted, but at main it is active: restore the file, set status: decommissioned and merge that first; delete the file in a later pull request',
    );
  });

  it('refuses deleting a suspended customer', async () => {
    const { root } = await committedRepository();
    rmSync(join(root, 'customers/kestrel-legal.yaml'));
    const result = await validate(root, '--base', 'HEAD');
    expect(result.code).toBe(1);
    expect(result.out).toContain('customer kestrel-legal is deleted, but at HEAD it is suspended');
  });

  it('allows deleting a customer that was merged as decommissioned', async () => {
    const { root } = await committedRepository();
    rmSync(join(root, 'customers/orchid-studio.yaml'));
    const result = await validate(root, '--base', 'main');
    expect(result).toMatchObject({ code: 0, err: '' });
  });

  it('does not accept decommissioning and deleting in the same change', async () => {
    const { git, root } = await committedRepository();
    const base = (await git.revparse(['HEAD'])).trim();
    const path = join(root, 'customers/acme-corp.yaml');
    writeFileSync(
      path,
      (exampleFiles().get('customers/acme-corp.yaml') as string).replace(
        'status: active',
        'status: decommissioned',
      ),
    );
    await commitAll(git, 'decommission acme-corp');
    rmSync(path);
    expect((await validate(root, '--base', base)).code).toBe(1);
    expect((await validate(root, '--base', 'HEAD')).code).toBe(0);
  });

  it('catches a rename that changes the id', async () => {
    const { root } = await committedRepository();
    renameSync(join(root, 'customers/acme-corp.yaml'), join(root, 'customers/acme-corporation.yaml'));
    const result = await validate(root, '--base', 'main');
    expect(result.code).toBe(1);
    expect(result.out).toContain('customer acme-corp is deleted, but at main it is active');
    expect(result.out).toContain('id `acme-corp` does not match the file name `acme-corporation.yaml`');
  });

  it('works when the specs live in a subfolder of the git repository', async () => {
    const { root } = await committedRepository('platform');
    rmSync(join(root, 'customers/lumen-analytics.yaml'));
    mkdirSync(join(root, 'customers/archive'), { recursive: true });
    const result = await validate(root, '--base', 'main');
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      'customers/lumen-analytics.yaml:1:1: error: customer lumen-analytics is deleted',
    );
    expect(result.out).toContain(
      'customers/archive/:1:1: error: customers/archive/ would be ignored: neo reads only the .yaml files directly in customers/; move the folder out',
    );
  });

  it('says so when the deleted file could not be read at the base', async () => {
    const { git, root } = await committedRepository();
    writeFileSync(join(root, 'customers/broken.yaml'), 'id: [unterminated\n');
    await commitAll(git, 'a broken file');
    rmSync(join(root, 'customers/broken.yaml'));
    const result = await validate(root, '--base', 'main');
    expect(result.code).toBe(1);
    expect(result.out).toContain('customer broken is deleted, but at main its status could not be read');
  });

  it('rejects a ref that is not a commit', async () => {
    const { root } = await committedRepository();
    const result = await validate(root, '--base', 'no-such-branch');
    expect(result.code).toBe(2);
    expect(result.err).toContain('--base no-such-branch: no such commit');
  });
});
