import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloudAccessError } from '../../src/cloud/aws/index.js';
import type { CustomerDrift } from '../../src/cloud/index.js';
import { CloudUnavailableError } from '../../src/commands/clouds.js';
import { type CommandContext, defaultContext } from '../../src/commands/context.js';
import type { Io } from '../../src/commands/io.js';
import type { Plan } from '../../src/plan/index.js';
import { commitAll, committedExample } from '../helpers/git.js';
import { PROJECT_ROOT } from '../helpers/repository.js';
import { editFile, editManaged, keepLocalCloud, managedResource, neo, type Run } from './local-cloud.js';

const ACME = 'acme-corp';
const SERVER = 'aws_instance.server';

/**
 * The examples committed on main and applied to the local cloud, then a branch that upgrades
 * acme-corp, edits bluefin-bakery and onboards saltmarsh-records: three customers compared,
 * two of them existing at base. Every test puts the local cloud back as the apply left it.
 */
let root: string;
let cleanup: () => void;
let restore: () => void;
beforeAll(async () => {
  const example = await committedExample();
  ({ dir: root, cleanup } = example);
  const git = example.git;
  const applied = await neo(root, ['apply', '--cloud', 'local']);
  if (applied.code !== 0) throw new Error(`apply failed: ${applied.out}${applied.err}`);
  restore = keepLocalCloud(root);
  await git.checkoutLocalBranch('feature');
  editFile(root, 'customers/acme-corp.yaml', 'plan: scale', 'plan: titan');
  editFile(root, 'customers/bluefin-bakery.yaml', '192.0.2.0/28', '192.0.2.16/28');
  const saltmarsh = 'customers/saltmarsh-records.yaml';
  copyFileSync(join(PROJECT_ROOT, 'test/fixtures/synth', saltmarsh), join(root, saltmarsh));
  await commitAll(git, 'upgrade acme-corp, edit bluefin-bakery, onboard saltmarsh-records');
});
afterAll(() => cleanup());
afterEach(() => restore());

function planOf(run: Run): Plan {
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.out) as Plan;
}

/** `customer kind address [changed attributes]`, one line per drifted item. */
function lines(customers: readonly CustomerDrift[]): string[] {
  return customers.flatMap((c) =>
    c.items.map((item) =>
      [
        c.customerId,
        item.kind,
        item.address,
        ...(item.kind === 'modified' ? item.change.attributes.map((a) => a.path) : []),
      ].join(' '),
    ),
  );
}

const resize = (customerId: string) => () =>
  editManaged(root, customerId, SERVER, (r) => {
    r.attributes.instance_type = 't3.2xlarge';
  });

/** A context whose cloud fails to open with `error`, or, without one, must not be opened at all. */
function failingCloud(error?: Error) {
  return (io: Io): CommandContext => ({
    ...defaultContext(io),
    cloud: async () => {
      throw error ?? new Error('the cloud was opened');
    },
  });
}

describe('neo plan --cloud local', () => {
  it.each<[string, () => void, string[]]>([
    ['acme-corp resized by hand', resize(ACME), [`${ACME} modified ${SERVER} instance_type`]],
    ['nothing changed by hand', () => {}, []],
    ['a customer the change does not touch resized by hand', resize('tidewater-travel'), []],
  ])('with %s, adds the drift of the compared customers to the plan', async (_name, setup, expected) => {
    setup();
    const plan = planOf(await neo(root, ['plan', '--cloud', 'local', '--format', 'json']));
    // The change itself is planned as without --cloud.
    expect(plan.customers.map((c) => [c.customerId, c.kind])).toEqual([
      [ACME, 'changed'],
      ['bluefin-bakery', 'changed'],
      ['saltmarsh-records', 'added'],
    ]);
    expect(plan.live).toMatchObject({ cloud: 'local', observed: 2 });
    expect(new Date(plan.live?.observedAt ?? '').getTime()).not.toBeNaN();
    // Only customers with drift are listed, each with all its items.
    expect(plan.live?.customers.every((c) => c.items.length > 0)).toBe(true);
    expect(lines(plan.live?.customers ?? [])).toEqual(expected);
  });

  it('reports the resized instance with spec (base) and live values', async () => {
    resize(ACME)();
    const plan = planOf(await neo(root, ['plan', '--cloud', 'local', '--format', 'json']));
    expect(plan.live?.customers).toEqual([
      expect.objectContaining({
        customerId: ACME,
        items: [
          expect.objectContaining({
            kind: 'modified',
            address: SERVER,
            cloudId: managedResource(root, ACME, SERVER).id,
            change: expect.objectContaining({
              attributes: [{ path: 'instance_type', before: 't3.medium', after: 't3.2xlarge' }],
            }),
          }),
        ],
      }),
    ]);
  });

  it('shows a Live drift section in the text plan', async () => {
    resize(ACME)();
    const result = await neo(root, ['plan', '--cloud', 'local']);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(
      /^Live drift \(the local cloud, observed \d{4}-\d\d-\d\d \d\d:\d\d UTC\): applying restores the spec/m,
    );
    const section = result.out.slice(result.out.indexOf('Live drift ('));
    expect(section).toContain('acme-corp · 1 modified · fix in customers/acme-corp.yaml');
    expect(section).toMatch(/^ +instance_type +spec t3\.medium → live t3\.2xlarge$/m);
    expect(section).not.toContain('bluefin-bakery');
    expect(result.out).not.toContain('No live drift');
  });

  it('says there is no live drift when the cloud matches the base', async () => {
    const result = await neo(root, ['plan', '--cloud', 'local']);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(
      /^No live drift in the 2 customers compared \(the local cloud, observed .+ UTC\)$/m,
    );
    expect(result.out).not.toContain('Live drift (');
  });
});

describe('neo plan when the cloud cannot be read', () => {
  it.each<[string, Error]>([
    ['no credentials', new CloudUnavailableError('No AWS credentials found. Set them the usual way.')],
    ['denied access', new CloudAccessError('ec2:DescribeVpcs')],
  ])('with %s, stays offline and says so in a note', async (_name, error) => {
    const context = failingCloud(error);
    const plan = planOf(await neo(root, ['plan', '--cloud', 'aws', '--format', 'json'], context));
    expect(plan).not.toHaveProperty('live');
    expect(plan.notes).toContain(`Live drift left out: ${error.message}`);
    expect(plan.customers).toHaveLength(3);

    const text = await neo(root, ['plan', '--cloud', 'aws'], context);
    expect(text).toMatchObject({ code: 0, err: '' });
    expect(text.out).toContain(`note: Live drift left out: ${error.message}`);
  });

  it('with a broken local cloud file, stays offline and names the file in the note', async () => {
    writeFileSync(join(root, 'terraform-state/local/cloud/console.json'), '{"resources": {}}\n');
    const plan = planOf(await neo(root, ['plan', '--cloud', 'local', '--format', 'json']));
    expect(plan).not.toHaveProperty('live');
    expect(plan.notes.join('\n')).toMatch(/Live drift left out: .*console\.json: "resources" must be a list/);
  });

  it('fails on any other error of the cloud, rather than hiding a bug in a note', async () => {
    await expect(neo(root, ['plan', '--cloud', 'aws'], failingCloud(new TypeError('a bug')))).rejects.toThrow(
      'a bug',
    );
  });

  it('without --cloud, never opens the cloud and has no live drift', async () => {
    resize(ACME)();
    const plan = planOf(await neo(root, ['plan', '--format', 'json'], failingCloud()));
    expect(plan).not.toHaveProperty('live');
    expect(plan.notes.filter((n) => n.startsWith('Live drift'))).toEqual([]);
  });

  it('refuses an unknown cloud as a usage error', async () => {
    const result = await neo(root, ['plan', '--cloud', 'gcp'], failingCloud());
    expect(result.code).toBe(2);
    expect(result.err).toContain('--cloud gcp: use one of local, aws');
  });
});
