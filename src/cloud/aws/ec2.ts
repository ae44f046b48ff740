import type {
  Address,
  EC2Client,
  Instance,
  InternetGateway,
  NatGateway,
  Reservation,
  RouteTable,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  Volume,
  Vpc,
} from '@aws-sdk/client-ec2';
import type { CloudResource } from '../types.js';
import type { Caller } from './call.js';
import { computeResources } from './ec2-compute.js';
import {
  listAddresses,
  listGroupsAndRules,
  listInternetGateways,
  listNatGateways,
  listReservations,
  listRouteTables,
  listSubnets,
  listTaggedVolumes,
  listUntaggedRootVolumes,
  listVpcs,
  type Reader,
} from './ec2-list.js';
import { networkResources } from './ec2-network.js';
import { missingIds, type RecordedIds, readById } from './ec2-recorded.js';
import { present } from './pages.js';
import { hasNeoTag } from './resource.js';

/** What one region's bulk listings returned, before mapping. */
export interface Ec2Listing {
  region: string;
  /** The account, when a listing named it: for ARNs AWS does not return. */
  account: string | undefined;
  vpcs: Vpc[];
  subnets: Subnet[];
  internetGateways: InternetGateway[];
  routeTables: RouteTable[];
  natGateways: NatGateway[];
  securityGroups: SecurityGroup[];
  rules: SecurityGroupRule[];
  instances: Instance[];
  volumes: Volume[];
  addresses: Address[];
}

/** Reads one region's EC2 resources in bulk: calls grow with pages, not with customers. */
export async function readEc2Region(
  region: string,
  client: EC2Client,
  caller: Caller,
  recorded: RecordedIds = new Map(),
): Promise<CloudResource[]> {
  const reader: Reader = {
    send: (command, run) => caller.send({ service: 'ec2', region }, command, (sent) => run(client, sent)),
  };
  const listing = await listRegion(region, reader, recorded);
  return [...networkResources(listing), ...computeResources(listing)];
}

async function listRegion(region: string, reader: Reader, recorded: RecordedIds): Promise<Ec2Listing> {
  const tagged = await listVpcs(reader);
  const vpcs = [
    ...tagged,
    ...(await readById.vpcs(
      reader,
      missingIds(recorded, 'aws_vpc', tagged, (v) => v.VpcId),
    )),
  ];
  const vpcIds = vpcs.map((vpc) => vpc.VpcId).filter(present);
  if (vpcIds.length === 0) {
    // No customer network here: only volumes and addresses left behind can be.
    const [volumes, addresses] = await Promise.all([listTaggedVolumes(reader), listAddresses(reader)]);
    return withRecorded(reader, recorded, { ...emptyListing(region), volumes, addresses });
  }
  const [subnets, internetGateways, routeTables, natGateways, groups, reservations, volumes, addresses] =
    await Promise.all([
      listSubnets(reader),
      listInternetGateways(reader),
      listRouteTables(reader),
      listNatGateways(reader, vpcIds),
      listGroupsAndRules(reader, vpcIds),
      listReservations(reader),
      listTaggedVolumes(reader),
      listAddresses(reader),
    ]);
  const instances = customerInstances(reservations, new Set(vpcIds), recorded.get('aws_instance'));
  const account = vpcs[0]?.OwnerId ?? reservations[0]?.OwnerId;
  const listing = await withRecorded(reader, recorded, {
    region,
    account,
    vpcs,
    subnets,
    internetGateways,
    routeTables,
    natGateways,
    securityGroups: groups.securityGroups,
    rules: groups.rules,
    instances,
    volumes,
    addresses,
  });
  const rootVolumes = await listUntaggedRootVolumes(reader, instances, listing.volumes);
  return { ...listing, volumes: [...listing.volumes, ...rootVolumes] };
}

/** The listing, plus the recorded resources its tag filters missed (see `missingIds`). */
async function withRecorded(reader: Reader, recorded: RecordedIds, listing: Ec2Listing): Promise<Ec2Listing> {
  const more = <T>(
    type: string,
    listed: readonly T[],
    id: (item: T) => string | undefined,
    read: (reader: Reader, ids: string[]) => Promise<T[]>,
  ) => read(reader, missingIds(recorded, type, listed, id));
  const [subnets, internetGateways, routeTables, volumes, addresses] = await Promise.all([
    more('aws_subnet', listing.subnets, (s) => s.SubnetId, readById.subnets),
    more(
      'aws_internet_gateway',
      listing.internetGateways,
      (g) => g.InternetGatewayId,
      readById.internetGateways,
    ),
    more('aws_route_table', listing.routeTables, (t) => t.RouteTableId, readById.routeTables),
    more('aws_ebs_volume', listing.volumes, (v) => v.VolumeId, readById.volumes),
    more('aws_eip', listing.addresses, (a) => a.AllocationId, readById.addresses),
  ]);
  return {
    ...listing,
    subnets: [...listing.subnets, ...subnets],
    internetGateways: [...listing.internetGateways, ...internetGateways],
    routeTables: [...listing.routeTables, ...routeTables],
    volumes: [...listing.volumes, ...volumes],
    addresses: [...listing.addresses, ...addresses],
  };
}

function emptyListing(region: string): Ec2Listing {
  return {
    region,
    account: undefined,
    vpcs: [],
    subnets: [],
    internetGateways: [],
    routeTables: [],
    natGateways: [],
    securityGroups: [],
    rules: [],
    instances: [],
    volumes: [],
    addresses: [],
  };
}

/** Instances in a customer VPC (launched from the console, say), tagged for a customer, or recorded. */
function customerInstances(
  reservations: Reservation[],
  vpcIds: Set<string>,
  recorded: ReadonlySet<string> = new Set(),
): Instance[] {
  return reservations
    .flatMap((reservation) => reservation.Instances ?? [])
    .filter(
      (instance) =>
        vpcIds.has(instance.VpcId ?? '') ||
        hasNeoTag(instance.Tags) ||
        recorded.has(instance.InstanceId ?? ''),
    );
}
