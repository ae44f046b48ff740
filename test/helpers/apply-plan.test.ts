import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyPlan,
  EMPTY_STATE,
  resourcesOf,
  type StateJson,
  stateBefore,
  stateIds,
} from './fake-terraform/apply-plan.mjs';
import { TERRAFORM_PLANS } from './repository.js';

/** What the fake Terraform's apply does to a stack's state, which is the mocked AWS account. */

type Values = Record<string, unknown>;

interface Change {
  address: string;
  actions: string[];
  before?: Values | null;
  after?: Values | null;
  unknown?: Values;
  /** The stack's JSON for the resource, as `configuration` records it. */
  config?: Values;
  importing?: { id: string };
}

const PROVIDER = 'registry.terraform.io/hashicorp/aws';

/** `${aws_vpc.main.id}`: a reference as the stack's JSON writes it. */
const ref = (address: string, attribute: string) => `\${${address}.${attribute}}`;

/** A plan as `terraform show -json` prints one, for a stack in us-east-2. */
function planOf(prior: Array<[address: string, values: Values]>, changes: Change[]) {
  const part = (address: string) => {
    const [type = '', name = ''] = address.split('.');
    return { address, mode: 'managed', type, name, provider_name: PROVIDER };
  };
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    prior_state:
      prior.length === 0
        ? undefined
        : {
            values: {
              root_module: { resources: prior.map(([address, values]) => ({ ...part(address), values })) },
            },
          },
    resource_changes: changes.map((c) => ({
      ...part(c.address),
      change: {
        actions: c.actions,
        before: c.before ?? null,
        after: c.after ?? null,
        after_unknown: c.unknown ?? {},
        ...(c.importing ? { importing: c.importing } : {}),
      },
    })),
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'us-east-2' } } } },
      root_module: {
        resources: changes.map((c) => ({
          address: c.address,
          provider_config_key: 'aws',
          expressions: Object.fromEntries(
            Object.entries(c.config ?? {}).map(([key, value]) => [key, { constant_value: value }]),
          ),
        })),
      },
    },
  };
}

const VPC = { cidr_block: '10.20.0.0/16', tags: { Name: 'acme-corp' } };
const VPC_ID = 'vpc-0a1b2c3d4e5f60718';
const SUBNET = { cidr_block: '10.20.1.0/24', availability_zone: 'us-east-2a' };

const values = (state: StateJson, address: string) =>
  resourcesOf(state).find((r) => r.address === address)?.values;

/** Made-up ids look like AWS's, and differ from the one given (a replaced resource's). */
const NEW_VPC_ID = expect.stringMatching(/^vpc-0[0-9a-f]{16}$/);

describe('applyPlan: each kind of change', () => {
  it.each([
    {
      what: 'a create adds the resource with an id AWS would choose, in its provider’s region',
      prior: [],
      changes: [{ address: 'aws_vpc.main', actions: ['create'], after: VPC, unknown: { id: true } }],
      expected: () => ({
        'aws_vpc.main': { ...VPC, id: NEW_VPC_ID, region: 'us-east-2' },
      }),
    },
    {
      what: 'a create that refers to another takes its value',
      prior: [['aws_vpc.main', { ...VPC, id: VPC_ID }]],
      changes: [
        {
          address: 'aws_subnet.public_a',
          actions: ['create'],
          after: SUBNET,
          unknown: { id: true, vpc_id: true },
          config: { vpc_id: ref('aws_vpc.main', 'id') },
        },
      ],
      expected: (ids: Record<string, string>) => ({
        'aws_vpc.main': { ...VPC, id: ids['aws_vpc.main'], region: 'us-east-2' },
        'aws_subnet.public_a': {
          ...SUBNET,
          id: expect.stringMatching(/^subnet-0[0-9a-f]{16}$/),
          vpc_id: ids['aws_vpc.main'],
          region: 'us-east-2',
        },
      }),
    },
    {
      what: 'an update keeps the id and takes the planned values',
      prior: [['aws_vpc.main', { ...VPC, id: VPC_ID }]],
      changes: [
        {
          address: 'aws_vpc.main',
          actions: ['update'],
          before: { ...VPC, id: VPC_ID },
          after: { ...VPC, id: VPC_ID, tags: { Name: 'acme-corp-main' } },
        },
      ],
      expected: (ids: Record<string, string>) => ({
        'aws_vpc.main': {
          ...VPC,
          id: ids['aws_vpc.main'],
          tags: { Name: 'acme-corp-main' },
          region: 'us-east-2',
        },
      }),
    },
    {
      what: 'a delete removes it',
      prior: [['aws_vpc.main', { ...VPC, id: VPC_ID }]],
      changes: [{ address: 'aws_vpc.main', actions: ['delete'], before: { ...VPC, id: VPC_ID } }],
      expected: () => ({}),
    },
    {
      what: 'a replace makes a new one, and what refers to it follows',
      prior: [
        ['aws_vpc.main', { ...VPC, id: VPC_ID }],
        ['aws_subnet.public_a', { ...SUBNET, id: 'subnet-0123456789abcdef0', vpc_id: VPC_ID }],
      ],
      changes: [
        {
          address: 'aws_vpc.main',
          actions: ['delete', 'create'],
          before: { ...VPC, id: VPC_ID },
          after: { ...VPC, cidr_block: '10.30.0.0/16' },
          unknown: { id: true },
        },
        {
          address: 'aws_subnet.public_a',
          actions: ['create', 'delete'],
          after: SUBNET,
          unknown: { id: true, vpc_id: true },
          config: { vpc_id: ref('aws_vpc.main', 'id') },
        },
      ],
      expected: (ids: Record<string, string>) => ({
        'aws_vpc.main': { ...VPC, cidr_block: '10.30.0.0/16', id: NEW_VPC_ID, region: 'us-east-2' },
        'aws_subnet.public_a': {
          ...SUBNET,
          id: expect.not.stringMatching(String(ids['aws_subnet.public_a'])),
          vpc_id: expect.not.stringMatching(String(ids['aws_vpc.main'])),
          region: 'us-east-2',
        },
      }),
    },
    {
      what: 'a no-op leaves it as it was',
      prior: [['aws_vpc.main', { ...VPC, id: VPC_ID }]],
      changes: [{ address: 'aws_vpc.main', actions: ['no-op'], before: { ...VPC, id: VPC_ID }, after: VPC }],
      expected: (ids: Record<string, string>) => ({
        'aws_vpc.main': { ...VPC, id: ids['aws_vpc.main'], region: 'us-east-2' },
      }),
    },
    {
      what: 'an import the plan did not read beforehand adds it with the imported id',
      prior: [],
      changes: [
        {
          address: 'aws_cloudwatch_log_group.flow_logs',
          actions: ['no-op'],
          after: { id: '/neo/acme-corp/flow-logs', name: '/neo/acme-corp/flow-logs' },
          importing: { id: '/neo/acme-corp/flow-logs' },
        },
      ],
      expected: () => ({
        'aws_cloudwatch_log_group.flow_logs': {
          id: '/neo/acme-corp/flow-logs',
          name: '/neo/acme-corp/flow-logs',
          region: 'us-east-2',
        },
      }),
    },
  ] as Array<{
    what: string;
    prior: Array<[string, Values]>;
    changes: Change[];
    expected: (ids: Record<string, string>) => Values;
  }>)('$what', ({ prior, changes, expected }) => {
    const plan = planOf(prior, changes);
    // The ids of the state before are the plan's own, made the stack's.
    const before = stateBefore(plan, 'acme-corp');
    const after = applyPlan(before, plan, { stack: 'acme-corp' });
    const byAddress = Object.fromEntries(resourcesOf(after).map((r) => [r.address, r.values]));
    // The ids before are the plan's, made the stack's own: the same wherever they appear.
    expect(byAddress).toEqual(expected(stateIds(before)));
  });
});

describe('applyPlan: what the provider computes from ids', () => {
  const plan = planOf(
    [],
    [
      {
        address: 'aws_eip.server',
        actions: ['create'],
        after: { domain: 'vpc' },
        unknown: { id: true, public_ip: true },
      },
      {
        address: 'aws_eip_association.server',
        actions: ['create'],
        after: {},
        unknown: { id: true, allocation_id: true },
        config: { allocation_id: ref('aws_eip.server', 'allocation_id') },
      },
      {
        address: 'aws_route53_zone.main',
        actions: ['create'],
        after: { name: 'acme-example.com' },
        unknown: { id: true, zone_id: true },
      },
      {
        address: 'aws_route53_record.server_a',
        actions: ['create'],
        after: { name: 'server.acme-example.com', type: 'A', ttl: 300 },
        unknown: { id: true, zone_id: true, records: true },
        config: {
          zone_id: ref('aws_route53_zone.main', 'zone_id'),
          records: [ref('aws_eip.server', 'public_ip')],
        },
      },
    ],
  );
  const state = applyPlan(EMPTY_STATE, plan, { stack: 'acme-corp' });
  const eip = values(state, 'aws_eip.server');
  const zone = values(state, 'aws_route53_zone.main');

  it.each([
    ['an Elastic IP’s allocation id is its id', () => eip?.allocation_id, eip?.id],
    [
      'an association takes the allocation id',
      () => values(state, 'aws_eip_association.server')?.allocation_id,
      eip?.id,
    ],
    ['a zone’s id is its zone id', () => zone?.zone_id, zone?.id],
    [
      'a record’s id is its zone, name and type',
      () => values(state, 'aws_route53_record.server_a')?.id,
      `${String(zone?.id)}_server.acme-example.com_A`,
    ],
    [
      'a record points at the public address',
      () => values(state, 'aws_route53_record.server_a')?.records,
      [eip?.public_ip],
    ],
  ])('%s', (_what, actual, expected) => {
    expect(expected).toEqual(expect.anything());
    expect(actual()).toEqual(expected);
  });

  it('makes up addresses AWS would hand out, and zone ids as Route53 does', () => {
    expect(eip?.public_ip).toMatch(/^(198\.51\.100|203\.0\.113)\.\d{1,3}$/);
    expect(zone?.id).toMatch(/^Z0[0-9A-F]{19}$/);
  });
});

describe('applyPlan: an apply that does not do all it planned', () => {
  const prior: Array<[string, Values]> = [['aws_vpc.main', { ...VPC, id: VPC_ID }]];
  const plan = planOf(prior, [
    {
      address: 'aws_vpc.main',
      actions: ['update'],
      before: { ...VPC, id: VPC_ID },
      after: { ...VPC, id: VPC_ID, cidr_block: '10.21.0.0/16' },
    },
    { address: 'aws_internet_gateway.main', actions: ['create'], after: {}, unknown: { id: true } },
  ]);
  const before = stateBefore(plan, 'acme-corp');

  it.each([
    {
      what: 'a create left out is not there',
      leaveOut: ['aws_internet_gateway.main'],
      cidr: '10.21.0.0/16',
      gateway: false,
    },
    {
      what: 'an update left out keeps the values before',
      leaveOut: ['aws_vpc.main'],
      cidr: '10.20.0.0/16',
      gateway: true,
    },
  ])('$what', ({ leaveOut, cidr, gateway }) => {
    const after = applyPlan(before, plan, { stack: 'acme-corp', leaveOut });
    expect(values(after, 'aws_vpc.main')?.cidr_block).toBe(cidr);
    expect(values(after, 'aws_internet_gateway.main') !== undefined).toBe(gateway);
  });

  it('leaves the values it was told to, the rest as planned', () => {
    const after = applyPlan(before, plan, {
      stack: 'acme-corp',
      override: { 'aws_vpc.main': { cidr_block: '10.99.0.0/16' } },
    });
    expect(values(after, 'aws_vpc.main')).toMatchObject({ cidr_block: '10.99.0.0/16', tags: VPC.tags });
  });
});

describe('applyPlan refuses what it cannot apply faithfully', () => {
  const vpc: Array<[string, Values]> = [['aws_vpc.main', { ...VPC, id: VPC_ID }]];
  it.each([
    {
      what: 'a type neo’s stacks never hold',
      plan: planOf(
        [],
        [{ address: 'aws_lambda_function.api', actions: ['create'], after: {}, unknown: { id: true } }],
      ),
      options: {},
      error: "not a resource type of neo's stacks: aws_lambda_function",
    },
    {
      what: 'a delete of what the state does not hold',
      plan: planOf([], [{ address: 'aws_vpc.main', actions: ['delete'], before: VPC }]),
      options: {},
      error: 'aws_vpc.main is to be deleted, but the state does not have it',
    },
    {
      what: 'a create of what the state holds already',
      plan: planOf(vpc, [
        { address: 'aws_vpc.main', actions: ['create'], after: VPC, unknown: { id: true } },
      ]),
      options: {},
      error: 'aws_vpc.main is to be created, but the state has it already',
    },
    {
      what: 'leaving out a change the plan does not have',
      plan: planOf(vpc, [{ address: 'aws_vpc.main', actions: ['no-op'], after: VPC }]),
      options: { leaveOut: ['aws_eip_association.server'] },
      error: 'the plan has no change to aws_eip_association.server',
    },
    {
      what: 'a reference to what the state does not hold',
      plan: planOf(
        [],
        [
          {
            address: 'aws_subnet.public_a',
            actions: ['create'],
            after: SUBNET,
            unknown: { id: true, vpc_id: true },
            config: { vpc_id: ref('aws_vpc.main', 'id') },
          },
        ],
      ),
      options: {},
      error: 'the stack refers to aws_vpc.main, which the state does not hold',
    },
    {
      what: 'an errored plan',
      plan: { ...planOf([], []), errored: true },
      options: {},
      error: 'the plan is errored: Terraform saves no plan to apply',
    },
  ])('$what', ({ plan, options, error }) => {
    expect(() => applyPlan(stateBefore(plan), plan, options)).toThrow(error);
  });
});

describe('applyPlan over the recorded plans of neo’s own stacks', () => {
  const recorded = (name: string) =>
    JSON.parse(readFileSync(join(TERRAFORM_PLANS, 'neo', `${name}.json`), 'utf8')) as {
      resource_changes: Array<{ address: string; change: { actions: string[] } }>;
    };
  const addresses = (state: StateJson) => resourcesOf(state).map((r) => r.address);
  const withAction = (plan: ReturnType<typeof recorded>, action: string) =>
    plan.resource_changes.filter((c) => c.change.actions.includes(action)).map((c) => c.address);

  it.each([
    'create-acme-corp',
    'records-alarms-budget-tags-acme-corp',
    'network-cidr-and-resume-kestrel-legal',
    'suspend-and-move-zone-lumen-analytics',
    'decommission-nordlicht-media',
  ])('%s: the state holds what was there, less the deleted, plus the created', (name) => {
    const plan = recorded(name);
    const before = stateBefore(plan, name);
    const after = applyPlan(before, plan, { stack: name });
    const deleted = new Set(withAction(plan, 'delete'));
    const kept = addresses(before).filter((a) => !deleted.has(a));
    expect(addresses(after)).toEqual([...new Set([...kept, ...withAction(plan, 'create')])].sort());
    // A replaced resource is a new one.
    const replaced = withAction(plan, 'delete').filter((a) => withAction(plan, 'create').includes(a));
    for (const address of replaced) expect(stateIds(after)[address]).not.toBe(stateIds(before)[address]);
  });

  it('gives two customers applied from one plan ids of their own', () => {
    const plan = recorded('records-alarms-budget-tags-acme-corp');
    const one = Object.values(stateIds(stateBefore(plan, 'acme-corp')));
    const other = new Set(Object.values(stateIds(stateBefore(plan, 'bluefin-bakery'))));
    expect(one.length).toBeGreaterThan(50);
    expect(one.filter((id) => other.has(id))).toEqual([]);
  });
});
