import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileLedger } from '../../../src/apply/index.js';
import type { Io } from '../../../src/services/index.js';
import { type CommandContext, defaultContext } from '../../../src/services/index.js';
import type { AwsAccount } from '../../helpers/aws-account.js';
import { mockedAwsCloud } from '../../helpers/aws-mock.js';
import {
  type FakeScenario,
  type FakeStack,
  type FakeTerraform,
  FIXTURES,
  fakeTerraform,
} from '../../helpers/fake-terraform.js';
import { exampleFiles, writeTree } from '../../helpers/repository.js';
import { edited, SCENARIOS } from '../../helpers/terraform/scenarios.js';
import { neo } from '../local-cloud.js';

/**
 * `neo apply --cloud aws` reading back what the fake Terraform's apply did to the mocked AWS
 * account: the account starts as the customers' states before the run (empty for a new one) and
 * changes only as the applied plan says, so the verification judges what the apply did.
 */
let fake: FakeTerraform;
let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

/**
 * The example repository, with the edits a recorded plan of neo's own stacks was made from, and
 * any further ones (which leave the stack as it is).
 */
async function repository(scenario?: string, more: Array<[from: string, to: string]> = []): Promise<string> {
  const change = SCENARIOS.find((s) => s.name === scenario);
  const files =
    change === undefined
      ? exampleFiles()
      : edited(exampleFiles(), { ...change, edits: [...change.edits, ...more] });
  const tree = await writeTree(files);
  fake = fakeTerraform();
  cleanups.push(tree.cleanup, () => fake.dispose());
  return tree.dir;
}

function context(io: Io): CommandContext {
  return {
    ...defaultContext(io),
    ledger: async () => fileLedger(join(fake.root, 'applied.json')),
    sleep: async () => {},
    databaseProtection: async () => ({ lift: async () => {} }),
    cloud: async () => mockedAwsCloud(fake.account()),
  };
}

interface Verified {
  customers: Array<{
    customerId: string;
    outcome: string;
    verification?: Array<{ what: string; ok: boolean; detail: string }>;
  }>;
}

async function apply(root: string, customer: string, stack: FakeStack) {
  fake.scenario({ stacks: { [customer]: stack } } satisfies FakeScenario);
  const run = await neo(root, ['apply', '--cloud', 'aws', '--format', 'json', customer], context, fake.env);
  const report = JSON.parse(run.out) as Verified;
  const [result] = report.customers;
  return { code: run.code, outcome: result?.outcome, verification: result?.verification };
}

const plan = (name: string) => join(FIXTURES, 'neo', `${name}.json`);

/** What the account holds for a customer, as AWS would list it. */
function holdings(account: AwsAccount, customer: string) {
  const tagged = (tags: Array<{ Key?: string; Value?: string }> | undefined) =>
    tags?.some((t) => t.Key === 'neo:customer' && t.Value === customer) === true;
  const regions = [...account.regions.values()];
  // A terminated server (one an earlier apply replaced) is still listed, and holds nothing.
  const instances = regions
    .flatMap((r) => r.instances)
    .filter((i) => tagged(i.Tags) && i.State?.Name !== 'terminated');
  const zones = account.zones.filter((z) => tagged(z.tags));
  return {
    instances: instances.map((i) => i.State?.Name),
    attached: regions
      .flatMap((r) => r.addresses)
      .filter((a) => tagged(a.Tags))
      .map((a) => instances.some((i) => i.InstanceId === a.InstanceId)),
    records: zones.flatMap((z) => z.records.map((r) => `${r.Name} ${r.Type}`)).sort(),
  };
}

const ACME_RECORDS = [
  'acme-example.com. A',
  'acme-example.com. MX',
  'acme-example.com. NS',
  'acme-example.com. SOA',
  'acme-example.com. TXT',
  '_dmarc.acme-example.com. TXT',
  'blog.acme-example.com. CNAME',
  'mail.acme-example.com. A',
  'server.acme-example.com. A',
  'www.acme-example.com. A',
].sort();

describe('neo apply --cloud aws verifies what the apply did to the account', () => {
  it('passes a new customer applied faithfully to an empty account', async () => {
    const root = await repository();
    fake.scenario({ stacks: { 'acme-corp': { plan: plan('create-acme-corp') } } });
    expect(holdings(fake.account(), 'acme-corp')).toEqual({ instances: [], attached: [], records: [] });

    const result = await apply(root, 'acme-corp', { plan: plan('create-acme-corp') });
    expect(result).toEqual({
      code: 0,
      outcome: 'applied',
      verification: [
        { what: 'server', ok: true, detail: 'running' },
        { what: 'address', ok: true, detail: 'Elastic IP attached' },
        { what: 'dns', ok: true, detail: '8 DNS records in sync' },
      ],
    });
    expect(holdings(fake.account(), 'acme-corp')).toEqual({
      instances: ['running'],
      attached: [true],
      records: ACME_RECORDS,
    });
  });

  it.each([
    {
      what: 'the Elastic IP association',
      stack: { leaveOut: ['aws_eip_association.server'] },
      check: 'address',
      detail: 'aws_eip_association.server is missing',
    },
    {
      what: 'a DNS record',
      stack: { leaveOut: ['aws_route53_record.www_a'] },
      check: 'dns',
      detail: 'aws_route53_record.www_a is missing',
    },
    {
      what: 'starting the server',
      stack: { override: { 'aws_ec2_instance_state.server': { state: 'stopped' } } },
      check: 'server',
      detail: 'aws_ec2_instance_state.server: state is stopped, the stack says running',
    },
  ])(
    'fails the customer when the apply left out $what, naming the check',
    async ({ stack, check, detail }) => {
      const root = await repository();
      const result = await apply(root, 'acme-corp', { plan: plan('create-acme-corp'), ...stack });
      expect(result.code).toBe(1);
      expect(result.outcome).toBe('applied');
      expect(result.verification?.filter((c) => !c.ok)).toEqual([{ what: check, ok: false, detail }]);
    },
  );

  it('passes a change applied to the state before, and the records it deletes are gone', async () => {
    const root = await repository('records-alarms-budget-tags');
    const before = holdings(fake.account(), 'acme-corp');
    fake.scenario({ stacks: { 'acme-corp': { plan: plan('records-alarms-budget-tags-acme-corp') } } });
    expect(holdings(fake.account(), 'acme-corp')).toEqual({
      instances: ['running'],
      attached: [true],
      records: ACME_RECORDS,
    });
    expect(before.records).toEqual([]);

    const result = await apply(root, 'acme-corp', { plan: plan('records-alarms-budget-tags-acme-corp') });
    expect(result.verification).toEqual([
      { what: 'server', ok: true, detail: 'running' },
      { what: 'address', ok: true, detail: 'Elastic IP attached' },
      { what: 'dns', ok: true, detail: '8 DNS records in sync' },
    ]);
    expect(result.code).toBe(0);
    const records = holdings(fake.account(), 'acme-corp').records;
    expect(records).not.toContain('blog.acme-example.com. CNAME');
    expect(records).toContain('shop.acme-example.com. CNAME');
  });

  it('fails the customer when the apply left a planned deletion out', async () => {
    const root = await repository('records-alarms-budget-tags');
    const result = await apply(root, 'acme-corp', {
      plan: plan('records-alarms-budget-tags-acme-corp'),
      leaveOut: ['aws_route53_record.blog_cname'],
    });
    expect(result.code).toBe(1);
    expect(result.verification?.filter((c) => !c.ok)).toEqual([
      { what: 'dns', ok: false, detail: 'aws_route53_record.blog_cname is not in the stack' },
    ]);
  });

  /** kestrel-legal moved to a new network and resumed: its server replaced with the rest. */
  const resumed = () =>
    repository('network-cidr-and-resume', [['status: active', 'status: active\nallowDataLoss: [server]']]);
  const NEW_NETWORK = plan('network-cidr-and-resume-kestrel-legal');

  it('passes what a replace made anew: network, server, address and records on the new server', async () => {
    const root = await resumed();
    fake.scenario({ stacks: { 'kestrel-legal': { plan: NEW_NETWORK } } });
    const before = new Set(
      fake
        .account()
        .regions.get('us-east-2')
        ?.vpcs.map((v) => v.VpcId),
    );
    expect(holdings(fake.account(), 'kestrel-legal').instances).toEqual(['stopped']);

    const result = await apply(root, 'kestrel-legal', { plan: NEW_NETWORK });
    expect(result.verification).toEqual([
      { what: 'server', ok: true, detail: 'running' },
      { what: 'address', ok: true, detail: 'Elastic IP attached' },
      { what: 'dns', ok: true, detail: '7 DNS records in sync' },
    ]);
    expect(result.code).toBe(0);
    const after = fake.account();
    expect(holdings(after, 'kestrel-legal')).toMatchObject({ instances: ['running'], attached: [true] });
    const vpcs = (after.regions.get('us-east-2')?.vpcs ?? []).filter((v) => v.CidrBlock === '172.16.12.0/22');
    expect(vpcs).toHaveLength(1);
    expect(before.has(vpcs[0]?.VpcId)).toBe(false);
  });

  it('fails the customer whose new server the apply left stopped', async () => {
    const root = await resumed();
    const result = await apply(root, 'kestrel-legal', {
      plan: NEW_NETWORK,
      override: { 'aws_ec2_instance_state.server': { state: 'stopped' } },
    });
    expect(result.code).toBe(1);
    expect(result.verification?.filter((c) => !c.ok)).toEqual([
      {
        what: 'server',
        ok: false,
        detail: 'aws_ec2_instance_state.server: state is stopped, the stack says running',
      },
    ]);
  });

  it('removes what a decommission deletes', async () => {
    const root = await repository('decommission');
    fake.scenario({ stacks: { 'nordlicht-media': { plan: plan('decommission-nordlicht-media') } } });
    expect(holdings(fake.account(), 'nordlicht-media').instances).toEqual(['running']);
    const result = await apply(root, 'nordlicht-media', { plan: plan('decommission-nordlicht-media') });
    expect(result).toMatchObject({ code: 0, outcome: 'applied' });
    expect(holdings(fake.account(), 'nordlicht-media')).toEqual({ instances: [], attached: [], records: [] });
  });
});
