import { createHash } from 'node:crypto';
import type {
  Address,
  AttachmentStatus,
  Instance,
  InstanceNetworkInterface,
  InternetGateway,
  NatGateway,
  Route,
  RouteTable,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  Tag,
  Volume,
  Vpc,
} from '@aws-sdk/client-ec2';
import type { HostedZone, ResourceRecordSet, Tag as ZoneTag } from '@aws-sdk/client-route-53';
import type { StoredResource } from '../../src/cloud/local/index.js';

/** A resource as the local cloud stores it: resolved values, Terraform attribute names. */
export type { StoredResource } from '../../src/cloud/local/index.js';

/** One region's EC2 resources, exactly as the Describe APIs return them. */
export interface Ec2Region {
  vpcs: Vpc[];
  subnets: Subnet[];
  internetGateways: InternetGateway[];
  natGateways: NatGateway[];
  routeTables: RouteTable[];
  securityGroups: SecurityGroup[];
  securityGroupRules: SecurityGroupRule[];
  instances: Instance[];
  volumes: Volume[];
  addresses: Address[];
}

export interface HostedZoneData {
  zone: HostedZone;
  tags: ZoneTag[];
  records: ResourceRecordSet[];
}

/** An AWS account as its APIs would describe it: what the fake SDK clients serve. */
export interface AwsAccount {
  regions: Map<string, Ec2Region>;
  zones: HostedZoneData[];
}

export const ACCOUNT_ID = '123456789012';

export function emptyRegion(): Ec2Region {
  return {
    vpcs: [],
    subnets: [],
    internetGateways: [],
    natGateways: [],
    routeTables: [],
    securityGroups: [],
    securityGroupRules: [],
    instances: [],
    volumes: [],
    addresses: [],
  };
}

/**
 * The account a faithful apply of these resources would leave, as AWS answers for it: with what
 * AWS adds on its own (each VPC's default security group and its rules, main route table and
 * local routes, the region's default VPC, apex NS and SOA records), what it adds to each
 * resource (interfaces, private and public addresses and names, ARNs, timestamps), what lingers
 * after an earlier apply (the server each one replaced, terminated; a deleted NAT gateway), and
 * what the platform keeps beside the customers (a bastion, an untagged zone with alias records, a
 * private zone). Readers must skip all of it.
 */
export function accountOf(resources: readonly StoredResource[]): AwsAccount {
  const account: AwsAccount = { regions: new Map(), zones: [] };
  const byId = new Map(resources.map((r) => [r.id, r]));
  const regionName = (r: StoredResource) => r.region ?? 'us-east-2';
  const region = (r: StoredResource): Ec2Region => {
    const name = regionName(r);
    let found = account.regions.get(name);
    if (found === undefined) {
      found = emptyRegion();
      account.regions.set(name, found);
    }
    return found;
  };
  const of = (type: string) => resources.filter((r) => r.type === type);
  for (const r of of('aws_vpc')) addVpc(region(r), r, regionName(r));
  for (const r of of('aws_subnet')) region(r).subnets.push(subnetOf(r, regionName(r)));
  for (const r of of('aws_internet_gateway')) region(r).internetGateways.push(igwOf(r));
  for (const r of of('aws_nat_gateway')) region(r).natGateways.push(natOf(r, byId, resources));
  for (const r of of('aws_route_table')) region(r).routeTables.push(routeTableOf(r, resources, byId));
  for (const r of of('aws_security_group')) region(r).securityGroups.push(groupOf(r, regionName(r)));
  for (const r of [
    ...of('aws_vpc_security_group_ingress_rule'),
    ...of('aws_vpc_security_group_egress_rule'),
  ]) {
    region(r).securityGroupRules.push(ruleOf(r, regionName(r)));
  }
  for (const r of of('aws_instance')) addInstance(region(r), r, resources, byId, regionName(r));
  for (const r of of('aws_ebs_volume')) region(r).volumes.push(volumeOf(r, resources));
  for (const r of of('aws_eip')) region(r).addresses.push(addressOf(r, resources, regionName(r)));
  for (const r of of('aws_route53_zone')) account.zones.push(zoneOf(r, resources));
  for (const [name, found] of account.regions) addLeftovers(name, found);
  if (account.zones.length > 0) account.zones.push(...platformZones());
  return account;
}

/** 17 hex digits standing for an id AWS chose, the same for the same `key`. */
function madeUp(key: string, length = 17): string {
  return createHash('sha256').update(key).digest('hex').slice(0, length);
}

/** A public address AWS would pick (documentation ranges are not routable, these look real). */
function publicIpFor(key: string): string {
  const [a = 0, b = 0] = Buffer.from(madeUp(key, 4), 'hex');
  return `3.${128 + (a % 100)}.${b}.${(a + b) % 250}`;
}

const LAUNCHED = new Date('2026-11-30T08:21:38.000Z');
const REPLACED = new Date('2026-10-02T14:04:12.000Z');

/**
 * What an earlier apply left for AWS to forget (the server each one replaced, terminated and
 * still listed; the NAT gateway each one replaced, deleted) and the region's default VPC with
 * a bastion the platform team launched there.
 */
function addLeftovers(name: string, region: Ec2Region): void {
  const live = region.instances.filter((instance) => (instance.Tags ?? []).length > 0);
  for (const instance of live) region.instances.push(replacedServer(instance));
  for (const gateway of [...region.natGateways]) {
    region.natGateways.push({
      ...structuredClone(gateway),
      NatGatewayId: `nat-${madeUp(`deleted ${gateway.NatGatewayId}`)}`,
      State: 'deleted',
      CreateTime: REPLACED,
      DeleteTime: LAUNCHED,
    });
  }
  if (region.vpcs.length > 0) addDefaultVpc(name, region);
}

/** A terminated instance keeps its tags, type and image; AWS strips its network and devices. */
function replacedServer(instance: Instance): Instance {
  return {
    InstanceId: `i-${madeUp(`replaced ${instance.InstanceId}`)}`,
    ImageId: instance.ImageId,
    InstanceType: instance.InstanceType,
    KeyName: instance.KeyName,
    LaunchTime: REPLACED,
    Placement: instance.Placement,
    State: { Code: 48, Name: 'terminated' },
    StateReason: {
      Code: 'Client.UserInitiatedShutdown',
      Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
    },
    StateTransitionReason: 'User initiated (2026-11-30 08:19:57 GMT)',
    PrivateDnsName: '',
    PublicDnsName: '',
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    BlockDeviceMappings: [],
    NetworkInterfaces: [],
    SecurityGroups: [],
    Monitoring: { State: 'disabled' },
    Architecture: 'x86_64',
    Hypervisor: 'xen',
    VirtualizationType: 'hvm',
    Tags: structuredClone(instance.Tags),
  };
}

/** Every region has one, untagged: its subnet, gateway, main table, default group and a bastion. */
function addDefaultVpc(name: string, region: Ec2Region): void {
  const vpcId = `vpc-${madeUp(`default ${name}`)}`;
  const subnetId = `subnet-${madeUp(`default ${name}`)}`;
  const groupId = `sg-${madeUp(`default ${name}`)}`;
  const zone = `${name}a`;
  region.vpcs.push({
    VpcId: vpcId,
    CidrBlock: '172.31.0.0/16',
    State: 'available',
    OwnerId: ACCOUNT_ID,
    IsDefault: true,
    InstanceTenancy: 'default',
  });
  region.subnets.push({
    SubnetId: subnetId,
    SubnetArn: `arn:aws:ec2:${name}:${ACCOUNT_ID}:subnet/${subnetId}`,
    VpcId: vpcId,
    CidrBlock: '172.31.0.0/20',
    AvailabilityZone: zone,
    MapPublicIpOnLaunch: true,
    DefaultForAz: true,
    State: 'available',
    OwnerId: ACCOUNT_ID,
  });
  const gatewayId = `igw-${madeUp(`default ${name}`)}`;
  region.internetGateways.push({
    InternetGatewayId: gatewayId,
    Attachments: [{ VpcId: vpcId, State: 'available' as AttachmentStatus }],
    OwnerId: ACCOUNT_ID,
    Tags: [],
  });
  region.routeTables.push({
    ...mainRouteTable(vpcId, '172.31.0.0/16'),
    Routes: [
      localRoute('172.31.0.0/16'),
      { DestinationCidrBlock: '0.0.0.0/0', GatewayId: gatewayId, Origin: 'CreateRoute', State: 'active' },
    ],
  });
  region.securityGroups.push(defaultGroup(groupId, vpcId, name));
  region.securityGroupRules.push(...defaultGroupRules(groupId, name));
  const bastionId = `i-${madeUp(`bastion ${name}`)}`;
  const address = publicIpFor(bastionId);
  region.instances.push({
    InstanceId: bastionId,
    ImageId: 'ami-0b8b44ec9a8f90422',
    InstanceType: 't4g.nano',
    KeyName: 'ops',
    LaunchTime: REPLACED,
    SubnetId: subnetId,
    VpcId: vpcId,
    Placement: { AvailabilityZone: zone, Tenancy: 'default' },
    State: { Code: 16, Name: 'running' },
    SecurityGroups: [{ GroupId: groupId, GroupName: 'default' }],
    Monitoring: { State: 'disabled' },
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    BlockDeviceMappings: [],
    PublicIpAddress: address,
    PublicDnsName: publicDnsName(address, name),
    NetworkInterfaces: [
      networkInterface(bastionId, subnetId, vpcId, [groupId], '172.31.7.201', name, address),
    ],
    Tags: [{ Key: 'Name', Value: 'ops-bastion' }],
  });
}

function localRoute(cidr: string | undefined): Route {
  return { DestinationCidrBlock: cidr, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' };
}

/** The table AWS makes with a VPC, associated as its main one, untagged. */
function mainRouteTable(vpcId: string, cidr: string | undefined): RouteTable {
  const id = `rtb-${madeUp(`main ${vpcId}`)}`;
  return {
    RouteTableId: id,
    VpcId: vpcId,
    OwnerId: ACCOUNT_ID,
    Routes: [localRoute(cidr)],
    Associations: [
      {
        Main: true,
        RouteTableAssociationId: `rtbassoc-${madeUp(`main ${vpcId}`)}`,
        RouteTableId: id,
        AssociationState: { State: 'associated' },
      },
    ],
    PropagatingVgws: [],
    Tags: [],
  };
}

function defaultGroup(groupId: string, vpcId: string, region: string): SecurityGroup {
  return {
    GroupId: groupId,
    GroupName: 'default',
    Description: 'default VPC security group',
    VpcId: vpcId,
    OwnerId: ACCOUNT_ID,
    SecurityGroupArn: `arn:aws:ec2:${region}:${ACCOUNT_ID}:security-group/${groupId}`,
    Tags: [],
  };
}

/** Members of the default group reach each other; everything may go out. */
function defaultGroupRules(groupId: string, region: string): SecurityGroupRule[] {
  const rule = (kind: string, fields: SecurityGroupRule): SecurityGroupRule => {
    const id = `sgr-${madeUp(`${kind} ${groupId}`)}`;
    return {
      SecurityGroupRuleId: id,
      GroupId: groupId,
      GroupOwnerId: ACCOUNT_ID,
      IpProtocol: '-1',
      FromPort: -1,
      ToPort: -1,
      SecurityGroupRuleArn: `arn:aws:ec2:${region}:${ACCOUNT_ID}:security-group-rule/${id}`,
      Tags: [],
      ...fields,
    };
  };
  return [
    rule('ingress', { IsEgress: false, ReferencedGroupInfo: { GroupId: groupId, UserId: ACCOUNT_ID } }),
    rule('egress', { IsEgress: true, CidrIpv4: '0.0.0.0/0' }),
  ];
}

function publicDnsName(address: string, region: string): string {
  return `ec2-${address.replaceAll('.', '-')}.${region}.compute.amazonaws.com`;
}

function privateDnsName(address: string, region: string): string {
  return `ip-${address.replaceAll('.', '-')}.${region}.compute.internal`;
}

/** The primary interface AWS gives an instance, with its public address when it has one. */
function networkInterface(
  instanceId: string,
  subnetId: string | undefined,
  vpcId: string | undefined,
  groupIds: string[],
  privateIp: string,
  region: string,
  publicIp: string | undefined,
  ipOwner = 'amazon',
): InstanceNetworkInterface {
  const association = publicIp && {
    Association: { IpOwnerId: ipOwner, PublicIp: publicIp, PublicDnsName: publicDnsName(publicIp, region) },
  };
  return {
    ...association,
    Attachment: {
      AttachmentId: `eni-attach-${madeUp(`attach ${instanceId}`)}`,
      AttachTime: LAUNCHED,
      DeleteOnTermination: true,
      DeviceIndex: 0,
      NetworkCardIndex: 0,
      Status: 'attached',
    },
    Description: '',
    Groups: groupIds.map((GroupId) => ({ GroupId })),
    MacAddress: `02:${madeUp(`mac ${instanceId}`, 10).match(/../g)?.join(':')}`,
    NetworkInterfaceId: `eni-${madeUp(`eni ${instanceId}`)}`,
    OwnerId: ACCOUNT_ID,
    PrivateDnsName: privateDnsName(privateIp, region),
    PrivateIpAddress: privateIp,
    PrivateIpAddresses: [
      {
        ...association,
        Primary: true,
        PrivateDnsName: privateDnsName(privateIp, region),
        PrivateIpAddress: privateIp,
      },
    ],
    SourceDestCheck: true,
    Status: 'in-use',
    SubnetId: subnetId,
    VpcId: vpcId,
    InterfaceType: 'interface',
  };
}

/** A private address in the subnet's block, the same for the same instance. */
function privateIpIn(cidr: string | undefined, key: string): string {
  const [a = '10', b = '0', c = '0'] = (cidr ?? '10.0.0.0/24').split('.');
  return `${a}.${b}.${c}.${4 + (Number.parseInt(madeUp(key, 2), 16) % 240)}`;
}

/** The platform's own zone (untagged, alias records beside plain ones) and a private zone. */
function platformZones(): HostedZoneData[] {
  const apex = (name: string, servers: string[]): ResourceRecordSet[] => [
    { Name: name, Type: 'NS', TTL: 172800, ResourceRecords: servers.map((Value) => ({ Value })) },
    {
      Name: name,
      Type: 'SOA',
      TTL: 900,
      ResourceRecords: [{ Value: `${servers[0]} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400` }],
    },
  ];
  const platform = 'Z06158392HT2W8K4VLX1C';
  return [
    {
      zone: {
        Id: `/hostedzone/${platform}`,
        Name: 'neo-hosting.example.',
        CallerReference: '2b1c7d5e-8f3a-4e6b-9c2d-1a0f5e4d3c2b',
        Config: { Comment: '', PrivateZone: false },
        ResourceRecordSetCount: 5,
      },
      tags: [{ Key: 'team', Value: 'platform' }],
      records: [
        {
          Name: 'neo-hosting.example.',
          Type: 'A',
          AliasTarget: {
            HostedZoneId: 'Z2FDTNDATAQYW2',
            DNSName: 'd1x7k2m9q3r5t8.cloudfront.net.',
            EvaluateTargetHealth: false,
          },
        },
        ...apex('neo-hosting.example.', ['ns-204.awsdns-25.com.', 'ns-1467.awsdns-55.org.']),
        {
          Name: 'status.neo-hosting.example.',
          Type: 'CNAME',
          TTL: 300,
          ResourceRecords: [{ Value: 'neo-hosting.statuspage.example' }],
        },
        {
          Name: 'www.neo-hosting.example.',
          Type: 'A',
          AliasTarget: {
            HostedZoneId: platform,
            DNSName: 'neo-hosting.example.',
            EvaluateTargetHealth: false,
          },
        },
      ],
    },
    {
      zone: {
        Id: '/hostedzone/Z09442871KQ7Y3M5NB2TA',
        Name: 'ops.internal.',
        CallerReference: 'c4e1a9f7-2b6d-4d8e-a3f5-7b9c0d1e2f3a',
        Config: { Comment: 'Operations (VPC only)', PrivateZone: true },
        ResourceRecordSetCount: 3,
      },
      tags: [],
      records: [
        ...apex('ops.internal.', ['ns-0.awsdns-00.com.', 'ns-1024.awsdns-00.org.']),
        { Name: 'bastion.ops.internal.', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '172.31.7.201' }] },
      ],
    },
  ];
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const num = (value: unknown) => (typeof value === 'number' ? value : undefined);
const ec2Tags = (tags: Record<string, string>): Tag[] =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

function addVpc(region: Ec2Region, r: StoredResource, name: string): void {
  const cidr = str(r.attributes.cidr_block);
  region.vpcs.push({
    VpcId: r.id,
    CidrBlock: cidr,
    CidrBlockAssociationSet: [
      {
        AssociationId: `vpc-cidr-assoc-${madeUp(`cidr ${r.id}`)}`,
        CidrBlock: cidr,
        CidrBlockState: { State: 'associated' },
      },
    ],
    State: 'available',
    OwnerId: ACCOUNT_ID,
    InstanceTenancy: 'default',
    DhcpOptionsId: `dopt-${madeUp(`dhcp ${name}`)}`,
    Tags: ec2Tags(r.tags),
    IsDefault: false,
  });
  const groupId = `sg-${r.id.slice(4)}d`;
  region.securityGroups.push(defaultGroup(groupId, r.id, name));
  region.securityGroupRules.push(...defaultGroupRules(groupId, name));
  region.routeTables.push(mainRouteTable(r.id, cidr));
}

function subnetOf(r: StoredResource, region: string): Subnet {
  const a = r.attributes;
  return {
    SubnetId: r.id,
    SubnetArn: `arn:aws:ec2:${region}:${ACCOUNT_ID}:subnet/${r.id}`,
    OwnerId: ACCOUNT_ID,
    DefaultForAz: false,
    AvailableIpAddressCount: 250,
    VpcId: str(a.vpc_id),
    CidrBlock: str(a.cidr_block),
    AvailabilityZone: str(a.availability_zone),
    MapPublicIpOnLaunch: a.map_public_ip_on_launch === true,
    State: 'available',
    Tags: ec2Tags(r.tags),
  };
}

function igwOf(r: StoredResource): InternetGateway {
  return {
    InternetGatewayId: r.id,
    // AWS answers `available` for an attached gateway, outside the SDK's enum.
    Attachments: [{ VpcId: str(r.attributes.vpc_id), State: 'available' as AttachmentStatus }],
    OwnerId: ACCOUNT_ID,
    Tags: ec2Tags(r.tags),
  };
}

function natOf(
  r: StoredResource,
  byId: Map<string, StoredResource>,
  all: readonly StoredResource[],
): NatGateway {
  const a = r.attributes;
  const subnet = byId.get(str(a.subnet_id) ?? '');
  const allocation = str(a.allocation_id);
  return {
    NatGatewayId: r.id,
    SubnetId: str(a.subnet_id),
    VpcId: str(subnet?.attributes.vpc_id),
    State: 'available',
    CreateTime: LAUNCHED,
    ConnectivityType: a.connectivity_type === 'private' ? 'private' : 'public',
    NatGatewayAddresses: [
      {
        AllocationId: allocation,
        NetworkInterfaceId: natInterface(r.id),
        PrivateIp: privateIpIn(str(subnet?.attributes.cidr_block), r.id),
        PublicIp: str(all.find((x) => x.id === allocation)?.exports.public_ip),
        AssociationId: `eipassoc-${madeUp(`nat ${r.id}`)}`,
        IsPrimary: true,
        Status: 'succeeded',
      },
    ],
    Tags: ec2Tags(r.tags),
  };
}

function natInterface(natId: string): string {
  return `eni-${madeUp(`eni ${natId}`)}`;
}

function routeTableOf(
  r: StoredResource,
  all: readonly StoredResource[],
  byId: Map<string, StoredResource>,
): RouteTable {
  const vpc = byId.get(str(r.attributes.vpc_id) ?? '');
  const routes = all.filter((x) => x.type === 'aws_route' && x.attributes.route_table_id === r.id);
  const associations = all.filter(
    (x) => x.type === 'aws_route_table_association' && x.attributes.route_table_id === r.id,
  );
  return {
    RouteTableId: r.id,
    VpcId: str(r.attributes.vpc_id),
    OwnerId: ACCOUNT_ID,
    Tags: ec2Tags(r.tags),
    Routes: [
      {
        DestinationCidrBlock: str(vpc?.attributes.cidr_block),
        GatewayId: 'local',
        Origin: 'CreateRouteTable',
        State: 'active',
      },
      ...routes.map((x) => ({
        DestinationCidrBlock: str(x.attributes.destination_cidr_block),
        ...(x.attributes.gateway_id ? { GatewayId: str(x.attributes.gateway_id) } : {}),
        ...(x.attributes.nat_gateway_id ? { NatGatewayId: str(x.attributes.nat_gateway_id) } : {}),
        Origin: 'CreateRoute' as const,
        State: 'active' as const,
      })),
    ],
    Associations: associations.map((x) => ({
      RouteTableAssociationId: x.id,
      RouteTableId: r.id,
      SubnetId: str(x.attributes.subnet_id),
      Main: false,
      AssociationState: { State: 'associated' as const },
    })),
  };
}

function groupOf(r: StoredResource, region: string): SecurityGroup {
  const a = r.attributes;
  return {
    GroupId: r.id,
    SecurityGroupArn: `arn:aws:ec2:${region}:${ACCOUNT_ID}:security-group/${r.id}`,
    IpPermissions: [],
    IpPermissionsEgress: [],
    GroupName: str(a.name),
    Description: str(a.description),
    VpcId: str(a.vpc_id),
    OwnerId: ACCOUNT_ID,
    Tags: ec2Tags(r.tags),
  };
}

function ruleOf(r: StoredResource, region: string): SecurityGroupRule {
  const a = r.attributes;
  const all = a.ip_protocol === '-1';
  return {
    SecurityGroupRuleId: r.id,
    SecurityGroupRuleArn: `arn:aws:ec2:${region}:${ACCOUNT_ID}:security-group-rule/${r.id}`,
    GroupId: str(a.security_group_id),
    GroupOwnerId: ACCOUNT_ID,
    IsEgress: r.type.endsWith('egress_rule'),
    IpProtocol: str(a.ip_protocol),
    FromPort: all ? -1 : num(a.from_port),
    ToPort: all ? -1 : num(a.to_port),
    ...(a.cidr_ipv4 ? { CidrIpv4: str(a.cidr_ipv4) } : {}),
    ...(a.cidr_ipv6 ? { CidrIpv6: str(a.cidr_ipv6) } : {}),
    ...(a.referenced_security_group_id
      ? { ReferencedGroupInfo: { GroupId: str(a.referenced_security_group_id), UserId: ACCOUNT_ID } }
      : {}),
    ...(a.description ? { Description: str(a.description) } : {}),
    Tags: ec2Tags(r.tags),
  };
}

function addInstance(
  region: Ec2Region,
  r: StoredResource,
  all: readonly StoredResource[],
  byId: Map<string, StoredResource>,
  regionName: string,
): void {
  const a = r.attributes;
  const root = (a.root_block_device ?? {}) as Record<string, unknown>;
  const subnet = byId.get(str(a.subnet_id) ?? '');
  const state = all.find((x) => x.type === 'aws_ec2_instance_state' && x.attributes.instance_id === r.id);
  const attachments = all.filter(
    (x) => x.type === 'aws_volume_attachment' && x.attributes.instance_id === r.id,
  );
  const rootVolumeId = `vol-${r.id.slice(2)}r`;
  const metadata = (a.metadata_options ?? {}) as Record<string, unknown>;
  const stateName = state?.attributes.state === 'stopped' ? 'stopped' : 'running';
  const vpcId = str(subnet?.attributes.vpc_id);
  const groupIds = (a.vpc_security_group_ids ?? []) as string[];
  const privateIp = privateIpIn(str(subnet?.attributes.cidr_block), r.id);
  const elasticIp = elasticIpOf(r.id, all);
  // A stopped instance keeps its Elastic IP; an address AWS picked is given back.
  const ephemeral =
    stateName === 'running' && subnet?.attributes.map_public_ip_on_launch === true
      ? publicIpFor(r.id)
      : undefined;
  const publicIp = elasticIp ?? ephemeral;
  region.instances.push({
    InstanceId: r.id,
    ImageId: str(a.ami),
    InstanceType: str(a.instance_type) as Instance['InstanceType'],
    SubnetId: str(a.subnet_id),
    VpcId: vpcId,
    Placement: {
      AvailabilityZone: str(subnet?.attributes.availability_zone),
      GroupName: '',
      Tenancy: 'default',
    },
    LaunchTime: LAUNCHED,
    AmiLaunchIndex: 0,
    ProductCodes: [],
    ClientToken: `terraform-${madeUp(`token ${r.id}`, 26)}`,
    Architecture: 'x86_64',
    Hypervisor: 'xen',
    VirtualizationType: 'hvm',
    EbsOptimized: true,
    EnaSupport: true,
    SourceDestCheck: true,
    PrivateIpAddress: privateIp,
    PrivateDnsName: privateDnsName(privateIp, regionName),
    PublicDnsName: publicIp ? publicDnsName(publicIp, regionName) : '',
    ...(publicIp ? { PublicIpAddress: publicIp } : {}),
    NetworkInterfaces: [
      networkInterface(
        r.id,
        str(a.subnet_id),
        vpcId,
        groupIds,
        privateIp,
        regionName,
        publicIp,
        elasticIp ? ACCOUNT_ID : 'amazon',
      ),
    ],
    ...(stateName === 'stopped'
      ? {
          StateTransitionReason: 'User initiated (2026-11-30 09:02:11 GMT)',
          StateReason: {
            Code: 'Client.UserInitiatedShutdown',
            Message: 'Client.UserInitiatedShutdown: User initiated shutdown',
          },
        }
      : { StateTransitionReason: '' }),
    SecurityGroups: groupIds.map((GroupId) => ({
      GroupId,
      GroupName: byId.get(GroupId)?.attributes.name as string,
    })),
    ...(a.key_name ? { KeyName: str(a.key_name) } : {}),
    ...(a.iam_instance_profile
      ? {
          IamInstanceProfile: {
            Arn: `arn:aws:iam::${ACCOUNT_ID}:instance-profile/${str(a.iam_instance_profile)}`,
            Id: 'AIPAEXAMPLE0000000001',
          },
        }
      : {}),
    Monitoring: { State: a.monitoring === true ? 'enabled' : 'disabled' },
    MetadataOptions: {
      State: 'applied',
      HttpEndpoint: str(metadata.http_endpoint) as 'enabled',
      HttpTokens: str(metadata.http_tokens) as 'required',
      HttpPutResponseHopLimit: num(metadata.http_put_response_hop_limit),
    },
    State: { Code: stateName === 'running' ? 16 : 80, Name: stateName },
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    BlockDeviceMappings: [
      {
        DeviceName: '/dev/xvda',
        Ebs: {
          VolumeId: rootVolumeId,
          Status: 'attached',
          AttachTime: LAUNCHED,
          DeleteOnTermination: root.delete_on_termination !== false,
        },
      },
      ...attachments.map((x) => ({
        DeviceName: str(x.attributes.device_name),
        Ebs: {
          VolumeId: str(x.attributes.volume_id),
          Status: 'attached' as const,
          AttachTime: LAUNCHED,
          DeleteOnTermination: false,
        },
      })),
    ],
    Tags: ec2Tags(r.tags),
  });
  region.volumes.push({
    VolumeId: rootVolumeId,
    Size: num(root.volume_size),
    VolumeType: str(root.volume_type) as Volume['VolumeType'],
    Iops: num(root.iops),
    Throughput: num(root.throughput),
    Encrypted: root.encrypted === true,
    ...volumeExtras(root.encrypted === true, `snap-${madeUp(`ami ${str(a.ami)}`)}`),
    AvailabilityZone: str(subnet?.attributes.availability_zone),
    State: 'in-use',
    Attachments: [
      {
        InstanceId: r.id,
        VolumeId: rootVolumeId,
        Device: '/dev/xvda',
        State: 'attached',
        AttachTime: LAUNCHED,
        DeleteOnTermination: root.delete_on_termination !== false,
      },
    ],
    Tags: ec2Tags((root.tags ?? {}) as Record<string, string>),
  });
}

function volumeOf(r: StoredResource, all: readonly StoredResource[]): Volume {
  const a = r.attributes;
  const attachment = all.find((x) => x.type === 'aws_volume_attachment' && x.attributes.volume_id === r.id);
  return {
    VolumeId: r.id,
    Size: num(a.size),
    VolumeType: str(a.type) as Volume['VolumeType'],
    Iops: num(a.iops),
    Throughput: num(a.throughput),
    Encrypted: a.encrypted === true,
    ...volumeExtras(a.encrypted === true, ''),
    AvailabilityZone: str(a.availability_zone),
    State: attachment ? 'in-use' : 'available',
    Attachments: attachment
      ? [
          {
            InstanceId: str(attachment.attributes.instance_id),
            VolumeId: r.id,
            Device: str(attachment.attributes.device_name),
            State: 'attached',
            AttachTime: LAUNCHED,
            DeleteOnTermination: false,
          },
        ]
      : [],
    Tags: ec2Tags(r.tags),
  };
}

/** What AWS adds to every volume: when it was made, from which snapshot, with which key. */
function volumeExtras(encrypted: boolean, snapshot: string): Partial<Volume> {
  return {
    CreateTime: LAUNCHED,
    SnapshotId: snapshot,
    MultiAttachEnabled: false,
    ...(encrypted ? { KmsKeyId: `arn:aws:kms:us-east-2:${ACCOUNT_ID}:alias/aws/ebs` } : {}),
  };
}

function elasticIpOf(instanceId: string, all: readonly StoredResource[]): string | undefined {
  const association = all.find(
    (x) => x.type === 'aws_eip_association' && x.attributes.instance_id === instanceId,
  );
  const address = all.find((x) => x.type === 'aws_eip' && x.id === association?.attributes.allocation_id);
  return str(address?.exports.public_ip);
}

/** Associated with an instance, or held by a NAT gateway (an interface, no instance). */
function addressOf(r: StoredResource, all: readonly StoredResource[], region: string): Address {
  const association = all.find(
    (x) => x.type === 'aws_eip_association' && x.attributes.allocation_id === r.id,
  );
  const nat = all.find((x) => x.type === 'aws_nat_gateway' && x.attributes.allocation_id === r.id);
  const instance = str(association?.attributes.instance_id);
  const held = association
    ? {
        AssociationId: association.id,
        InstanceId: instance,
        NetworkInterfaceId: `eni-${madeUp(`eni ${instance}`)}`,
        NetworkInterfaceOwnerId: ACCOUNT_ID,
      }
    : nat
      ? {
          AssociationId: `eipassoc-${madeUp(`nat ${nat.id}`)}`,
          NetworkInterfaceId: natInterface(nat.id),
          NetworkInterfaceOwnerId: ACCOUNT_ID,
        }
      : {};
  return {
    AllocationId: r.id,
    PublicIp: str(r.exports.public_ip),
    Domain: 'vpc',
    PublicIpv4Pool: 'amazon',
    NetworkBorderGroup: region,
    ...held,
    Tags: ec2Tags(r.tags),
  };
}

function zoneOf(r: StoredResource, all: readonly StoredResource[]): HostedZoneData {
  const name = str(r.attributes.name) ?? '';
  const records = all.filter((x) => x.type === 'aws_route53_record' && x.attributes.zone_id === r.id);
  return {
    zone: {
      Id: `/hostedzone/${r.id}`,
      Name: `${name}.`,
      CallerReference: `terraform-${r.id}`,
      Config: { Comment: str(r.attributes.comment), PrivateZone: false },
      ResourceRecordSetCount: records.length + 2,
    },
    tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
    records: [
      {
        Name: `${name}.`,
        Type: 'NS',
        TTL: 172800,
        ResourceRecords: [1, 2, 3, 4].map((n) => ({ Value: `ns-${100 * n}.awsdns-${n}.org.` })),
      },
      {
        Name: `${name}.`,
        Type: 'SOA',
        TTL: 900,
        ResourceRecords: [
          { Value: 'ns-100.awsdns-1.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400' },
        ],
      },
      ...records.map((x) => recordOf(x)),
    ],
  };
}

function recordOf(r: StoredResource): ResourceRecordSet {
  const a = r.attributes;
  const type = str(a.type) as ResourceRecordSet['Type'];
  const quote = (value: string) => (type === 'TXT' ? `"${value.replaceAll('"', '\\"')}"` : value);
  return {
    Name: `${str(a.name)}.`,
    Type: type,
    ...(a.set_identifier ? { SetIdentifier: str(a.set_identifier) } : {}),
    TTL: num(a.ttl),
    ResourceRecords: ((a.records ?? []) as string[]).map((value) => ({ Value: quote(value) })),
  };
}
