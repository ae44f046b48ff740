import { describe, expect, it } from 'vitest';
import {
  type AppliedIds,
  assembleObservation,
  type CloudResource,
  type Inventory,
  recordedResources,
} from '../../src/cloud/index.js';
import type { ResourceGraph } from '../../src/graph/index.js';
import { cloudResource, graphOf, graphResource, neoTags, ref } from './inventory-fixture.js';

const ACME = 'acme-corp';
const GLOBEX = 'globex';
const VPC = 'vpc-0a1b2c3d4e5f60001';
const GROUP = 'sg-0a1b2c3d4e5f60001';
const ZONE = 'Z0ACME0000000000000001';

const ACME_DESIRED = graphOf([
  ['aws_vpc.main', { cidr_block: '10.20.0.0/16', region: 'us-east-2', tags: neoTags(ACME, 'aws_vpc.main') }],
  [
    'aws_security_group.server',
    { vpc_id: ref('aws_vpc.main.id'), name: 'acme-corp-server', region: 'us-east-2' },
  ],
  ['aws_route53_zone.main', { name: 'acme-example.com', tags: neoTags(ACME, 'aws_route53_zone.main') }],
  [
    'aws_route53_record.www_a',
    { zone_id: ref('aws_route53_zone.main.zone_id'), name: 'www.acme-example.com', type: 'A' },
  ],
]);
const GLOBEX_DESIRED = graphOf([['aws_vpc.main', { cidr_block: '10.30.0.0/16' }]]);

function acmeCloud(): CloudResource[] {
  return [
    cloudResource('aws_vpc', VPC, {
      region: 'us-east-2',
      tags: { ...neoTags(ACME, 'aws_vpc.main'), 'aws:cloudformation:stack-name': 'console' },
      attributes: { cidr_block: '10.20.0.0/16' },
      scope: { vpc: VPC },
    }),
    cloudResource('aws_security_group', GROUP, {
      region: 'us-east-2',
      tags: neoTags(ACME, 'aws_security_group.server'),
      attributes: { vpc_id: VPC, name: 'acme-corp-server' },
      scope: { vpc: VPC },
    }),
    cloudResource('aws_route53_zone', ZONE, {
      tags: neoTags(ACME, 'aws_route53_zone.main'),
      attributes: { name: 'acme-example.com' },
      exports: { id: ZONE, zone_id: ZONE },
    }),
    cloudResource('aws_route53_record', `${ZONE}_www.acme-example.com_A`, {
      attributes: { zone_id: ZONE, name: 'www.acme-example.com', type: 'A' },
      scope: { zone: ZONE },
    }),
  ];
}

function observe(
  resources: CloudResource[],
  options: { desired?: Map<string, ResourceGraph>; known?: string[]; applied?: AppliedIds } = {},
) {
  const inventory: Inventory = { resources, calls: { ec2: 7, route53: 3 } };
  const desired =
    options.desired ??
    new Map([
      [ACME, ACME_DESIRED],
      [GLOBEX, GLOBEX_DESIRED],
    ]);
  return assembleObservation(inventory, {
    desired,
    known: new Set(options.known ?? [ACME, GLOBEX]),
    ...(options.applied === undefined ? {} : { applied: options.applied }),
  });
}

describe('assembleObservation of a customer as applied', () => {
  it('shapes the cloud like the desired graph: addresses, names, references as tokens', () => {
    const acme = observe(acmeCloud()).customers.get(ACME);
    expect(acme?.graph.region).toBe('us-east-2');
    expect(acme?.graph.resources.get('aws_security_group.server')).toEqual({
      address: 'aws_security_group.server',
      type: 'aws_security_group',
      name: 'server',
      attributes: {
        vpc_id: ref('aws_vpc.main.id'),
        name: 'acme-corp-server',
        region: 'us-east-2',
        tags: neoTags(ACME, 'aws_security_group.server'),
      },
      ignoreChanges: [],
      preventDestroy: false,
    });
    expect(acme?.graph.resources.get('aws_route53_record.www_a')?.attributes).toEqual({
      zone_id: ref('aws_route53_zone.main.zone_id'),
      name: 'www.acme-example.com',
      type: 'A',
    });
  });

  it('gives a global resource no region', () => {
    const acme = observe(acmeCloud()).customers.get(ACME);
    expect(acme?.graph.resources.get('aws_route53_zone.main')?.attributes).toStrictEqual({
      name: 'acme-example.com',
      tags: neoTags(ACME, 'aws_route53_zone.main'),
    });
  });

  it("keeps the customer's tags and leaves out AWS's own", () => {
    const acme = observe(acmeCloud()).customers.get(ACME);
    expect(acme?.graph.resources.get('aws_vpc.main')?.attributes).toEqual({
      cidr_block: '10.20.0.0/16',
      region: 'us-east-2',
      tags: neoTags(ACME, 'aws_vpc.main'),
    });
  });

  it('gives no tags to a type whose tags the observers do not read', () => {
    const record = cloudResource('aws_route53_record', `${ZONE}_www.acme-example.com_A`, {
      tags: { Name: 'www' },
      attributes: { zone_id: ZONE, name: 'www.acme-example.com', type: 'A' },
      scope: { zone: ZONE },
    });
    const resources = [...acmeCloud().filter((r) => r.type !== 'aws_route53_record'), record];
    const observed = observe(resources).customers.get(ACME)?.graph.resources.get('aws_route53_record.www_a');
    expect(observed?.attributes).not.toHaveProperty('tags');
  });

  it('knows the cloud id of every address', () => {
    const acme = observe(acmeCloud()).customers.get(ACME);
    expect(Object.fromEntries(acme?.cloudIds ?? [])).toEqual({
      'aws_vpc.main': VPC,
      'aws_security_group.server': GROUP,
      'aws_route53_zone.main': ZONE,
      'aws_route53_record.www_a': `${ZONE}_www.acme-example.com_A`,
    });
    expect([...(acme?.unmanaged ?? [])]).toEqual([]);
  });

  it('observes a customer with nothing in the cloud as an empty graph in its region', () => {
    const globex = observe(acmeCloud()).customers.get(GLOBEX);
    expect(globex?.graph.region).toBe('us-east-2');
    expect([...(globex?.graph.resources.keys() ?? [])]).toEqual([]);
    expect(globex?.notApplied).toBeUndefined();
  });

  it('passes the API calls made through', () => {
    expect(observe(acmeCloud()).calls).toEqual({ ec2: 7, route53: 3 });
  });

  it('takes ignore_changes from the desired resource', () => {
    const desired = graphOf([...ACME_DESIRED.resources].map(([address, r]) => [address, r.attributes]));
    desired.resources.set('aws_vpc.main', {
      ...graphResource('aws_vpc.main', { cidr_block: '10.20.0.0/16' }),
      ignoreChanges: ['tags'],
    });
    const observed = observe(acmeCloud(), { desired: new Map([[ACME, desired]]) }).customers.get(ACME);
    expect(observed?.graph.resources.get('aws_vpc.main')?.ignoreChanges).toEqual(['tags']);
  });
});

describe('assembleObservation of what neo did not create', () => {
  it('puts an unmanaged resource under an address of its own id', () => {
    const resources = [
      ...acmeCloud(),
      cloudResource('aws_route53_record', `${ZONE}_debug.acme-example.com_A`, {
        attributes: { zone_id: ZONE, name: 'debug.acme-example.com', type: 'A' },
        scope: { zone: ZONE },
      }),
    ];
    const acme = observe(resources).customers.get(ACME);
    const address = 'aws_route53_record.unmanaged_Z0ACME0000000000000001_debug_acme-example_com_A';
    expect([...(acme?.unmanaged ?? [])]).toEqual([address]);
    expect(acme?.cloudIds.get(address)).toBe(`${ZONE}_debug.acme-example.com_A`);
    expect(acme?.graph.resources.get(address)).toMatchObject({
      type: 'aws_route53_record',
      name: 'unmanaged_Z0ACME0000000000000001_debug_acme-example_com_A',
      // Nothing desired to prefer a name by: a value that is both the zone's id and zone_id reads as its id.
      attributes: { zone_id: ref('aws_route53_zone.main.id'), name: 'debug.acme-example.com' },
      ignoreChanges: [],
    });
  });

  it('reports what is tagged for a customer without a file as orphaned, by customer', () => {
    const resources = [
      ...acmeCloud(),
      cloudResource('aws_instance', 'i-0initech00000001', {
        region: 'us-west-2',
        tags: neoTags('initech', 'aws_instance.server'),
      }),
      cloudResource('aws_route53_zone', 'Z0INITECH000000000001', { tags: { 'neo:customer': 'initech' } }),
    ];
    expect(observe(resources).orphans).toStrictEqual([
      {
        customerId: 'initech',
        type: 'aws_instance',
        id: 'i-0initech00000001',
        region: 'us-west-2',
        address: 'aws_instance.server',
      },
      { customerId: 'initech', type: 'aws_route53_zone', id: 'Z0INITECH000000000001' },
    ]);
  });

  it('leaves out a known customer that is not being observed, and what is nobody’s', () => {
    const resources = [
      ...acmeCloud(),
      cloudResource('aws_instance', 'i-0default00000001', { scope: { vpc: 'vpc-0default000000001' } }),
    ];
    const observation = observe(resources, { desired: new Map([[GLOBEX, GLOBEX_DESIRED]]) });
    expect([...observation.customers.keys()]).toEqual([GLOBEX]);
    expect(observation.customers.get(GLOBEX)?.graph.resources.size).toBe(0);
    expect(observation.orphans).toEqual([]);
  });
});

describe('assembleObservation with the ledger', () => {
  const recordedAcme = new Map([
    ['aws_vpc.main', VPC],
    ['aws_security_group.server', GROUP],
    ['aws_route53_zone.main', ZONE],
  ]);

  it('says a customer with no record and nothing in the cloud is not applied yet', () => {
    const observation = observe(acmeCloud(), { applied: new Map([[ACME, recordedAcme]]) });
    expect(observation.customers.get(GLOBEX)?.notApplied).toBe(true);
    expect(observation.customers.get(ACME)?.notApplied).toBeUndefined();
  });

  it.each<[string, AppliedIds]>([
    ['recorded before ids were kept', new Map([[GLOBEX, undefined]])],
    ['recorded with ids', new Map([[GLOBEX, new Map([['aws_vpc.main', 'vpc-0gone0000000001']])]])],
  ])(
    'says a customer %s with nothing in the cloud is applied (its resources are missing)',
    (_case, applied) => {
      expect(observe(acmeCloud(), { applied }).customers.get(GLOBEX)?.notApplied).toBeUndefined();
    },
  );

  it('says a customer with no record but resources in the cloud is applied', () => {
    const applied = new Map([[GLOBEX, new Map()]]);
    expect(observe(acmeCloud(), { applied }).customers.get(ACME)?.notApplied).toBeUndefined();
  });

  it('keeps a recorded resource with its customer when its tags are edited to another', () => {
    const resources = acmeCloud();
    const group = resources.find((r) => r.id === GROUP) as CloudResource;
    group.tags = neoTags(GLOBEX, 'aws_security_group.web');
    const observation = observe(resources, { applied: new Map([[ACME, recordedAcme]]) });
    expect(observation.customers.get(ACME)?.cloudIds.get('aws_security_group.server')).toBe(GROUP);
    expect(observation.customers.get(GLOBEX)?.graph.resources.size).toBe(0);
  });
});

describe('recordedResources', () => {
  it('lists the recorded ids of the customers observed, typed, regional ones in their region', () => {
    const applied: AppliedIds = new Map([
      [
        ACME,
        new Map([
          ['aws_vpc.main', VPC],
          ['aws_route53_zone.main', ZONE],
        ]),
      ],
      [GLOBEX, undefined],
      ['initech', new Map([['aws_vpc.main', 'vpc-0initech0000001']])],
    ]);
    const desired = new Map([
      [ACME, ACME_DESIRED],
      [GLOBEX, { ...GLOBEX_DESIRED, region: 'eu-west-1' }],
    ]);
    expect(recordedResources(applied, desired)).toEqual([
      { type: 'aws_vpc', id: VPC, region: 'us-east-2' },
      { type: 'aws_route53_zone', id: ZONE },
    ]);
  });
});
