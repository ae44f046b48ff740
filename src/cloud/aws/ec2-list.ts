import {
  type Address,
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
  type EC2Client,
  type Filter,
  type Instance,
  type InternetGateway,
  type NatGateway,
  type Reservation,
  type RouteTable,
  type SecurityGroup,
  type SecurityGroupRule,
  type Subnet,
  type Volume,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { rootMapping } from './ec2-compute.js';
import { allPages, FILTER_VALUES_MAX, inChunks, present } from './pages.js';
import { NEO_TAG_KEYS } from './resource.js';

// One function per EC2 listing: each is filtered and paginated with the largest page the API
// allows, so a sweep costs pages rather than customers.

/** Sends a command to one region's client through the caller (rate limit, retries, count). */
export interface Reader {
  send<C extends object, O>(command: C, run: (client: EC2Client, command: C) => Promise<O>): Promise<O>;
}

/** Terminated instances linger in listings for an hour; they are gone for neo. */
const LIVE_INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped', 'shutting-down'] as const;
const GONE_NAT_STATES: ReadonlySet<string> = new Set(['deleted', 'deleting', 'failed']);

/** `tag-key` values are ORed: anything carrying either neo tag. A new object for each input. */
function tagged(): Filter {
  return { Name: 'tag-key', Values: [...NEO_TAG_KEYS] };
}

export function listVpcs(reader: Reader, filter: Filter = tagged()): Promise<Vpc[]> {
  return allPages(
    (NextToken) =>
      reader.send(new DescribeVpcsCommand({ Filters: [filter], MaxResults: 1000, NextToken }), (c, command) =>
        c.send(command),
      ),
    (page) => page.Vpcs,
  );
}

export function listSubnets(reader: Reader, filter: Filter = tagged()): Promise<Subnet[]> {
  return allPages(
    (NextToken) =>
      reader.send(
        new DescribeSubnetsCommand({ Filters: [filter], MaxResults: 1000, NextToken }),
        (c, command) => c.send(command),
      ),
    (page) => page.Subnets,
  );
}

export function listInternetGateways(reader: Reader, filter: Filter = tagged()): Promise<InternetGateway[]> {
  return allPages(
    (NextToken) =>
      reader.send(
        new DescribeInternetGatewaysCommand({ Filters: [filter], MaxResults: 1000, NextToken }),
        (c, command) => c.send(command),
      ),
    (page) => page.InternetGateways,
  );
}

/** 100 is this API's maximum page. */
export function listRouteTables(reader: Reader, filter: Filter = tagged()): Promise<RouteTable[]> {
  return allPages(
    (NextToken) =>
      reader.send(
        new DescribeRouteTablesCommand({ Filters: [filter], MaxResults: 100, NextToken }),
        (c, command) => c.send(command),
      ),
    (page) => page.RouteTables,
  );
}

/** By VPC: a NAT gateway created from the console in a customer's VPC has no neo tag. */
export async function listNatGateways(reader: Reader, vpcIds: string[]): Promise<NatGateway[]> {
  const gateways = await inChunks(vpcIds, FILTER_VALUES_MAX, (chunk) =>
    allPages(
      (NextToken) =>
        reader.send(
          new DescribeNatGatewaysCommand({
            Filter: [idFilter('vpc-id', chunk)],
            MaxResults: 1000,
            NextToken,
          }),
          (c, command) => c.send(command),
        ),
      (page) => page.NatGateways,
    ),
  );
  return gateways.filter((gateway) => !GONE_NAT_STATES.has(gateway.State ?? ''));
}

/**
 * Groups by VPC (AWS's own `default` group of each VPC left out), then their rules by group:
 * rules added in the console carry no tags, so only the group finds them.
 */
export async function listGroupsAndRules(
  reader: Reader,
  vpcIds: string[],
): Promise<{ securityGroups: SecurityGroup[]; rules: SecurityGroupRule[] }> {
  const all = await inChunks(vpcIds, FILTER_VALUES_MAX, (chunk) =>
    allPages(
      (NextToken) =>
        reader.send(
          new DescribeSecurityGroupsCommand({
            Filters: [idFilter('vpc-id', chunk)],
            MaxResults: 1000,
            NextToken,
          }),
          (c, command) => c.send(command),
        ),
      (page) => page.SecurityGroups,
    ),
  );
  const securityGroups = all.filter((group) => group.GroupName !== 'default');
  const groupIds = securityGroups.map((group) => group.GroupId).filter(present);
  const rules = await inChunks(groupIds, FILTER_VALUES_MAX, (chunk) =>
    allPages(
      (NextToken) =>
        reader.send(
          new DescribeSecurityGroupRulesCommand({
            Filters: [idFilter('group-id', chunk)],
            MaxResults: 1000,
            NextToken,
          }),
          (c, command) => c.send(command),
        ),
      (page) => page.SecurityGroupRules,
    ),
  );
  return { securityGroups, rules };
}

/** All live instances of the region: one filter cannot say "in these VPCs or tagged". */
export function listReservations(reader: Reader): Promise<Reservation[]> {
  return allPages(
    (NextToken) =>
      reader.send(
        new DescribeInstancesCommand({
          Filters: [{ Name: 'instance-state-name', Values: [...LIVE_INSTANCE_STATES] }],
          MaxResults: 1000,
          NextToken,
        }),
        (c, command) => c.send(command),
      ),
    (page) => page.Reservations,
  );
}

export function listTaggedVolumes(reader: Reader): Promise<Volume[]> {
  return listVolumes(reader, tagged());
}

/**
 * Root volumes of instances neo did not launch carry no tags; without them the instance's
 * `root_block_device` would be half empty. Read by id, 200 to a call; usually none.
 */
export function listUntaggedRootVolumes(
  reader: Reader,
  instances: Instance[],
  tagged: Volume[],
): Promise<Volume[]> {
  const known = new Set(tagged.map((volume) => volume.VolumeId));
  const missing = instances
    .map((instance) => rootMapping(instance)?.Ebs?.VolumeId)
    .filter((id): id is string => id !== undefined && !known.has(id));
  return inChunks(missing, FILTER_VALUES_MAX, (chunk) => listVolumes(reader, idFilter('volume-id', chunk)));
}

export function listVolumes(reader: Reader, filter: Filter): Promise<Volume[]> {
  return allPages(
    (NextToken) =>
      reader.send(
        new DescribeVolumesCommand({ Filters: [filter], MaxResults: 1000, NextToken }),
        (c, command) => c.send(command),
      ),
    (page) => page.Volumes,
  );
}

/** DescribeAddresses has no pagination; the filter keeps the answer to neo's addresses. */
export async function listAddresses(reader: Reader, filter: Filter = tagged()): Promise<Address[]> {
  const output = await reader.send(new DescribeAddressesCommand({ Filters: [filter] }), (c, command) =>
    c.send(command),
  );
  return output.Addresses ?? [];
}

/** Ids for an EC2 filter: `vpc-id`, `subnet-id`, `volume-id`, `allocation-id`… */
export function idFilter(name: string, ids: string[]): Filter {
  return { Name: name, Values: ids };
}
