import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Filter,
  type Tag,
} from '@aws-sdk/client-ec2';
import {
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandInput,
  ListTagsForResourcesCommand,
  type ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { awsCloud } from '../../src/cloud/aws/index.js';
import type { Cloud } from '../../src/cloud/index.js';
import { type AwsAccount, type Ec2Region, emptyRegion } from './aws-account.js';

export interface MockOptions {
  /** Milliseconds each call takes, per service. */
  latencyMs?: Partial<Record<'ec2' | 'route53', number>>;
  /** Token buckets as AWS runs them; a call finding the bucket empty is throttled. */
  buckets?: { ec2: Bucket; route53: Bucket };
  /** Milliseconds, for the buckets' refill; `performance.now` unless a test drives the time. */
  clock?: () => number;
}

export interface Bucket {
  capacity: number;
  perSecond: number;
}

/**
 * AWS's documented buckets: EC2 describe calls 100 burst / 20 per s in each region; Route53 50 /
 * 10 per s for the whole account. EC2 keeps a bucket per action too; one bucket for all of a
 * region's describe calls is stricter than AWS, so what passes here passes there.
 */
export const AWS_BUCKETS = {
  ec2: { capacity: 100, perSecond: 20 },
  route53: { capacity: 50, perSecond: 10 },
};

export interface MockedAws {
  ec2: (region: string) => EC2Client;
  route53: Route53Client;
  /** Calls served, per service and per operation. */
  calls: Record<string, number>;
  throttled: Record<string, number>;
  /**
   * Someone else working in the same account (Terraform refreshing, a person in the console):
   * clients of their own, counted apart, drawing on the same buckets.
   */
  alongside(): MockedAws;
}

/** SDK clients whose `send` serves `account` with AWS's filtering and pagination semantics. */
export function mockAccount(account: AwsAccount, options: MockOptions = {}): MockedAws {
  return clientsOf(account, options, accountBuckets(options));
}

function clientsOf(account: AwsAccount, options: MockOptions, buckets: AccountBuckets): MockedAws {
  const calls: Record<string, number> = {};
  const throttled: Record<string, number> = {};
  const clients = new Map<string, EC2Client>();
  const ec2 = (region: string) => {
    let client = clients.get(region);
    if (client === undefined) {
      client = new EC2Client({ region, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } });
      const gate = limiter('ec2', buckets(`ec2:${region}`), options, calls, throttled);
      serveEc2(client, account.regions.get(region) ?? emptyRegion(), gate);
      clients.set(region, client);
    }
    return client;
  };
  const route53 = new Route53Client({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
  });
  serveRoute53(route53, account, limiter('route53', buckets('route53'), options, calls, throttled));
  return { ec2, route53, calls, throttled, alongside: () => clientsOf(account, options, buckets) };
}

/** Takes a token if there is one; false when the caller is throttled. */
type Take = () => boolean;

/** The account's buckets by key (`route53`, `ec2:<region>`), each made on its first call. */
type AccountBuckets = (key: string) => Take;

function accountBuckets(options: MockOptions): AccountBuckets {
  const clock = options.clock ?? (() => performance.now());
  const made = new Map<string, Take>();
  return (key) => {
    let take = made.get(key);
    if (take === undefined) {
      const bucket = options.buckets?.[key === 'route53' ? 'route53' : 'ec2'];
      take = bucket === undefined ? () => true : tokenBucket(bucket, clock);
      made.set(key, take);
    }
    return take;
  };
}

/** Full at first; refilled at its rate up to its capacity, as time passes on `clock`. */
function tokenBucket(bucket: Bucket, clock: () => number): Take {
  let tokens = bucket.capacity;
  let refilled = clock();
  return () => {
    const now = clock();
    tokens = Math.min(bucket.capacity, tokens + ((now - refilled) / 1000) * bucket.perSecond);
    refilled = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

type Gate = <T>(operation: string, answer: () => T) => Promise<T>;

function limiter(
  service: 'ec2' | 'route53',
  take: Take,
  options: MockOptions,
  calls: Record<string, number>,
  throttled: Record<string, number>,
): Gate {
  return async (operation, answer) => {
    calls[service] = (calls[service] ?? 0) + 1;
    calls[operation] = (calls[operation] ?? 0) + 1;
    if (!take()) {
      throttled[service] = (throttled[service] ?? 0) + 1;
      const name = service === 'ec2' ? 'RequestLimitExceeded' : 'Throttling';
      throw Object.assign(new Error('Rate exceeded'), {
        name,
        Code: name,
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      });
    }
    const latency = options.latencyMs?.[service];
    if (latency) await new Promise((resolve) => setTimeout(resolve, latency));
    return answer();
  };
}

function serveEc2(client: EC2Client, region: Ec2Region, gate: Gate): void {
  const mock = mockClient(client);
  const list =
    <T>(
      operation: string,
      items: T[],
      key: string,
      fields: (item: T, filter: string) => string[] | undefined,
    ) =>
    (input: { Filters?: Filter[]; MaxResults?: number; NextToken?: string }) =>
      gate(`ec2:${operation}`, () =>
        page(
          items.filter((item) => filtersMatch(input.Filters, (name) => fields(item, name))),
          key,
          input,
        ),
      );
  const tagged = (tags: Tag[] | undefined, name: string) => tagValues(tags, name);
  mock
    .on(DescribeVpcsCommand)
    .callsFake(
      list(
        'DescribeVpcs',
        region.vpcs,
        'Vpcs',
        (x, f) => tagged(x.Tags, f) ?? field(f, { 'vpc-id': x.VpcId }),
      ),
    );
  mock
    .on(DescribeSubnetsCommand)
    .callsFake(
      list(
        'DescribeSubnets',
        region.subnets,
        'Subnets',
        (x, f) => tagged(x.Tags, f) ?? field(f, { 'vpc-id': x.VpcId, 'subnet-id': x.SubnetId }),
      ),
    );
  mock.on(DescribeInternetGatewaysCommand).callsFake(
    list(
      'DescribeInternetGateways',
      region.internetGateways,
      'InternetGateways',
      (x, f) =>
        tagged(x.Tags, f) ??
        field(f, {
          'attachment.vpc-id': x.Attachments?.[0]?.VpcId,
          'internet-gateway-id': x.InternetGatewayId,
        }),
    ),
  );
  mock
    .on(DescribeNatGatewaysCommand)
    .callsFake((input) =>
      list(
        'DescribeNatGateways',
        region.natGateways,
        'NatGateways',
        (x, f) => tagged(x.Tags, f) ?? field(f, { 'vpc-id': x.VpcId, state: x.State }),
      )({ ...input, Filters: input.Filter }),
    );
  mock
    .on(DescribeRouteTablesCommand)
    .callsFake(
      list(
        'DescribeRouteTables',
        region.routeTables,
        'RouteTables',
        (x, f) => tagged(x.Tags, f) ?? field(f, { 'vpc-id': x.VpcId, 'route-table-id': x.RouteTableId }),
      ),
    );
  mock
    .on(DescribeSecurityGroupsCommand)
    .callsFake(
      list(
        'DescribeSecurityGroups',
        region.securityGroups,
        'SecurityGroups',
        (x, f) => tagged(x.Tags, f) ?? field(f, { 'vpc-id': x.VpcId, 'group-name': x.GroupName }),
      ),
    );
  mock
    .on(DescribeSecurityGroupRulesCommand)
    .callsFake(
      list(
        'DescribeSecurityGroupRules',
        region.securityGroupRules,
        'SecurityGroupRules',
        (x, f) => tagged(x.Tags, f) ?? field(f, { 'group-id': x.GroupId }),
      ),
    );
  mock
    .on(DescribeVolumesCommand)
    .callsFake(
      list(
        'DescribeVolumes',
        region.volumes,
        'Volumes',
        (x, f) =>
          tagged(x.Tags, f) ??
          field(f, { 'attachment.instance-id': x.Attachments?.[0]?.InstanceId, 'volume-id': x.VolumeId }),
      ),
    );
  mock.on(DescribeAddressesCommand).callsFake((input) =>
    gate('ec2:DescribeAddresses', () => ({
      Addresses: region.addresses.filter((x) =>
        filtersMatch(
          input.Filters,
          (f) =>
            tagged(x.Tags, f) ?? field(f, { 'instance-id': x.InstanceId, 'allocation-id': x.AllocationId }),
        ),
      ),
    })),
  );
  mock.on(DescribeInstancesCommand).callsFake((input) =>
    gate('ec2:DescribeInstances', () => {
      const matching = region.instances.filter((x) =>
        filtersMatch(
          input.Filters,
          (f) => tagged(x.Tags, f) ?? field(f, { 'vpc-id': x.VpcId, 'instance-state-name': x.State?.Name }),
        ),
      );
      const { Instances, NextToken } = page(matching, 'Instances', input) as {
        Instances: unknown[];
        NextToken?: string;
      };
      return {
        Reservations: Instances.map((instance) => ({
          ReservationId: 'r-0123456789abcdef0',
          Instances: [instance],
        })),
        NextToken,
      };
    }),
  );
}

function serveRoute53(client: Route53Client, account: AwsAccount, gate: Gate): void {
  const mock = mockClient(client);
  mock.on(ListHostedZonesCommand).callsFake((input) =>
    gate('route53:ListHostedZones', () => {
      const size = Number(input.MaxItems ?? 100);
      const start = input.Marker === undefined ? 0 : Number(input.Marker);
      const zones = account.zones.slice(start, start + size).map((z) => z.zone);
      const more = start + size < account.zones.length;
      return {
        HostedZones: zones,
        IsTruncated: more,
        MaxItems: String(size),
        ...(more ? { NextMarker: String(start + size) } : {}),
      };
    }),
  );
  mock.on(ListTagsForResourcesCommand).callsFake((input) =>
    gate('route53:ListTagsForResources', () => {
      if ((input.ResourceIds ?? []).length > 10)
        throw Object.assign(new Error('at most 10 ids'), { name: 'InvalidInput' });
      return {
        ResourceTagSets: (input.ResourceIds ?? []).map((id: string) => ({
          ResourceType: 'hostedzone' as const,
          ResourceId: id,
          Tags: account.zones.find((z) => z.zone.Id === `/hostedzone/${id}`)?.tags ?? [],
        })),
      };
    }),
  );
  mock.on(ListResourceRecordSetsCommand).callsFake((input) =>
    gate('route53:ListResourceRecordSets', () => {
      const zone = account.zones.find(
        (z) => z.zone.Id === `/hostedzone/${input.HostedZoneId}` || z.zone.Id === input.HostedZoneId,
      );
      if (zone === undefined)
        throw Object.assign(new Error('No hosted zone found'), {
          name: 'NoSuchHostedZone',
          $metadata: { httpStatusCode: 404 },
        });
      return recordPage(zone.records, input);
    }),
  );
}

/** Route53's order: names compared label by label from the right, then type, then set id. */
function recordKey(name: string, type: string, id = ''): string {
  return `${name.replace(/\.$/, '').split('.').reverse().join('.')}\u0000${type}\u0000${id}`;
}

function recordPage(records: ResourceRecordSet[], input: ListResourceRecordSetsCommandInput) {
  const sorted = [...records].sort((a, b) =>
    recordKey(a.Name ?? '', a.Type ?? '', a.SetIdentifier) <
    recordKey(b.Name ?? '', b.Type ?? '', b.SetIdentifier)
      ? -1
      : 1,
  );
  const from =
    input.StartRecordName === undefined
      ? ''
      : recordKey(input.StartRecordName, input.StartRecordType ?? '', input.StartRecordIdentifier);
  const rest = sorted.filter((r) => recordKey(r.Name ?? '', r.Type ?? '', r.SetIdentifier) >= from);
  const size = Number(input.MaxItems ?? 300);
  const next = rest[size];
  return {
    ResourceRecordSets: rest.slice(0, size),
    IsTruncated: next !== undefined,
    MaxItems: String(size),
    ...(next === undefined
      ? {}
      : {
          NextRecordName: next.Name,
          NextRecordType: next.Type,
          ...(next.SetIdentifier ? { NextRecordIdentifier: next.SetIdentifier } : {}),
        }),
  };
}

function page<T>(items: T[], key: string, input: { MaxResults?: number; NextToken?: string }) {
  const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
  const size = input.MaxResults ?? items.length;
  const end = start + size;
  return { [key]: items.slice(start, end), ...(end < items.length ? { NextToken: String(end) } : {}) };
}

function filtersMatch(
  filters: Filter[] | undefined,
  fields: (name: string) => string[] | undefined,
): boolean {
  return (filters ?? []).every((filter) => {
    const values = fields(filter.Name ?? '');
    if (values === undefined)
      throw Object.assign(new Error(`The filter '${filter.Name}' is invalid`), {
        name: 'InvalidParameterValue',
      });
    return values.some((value) => (filter.Values ?? []).includes(value));
  });
}

function tagValues(tags: Tag[] | undefined, filter: string): string[] | undefined {
  if (filter === 'tag-key') return (tags ?? []).map((t) => t.Key ?? '');
  if (filter.startsWith('tag:'))
    return (tags ?? []).filter((t) => t.Key === filter.slice(4)).map((t) => t.Value ?? '');
  return undefined;
}

function field(name: string, fields: Record<string, string | undefined>): string[] | undefined {
  if (!Object.hasOwn(fields, name)) return undefined;
  const value = fields[name];
  return value === undefined ? [] : [value];
}

/** neo's AWS cloud reading the mocked `account` in the examples' regions, never waiting between retries. */
export function mockedAwsCloud(account: AwsAccount): Cloud {
  const aws = mockAccount(account);
  return awsCloud({
    regions: ['us-east-2', 'us-east-1'],
    ec2: aws.ec2,
    route53: aws.route53,
    sleep: async () => {},
  });
}
