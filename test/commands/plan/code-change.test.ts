import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli.js';
import type { Plan } from '../../../src/plan/index.js';
import { defaultContext } from '../../../src/services/index.js';
import { commitAll, initRepository } from '../../helpers/git.js';
import { captureIo } from '../../helpers/io.js';
import { exampleFiles, PROJECT_ROOT, writeTree } from '../../helpers/repository.js';

/** Lives in the synthesizer; a base commit with an older value stands for an older neo. */
const INPUTS = 'src/synth/inputs.ts';
const CURRENT = "ManagedBy: 'neo'";

/**
 * A hosting company's repository with neo's source in it, as the product is installed: the
 * base commit carries an older synthesizer, the branch upgrades it.
 */
describe('a pull request that changes neo itself', () => {
  let dir: string;
  let cleanup: () => void;

  beforeAll(async () => {
    ({ dir, cleanup } = await writeTree(exampleFiles()));
    for (const path of ['src', 'schemas', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) {
      cpSync(join(PROJECT_ROOT, path), join(dir, path), { recursive: true });
    }
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, '.gitignore'), 'node_modules\ndist\n.neo\n');
    const current = readFileSync(join(dir, INPUTS), 'utf8');
    expect(current).toContain(CURRENT);
    writeFileSync(join(dir, INPUTS), current.replace(CURRENT, "ManagedBy: 'neo-1'"));
    const git = await initRepository(dir);
    await commitAll(git, 'neo 1');
    await git.checkoutLocalBranch('upgrade');
    writeFileSync(join(dir, INPUTS), current);
    await commitAll(git, 'neo 2');
  }, 60_000);
  afterAll(() => cleanup());

  it('builds the base side with the base commit’s code and shows what the upgrade changes', async () => {
    const io = captureIo(dir);
    const code = await runCli(['plan', '--format', 'json', '--allow-blast-radius'], io, defaultContext(io));
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const plan = JSON.parse(io.out()) as Plan;
    expect(plan.customers.map((c) => c.customerId)).toEqual(
      [...exampleFiles().keys()]
        .filter((p) => p.startsWith('customers/'))
        .map((p) => p.slice('customers/'.length, -'.yaml'.length))
        .sort(),
    );
    const tags = plan.customers.flatMap((c) => c.changes.flatMap((r) => r.attributes.map((a) => a.path)));
    expect(new Set(tags.map((p) => p.replace(/^root_block_device\./, '')))).toEqual(
      new Set(['tags.ManagedBy']),
    );
    expect(plan.notes.join(' ')).toContain("the base side was built with the base commit's code");
  }, 120_000);
});

describe('a code change neo cannot build at the base commit', () => {
  it('plans with the new code on both sides and says what that leaves out', async () => {
    const files = exampleFiles().set('src/notes.md', 'first draft\n');
    const { dir, cleanup } = await writeTree(files);
    try {
      const git = await initRepository(dir);
      await commitAll(git, 'first');
      writeFileSync(join(dir, 'src/notes.md'), 'second draft\n');
      const io = captureIo(dir);
      const code = await runCli(['plan', '--format', 'json', '--allow-blast-radius'], io, defaultContext(io));
      expect(code).toBe(0);
      const plan = JSON.parse(io.out()) as Plan;
      expect(plan.customers).toEqual([]);
      expect(plan.unchangedCustomers).toBe(7);
      expect(plan.notes.join(' ')).toContain('the base commit has no tsconfig.build.json');
      expect(plan.notes.join(' ')).toContain('not what the code change does');
    } finally {
      cleanup();
    }
  }, 60_000);
});
