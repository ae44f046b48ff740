import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli.js';
import { defaultContext } from '../../../src/services/index.js';
import { captureIo } from '../../helpers/io.js';
import { EXAMPLE_CUSTOMERS, exampleFiles, writeTree } from '../../helpers/repository.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function repository(changes: Record<string, string> = {}): Promise<string> {
  const files = exampleFiles();
  for (const [path, content] of Object.entries(changes)) files.set(path, content);
  const tree = await writeTree(files);
  cleanups.push(tree.cleanup);
  return tree.dir;
}

/** Runs neo in-process with a clock that says every run took 1.5 s. */
async function neo(cwd: string, ...argv: string[]) {
  const io = captureIo(cwd);
  let ticks = 0;
  const code = await runCli(argv, io, { ...defaultContext(io), clock: () => 1500 * ticks++ });
  return { code, out: io.out(), err: io.err() };
}

/** The folders of a stack directory (not its manifest), sorted. */
function stackFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe('neo synth', () => {
  it('writes one Terraform JSON stack per customer and reports their resources', async () => {
    const root = await repository();
    const result = await neo(root, 'synth');
    expect(result.code).toBe(0);
    await expect(result.out).toMatchFileSnapshot('__snapshots__/synth.txt');
    expect(stackFolders(join(root, '.neo/stacks'))).toEqual(EXAMPLE_CUSTOMERS);
    const acme = JSON.parse(readFileSync(join(root, '.neo/stacks/acme-corp/main.tf.json'), 'utf8'));
    expect(acme.resource.aws_instance.server.instance_type).toBe('t3.medium');
  });

  it('rebuilds nothing when nothing changed, and only what changed otherwise', async () => {
    const root = await repository();
    await neo(root, 'synth');
    expect((await neo(root, 'synth')).out).toContain('(0 built, 7 unchanged)');
    const acme = readFileSync(join(root, 'customers/acme-corp.yaml'), 'utf8');
    writeFileSync(join(root, 'customers/acme-corp.yaml'), acme.replace('cpu: 80', 'cpu: 70'));
    expect((await neo(root, 'synth')).out).toContain('(1 built, 6 unchanged)');
    expect((await neo(root, 'synth', '--rebuild')).out).toContain('(7 built, 0 unchanged)');
    expect((await neo(root, 'synth')).out).toContain('(0 built, 7 unchanged)');
  });

  it('leaves stack files whose inputs did not change untouched, and restores a deleted or edited one', async () => {
    const root = await repository();
    await neo(root, 'synth');
    const stack = (id: string) => join(root, '.neo/stacks', id, 'main.tf.json');
    const before = statSync(stack('bluefin-bakery')).mtimeMs;
    const acme = readFileSync(join(root, 'customers/acme-corp.yaml'), 'utf8');
    writeFileSync(join(root, 'customers/acme-corp.yaml'), acme.replace('cpu: 80', 'cpu: 70'));
    rmSync(stack('kestrel-legal'));
    const tidewater = readFileSync(stack('tidewater-travel'), 'utf8');
    writeFileSync(stack('tidewater-travel'), tidewater.replace('"t3.small"', '"t3.2xlarge"'));
    const result = await neo(root, 'synth');
    expect(result.out).toContain('(1 built, 6 unchanged)');
    expect(statSync(stack('bluefin-bakery')).mtimeMs).toBe(before);
    expect(readFileSync(stack('acme-corp'), 'utf8')).toContain('"threshold": 70');
    expect(existsSync(stack('kestrel-legal'))).toBe(true);
    expect(readFileSync(stack('tidewater-travel'), 'utf8')).toBe(tidewater);
  });

  it('removes the stack of a customer whose file is gone, and only such stacks', async () => {
    const root = await repository();
    await neo(root, 'synth');
    rmSync(join(root, 'customers/orchid-studio.yaml'));
    mkdirSync(join(root, '.neo/stacks/notes'));
    const result = await neo(root, 'synth');
    expect(result.out).toContain('Removed the stacks of customers no longer in customers/: orchid-studio.');
    expect(stackFolders(join(root, '.neo/stacks'))).toEqual(
      [...EXAMPLE_CUSTOMERS.filter((c) => c !== 'orchid-studio'), 'notes'].sort(),
    );
  });

  it('synthesizes only the customers named, into --out', async () => {
    const root = await repository();
    const result = await neo(
      join(root, 'customers'),
      'synth',
      '--out',
      '../build',
      'kestrel-legal',
      'orchid-studio',
    );
    expect(result.code).toBe(0);
    expect(stackFolders(join(root, 'build'))).toEqual(['kestrel-legal', 'orchid-studio']);
    expect(result.out).toContain('../build/kestrel-legal/main.tf.json');
  });

  it('points a local backend at terraform-state/local/ from wherever the stack is', async () => {
    const root = await repository();
    expect((await neo(root, 'synth', '--backend', 'local', '--out', 'out/stacks', 'acme-corp')).code).toBe(0);
    const stackDir = join(root, 'out/stacks/acme-corp');
    const stack = JSON.parse(readFileSync(join(stackDir, 'main.tf.json'), 'utf8'));
    expect(resolve(stackDir, stack.terraform.backend.local.path)).toBe(
      join(root, 'terraform-state/local/acme-corp.tfstate'),
    );
  });

  it('refuses an unknown customer with a suggestion, and writes nothing', async () => {
    const root = await repository();
    const result = await neo(root, 'synth', 'acme-crop');
    expect(result.code).toBe(2);
    expect(result.err).toContain(
      'neo synth: there is no customer acme-crop in customers/: did you mean `acme-corp`?',
    );
    expect(existsSync(join(root, '.neo'))).toBe(false);
  });

  it('refuses an unknown backend', async () => {
    const result = await neo(await repository(), 'synth', '--backend', 'consul');
    expect(result.code).toBe(2);
    expect(result.err).toContain('--backend consul: use s3 or local');
  });

  it('writes no stack from invalid specs, and shows why', async () => {
    const acme = exampleFiles().get('customers/acme-corp.yaml') as string;
    const root = await repository({
      'customers/acme-corp.yaml': acme.replace('addons: [storage-ebs-100]', 'addons: [waf]'),
    });
    const result = await neo(root, 'synth');
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      'customers/acme-corp.yaml:25:10: error: add-on `waf` cannot be provisioned yet',
    );
    expect(existsSync(join(root, '.neo/stacks'))).toBe(false);
  });
});
