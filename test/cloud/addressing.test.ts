import { describe, expect, it } from 'vitest';
import { addressResources } from '../../src/cloud/addressing.js';
import type { CloudResource } from '../../src/cloud/index.js';
import { cloudResource, graphOf, neoTags, ref } from './inventory-fixture.js';

const ACME = 'acme-corp';
const VPC = 'vpc-0a1b2c3d4e5f60001';
const TABLE = 'rtb-0a1b2c3d4e5f60001';
const SUBNET = 'subnet-0a1b2c3d4e5f60001';
const GROUP = 'sg-0a1b2c3d4e5f60001';
const SERVER = 'i-0a1b2c3d4e5f60001';
const VOLUME = 'vol-0a1b2c3d4e5f60001';
const EIP = 'eipalloc-0a1b2c3d4e5f60001';
const ZONE = 'Z0ACME0000000000000001';

/** acme-corp's desired network, server and zone, references as the synthesizer writes them. */
const DESIRED = graphOf([
  ['aws_vpc.main', { cidr_block: '10.20.0.0/16' }],
  ['aws_subnet.public', { vpc_id: ref('aws_vpc.main.id'), cidr_block: '10.20.1.0/24' }],
  ['aws_route_table.public', { vpc_id: ref('aws_vpc.main.id') }],
  [
    'aws_route.internet',
    { route_table_id: ref('aws_route_table.public.id'), destination_cidr_block: '0.0.0.0/0' },
  ],
  [
    'aws_route_table_association.public',
    { route_table_id: ref('aws_route_table.public.id'), subnet_id: ref('aws_subnet.public.id') },
  ],
  ['aws_security_group.server', { vpc_id: ref('aws_vpc.main.id'), name: 'acme-corp-server' }],
  [
    'aws_vpc_security_group_ingress_rule.https',
    { security_group_id: ref('aws_security_group.server.id'), from_port: 443, to_port: 443 },
  ],
  [
    'aws_instance.server',
    { instance_type: 't3.large', vpc_security_group_ids: [ref('aws_security_group.server.id')] },
  ],
  ['aws_ec2_instance_state.server', { instance_id: ref('aws_instance.server.id'), state: 'running' }],
  ['aws_ebs_volume.data', { size: 200 }],
  [
    'aws_volume_attachment.data',
    {
      device_name: '/dev/sdf',
      instance_id: ref('aws_instance.server.id'),
      volume_id: ref('aws_ebs_volume.data.id'),
    },
  ],
  ['aws_eip.server', { domain: 'vpc' }],
  [
    'aws_eip_association.server',
    { allocation_id: ref('aws_eip.server.allocation_id'), instance_id: ref('aws_instance.server.id') },
  ],
  ['aws_route53_zone.main', { name: 'acme-example.com' }],
  [
    'aws_route53_record.www_a',
    { zone_id: ref('aws_route53_zone.main.zone_id'), name: 'www.acme-example.com', type: 'A', ttl: 300 },
  ],
]);

/** What the observers read of it, applied as desired. */
function applied(): CloudResource[] {
  const tagged = (type: string, id: string, name: string, parts: Partial<CloudResource> = {}) =>
    cloudResource(type, id, { tags: neoTags(ACME, `${type}.${name}`), ...parts });
  return [
    tagged('aws_vpc', VPC, 'main', { attributes: { cidr_block: '10.20.0.0/16' }, scope: { vpc: VPC } }),
    tagged('aws_subnet', SUBNET, 'public', { attributes: { vpc_id: VPC }, scope: { vpc: VPC } }),
    tagged('aws_route_table', TABLE, 'public', { attributes: { vpc_id: VPC }, scope: { vpc: VPC } }),
    cloudResource('aws_route', `${TABLE}_0.0.0.0/0`, {
      attributes: { route_table_id: TABLE, destination_cidr_block: '0.0.0.0/0' },
      scope: { vpc: VPC },
    }),
    cloudResource('aws_route_table_association', 'rtbassoc-0a1b2c3d4e5f60001', {
      attributes: { route_table_id: TABLE, subnet_id: SUBNET },
      scope: { vpc: VPC },
    }),
    tagged('aws_security_group', GROUP, 'server', { attributes: { vpc_id: VPC }, scope: { vpc: VPC } }),
    tagged('aws_vpc_security_group_ingress_rule', 'sgr-0a1b2c3d4e5f60001', 'https', {
      attributes: { security_group_id: GROUP, from_port: 443, to_port: 443 },
      scope: { securityGroup: GROUP },
    }),
    tagged('aws_instance', SERVER, 'server', {
      attributes: {
        instance_type: 't3.large',
        vpc_security_group_ids: [GROUP],
        key_name: null,
        metadata_options: { http_tokens: 'required' },
      },
      scope: { vpc: VPC, instance: SERVER },
    }),
    cloudResource('aws_ec2_instance_state', SERVER, {
      attributes: { instance_id: SERVER, state: 'running' },
      scope: { vpc: VPC, instance: SERVER },
    }),
    tagged('aws_ebs_volume', VOLUME, 'data', { attributes: { size: 200 } }),
    cloudResource('aws_volume_attachment', `vai-${VOLUME}-${SERVER}`, {
      attributes: { device_name: '/dev/sdf', instance_id: SERVER, volume_id: VOLUME },
      scope: { instance: SERVER },
    }),
    tagged('aws_eip', EIP, 'server', { exports: { id: EIP, allocation_id: EIP, public_ip: '203.0.113.10' } }),
    cloudResource('aws_eip_association', 'eipassoc-0a1b2c3d4e5f60001', {
      attributes: { allocation_id: EIP, instance_id: SERVER },
      scope: { instance: SERVER },
    }),
    tagged('aws_route53_zone', ZONE, 'main', { exports: { id: ZONE, zone_id: ZONE } }),
    cloudResource('aws_route53_record', `${ZONE}_www.acme-example.com_A`, {
      attributes: { zone_id: ZONE, name: 'www.acme-example.com', type: 'A', ttl: 300 },
      scope: { zone: ZONE },
    }),
  ];
}

/** The ids an apply of DESIRED recorded, by address. */
function recordedIds(resources: readonly CloudResource[]): Map<string, string> {
  const addressing = addressResources(resources, DESIRED);
  return new Map([...addressing.addressed].map(([address, resource]) => [address, resource.id]));
}

/** `address → cloud id`, and the ids left unmanaged, sorted. */
function addressing(resources: readonly CloudResource[], recorded?: Map<string, string>) {
  const { addressed, unmanaged } = addressResources(resources, DESIRED, recorded);
  return {
    addressed: Object.fromEntries([...addressed].map(([address, r]) => [address, r.id])),
    unmanaged: unmanaged.map((r) => `${r.type} ${r.id}`).sort(),
  };
}

function find(resources: CloudResource[], type: string, id: string): CloudResource {
  const found = resources.find((r) => r.type === type && r.id === id);
  if (found === undefined) throw new Error(`no ${type} ${id}`);
  return found;
}

const EVERY_ADDRESS = Object.fromEntries(
  [...DESIRED.resources.keys()].map((address) => [address, undefined as string | undefined]),
);

describe('addressResources as applied', () => {
  it.each([
    ['by tags and identity', false],
    ['by recorded ids', true],
  ])('addresses every resource %s, leaving nothing unmanaged', (_how, byRecord) => {
    const result = addressing(applied(), byRecord ? recordedIds(applied()) : undefined);
    expect(Object.keys(result.addressed).sort()).toEqual(Object.keys(EVERY_ADDRESS).sort());
    expect(result.addressed).toMatchObject({
      'aws_instance.server': SERVER,
      'aws_ec2_instance_state.server': SERVER,
      'aws_route.internet': `${TABLE}_0.0.0.0/0`,
      'aws_route53_record.www_a': `${ZONE}_www.acme-example.com_A`,
      'aws_eip_association.server': 'eipassoc-0a1b2c3d4e5f60001',
    });
    expect(result.unmanaged).toEqual([]);
  });
});

describe('addressResources with recorded ids', () => {
  it('keeps a recorded server at its address when its neo:resource tag is edited', () => {
    const resources = applied();
    const recorded = recordedIds(resources);
    find(resources, 'aws_instance', SERVER).tags['neo:resource'] = 'aws_instance.worker';
    expect(addressing(resources, recorded).addressed['aws_instance.server']).toBe(SERVER);
  });

  it('keeps a recorded server when its every tag is removed', () => {
    const resources = applied();
    const recorded = recordedIds(resources);
    find(resources, 'aws_instance', SERVER).tags = {};
    const result = addressing(resources, recorded);
    expect(result.addressed['aws_instance.server']).toBe(SERVER);
    expect(result.unmanaged).toEqual([]);
  });

  it('does not give a recorded address to a look-alike re-created by hand', () => {
    const resources = applied().filter((r) => !(r.type === 'aws_instance' && r.id === SERVER));
    const recorded = recordedIds(applied());
    resources.push(
      cloudResource('aws_instance', 'i-0feedface0000001', {
        tags: neoTags(ACME, 'aws_instance.server'),
        attributes: { instance_type: 't3.large' },
        scope: { vpc: VPC, instance: 'i-0feedface0000001' },
      }),
    );
    const result = addressing(resources, recorded);
    expect(result.addressed['aws_instance.server']).toBeUndefined();
    expect(result.unmanaged).toContain('aws_instance i-0feedface0000001');
  });

  it('does not adopt a customer-tagged look-alike for a recorded address either', () => {
    const resources = applied().filter((r) => !(r.type === 'aws_instance' && r.id === SERVER));
    const recorded = recordedIds(applied());
    resources.push(
      cloudResource('aws_instance', 'i-0feedface0000001', {
        tags: { 'neo:customer': ACME },
        scope: { vpc: VPC, instance: 'i-0feedface0000001' },
      }),
    );
    const result = addressing(resources, recorded);
    expect(result.addressed['aws_instance.server']).toBeUndefined();
    expect(result.unmanaged).toContain('aws_instance i-0feedface0000001');
  });

  it.each([
    ['instance first', ['aws_instance.server', 'aws_ec2_instance_state.server']],
    ['state first', ['aws_ec2_instance_state.server', 'aws_instance.server']],
  ])('tells a recorded instance from its recorded state, which shares its id (%s)', (_order, addresses) => {
    const resources = applied();
    find(resources, 'aws_instance', SERVER).tags = {};
    const recorded = new Map(addresses.map((address) => [address, SERVER]));
    const { addressed, unmanaged } = addressResources(resources, DESIRED, recorded);
    expect(addressed.get('aws_instance.server')?.type).toBe('aws_instance');
    expect(addressed.get('aws_ec2_instance_state.server')?.type).toBe('aws_ec2_instance_state');
    expect(unmanaged).toEqual([]);
  });

  it('gives an id recorded for another type of address nothing of that address', () => {
    // An instance and its state share the instance id; only the instance is the instance.
    const resources = applied();
    const recorded = new Map([['aws_instance.server', SERVER]]);
    const state = find(resources, 'aws_ec2_instance_state', SERVER);
    const instance = find(resources, 'aws_instance', SERVER);
    const others = resources.filter((r) => r !== state && r !== instance);
    const { addressed } = addressResources([state, instance, ...others], DESIRED, recorded);
    expect(addressed.get('aws_instance.server')?.type).toBe('aws_instance');
    expect(addressed.get('aws_ec2_instance_state.server')?.type).toBe('aws_ec2_instance_state');
  });
});

describe('addressResources by tags', () => {
  it('keeps the original of a copied server ("launch more like this"), the one attached to', () => {
    const resources = applied();
    const copy = { ...structuredClone(find(resources, 'aws_instance', SERVER)), id: 'i-0c0b1e5a2d3f4e5f6' };
    const result = addressing([copy, ...resources]);
    expect(result.addressed['aws_instance.server']).toBe(SERVER);
    expect(result.unmanaged).toEqual(['aws_instance i-0c0b1e5a2d3f4e5f6']);
  });

  it('keeps the original of a copied security group, the one the server uses', () => {
    // Its rules gone with the copy, only the server's list of groups tells the original.
    const resources = applied().filter((r) => r.type !== 'aws_vpc_security_group_ingress_rule');
    const copy = {
      ...structuredClone(find(resources, 'aws_security_group', GROUP)),
      id: 'sg-0c0b1e5a2d3f4e5f6',
    };
    const result = addressing([copy, ...resources]);
    expect(result.addressed['aws_security_group.server']).toBe(GROUP);
    expect(result.unmanaged).toEqual(['aws_security_group sg-0c0b1e5a2d3f4e5f6']);
  });

  it('does not take a neo:resource tag naming another type', () => {
    const resources = applied();
    resources.push(
      cloudResource('aws_security_group', 'sg-0c0b1e5a2d3f4e5f6', {
        tags: neoTags(ACME, 'aws_instance.server'),
        scope: { vpc: VPC },
      }),
    );
    const result = addressing(resources);
    expect(result.addressed['aws_instance.server']).toBe(SERVER);
    expect(result.unmanaged).toEqual(['aws_security_group sg-0c0b1e5a2d3f4e5f6']);
  });

  it('gives no address of another type to a group tagged as the server, with the server gone', () => {
    const resources = applied().filter((r) => !(r.type === 'aws_instance' && r.id === SERVER));
    resources.push(
      cloudResource('aws_security_group', 'sg-0c0b1e5a2d3f4e5f6', {
        tags: neoTags(ACME, 'aws_instance.server'),
        scope: { vpc: VPC },
      }),
    );
    const result = addressing(resources);
    expect(result.addressed['aws_instance.server']).toBeUndefined();
    expect(result.unmanaged).toEqual(['aws_security_group sg-0c0b1e5a2d3f4e5f6']);
  });

  it('adopts the one server that lost its neo:resource tag but kept its customer', () => {
    const resources = applied();
    find(resources, 'aws_instance', SERVER).tags = { 'neo:customer': ACME, Name: 'acme-corp-server' };
    const result = addressing(resources);
    expect(result.addressed['aws_instance.server']).toBe(SERVER);
    expect(result.unmanaged).toEqual([]);
  });

  it('adopts the server that lost its neo:resource tag, not an untagged console instance beside it', () => {
    const resources = applied();
    find(resources, 'aws_instance', SERVER).tags = { 'neo:customer': ACME };
    resources.unshift(
      cloudResource('aws_instance', 'i-0debug0000000001', {
        scope: { vpc: VPC, instance: 'i-0debug0000000001' },
      }),
    );
    const result = addressing(resources);
    expect(result.addressed['aws_instance.server']).toBe(SERVER);
    expect(result.unmanaged).toEqual(['aws_instance i-0debug0000000001']);
  });

  it('adopts each resource that lost its neo:resource tag, one of each type', () => {
    const resources = applied();
    find(resources, 'aws_instance', SERVER).tags = { 'neo:customer': ACME };
    find(resources, 'aws_ebs_volume', VOLUME).tags = { 'neo:customer': ACME };
    find(resources, 'aws_security_group', GROUP).tags = { 'neo:customer': ACME };
    const result = addressing(resources);
    expect(result.addressed).toMatchObject({
      'aws_instance.server': SERVER,
      'aws_ebs_volume.data': VOLUME,
      'aws_security_group.server': GROUP,
    });
    expect(result.unmanaged).toEqual([]);
  });

  it('adopts a volume that lost its neo:resource tag beside a tagged copy of another', () => {
    const desired = graphOf([
      ['aws_ebs_volume.data', { size: 200 }],
      ['aws_ebs_volume.logs', { size: 50 }],
      [
        'aws_volume_attachment.data',
        { instance_id: 'i-0a1b2c3d4e5f60001', volume_id: ref('aws_ebs_volume.data.id') },
      ],
    ]);
    const data = cloudResource('aws_ebs_volume', VOLUME, { tags: neoTags(ACME, 'aws_ebs_volume.data') });
    const copy = cloudResource('aws_ebs_volume', 'vol-0c0b1e5a2d3f4e5f6', {
      tags: neoTags(ACME, 'aws_ebs_volume.data'),
    });
    const logs = cloudResource('aws_ebs_volume', 'vol-0logs000000001', { tags: { 'neo:customer': ACME } });
    const attachment = cloudResource('aws_volume_attachment', `vai-${VOLUME}-${SERVER}`, {
      attributes: { instance_id: SERVER, volume_id: VOLUME },
    });
    const { addressed, unmanaged } = addressResources([copy, data, logs, attachment], desired);
    expect(addressed.get('aws_ebs_volume.data')).toBe(data);
    expect(addressed.get('aws_ebs_volume.logs')).toBe(logs);
    expect(unmanaged).toEqual([copy]);
  });

  it.each<[string, (resources: CloudResource[]) => void]>([
    [
      'a second customer-tagged server beside it',
      (resources) =>
        resources.push(
          cloudResource('aws_instance', 'i-0c0b1e5a2d3f4e5f6', {
            tags: { 'neo:customer': ACME },
            scope: { vpc: VPC, instance: 'i-0c0b1e5a2d3f4e5f6' },
          }),
        ),
    ],
    [
      'its customer tag gone too',
      (resources) => {
        find(resources, 'aws_instance', SERVER).tags = { Name: 'acme-corp-server' };
      },
    ],
  ])('adopts no server that lost its neo:resource tag with %s', (_case, edit) => {
    const resources = applied();
    find(resources, 'aws_instance', SERVER).tags = { 'neo:customer': ACME };
    edit(resources);
    const result = addressing(resources);
    expect(result.addressed['aws_instance.server']).toBeUndefined();
    expect(result.unmanaged).toContain(`aws_instance ${SERVER}`);
  });

  it('adopts no resource that lost its neo:resource tag where two of its type are missing', () => {
    const desired = graphOf([
      ['aws_ebs_volume.data', { size: 200 }],
      ['aws_ebs_volume.logs', { size: 50 }],
    ]);
    const volume = cloudResource('aws_ebs_volume', VOLUME, { tags: { 'neo:customer': ACME } });
    const { addressed, unmanaged } = addressResources([volume], desired);
    expect([...addressed.keys()]).toEqual([]);
    expect(unmanaged).toEqual([volume]);
  });

  it('adopts into the one missing address of its type, beside others of the type present', () => {
    const desired = graphOf([
      ['aws_ebs_volume.data', { size: 200 }],
      ['aws_ebs_volume.logs', { size: 50 }],
    ]);
    const logs = cloudResource('aws_ebs_volume', 'vol-0logs000000001', {
      tags: neoTags(ACME, 'aws_ebs_volume.logs'),
    });
    const data = cloudResource('aws_ebs_volume', VOLUME, { tags: { 'neo:customer': ACME } });
    const { addressed } = addressResources([data, logs], desired);
    expect(addressed.get('aws_ebs_volume.data')).toBe(data);
    expect(addressed.get('aws_ebs_volume.logs')).toBe(logs);
  });

  it('adopts no untaggable resource by its customer tag: those are known by what they connect', () => {
    const desired = graphOf([
      ['aws_route_table.public', { vpc_id: 'vpc-0a1b2c3d4e5f60001' }],
      [
        'aws_route.internet',
        { route_table_id: ref('aws_route_table.public.id'), destination_cidr_block: '0.0.0.0/0' },
      ],
    ]);
    const table = cloudResource('aws_route_table', TABLE, { tags: neoTags(ACME, 'aws_route_table.public') });
    const route = cloudResource('aws_route', `${TABLE}_10.0.0.0/8`, {
      tags: { 'neo:customer': ACME },
      attributes: { route_table_id: TABLE, destination_cidr_block: '10.0.0.0/8' },
    });
    const { addressed, unmanaged } = addressResources([table, route], desired);
    expect(addressed.has('aws_route.internet')).toBe(false);
    expect(unmanaged).toEqual([route]);
  });
});

describe('addressResources by identity', () => {
  it('leaves a second route to the same destination unmanaged', () => {
    const resources = applied();
    resources.push(
      cloudResource('aws_route', `${TABLE}_0.0.0.0/0_copy`, {
        attributes: { route_table_id: TABLE, destination_cidr_block: '0.0.0.0/0' },
        scope: { vpc: VPC },
      }),
    );
    const result = addressing(resources);
    expect(result.addressed['aws_route.internet']).toBe(`${TABLE}_0.0.0.0/0`);
    expect(result.unmanaged).toEqual([`aws_route ${TABLE}_0.0.0.0/0_copy`]);
  });

  it.each([
    [
      'a route added to the public table',
      'aws_route',
      { route_table_id: TABLE, destination_cidr_block: '10.0.0.0/8' },
      {},
    ],
    [
      'a firewall opening in the server group',
      'aws_vpc_security_group_ingress_rule',
      { security_group_id: GROUP, from_port: 22, to_port: 22, cidr_ipv4: '0.0.0.0/0' },
      { securityGroup: GROUP },
    ],
    [
      'a volume attached to the server',
      'aws_volume_attachment',
      { device_name: '/dev/sdg', instance_id: SERVER, volume_id: 'vol-0extra00000001' },
      { instance: SERVER },
    ],
    [
      'a record added to the zone',
      'aws_route53_record',
      { zone_id: ZONE, name: 'debug.acme-example.com', type: 'A', ttl: 60 },
      { zone: ZONE },
    ],
  ])('reports %s as unmanaged', (_case, type, attributes, scope) => {
    const resources = applied();
    resources.push(cloudResource(type, 'hand-made-0001', { attributes, scope }));
    expect(addressing(resources).unmanaged).toEqual([`${type} hand-made-0001`]);
  });

  it.each([
    [
      'a route',
      'aws_route',
      { route_table_id: 'rtb-0debug00000001', destination_cidr_block: '0.0.0.0/0' },
      {},
    ],
    [
      'a table association',
      'aws_route_table_association',
      { route_table_id: 'rtb-0debug00000001', subnet_id: SUBNET },
      {},
    ],
    [
      'a rule',
      'aws_vpc_security_group_ingress_rule',
      { security_group_id: 'sg-0debug00000001', from_port: 22, to_port: 22 },
      { securityGroup: 'sg-0debug00000001' },
    ],
    [
      'an instance state',
      'aws_ec2_instance_state',
      { instance_id: 'i-0debug0000000001', state: 'running' },
      { instance: 'i-0debug0000000001' },
    ],
    [
      'an EIP association',
      'aws_eip_association',
      { allocation_id: 'eipalloc-0debug00000001', instance_id: 'i-0debug0000000001' },
      { instance: 'i-0debug0000000001' },
    ],
  ])('folds %s of something unmanaged into it', (_case, type, attributes, scope) => {
    const resources = applied();
    resources.push(
      cloudResource('aws_route_table', 'rtb-0debug00000001', { scope: { vpc: VPC } }),
      cloudResource('aws_security_group', 'sg-0debug00000001', { scope: { vpc: VPC } }),
      cloudResource('aws_instance', 'i-0debug0000000001', {
        scope: { vpc: VPC, instance: 'i-0debug0000000001' },
      }),
      cloudResource(type, 'part-of-debug-0001', { attributes, scope }),
    );
    expect(addressing(resources).unmanaged).toEqual([
      'aws_instance i-0debug0000000001',
      'aws_route_table rtb-0debug00000001',
      'aws_security_group sg-0debug00000001',
    ]);
  });
});
