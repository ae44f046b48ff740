import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloudAccessError } from '../../../src/cloud/aws/index.js';
import type { CustomerDrift } from '../../../src/cloud/index.js';
import type { LiveCustomerDrift, Plan } from '../../../src/plan/index.js';
import type { Io } from '../../../src/services/index.js';
import { CloudUnavailableError, type CommandContext, defaultContext } from '../../../src/services/index.js';
import { commitAll, committedExample } from '../../helpers/git.js';
import { PROJECT_ROOT } from '../../helpers/repository.js';
import {
  editCloudFile,
  editFile,
  editManaged,
  keepLocalCloud,
  managedResource,
  neo,
  type Run,
} from '../local-cloud.js';

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
let git: Awaited<ReturnType<typeof committedExample>>['git'];
beforeAll(async () => {
  const example = await committedExample();
  ({ dir: root, cleanup, git } = example);
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
    [
      "acme-corp's VPC stripped of its neo tags (known by its recorded id)",
      () =>
        editManaged(root, ACME, 'aws_vpc.main', (r) => {
          delete r.tags['neo:customer'];
          delete r.tags['neo:resource'];
        }),
      [`${ACME} modified aws_vpc.main tags.neo:customer tags.neo:resource`],
    ],
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

const ACME_FILE = 'customers/acme-corp.yaml';
const TXT = 'aws_route53_record.apex_txt';
const BLOG = 'aws_route53_record.blog_cname';
const OLD_TOKEN = 'google-site-verification=3pQm1x0Kc2vJ8bYtR6wZ';
const NEW_TOKEN = 'google-site-verification=Zr8fT2nWq5LbX7cYv0dK';
const BLOG_RECORD = '    - { name: blog, type: CNAME, values: [acme-example.com] }\n';

/** In the console: a new verification token in acme-corp's apex TXT record, its blog CNAME deleted. */
function driftDns(): void {
  editCloudFile(root, ACME, (resources) => {
    const txt = resources.filter((r) => r.id.endsWith('_acme-example.com_TXT'));
    const blog = resources.findIndex((r) => r.id.endsWith('_blog.acme-example.com_CNAME'));
    if (txt.length !== 1 || txt[0] === undefined || blog < 0) throw new Error('acme-corp has no TXT or blog');
    txt[0].attributes.records = ['v=spf1 a mx ~all', NEW_TOKEN];
    resources.splice(blog, 1);
  });
}

/**
 * The drift pull request's branch (off main) with acme-corp's file edited by `adopt`, planned
 * with the local cloud in the formats asked for; back on the feature branch afterwards.
 */
async function planAdopting(adopt: () => void, formats: string[]): Promise<Run[]> {
  await git.checkout(['-b', 'adopt', 'main']);
  try {
    adopt();
    await commitAll(git, 'adopt the drift of acme-corp');
    const runs: Run[] = [];
    for (const format of formats)
      runs.push(await neo(root, ['plan', '--cloud', 'local', '--format', format]));
    return runs;
  } finally {
    await git.checkout('feature');
    await git.deleteLocalBranch('adopt', true);
  }
}

const adoptToken = () => editFile(root, ACME_FILE, OLD_TOKEN, NEW_TOKEN);
const adoptBlogDeletion = () => editFile(root, ACME_FILE, BLOG_RECORD, '');

/** `kind address` of each drifted item, `adopted` appended where the change adopts it. */
function outcomes(customers: readonly LiveCustomerDrift[]): string[] {
  return customers.flatMap((c) =>
    c.items.map((i) => `${i.kind} ${i.address}${i.adoptedByChange ? ' adopted' : ''}`),
  );
}

/** The text plan's live drift section. */
function liveSectionOf(text: Run): string {
  expect(text).toMatchObject({ code: 0, err: '' });
  const at = text.out.indexOf('Live drift (');
  expect(at).toBeGreaterThan(0);
  return text.out.slice(at);
}

/** The one line of a drifted item: `  modified   address…` in text, `- **modified** `address`…` in markdown. */
function itemLine(output: string, address: string): string {
  const found = output
    .split('\n')
    .filter((line) => /^( {2}|- \*\*)(modified|missing)\b/.test(line) && line.includes(address));
  expect(found).toHaveLength(1);
  return found[0] ?? '';
}

describe('neo plan --cloud local on a pull request that adopts live drift', () => {
  const ADOPTED = ' — adopted by this change: applying leaves it as it is';
  const TXT_VERDICT = ': 1 attribute differs from the spec';
  const BLOG_VERDICT = ': in the spec, gone from the cloud';

  it('without adopting anything, says applying reverts both', async () => {
    driftDns();
    const [json, text] = await planAdopting(
      () => editFile(root, ACME_FILE, 'plan: scale', 'plan: titan'),
      ['json', 'text'],
    );
    expect(outcomes(planOf(json as Run).live?.customers ?? [])).toEqual([
      `modified ${TXT}`,
      `missing ${BLOG}`,
    ]);
    const section = liveSectionOf(text as Run);
    expect(section).toMatch(
      /^Live drift \(.+\): applying restores the spec, reverting modified and missing resources$/m,
    );
    expect(section).not.toContain('adopt');
    expect(section).toMatch(
      /^ +customer-visible +restoring the spec: acme-corp: the TXT record of acme-example\.com changes$/m,
    );
  });

  it('adopting the new token only, marks the TXT record adopted and the blog record reverted', async () => {
    driftDns();
    const [json, text, markdown] = await planAdopting(adoptToken, ['json', 'text', 'markdown']);
    const plan = planOf(json as Run);
    expect(plan.customers.map((c) => c.customerId)).toEqual([ACME]);
    expect(outcomes(plan.live?.customers ?? [])).toEqual([`modified ${TXT} adopted`, `missing ${BLOG}`]);
    // The change's own risk on the TXT record is moot: it is already live.
    expect(plan.customers[0]?.risks.filter((r) => r.address === TXT)).toEqual([
      expect.objectContaining({
        reason:
          'acme-corp: the TXT record of acme-example.com changes (already live: applying changes nothing)',
        intended: true,
      }),
    ]);
    expect((text as Run).out).toMatch(
      /^ {2}customer-visible \(as asked\) acme-corp: the TXT record of acme-example\.com changes \(already live: applying changes nothing\)$/m,
    );

    const section = liveSectionOf(text as Run);
    expect(section).toMatch(
      /^Live drift \(.+\): applying restores the spec, reverting the modified and missing resources this change does not adopt$/m,
    );
    expect(itemLine(section, TXT).endsWith(`${TXT_VERDICT}${ADOPTED}`)).toBe(true);
    expect(itemLine(section, BLOG)).toBe(`  missing    ${BLOG}${BLOG_VERDICT}`);
    // Adopted, the TXT record is not restored: no risk of restoring it is left.
    expect(section).not.toContain('restoring the spec');

    const md = (markdown as Run).out;
    expect(md).toContain(
      'Applying this change restores the spec, so it also reverts the modified and missing resources below that it does not adopt; those marked adopted stay as they are',
    );
    expect(itemLine(md, TXT).endsWith(`${TXT_VERDICT}${ADOPTED}`)).toBe(true);
    expect(itemLine(md, BLOG)).toBe(`- **missing** \`${BLOG}\`${BLOG_VERDICT}`);
  });

  it('adopting both, says the change adopts what is live and applying reverts nothing', async () => {
    driftDns();
    const [json, text, markdown] = await planAdopting(() => {
      adoptToken();
      adoptBlogDeletion();
    }, ['json', 'text', 'markdown']);
    const plan = planOf(json as Run);
    expect(
      plan.customers.map((c) => [c.customerId, c.changes.map((ch) => `${ch.action} ${ch.address}`)]),
    ).toEqual([[ACME, [`update ${TXT}`, `delete ${BLOG}`]]]);
    expect(outcomes(plan.live?.customers ?? [])).toEqual([
      `modified ${TXT} adopted`,
      `missing ${BLOG} adopted`,
    ]);

    const section = liveSectionOf(text as Run);
    expect(section).toMatch(
      /^Live drift \(.+\): this change adopts what is live, so applying changes none of the modified and missing resources$/m,
    );
    expect(section).not.toContain('restores the spec');
    expect(section).not.toContain('restoring the spec');
    expect(itemLine(section, TXT).endsWith(`${TXT_VERDICT}${ADOPTED}`)).toBe(true);
    expect(itemLine(section, BLOG)).toBe(`  missing    ${BLOG}${BLOG_VERDICT}${ADOPTED}`);

    const md = (markdown as Run).out;
    expect(md).toContain(
      'This change adopts what is live (its spec now says what the cloud holds), so applying it changes none of the modified and missing resources below; unmanaged ones are left alone.',
    );
    expect(md).not.toContain('reverts the modified');
    expect(itemLine(md, BLOG)).toBe(`- **missing** \`${BLOG}\`${BLOG_VERDICT}${ADOPTED}`);
  });
});
