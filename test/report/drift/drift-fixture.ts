import type { CustomerDrift, DriftItem, DriftReport, OrphanedResource } from '../../../src/cloud/index.js';
import type { AttributeChange, ResourceChange, Risk } from '../../../src/diff/index.js';
import type { Leaf } from '../../../src/graph/index.js';

/**
 * A drift report written by hand, shaped like what `customerDrift` produces for a night in which
 * someone resized a server and opened SSH in the console, an EIP was released, a volume was
 * tuned, a server's root volume was swapped, and a former customer's resources were left behind.
 */
export function driftFixture(): DriftReport {
  return {
    formatVersion: 1,
    cloud: 'aws',
    observedAt: '2026-11-25T03:00:12.418Z',
    customers: [
      customer('acme-corp', [
        modified('aws_instance.server', 'i-0a1b2c3d4e5f60718', [
          attribute('instance_type', 't3.medium', 't3.large'),
          attribute('tags.owner', undefined, 'j.doe'),
        ]),
        modified(
          'aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24',
          'sgr-0b7c6d5e4f3a2b1c0',
          [attribute('cidr_ipv4', '203.0.113.0/24', '0.0.0.0/0')],
          [
            risk(
              'security',
              'admin-port-open',
              'acme-corp: SSH (port 22) opens to the whole internet (0.0.0.0/0)',
            ),
          ],
        ),
        unmanaged('aws_instance.unmanaged_i_0f3a9c1d2e4b5a697', 'i-0f3a9c1d2e4b5a697', {
          ami: 'ami-0c55b159cbfafe1f0',
          instance_type: 't3.xlarge',
          key_name: 'ops-laptop',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference, as the diff holds it.
          subnet_id: '${aws_subnet.public.id}',
          'tags.Name': 'load-test',
        }),
      ]),
      customer('bluefin-bakery', [
        missing(
          'aws_eip.server',
          { domain: 'vpc', 'tags.Name': 'bluefin-bakery-server', 'tags.neo:customer': 'bluefin-bakery' },
          ['aws_eip_association.server', 'aws_route53_record.apex_a'],
          [
            risk(
              'customer-visible',
              'public-ip-changes',
              'bluefin-bakery: the public IP address changes: update DNS hosted elsewhere and any allow-lists',
            ),
          ],
        ),
        modified('aws_ebs_volume.data', 'vol-0e4d3c2b1a0f9e8d7', [
          attribute('iops', 3000, 6000),
          attribute('throughput', 125, 250),
        ]),
      ]),
      customer('kestrel-legal', [
        modified(
          'aws_instance.server',
          'i-07d6c5b4a3928170f',
          [
            {
              ...attribute('ami', 'ami-0a8b6c4d2e0f13579', 'ami-0f9e8d7c6b5a43210'),
              forcesReplacement: true,
            },
          ],
          [
            risk(
              'data-loss',
              'server-replaced',
              "kestrel-legal's server will be replaced (ami): the data volume stays; the root disk is lost, ~3 min downtime",
            ),
          ],
          ['ami'],
        ),
        modified(
          'aws_route53_record.www_a',
          'Z0823456KESTRELZONE_www.kestrel-legal.example_A',
          [attribute('records', ['198.51.100.20'], ['192.0.2.50']), attribute('ttl', 300, 60)],
          [
            risk(
              'customer-visible',
              'site-dns-changes',
              'kestrel-legal: the A record of www.kestrel-legal.example changes',
            ),
          ],
        ),
        {
          ...unmanaged('aws_ebs_volume.addon_storage_ebs_100', 'vol-0123456789abcdef0', {
            availability_zone: 'us-east-2a',
            size: 100,
            type: 'gp3',
          }),
          formerAddress: 'aws_ebs_volume.addon_storage_ebs_100',
        },
      ]),
      customer('lumen-analytics', []),
      customer('tidewater-travel', []),
    ],
    orphans: [
      orphan('oldco', 'aws_instance', 'i-0d1e2f3a4b5c6d7e8', 'us-east-2', 'aws_instance.server'),
      orphan('oldco', 'aws_ebs_volume', 'vol-0a9b8c7d6e5f4a3b2', 'us-east-2', 'aws_ebs_volume.data'),
      orphan('oldco', 'aws_eip', 'eipalloc-0f1e2d3c4b5a69788', 'us-east-2', 'aws_eip.server'),
      orphan('oldco', 'aws_route53_zone', 'Z04123456OLDCOZONE01', undefined, 'aws_route53_zone.main'),
      orphan('oldco', 'aws_vpc', 'vpc-0c1d2e3f4a5b6c7d8', 'us-east-2', 'aws_vpc.main'),
      orphan('harbor-cafe', 'aws_ebs_volume', 'vol-0fedcba9876543210', 'eu-west-1'),
    ],
    calls: { ec2: 58, route53: 1110 },
  };
}

export function customer(customerId: string, items: DriftItem[]): CustomerDrift {
  return { customerId, file: `customers/${customerId}.yaml`, items };
}

export function attribute(path: string, before: Leaf | undefined, after: Leaf | undefined): AttributeChange {
  return {
    path,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
  };
}

export function risk(severity: Risk['severity'], code: string, reason: string): Risk {
  return { severity, code, address: '', reason };
}

export function modified(
  address: string,
  cloudId: string,
  attributes: AttributeChange[],
  risks: Risk[] = [],
  replacedBecause?: string[],
): DriftItem {
  const action = replacedBecause === undefined ? 'update' : 'replace';
  const extra = replacedBecause === undefined ? {} : { replacedBecause };
  return item('modified', change(address, action, attributes, risks, extra), cloudId);
}

export function missing(
  address: string,
  before: Record<string, Leaf>,
  consequences: string[],
  risks: Risk[] = [],
): DriftItem {
  const attributes = Object.entries(before).map(([path, value]) => attribute(path, value, undefined));
  return { ...item('missing', change(address, 'delete', attributes, risks)), consequences };
}

export function unmanaged(
  address: string,
  cloudId: string,
  after: Record<string, Leaf>,
  risks: Risk[] = [],
): DriftItem {
  const attributes = Object.entries(after).map(([path, value]) => attribute(path, undefined, value));
  return item('unmanaged', change(address, 'create', attributes, risks), cloudId);
}

function item(kind: DriftItem['kind'], change: ResourceChange, cloudId?: string): DriftItem {
  return {
    kind,
    address: change.address,
    type: change.type,
    ...(cloudId === undefined ? {} : { cloudId }),
    change,
    consequences: [],
  };
}

function change(
  address: string,
  action: ResourceChange['action'],
  attributes: AttributeChange[],
  risks: Risk[],
  extra: Partial<ResourceChange> = {},
): ResourceChange {
  const [type = '', name = ''] = address.split('.');
  return {
    address,
    type,
    name,
    action,
    attributes,
    ...extra,
    risks: risks.map((r) => ({ ...r, address })),
  };
}

function orphan(
  customerId: string,
  type: string,
  id: string,
  region: string | undefined,
  address?: string,
): OrphanedResource {
  return {
    customerId,
    type,
    id,
    ...(region === undefined ? {} : { region }),
    ...(address === undefined ? {} : { address }),
  };
}
