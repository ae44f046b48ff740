import { describe, expect, it } from 'vitest';
import {
  type CustomerDrift,
  customerDrift,
  type ObservedCustomer,
  restoresSpec,
} from '../../src/cloud/index.js';
import type { Attributes, ResourceGraph } from '../../src/graph/index.js';
import { graphOf, graphResource, ref } from './inventory-fixture.js';

const ACME = 'acme-corp';
const tags = (address: string) => ({ 'neo:customer': ACME, 'neo:resource': address, 'neo:plan': 'scale' });

/** acme-corp's observable desired graph: network, firewall, server, data volume, address, zone. */
const DESIRED = graphOf([
  ['aws_vpc.main', { cidr_block: '10.20.0.0/16', tags: tags('aws_vpc.main') }],
  [
    'aws_subnet.public',
    { vpc_id: ref('aws_vpc.main.id'), cidr_block: '10.20.1.0/24', tags: tags('aws_subnet.public') },
  ],
  [
    'aws_security_group.server',
    { vpc_id: ref('aws_vpc.main.id'), name: 'acme-corp-server', tags: tags('aws_security_group.server') },
  ],
  [
    'aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24',
    {
      security_group_id: ref('aws_security_group.server.id'),
      ip_protocol: 'tcp',
      from_port: 22,
      to_port: 22,
      cidr_ipv4: '203.0.113.0/24',
      tags: tags('aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24'),
    },
  ],
  [
    'aws_instance.server',
    {
      ami: 'ami-0ea3c35c5c3284d82',
      instance_type: 't3.large',
      subnet_id: ref('aws_subnet.public.id'),
      vpc_security_group_ids: [ref('aws_security_group.server.id')],
      metadata_options: { http_tokens: 'required' },
      tags: tags('aws_instance.server'),
    },
  ],
  ['aws_ec2_instance_state.server', { instance_id: ref('aws_instance.server.id'), state: 'running' }],
  [
    'aws_ebs_volume.data',
    { availability_zone: 'us-east-2a', size: 200, type: 'gp3', tags: tags('aws_ebs_volume.data') },
  ],
  [
    'aws_volume_attachment.data',
    {
      device_name: '/dev/sdf',
      instance_id: ref('aws_instance.server.id'),
      volume_id: ref('aws_ebs_volume.data.id'),
    },
  ],
  ['aws_eip.server', { domain: 'vpc', tags: tags('aws_eip.server') }],
  [
    'aws_eip_association.server',
    { allocation_id: ref('aws_eip.server.allocation_id'), instance_id: ref('aws_instance.server.id') },
  ],
  ['aws_route53_zone.main', { name: 'acme-example.com', tags: tags('aws_route53_zone.main') }],
  [
    'aws_route53_record.apex_a',
    {
      zone_id: ref('aws_route53_zone.main.zone_id'),
      name: 'acme-example.com',
      type: 'A',
      ttl: 300,
      records: [ref('aws_eip.server.public_ip')],
    },
  ],
]);

/** What AWS reports beyond what the spec sets: defaults neo leaves to AWS. */
const AWS_DEFAULTS: Record<string, Attributes> = {
  'aws_instance.server': { key_name: null, monitoring: false },
  'aws_ebs_volume.data': { iops: 3000, throughput: 125, encrypted: true },
  'aws_route53_zone.main': { comment: 'Managed by Terraform' },
};

/** The live copy of DESIRED, as observed, after `edit`. */
function observed(
  edit: (graph: ResourceGraph) => void = () => {},
  unmanaged: string[] = [],
): ObservedCustomer {
  const graph: ResourceGraph = { region: DESIRED.region, resources: new Map() };
  for (const [address, resource] of DESIRED.resources) {
    const attributes = structuredClone(resource.attributes);
    const live = { ...attributes, ...AWS_DEFAULTS[address] };
    if (address === 'aws_instance.server')
      live.metadata_options = { http_tokens: 'required', http_endpoint: 'enabled' };
    graph.resources.set(address, graphResource(address, live));
  }
  edit(graph);
  const cloudIds = new Map([...graph.resources.keys()].map((address) => [address, `id-of-${address}`]));
  return { id: ACME, graph, unmanaged: new Set(unmanaged), cloudIds };
}

function attributesOf(graph: ResourceGraph, address: string): Attributes {
  const resource = graph.resources.get(address);
  if (resource === undefined) throw new Error(`no ${address}`);
  return resource.attributes;
}

function drift(live: ObservedCustomer, intent: 'active' | 'suspended' = 'active'): CustomerDrift {
  return customerDrift(ACME, DESIRED, live, intent);
}

/** `kind address [changed attribute paths]`, one line per item. */
function lines(report: CustomerDrift): string[] {
  return report.items.map((item) =>
    [
      item.kind,
      item.address,
      ...(item.kind === 'modified' ? item.change.attributes.map((a) => a.path) : []),
    ].join(' '),
  );
}

describe('customerDrift: what is drift', () => {
  it.each<[string, (graph: ResourceGraph) => void, string[]]>([
    ['a faithful copy, AWS defaults and all', () => {}, []],
    [
      'an instance type changed',
      (g) => {
        attributesOf(g, 'aws_instance.server').instance_type = 't3.xlarge';
      },
      ['modified aws_instance.server instance_type'],
    ],
    [
      'a metadata option the spec does not set',
      (g) => {
        attributesOf(g, 'aws_instance.server').metadata_options = {
          http_tokens: 'required',
          http_put_response_hop_limit: 2,
        };
      },
      [],
    ],
    [
      'a metadata option the spec sets',
      (g) => {
        attributesOf(g, 'aws_instance.server').metadata_options = {
          http_tokens: 'optional',
          http_endpoint: 'enabled',
        };
      },
      ['modified aws_instance.server metadata_options.http_tokens'],
    ],
    [
      'no metadata options reported at all',
      (g) => {
        attributesOf(g, 'aws_instance.server').metadata_options = null;
      },
      ['modified aws_instance.server metadata_options metadata_options.http_tokens'],
    ],
    [
      'a record pointed elsewhere by hand beside a tag edit of the address it pointed at',
      (g) => {
        const eip = attributesOf(g, 'aws_eip.server');
        eip.tags = { ...(eip.tags as Record<string, string>), Owner: 'ops' };
        attributesOf(g, 'aws_route53_record.apex_a').records = ['198.51.100.23'];
      },
      ['modified aws_eip.server tags.Owner', 'modified aws_route53_record.apex_a records'],
    ],
    [
      'a tag added in the console',
      (g) => {
        const live = attributesOf(g, 'aws_ebs_volume.data');
        live.tags = { ...(live.tags as Record<string, string>), Owner: 'ops' };
      },
      ['modified aws_ebs_volume.data tags.Owner'],
    ],
    [
      // Restoring it replaces it, and with it what refers to it: `‹volume.id› → ‹volume.id›` is no drift.
      'a volume moved to another zone',
      (g) => {
        attributesOf(g, 'aws_ebs_volume.data').availability_zone = 'us-east-2b';
      },
      ['modified aws_ebs_volume.data availability_zone'],
    ],
    [
      'a volume moved to another zone and attached under another device name',
      (g) => {
        attributesOf(g, 'aws_ebs_volume.data').availability_zone = 'us-east-2b';
        attributesOf(g, 'aws_volume_attachment.data').device_name = '/dev/sdg';
      },
      ['modified aws_ebs_volume.data availability_zone', 'modified aws_volume_attachment.data device_name'],
    ],
    [
      // Restoring the name replaces the group; the server's list of groups then reads `‹group.id› → ‹group.id›`.
      'a security group re-created by hand under another name, tags copied',
      (g) => {
        attributesOf(g, 'aws_security_group.server').name = 'acme-corp-web';
      },
      ['modified aws_security_group.server name'],
    ],
    [
      'a firewall rule opened to the world',
      (g) => {
        attributesOf(g, 'aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24').cidr_ipv4 = '0.0.0.0/0';
      },
      ['modified aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24 cidr_ipv4'],
    ],
  ])('%s', (_case, edit, expected) => {
    expect(lines(drift(observed(edit)))).toEqual(expected);
  });

  it('names the file a fix goes into, and the cloud id of what the cloud has', () => {
    const report = drift(
      observed((g) => {
        attributesOf(g, 'aws_ebs_volume.data').size = 400;
        g.resources.delete('aws_route53_record.apex_a');
      }),
    );
    expect(report.customerId).toBe(ACME);
    expect(report.file).toBe('customers/acme-corp.yaml');
    expect(report.notApplied).toBeUndefined();
    expect(report.items.map((i) => [i.kind, i.address, i.type, i.cloudId])).toEqual([
      ['modified', 'aws_ebs_volume.data', 'aws_ebs_volume', 'id-of-aws_ebs_volume.data'],
      ['missing', 'aws_route53_record.apex_a', 'aws_route53_record', undefined],
    ]);
    expect(report.items[1]).not.toHaveProperty('cloudId');
    // Only an unmanaged resource can have had another address.
    expect(report.items.filter((i) => 'formerAddress' in i)).toEqual([]);
  });

  it('reports nothing, not every resource missing, for a customer not applied yet', () => {
    const empty: ObservedCustomer = {
      id: ACME,
      graph: { region: DESIRED.region, resources: new Map() },
      unmanaged: new Set(),
      cloudIds: new Map(),
      notApplied: true,
    };
    expect(drift(empty)).toEqual({
      customerId: ACME,
      file: 'customers/acme-corp.yaml',
      items: [],
      notApplied: true,
    });
  });

  it('reports every resource missing for an applied customer with nothing in the cloud', () => {
    const report = drift(observed((g) => g.resources.clear()));
    expect(report.items.map((i) => i.kind)).toContain('missing');
    expect(report.notApplied).toBeUndefined();
  });
});

describe('customerDrift: what neo did not create', () => {
  const debugBox = (g: ResourceGraph) =>
    g.resources.set(
      'aws_instance.unmanaged_i-0f3a9c1d2e4b5a697',
      graphResource('aws_instance.unmanaged_i-0f3a9c1d2e4b5a697', {
        ami: 'ami-0ea3c35c5c3284d82',
        instance_type: 't3.micro',
        subnet_id: ref('aws_subnet.public.id'),
        tags: { Name: 'debug-box' },
      }),
    );

  it('reports a console-launched instance as unmanaged, with no risk in removing it', () => {
    const report = drift(observed(debugBox, ['aws_instance.unmanaged_i-0f3a9c1d2e4b5a697']));
    expect(report.items).toHaveLength(1);
    const [item] = report.items;
    expect(item).toMatchObject({
      kind: 'unmanaged',
      address: 'aws_instance.unmanaged_i-0f3a9c1d2e4b5a697',
      cloudId: 'id-of-aws_instance.unmanaged_i-0f3a9c1d2e4b5a697',
      consequences: [],
    });
    expect(item).not.toHaveProperty('formerAddress');
    expect(item?.change.risks).toEqual([]);
  });

  it('names the address a resource neo created had, once it left the spec, and what removing it risks', () => {
    const report = drift(
      observed((g) =>
        g.resources.set(
          'aws_ebs_volume.logs',
          graphResource('aws_ebs_volume.logs', { availability_zone: 'us-east-2a', size: 50, type: 'gp3' }),
        ),
      ),
    );
    expect(report.items.map((i) => [i.kind, i.address, i.formerAddress])).toEqual([
      ['unmanaged', 'aws_ebs_volume.logs', 'aws_ebs_volume.logs'],
    ]);
    const risks = report.items[0]?.change.risks ?? [];
    expect(risks.map((r) => [r.severity, r.code])).toEqual([['data-loss', 'volume-destroyed']]);
    expect(risks.every(restoresSpec)).toBe(true);
    expect(risks[0]?.reason).toMatch(
      /^restoring the spec: acme-corp's volume logs \(50 GB\) will be destroyed/,
    );
  });
});

describe('customerDrift: risks, each in the direction that matters', () => {
  const itemOf = (edit: (graph: ResourceGraph) => void, address: string) => {
    const item = drift(observed(edit)).items.find((i) => i.address === address);
    if (item === undefined) throw new Error(`no drift of ${address}`);
    return item;
  };

  it('tells the live state of a firewall opened to the world, not what closing it does', () => {
    const address = 'aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24';
    const item = itemOf((g) => {
      attributesOf(g, address).cidr_ipv4 = '0.0.0.0/0';
    }, address);
    expect(item.change.risks.map((r) => [r.severity, r.code, restoresSpec(r)])).toEqual([
      ['security', 'admin-port-open', false],
    ]);
  });

  it('tells no risk of restoring a firewall rule someone narrowed: the spec asks for it as it is', () => {
    const address = 'aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24';
    const item = itemOf((g) => {
      attributesOf(g, address).cidr_ipv4 = '203.0.113.5/32';
    }, address);
    expect(item.change.risks).toEqual([]);
  });

  it('tells what restoring a resized server does, not the resize already done', () => {
    const item = itemOf((g) => {
      attributesOf(g, 'aws_instance.server').instance_type = 't3.xlarge';
    }, 'aws_instance.server');
    expect(item.change.risks.map((r) => [r.code, r.reason])).toEqual([
      [
        'server-resized',
        'restoring the spec: acme-corp: the server changes size t3.xlarge → t3.large: it is stopped and started (~2 min downtime)',
      ],
    ]);
  });

  it('tells a lost customer tag as the live state: its cost is not counted now', () => {
    const item = itemOf((g) => {
      const live = attributesOf(g, 'aws_ebs_volume.data');
      const { 'neo:customer': _gone, ...rest } = live.tags as Record<string, string>;
      live.tags = rest;
    }, 'aws_ebs_volume.data');
    expect(item.change.risks.map((r) => [r.severity, r.code, restoresSpec(r)])).toEqual([
      ['customer-visible', 'cost-allocation-tag', false],
    ]);
  });

  it('tells a risk both directions share once, as the live state', () => {
    // A volume moved to another zone: both the drift and its repair replace it.
    const item = itemOf((g) => {
      attributesOf(g, 'aws_ebs_volume.data').availability_zone = 'us-east-2b';
    }, 'aws_ebs_volume.data');
    expect(item.change.risks.map((r) => [r.severity, r.code, restoresSpec(r)])).toEqual([
      ['data-loss', 'volume-replaced', false],
    ]);
  });

  it('tells a stopped server as the live state, and what starting it does', () => {
    const item = itemOf((g) => {
      attributesOf(g, 'aws_ec2_instance_state.server').state = 'stopped';
    }, 'aws_ec2_instance_state.server');
    expect(item.change.risks.map((r) => [r.code, restoresSpec(r)])).toEqual([['server-started', true]]);
  });

  it('says nothing of the risks of restoring a resource that was never neo’s', () => {
    const report = drift(
      observed(
        (g) =>
          g.resources.set(
            'aws_ebs_volume.unmanaged_vol-0feed000000001',
            graphResource('aws_ebs_volume.unmanaged_vol-0feed000000001', { size: 500, type: 'gp3' }),
          ),
        ['aws_ebs_volume.unmanaged_vol-0feed000000001'],
      ),
    );
    expect(report.items.flatMap((i) => i.change.risks)).toEqual([]);
  });

  it('is a risk of restoring the spec only when it says so', () => {
    const risk = { severity: 'data-loss', code: 'server-replaced', address: 'aws_instance.server' } as const;
    expect(restoresSpec({ ...risk, reason: 'restoring the spec: the root disk is lost' })).toBe(true);
    expect(
      restoresSpec({ ...risk, reason: "acme-corp's server will be replaced; restoring the spec: no" }),
    ).toBe(false);
  });
});

describe('customerDrift: what a missing resource takes with it', () => {
  it('reports a terminated server once, with its state, attachment and address association under it', () => {
    const report = drift(
      observed((g) => {
        for (const address of [
          'aws_instance.server',
          'aws_ec2_instance_state.server',
          'aws_volume_attachment.data',
          'aws_eip_association.server',
        ])
          g.resources.delete(address);
      }),
    );
    expect(lines(report)).toEqual(['missing aws_instance.server']);
    expect(report.items[0]?.consequences.sort()).toEqual([
      'aws_ec2_instance_state.server',
      'aws_eip_association.server',
      'aws_volume_attachment.data',
    ]);
  });

  it('reports a released address once, with the records that still point at it', () => {
    const report = drift(
      observed((g) => {
        g.resources.delete('aws_eip.server');
        g.resources.delete('aws_eip_association.server');
        attributesOf(g, 'aws_route53_record.apex_a').records = ['203.0.113.10'];
      }),
    );
    expect(lines(report)).toEqual(['missing aws_eip.server']);
    expect(report.items[0]?.consequences.sort()).toEqual([
      'aws_eip_association.server',
      'aws_route53_record.apex_a',
    ]);
  });

  it('reports a record apart when it changed in more than pointing at the released address', () => {
    const report = drift(
      observed((g) => {
        g.resources.delete('aws_eip.server');
        g.resources.delete('aws_eip_association.server');
        Object.assign(attributesOf(g, 'aws_route53_record.apex_a'), { records: ['203.0.113.10'], ttl: 60 });
      }),
    );
    expect(lines(report)).toEqual([
      'missing aws_eip.server',
      'modified aws_route53_record.apex_a records ttl',
    ]);
    expect(report.items.map((i) => i.consequences)).toEqual([['aws_eip_association.server'], []]);
  });

  it('reports what hangs on a deleted subnet under it, through the server that was in it', () => {
    const report = drift(
      observed((g) => {
        for (const address of [
          'aws_subnet.public',
          'aws_instance.server',
          'aws_ec2_instance_state.server',
          'aws_volume_attachment.data',
          'aws_eip_association.server',
        ])
          g.resources.delete(address);
      }),
    );
    expect(lines(report)).toEqual(['missing aws_subnet.public']);
    expect(report.items[0]?.consequences.sort()).toEqual([
      'aws_ec2_instance_state.server',
      'aws_eip_association.server',
      'aws_instance.server',
      'aws_volume_attachment.data',
    ]);
  });

  it('reports a VPC stripped of its tags missing, what was in it under it, and no echo of it', () => {
    // Without its tags the VPC is someone else's, and what is in it refers to a raw id. Restoring
    // it replaces the subnet and the group; what refers to those reads `‹x.id› → ‹x.id›`.
    const report = drift(
      observed(
        (g) => {
          g.resources.delete('aws_vpc.main');
          g.resources.set(
            'aws_vpc.unmanaged_vpc-0a1b2c3d4e5f60001',
            graphResource('aws_vpc.unmanaged_vpc-0a1b2c3d4e5f60001', { cidr_block: '10.20.0.0/16' }),
          );
          attributesOf(g, 'aws_subnet.public').vpc_id = 'vpc-0a1b2c3d4e5f60001';
          attributesOf(g, 'aws_security_group.server').vpc_id = 'vpc-0a1b2c3d4e5f60001';
        },
        ['aws_vpc.unmanaged_vpc-0a1b2c3d4e5f60001'],
      ),
    );
    expect(lines(report).sort()).toEqual([
      'missing aws_vpc.main',
      'unmanaged aws_vpc.unmanaged_vpc-0a1b2c3d4e5f60001',
    ]);
    const vpc = report.items.find((i) => i.address === 'aws_vpc.main');
    expect(vpc?.consequences.sort()).toEqual(['aws_security_group.server', 'aws_subnet.public']);
  });
});
