// The account of test/fixtures/aws/: AWS's own answers for one customer (`bluefin`) in the
// middle of ordinary life, loaded into the shape the mocked SDK clients serve.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  DescribeAddressesResult,
  DescribeInstancesResult,
  DescribeInternetGatewaysResult,
  DescribeNatGatewaysResult,
  DescribeRouteTablesResult,
  DescribeSecurityGroupRulesResult,
  DescribeSecurityGroupsResult,
  DescribeSubnetsResult,
  DescribeVolumesResult,
  DescribeVpcsResult,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type {
  ListHostedZonesResponse,
  ListResourceRecordSetsResponse,
  ListTagsForResourcesResponse,
  Route53Client,
} from '@aws-sdk/client-route-53';
import type { AwsAccount, Ec2Region } from '../../helpers/aws-account.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/aws');

export const FIXTURE_REGION = 'us-east-2';

/** The ids the fixture files hold, by what they are. */
export const BLUEFIN = {
  account: '123456789012',
  vpc: 'vpc-04c9e1b7a3f2d8056',
  defaultVpc: 'vpc-0d2b8f6e1a9c37415',
  server: 'i-0a51c4e7d2b9f3816',
  replacedServer: 'i-07d3e9a1c5b2f4860',
  bastion: 'i-0f4c8a2e6b1d93570',
  rootVolume: 'vol-0e7b3d9f1a5c24680',
  dataVolume: 'vol-03f9b5d1e7a2c8460',
  attachingVolume: 'vol-0b5d1f7a3e9c26480',
  detachingVolume: 'vol-06a2e8c4f1b9d3570',
  bastionRoot: 'vol-0d1b7f3a9e5c24680',
  serverEip: 'eipalloc-0a9e5c1f7d3b24680',
  serverEipAssociation: 'eipassoc-06d2a8e4c1f9b3570',
  natEip: 'eipalloc-0b4f8e2a6c1d93570',
  nat: 'nat-0c1e7b3f9a5d24680',
  deletedNat: 'nat-08e4a2c6f1b9d3570',
  mainRouteTable: 'rtb-05b1d7f3a9e2c4680',
  zone: 'Z04817263FJ1XQ2B8C4DE',
  platformZone: 'Z06158392HT2W8K4VLX1C',
  privateZone: 'Z09442871KQ7Y3M5NB2TA',
} as const;

/** Timestamps arrive as `Date`s from the SDK; JSON keeps them as ISO strings. */
function revive(key: string, value: unknown): unknown {
  return typeof value === 'string' && key.endsWith('Time') ? new Date(value) : value;
}

function fixture<T>(path: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, path), 'utf8'), revive) as T;
}

function ec2Region(): Ec2Region {
  const ec2 = <T>(name: string) => fixture<T>(`ec2/${name}.json`);
  return {
    vpcs: ec2<DescribeVpcsResult>('describe-vpcs').Vpcs ?? [],
    subnets: ec2<DescribeSubnetsResult>('describe-subnets').Subnets ?? [],
    internetGateways:
      ec2<DescribeInternetGatewaysResult>('describe-internet-gateways').InternetGateways ?? [],
    natGateways: ec2<DescribeNatGatewaysResult>('describe-nat-gateways').NatGateways ?? [],
    routeTables: ec2<DescribeRouteTablesResult>('describe-route-tables').RouteTables ?? [],
    securityGroups: ec2<DescribeSecurityGroupsResult>('describe-security-groups').SecurityGroups ?? [],
    securityGroupRules:
      ec2<DescribeSecurityGroupRulesResult>('describe-security-group-rules').SecurityGroupRules ?? [],
    instances: (ec2<DescribeInstancesResult>('describe-instances').Reservations ?? []).flatMap(
      (reservation) => reservation.Instances ?? [],
    ),
    volumes: ec2<DescribeVolumesResult>('describe-volumes').Volumes ?? [],
    addresses: ec2<DescribeAddressesResult>('describe-addresses').Addresses ?? [],
  };
}

/** Every record file of the fixtures, by zone id. */
function recordFiles(): Map<string, ListResourceRecordSetsResponse> {
  const prefix = 'list-resource-record-sets.';
  return new Map(
    readdirSync(join(FIXTURES, 'route53'))
      .filter((name) => name.startsWith(prefix))
      .map((name) => [
        name.slice(prefix.length, -'.json'.length),
        fixture<ListResourceRecordSetsResponse>(`route53/${name}`),
      ]),
  );
}

/** A fresh copy each time: tests edit it as a person would edit the account. */
export function fixtureAccount(): AwsAccount {
  const zones = fixture<ListHostedZonesResponse>('route53/list-hosted-zones.json').HostedZones ?? [];
  const tagSets = fixture<ListTagsForResourcesResponse>('route53/list-tags-for-resources.json');
  const records = recordFiles();
  return {
    regions: new Map([[FIXTURE_REGION, ec2Region()]]),
    zones: zones.map((zone) => {
      const id = (zone.Id ?? '').replace('/hostedzone/', '');
      return {
        zone,
        tags: tagSets.ResourceTagSets?.find((set) => set.ResourceId === id)?.Tags ?? [],
        records: records.get(id)?.ResourceRecordSets ?? [],
      };
    }),
  };
}

/** Pages of at most `size` items, whatever neo asks for: EC2 may answer fewer than MaxResults. */
export function smallEc2Pages(client: EC2Client, size: number): EC2Client {
  return withSmallerPages(client, 'MaxResults', size);
}

/** Route53 fills its pages, so small pages stand in for a zone of more than 300 records. */
export function smallRoute53Pages(client: Route53Client, size: number): Route53Client {
  return withSmallerPages(client, 'MaxItems', size);
}

function withSmallerPages<C extends { send: (command: never) => Promise<unknown> }>(
  client: C,
  field: string,
  size: number,
): C {
  const send = (command: { input: Record<string, unknown> }) => {
    const asked = command.input[field];
    if (typeof asked === 'number') command.input[field] = Math.min(asked, size);
    return (client.send as (command: unknown) => Promise<unknown>)(command);
  };
  return { send } as unknown as C;
}
