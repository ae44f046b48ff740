// The mocked copy of a faithful account serves what real AWS adds beside neo's resources; the
// observers must read back what was applied and nothing of the rest.
import { describe, expect, it } from 'vitest';
import { awsCloud } from '../../../src/cloud/aws/index.js';
import { type AwsAccount, accountOf, type StoredResource } from '../../helpers/aws-account.js';
import { mockAccount } from '../../helpers/aws-mock.js';

const REGION = 'us-east-2';
const neo = (address: string) => ({ 'neo:customer': 'harbor', 'neo:resource': address });

function stored(
  type: string,
  id: string,
  attributes: StoredResource['attributes'],
  extra: Partial<StoredResource> = {},
): StoredResource {
  const address = `${type}.main`;
  return { type, id, region: REGION, tags: neo(address), attributes, exports: { id }, ...extra };
}

/** One customer as the local cloud would store it after an apply. */
const APPLIED: StoredResource[] = [
  stored('aws_vpc', 'vpc-0000000000000000a', { cidr_block: '10.60.0.0/16' }),
  stored('aws_subnet', 'subnet-0000000000000000b', {
    vpc_id: 'vpc-0000000000000000a',
    cidr_block: '10.60.0.0/24',
    availability_zone: 'us-east-2a',
    map_public_ip_on_launch: true,
  }),
  stored('aws_internet_gateway', 'igw-0000000000000000c', { vpc_id: 'vpc-0000000000000000a' }),
  stored(
    'aws_eip',
    'eipalloc-0000000000000000d',
    { domain: 'vpc' },
    { exports: { id: 'eipalloc-0000000000000000d', public_ip: '3.150.20.7' } },
  ),
  stored('aws_nat_gateway', 'nat-0000000000000000e', {
    subnet_id: 'subnet-0000000000000000b',
    allocation_id: 'eipalloc-0000000000000000d',
    connectivity_type: 'public',
  }),
  stored('aws_security_group', 'sg-0000000000000000f', {
    name: 'harbor-web',
    description: 'Web server of harbor',
    vpc_id: 'vpc-0000000000000000a',
  }),
  stored('aws_instance', 'i-00000000000000010', {
    ami: 'ami-0e83be366243f524a',
    instance_type: 't3.small',
    subnet_id: 'subnet-0000000000000000b',
    vpc_security_group_ids: ['sg-0000000000000000f'],
    monitoring: true,
    metadata_options: { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 },
    root_block_device: { volume_size: 20, volume_type: 'gp3', encrypted: true, delete_on_termination: true },
  }),
  stored(
    'aws_ec2_instance_state',
    'i-00000000000000010',
    { instance_id: 'i-00000000000000010', state: 'running' },
    { tags: {} },
  ),
  stored(
    'aws_eip',
    'eipalloc-00000000000000011',
    { domain: 'vpc' },
    { exports: { id: 'eipalloc-00000000000000011', public_ip: '3.150.20.8' } },
  ),
  stored(
    'aws_eip_association',
    'eipassoc-00000000000000012',
    { allocation_id: 'eipalloc-00000000000000011', instance_id: 'i-00000000000000010' },
    { tags: {} },
  ),
  stored(
    'aws_route53_zone',
    'Z00000000000000000013',
    { name: 'harbor.example', comment: 'NEO customer harbor' },
    {
      region: undefined,
    },
  ),
  stored(
    'aws_route53_record',
    'Z00000000000000000013_harbor.example_A',
    {
      zone_id: 'Z00000000000000000013',
      name: 'harbor.example',
      type: 'A',
      ttl: 300,
      records: ['3.150.20.8'],
    },
    { region: undefined, tags: {} },
  ),
];

const ec2 = (account: AwsAccount) => account.regions.get(REGION)?.instances ?? [];

describe('the mocked copy of a faithful account', () => {
  it('serves what AWS adds: the replaced server, interfaces, public names, the default VPC, alias records', () => {
    const account = accountOf(APPLIED);
    const region = account.regions.get(REGION);
    const [server, replaced, bastion] = ec2(account);
    expect(server?.PublicIpAddress).toBe('3.150.20.8');
    expect(server?.PublicDnsName).toBe('ec2-3-150-20-8.us-east-2.compute.amazonaws.com');
    expect(server?.NetworkInterfaces?.[0]?.Association?.PublicIp).toBe('3.150.20.8');
    expect(replaced?.State).toEqual({ Code: 48, Name: 'terminated' });
    expect(replaced?.Tags).toEqual(server?.Tags);
    expect(bastion?.VpcId).toBe(region?.vpcs.find((vpc) => vpc.IsDefault)?.VpcId);
    expect(region?.natGateways.map((gateway) => gateway.State)).toEqual(['available', 'deleted']);
    const natAddress = region?.addresses.find((a) => a.AllocationId === 'eipalloc-0000000000000000d');
    expect(natAddress?.AssociationId).toMatch(/^eipassoc-/);
    expect(natAddress?.InstanceId).toBeUndefined();
    expect(region?.routeTables.filter((table) => table.Associations?.[0]?.Main)).toHaveLength(2);
    const aliases = account.zones.flatMap((zone) => zone.records).filter((record) => record.AliasTarget);
    expect(aliases.length).toBeGreaterThan(0);
  });

  it('reads back exactly what was applied, nothing AWS added', async () => {
    const aws = mockAccount(accountOf(APPLIED));
    const cloud = awsCloud({ regions: [REGION], ec2: aws.ec2, route53: aws.route53, sleep: async () => {} });
    const { resources } = await cloud.inventory();
    const key = (r: { type: string; id: string }) => `${r.type} ${r.id}`;
    expect(resources.map(key).sort()).toEqual(APPLIED.map(key).sort());
    for (const resource of resources) {
      const applied = APPLIED.find((r) => key(r) === key(resource));
      expect(resource.attributes, key(resource)).toMatchObject(applied?.attributes ?? {});
    }
  });
});
