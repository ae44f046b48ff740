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
): Promise<CloudResource[]> {
  const reader: Reader = {
    send: (command, run) => caller.send({ service: 'ec2', region }, command, (sent) => run(client, sent)),
  };
  const listing = await listRegion(region, reader);
  return [...networkResources(listing), ...computeResources(listing)];
}

async function listRegion(region: string, reader: Reader): Promise<Ec2Listing> {
  const vpcs = await listVpcs(reader);
  const vpcIds = vpcs.map((vpc) => vpc.VpcId).filter(present);
  if (vpcIds.length === 0) {
    // No customer network here: only tagged volumes and addresses left behind can be.
    const [volumes, addresses] = await Promise.all([listTaggedVolumes(reader), listAddresses(reader)]);
    return { ...emptyListing(region), volumes, addresses };
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
  const instances = customerInstances(reservations, new Set(vpcIds));
  const rootVolumes = await listUntaggedRootVolumes(reader, instances, volumes);
  const account = vpcs[0]?.OwnerId ?? reservations[0]?.OwnerId;
  return {
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
    volumes: [...volumes, ...rootVolumes],
    addresses,
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

/** Instances in a customer VPC (launched from the console, say) or tagged for a customer. */
function customerInstances(reservations: Reservation[], vpcIds: Set<string>): Instance[] {
  return reservations
    .flatMap((reservation) => reservation.Instances ?? [])
    .filter((instance) => vpcIds.has(instance.VpcId ?? '') || hasNeoTag(instance.Tags));
}
