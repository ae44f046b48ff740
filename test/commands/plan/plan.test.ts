import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { runCli } from '../../../src/cli.js';
import type { Plan } from '../../../src/plan/index.js';
import { defaultContext } from '../../../src/services/index.js';
import { commitAll, initRepository } from '../../helpers/git.js';
import { captureIo } from '../../helpers/io.js';
import { exampleFiles, PROJECT_ROOT, writeTree } from '../../helpers/repository.js';

const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/synth/customers');
const NO_CHANGES = 'No changes: nothing in this change touches a customer';
const NOSUCH_PLAN =
  'customers/acme-corp.yaml:5:7: error: there is no plan tier `nonexistent` in plans/: use one of core, scale, titan';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

interface Repository {
  git: SimpleGit;
  root: string;
  cleanup(): void;
}

/**
 * The example specs in a fresh git repository, committed on main. `.neo/` is ignored as in the
 * project itself, so the stack cache neo plan writes never shows up as a change.
 */
async function repository(): Promise<Repository> {
  const files = exampleFiles();
  files.set('.gitignore', '.neo/\n');
  const tree = await writeTree(files);
  const git = await initRepository(tree.dir);
  await commitAll(git, 'example repository');
  return { git, root: tree.dir, cleanup: tree.cleanup };
}

/** A repository removed after the current test. */
async function scratchRepository(): Promise<Repository> {
  const repo = await repository();
  cleanups.push(repo.cleanup);
  return repo;
}

/** Replaces `from` (which must be there) with `to` in a file of the repository. */
function edit(root: string, path: string, from: string, to: string): void {
  const text = readFileSync(join(root, path), 'utf8');
  if (!text.includes(from)) throw new Error(`${path} has no ${JSON.stringify(from)}`);
  writeFileSync(join(root, path), text.replace(from, to));
}

function addFixtureCustomer(root: string, id: string): void {
  copyFileSync(join(FIXTURES, `${id}.yaml`), join(root, 'customers', `${id}.yaml`));
}

/** The issue's branch: saltmarsh-records onboarded, acme-corp upgraded from scale to titan. */
async function onboardAndUpgrade({ git, root }: Repository): Promise<string> {
  await git.checkoutLocalBranch('feature');
  addFixtureCustomer(root, 'saltmarsh-records');
  edit(root, 'customers/acme-corp.yaml', 'plan: scale', 'plan: titan');
  return commitAll(git, 'onboard saltmarsh-records, upgrade acme-corp to titan');
}

/** Runs `neo plan` in-process in `cwd`. */
async function plan(cwd: string, ...args: string[]) {
  const io = captureIo(cwd);
  const code = await runCli(['plan', ...args], io, defaultContext(io));
  return { code, out: io.out(), err: io.err() };
}

async function planJson(cwd: string, ...args: string[]): Promise<{ code: number; plan: Plan; err: string }> {
  const result = await plan(cwd, ...args, '--format', 'json');
  return { code: result.code, plan: JSON.parse(result.out) as Plan, err: result.err };
}

/** `[customer, kind]` pairs, in the plan's order. */
function kinds(p: Plan): Array<[string, string]> {
  return p.customers.map((c) => [c.customerId, c.kind]);
}

describe('neo plan on a branch that onboards one customer and upgrades another', () => {
  // One repository for the whole group, so the stacks are synthesized once and then come from
  // its cache; every test leaves the working tree as it found it.
  let repo: Repository;
  let mergeBase: string;
  let feature: string;
  beforeAll(async () => {
    repo = await repository();
    mergeBase = (await repo.git.revparse(['main'])).trim();
    feature = await onboardAndUpgrade(repo);
  });
  afterAll(() => repo.cleanup());
  afterEach(async () => {
    await repo.git.raw(['checkout', '--', '.']);
    await repo.git.raw(['clean', '-fdq']); // not -x: the stack cache in .neo/ stays
  });

  it('plans the merge-base with main against the working tree by default', async () => {
    const result = await plan(repo.root);
    expect(result).toMatchObject({ code: 0, err: '' });
    // The header names main and the merge-base; the SHA varies between runs, so the snapshot
    // has a placeholder for it.
    expect(result.out.split('\n')[0]).toBe(
      `neo plan · production · base main (${mergeBase.slice(0, 12)}) → head working tree`,
    );
    expect(result.out).toContain('2 customers: 1 added, 1 changed');
    expect(result.out).toMatch(/^acme-corp · changed · scale → titan · \$89 → \$159\/month/m);
    expect(result.out).toMatch(/^saltmarsh-records · added · titan · /m);
    await expect(result.out.replaceAll(mergeBase.slice(0, 12), '<merge-base>')).toMatchFileSnapshot(
      '__snapshots__/plan-branch.txt',
    );
  });

  it('gives exactly those two customers, with their tiers, as JSON', async () => {
    const { code, plan: p } = await planJson(repo.root);
    expect(code).toBe(0);
    expect(p.formatVersion).toBe(1);
    expect(p.base).toEqual({ label: 'main', commit: mergeBase });
    expect(p.head).toEqual({ label: 'working tree' });
    expect(kinds(p)).toEqual([
      ['acme-corp', 'changed'],
      ['saltmarsh-records', 'added'],
    ]);
    const [acme, saltmarsh] = p.customers;
    expect(acme?.before?.planTier).toBe('scale');
    expect(acme?.after?.planTier).toBe('titan');
    expect(acme?.file).toBe('customers/acme-corp.yaml');
    expect(saltmarsh?.before).toBeUndefined();
    expect(saltmarsh?.after).toMatchObject({ planTier: 'titan', status: 'active', region: 'us-east-1' });
    expect(saltmarsh?.counts).toMatchObject({ create: saltmarsh?.changes.length, update: 0, delete: 0 });
    expect(p.unchangedCustomers).toBe(0);
    expect(p.totals.kinds).toMatchObject({ added: 1, changed: 1, removed: 0 });
    expect(p.blastRadius).toMatchObject({ exceeded: [], overridden: false, dataLossCustomers: [] });
    expect(p.notes).toEqual([]);
  });

  it('renders a GitHub comment: headline, risks, one collapsed section per customer', async () => {
    const result = await plan(repo.root, '--format', 'markdown');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/^### neo plan · 2 customers: 1 added, 1 changed · /);
    expect(result.out).toContain(`\`production\` · base \`main\` (\`${mergeBase.slice(0, 12)}\`)`);
    expect(result.out).toContain('\n#### Risks\n\n- 👀 **customer-visible**: acme-corp: ');
    const summaries = [...result.out.matchAll(/<details><summary><b>([^<]+)<\/b>[^\n]*<\/summary>(\n\n)?/g)];
    expect(summaries.map((m) => m[1])).toEqual(['acme-corp', 'saltmarsh-records']);
    // Without the blank line GitHub does not render the markdown table inside <details>.
    expect(summaries.every((m) => m[2] === '\n\n')).toBe(true);
    expect(result.out.match(/<\/details>/g)).toHaveLength(2);
  });

  it('--base main --head feature compares the two commits and ignores the working tree', async () => {
    edit(repo.root, 'customers/bluefin-bakery.yaml', '192.0.2.0/28', '192.0.2.16/28');
    addFixtureCustomer(repo.root, 'ferrous-games');
    const { code, plan: p } = await planJson(repo.root, '--base', 'main', '--head', 'feature');
    expect(code).toBe(0);
    expect(p.base).toEqual({ label: 'main', commit: mergeBase });
    expect(p.head).toEqual({ label: 'feature', commit: feature });
    expect(kinds(p)).toEqual([
      ['acme-corp', 'changed'],
      ['saltmarsh-records', 'added'],
    ]);
  });

  it('without --head, plans uncommitted edits and untracked customer files too', async () => {
    edit(repo.root, 'customers/bluefin-bakery.yaml', '192.0.2.0/28', '192.0.2.16/28');
    addFixtureCustomer(repo.root, 'ferrous-games');
    const { code, plan: p } = await planJson(repo.root);
    expect(code).toBe(0);
    expect(kinds(p)).toEqual([
      ['acme-corp', 'changed'],
      ['bluefin-bakery', 'changed'],
      ['ferrous-games', 'added'],
      ['saltmarsh-records', 'added'],
    ]);
    const bluefin = p.customers.find((c) => c.customerId === 'bluefin-bakery');
    expect(bluefin?.changes.map((c) => [c.action, c.address])).toEqual([
      ['delete', 'aws_vpc_security_group_ingress_rule.ssh_192_0_2_0_28'],
      ['create', 'aws_vpc_security_group_ingress_rule.ssh_192_0_2_16_28'],
    ]);
  });
});

describe('neo plan with nothing or no history to compare with', () => {
  it('on main itself the merge-base is HEAD: no changes', async () => {
    const { root } = await scratchRepository();
    const text = await plan(root);
    expect(text).toMatchObject({ code: 0, err: '' });
    expect(text.out).toContain('base main (');
    expect(text.out).toContain(NO_CHANGES);
    const { code, plan: p } = await planJson(root);
    expect(code).toBe(0);
    expect(p.base?.label).toBe('main');
    expect(p.customers).toEqual([]);
    expect(p.unchangedCustomers).toBe(0);
  });

  it('outside a git repository everything is added, as on a first run', async () => {
    const tree = await writeTree(exampleFiles());
    cleanups.push(tree.cleanup);
    const text = await plan(tree.dir);
    expect(text).toMatchObject({ code: 0, err: '' });
    expect(text.out.split('\n')[0]).toBe(
      'neo plan · production · no base (everything is created) → head working tree',
    );
    expect(text.out).toContain(
      '7 customers: 5 added, 1 suspended, 1 decommissioned · 485 to add, 0 to change, 0 to destroy',
    );
    const { code, plan: p } = await planJson(tree.dir);
    expect(code).toBe(0);
    expect(p.base).toBeUndefined();
    // New to neo: active customers are added; the others say what their status means.
    expect(kinds(p)).toEqual([
      ['acme-corp', 'added'],
      ['bluefin-bakery', 'added'],
      ['kestrel-legal', 'suspended'],
      ['lumen-analytics', 'added'],
      ['nordlicht-media', 'added'],
      ['orchid-studio', 'decommissioned'],
      ['tidewater-travel', 'added'],
    ]);
    // New customers never count against the blast radius.
    expect(p.blastRadius).toMatchObject({ existingCustomers: 0, changedCustomers: 0, exceeded: [] });
  });
});

describe('neo plan refuses invalid specs at head', () => {
  let repo: Repository;
  beforeAll(async () => {
    repo = await repository();
  });
  afterAll(() => repo.cleanup());
  afterEach(async () => {
    await repo.git.raw(['checkout', '--', '.']);
  });

  it('shows the validation report instead of a plan, in every format, and exits 1', async () => {
    edit(repo.root, 'customers/acme-corp.yaml', 'plan: scale', 'plan: nonexistent');

    const text = await plan(repo.root);
    expect(text.code).toBe(1);
    expect(text.out).toBe(`${NOSUCH_PLAN}\n✖ 1 error in 1 file (13 files checked)\n`);

    const markdown = await plan(repo.root, '--format', 'markdown');
    expect(markdown.code).toBe(1);
    expect(markdown.out).toContain('### neo plan · the specs have 1 error');
    expect(markdown.out).toContain(
      '- ❌ `customers/acme-corp.yaml:5:7` there is no plan tier \\`nonexistent\\` in plans/',
    );
    expect(markdown.out).not.toContain('<details>');

    const json = await plan(repo.root, '--format', 'json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toEqual({
      valid: false,
      files: 13,
      errors: 1,
      warnings: 0,
      diagnostics: [
        {
          file: 'customers/acme-corp.yaml',
          line: 5,
          column: 7,
          severity: 'error',
          message: 'there is no plan tier `nonexistent` in plans/: use one of core, scale, titan',
        },
      ],
    });
  });

  it('refuses deleting the file of an active customer: validated against the base', async () => {
    rmSync(join(repo.root, 'customers/lumen-analytics.yaml'));
    const result = await plan(repo.root);
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      'customers/lumen-analytics.yaml:1:1: error: customer lumen-analytics is deleted',
    );
    expect(result.out).toContain(
      'it is active: restore the file, set status: decommissioned and merge that first; delete the file in a later pull request',
    );
    expect(result.out).not.toContain('neo plan ·');
  });

  it('names the default base as the header does, not by its SHA', async () => {
    rmSync(join(repo.root, 'customers/lumen-analytics.yaml'));
    const result = await plan(repo.root);
    expect(result.code).toBe(1);
    expect(result.out).toContain('customer lumen-analytics is deleted, but at main it is active');
  });
});

describe('neo plan and the blast radius of neo.yaml', () => {
  /** On main no customer may lose data; the branch moves lumen-analytics to another zone. */
  async function zoneMove(): Promise<string> {
    const { git, root } = await scratchRepository();
    // Whether or not the example neo.yaml already sets blastRadius.
    const platform = parseDocument(readFileSync(join(root, 'neo.yaml'), 'utf8'));
    platform.setIn(['blastRadius', 'maxDataLossCustomers'], 0);
    writeFileSync(join(root, 'neo.yaml'), platform.toString());
    await commitAll(git, 'no data loss without an override');
    await git.checkoutLocalBranch('move-lumen');
    edit(
      root,
      'customers/lumen-analytics.yaml',
      'availabilityZone: us-east-2b',
      'availabilityZone: us-east-2a',
    );
    await commitAll(git, 'move lumen-analytics to us-east-2a');
    return root;
  }

  it('fails a plan that replaces a server and its data volume, unless overridden', async () => {
    const root = await zoneMove();

    const blocked = await plan(root);
    expect(blocked.code).toBe(1);
    expect(blocked.out).toMatch(/^BLAST RADIUS EXCEEDED: 1 customer loses data \(the limit is 0\)$/m);
    expect(blocked.out).toContain('split the change, or accept it with --allow-blast-radius');
    expect(blocked.out).toContain('-/+ aws_instance.server');
    expect(blocked.out).toContain('-/+ aws_ebs_volume.data  (replaced: availability_zone)');

    const { code, plan: p } = await planJson(root);
    expect(code).toBe(1);
    expect(kinds(p)).toEqual([['lumen-analytics', 'changed']]);
    expect(p.blastRadius).toMatchObject({ dataLossCustomers: ['lumen-analytics'], overridden: false });
    expect(p.blastRadius.exceeded).toHaveLength(1);
    const replaced = p.customers[0]?.changes.filter((c) => c.action === 'replace').map((c) => c.address);
    expect(replaced).toEqual(expect.arrayContaining(['aws_instance.server', 'aws_ebs_volume.data']));

    const allowed = await plan(root, '--allow-blast-radius');
    expect(allowed.code).toBe(0);
    expect(allowed.out).toMatch(/^blast radius exceeded \(override given\): 1 customer loses data/m);
    expect(allowed.out).not.toContain('BLAST RADIUS EXCEEDED');
    expect(allowed.out).not.toContain('--allow-blast-radius');
  });

  it('holds a pull request to the limits of its base: raising them in the same change does not count', async () => {
    const root = await zoneMove();
    const platform = parseDocument(readFileSync(join(root, 'neo.yaml'), 'utf8'));
    platform.setIn(['blastRadius', 'maxDataLossCustomers'], 10);
    writeFileSync(join(root, 'neo.yaml'), platform.toString());
    const { code, plan: p } = await planJson(root);
    expect(code).toBe(1);
    expect(p.blastRadius.limits.maxDataLossCustomers).toBe(0);
  });
});

describe('neo plan and a change of where the state lives', () => {
  it.each([
    ['bucket', 'bucket: neo-production-terraform-state', 'bucket: neo-production-terraform-state-2'],
    ['keyPrefix', 'keyPrefix: customers/', 'keyPrefix: tenants/'],
  ])('moving the state (%s) blocks the plan, though no resource changes', async (_, from, to) => {
    const { git, root } = await scratchRepository();
    await git.checkoutLocalBranch('move-state');
    edit(root, 'neo.yaml', from, to);
    await commitAll(git, 'move the state');

    const blocked = await plan(root);
    expect(blocked.code).toBe(1);
    expect(blocked.out).toMatch(
      /^BLAST RADIUS EXCEEDED: the Terraform state and the ledger move \(stateBackend \w+ ".+" → ".+"\): copy every customer's state and applied\.json there before merging/m,
    );
    const { plan: p } = await planJson(root);
    expect(p.customers).toEqual([]);
    expect(p.blastRadius.exceeded).toHaveLength(1);

    // Accepting it is an explicit, reviewed decision, as for any blast radius.
    expect((await plan(root, '--allow-blast-radius')).code).toBe(0);
  });
});

describe('neo plan compares only the customers a change can touch', () => {
  it('compares nobody when only README.md changed', async () => {
    const { git, root } = await scratchRepository();
    await git.checkoutLocalBranch('docs');
    writeFileSync(join(root, 'README.md'), '# The NEO platform repository\n');
    await commitAll(git, 'a README');
    const { code, plan: p } = await planJson(root);
    expect(code).toBe(0);
    expect(p.customers).toEqual([]);
    expect(p.unchangedCustomers).toBe(0);
    expect((await plan(root)).out).toContain(NO_CHANGES);
  });

  it('compares exactly the customers of a plan tier when its file changed', async () => {
    const { git, root } = await scratchRepository();
    await git.checkoutLocalBranch('bigger-core');
    edit(root, 'plans/core.yaml', 'data: { sizeGb: 50,', 'data: { sizeGb: 60,');
    await commitAll(git, 'core: 60 GB data volume');
    const { code, plan: p } = await planJson(root);
    expect(code).toBe(0);
    expect(kinds(p)).toEqual([
      ['bluefin-bakery', 'changed'],
      ['kestrel-legal', 'changed'],
      ['tidewater-travel', 'changed'],
    ]);
    expect(p.unchangedCustomers).toBe(0);
    for (const customer of p.customers) {
      expect(customer.changes).toHaveLength(1);
      expect(customer.changes[0]).toMatchObject({
        action: 'update',
        address: 'aws_ebs_volume.data',
        attributes: [{ path: 'size', before: 50, after: 60 }],
      });
      expect(customer.before?.planTier).toBe('core');
      expect(customer.after?.planTier).toBe('core');
    }
  });
});

describe('neo plan usage errors', () => {
  let repo: Repository;
  beforeAll(async () => {
    repo = await repository();
  });
  afterAll(() => repo.cleanup());

  it('refuses an unknown format', async () => {
    const result = await plan(repo.root, '--format', 'yaml');
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toContain('neo plan: --format yaml: use one of text, markdown, json');
  });

  it.each(['--base', '--head'])('names %s when its ref is no commit', async (option) => {
    const result = await plan(repo.root, option, 'nosuchref');
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toContain(`neo plan: ${option} nosuchref: no such commit`);
    expect(result.err).toContain('Usage: neo plan');
  });
});
