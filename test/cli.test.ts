import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFleet } from '../bench/fleet.js';
import { directorySource, loadSchemas, resolveCustomers, validateRepository } from '../src/spec/index.js';
import { stackInputs, synthesizeFleet } from '../src/synth/index.js';
import { exampleFiles, PROJECT_ROOT, writeTree } from './helpers/repository.js';

/** The real executable, as users and workflows run it. */
const MAIN = join(PROJECT_ROOT, 'dist/src/main.js');

function neo(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

let hostile: { dir: string; cleanup(): void };

beforeAll(async () => {
  const files = exampleFiles() as Map<string, string | Uint8Array>;
  files.set(
    'customers/zz-binary.yaml',
    new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0xff, 0xfe]),
  );
  files.set(
    'customers/zz-bomb.yaml',
    `a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [${'*a,'.repeat(8)}*a]\nc: &c [${'*b,'.repeat(8)}*b]\nd: [${'*c,'.repeat(8)}*c]\n`,
  );
  files.set('customers/zz-deep.yaml', `${'['.repeat(5000)}1${']'.repeat(5000)}`);
  hostile = await writeTree(files);
});

afterAll(() => hostile.cleanup());

describe('the neo executable', () => {
  it('validates the example repository', () => {
    expect(neo(PROJECT_ROOT, 'validate')).toEqual({
      code: 0,
      out: '✔ 13 files checked: no problems\n',
      err: '',
    });
  });

  it('summarises the example repository', () => {
    const result = neo(PROJECT_ROOT, 'summary');
    expect(result.code).toBe(0);
    expect(result.out).toContain('Revenue  $518.00 / month from 5 active customers');
  });

  it('answers hostile files with clean errors and exit 1, never a stack trace', () => {
    const result = neo(hostile.dir, 'validate');
    expect(result.code).toBe(1);
    expect(result.out).toContain('customers/zz-binary.yaml:1:');
    expect(result.out).toContain('customers/zz-bomb.yaml:1:1: error: aliases expand too much');
    expect(result.out).toContain('customers/zz-deep.yaml:1:');
    expect(result.out).toContain('nested more than 32 levels deep');
    expect(result.err).toBe('');
  });

  it('synthesizes a generated fleet, byte for byte as the library does', async () => {
    const tree = await writeTree(new Map());
    try {
      await writeFleet(PROJECT_ROOT, tree.dir, 30);
      const result = neo(tree.dir, 'synth', '--out', 'stacks');
      expect(result.code).toBe(0);
      expect(result.out).toContain('Synthesized 30 stacks (30 built, 0 unchanged)');
      const { repository } = await validateRepository(directorySource(tree.dir), { schemas: loadSchemas() });
      const inputs = stackInputs(repository, resolveCustomers(repository), () => ({ kind: 's3' }));
      for (const stack of await synthesizeFleet(inputs, { threads: 1 })) {
        expect(readFileSync(join(tree.dir, 'stacks', stack.customerId, 'main.tf.json'), 'utf8')).toBe(
          stack.json,
        );
      }
    } finally {
      tree.cleanup();
    }
  });

  it('exits 2 on usage errors', () => {
    const result = neo(PROJECT_ROOT, 'validate', '--format');
    expect(result.code).toBe(2);
    expect(result.err).toContain("Option '--format <value>' argument missing");
  });
});
