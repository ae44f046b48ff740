import type {
  Address,
  Instance,
  InternetGateway,
  NatGateway,
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
 * The account a faithful apply of these resources would leave, with what AWS adds on its own
 * (each VPC's default security group, local routes, apex NS and SOA records) so readers must
 * skip it.
 */
export function accountOf(resources: readonly StoredResource[]): AwsAccount {
  const account: AwsAccount = { regions: new Map(), zones: [] };
  const byId = new Map(resources.map((r) => [r.id, r]));
  const region = (r: StoredResource): Ec2Region => {
    const name = r.region ?? 'us-east-2';
    let found = account.regions.get(name);
    if (found === undefined) {
      found = emptyRegion();
      account.regions.set(name, found);
    }
    return found;
  };
  const of = (type: string) => resources.filter((r) => r.type === type);
  for (const r of of('aws_vpc')) addVpc(region(r), r);
  for (const r of of('aws_subnet')) region(r).subnets.push(subnetOf(r));
  for (const r of of('aws_internet_gateway')) region(r).internetGateways.push(igwOf(r));
  for (const r of of('aws_nat_gateway')) region(r).natGateways.push(natOf(r, byId));
  for (const r of of('aws_route_table')) region(r).routeTables.push(routeTableOf(r, resources, byId));
  for (const r of of('aws_security_group')) region(r).securityGroups.push(groupOf(r));
  for (const r of [
    ...of('aws_vpc_security_group_ingress_rule'),
    ...of('aws_vpc_security_group_egress_rule'),
  ]) {
    region(r).securityGroupRules.push(ruleOf(r));
  }
  for (const r of of('aws_instance')) addInstance(region(r), r, resources, byId);
  for (const r of of('aws_ebs_volume')) region(r).volumes.push(volumeOf(r, resources));
  for (const r of of('aws_eip')) region(r).addresses.push(addressOf(r, resources));
  for (const r of of('aws_route53_zone')) account.zones.push(zoneOf(r, resources));
  return account;
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const num = (value: unknown) => (typeof value === 'number' ? value : undefined);
const ec2Tags = (tags: Record<string, string>): Tag[] =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

function addVpc(region: Ec2Region, r: StoredResource): void {
  region.vpcs.push({
    VpcId: r.id,
    CidrBlock: str(r.attributes.cidr_block),
    State: 'available',
    OwnerId: ACCOUNT_ID,
    Tags: ec2Tags(r.tags),
    IsDefault: false,
  });
  region.securityGroups.push({
    GroupId: `sg-${r.id.slice(4)}d`,
    GroupName: 'default',
    Description: 'default VPC security group',
    VpcId: r.id,
    OwnerId: ACCOUNT_ID,
    Tags: [],
  });
}

function subnetOf(r: StoredResource): Subnet {
  const a = r.attributes;
  return {
    SubnetId: r.id,
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
    Attachments: [{ VpcId: str(r.attributes.vpc_id), State: 'attached' }],
    OwnerId: ACCOUNT_ID,
    Tags: ec2Tags(r.tags),
  };
}

function natOf(r: StoredResource, byId: Map<string, StoredResource>): NatGateway {
  const a = r.attributes;
  const subnet = byId.get(str(a.subnet_id) ?? '');
  return {
    NatGatewayId: r.id,
    SubnetId: str(a.subnet_id),
    VpcId: str(subnet?.attributes.vpc_id),
    State: 'available',
    ConnectivityType: a.connectivity_type === 'private' ? 'private' : 'public',
    NatGatewayAddresses: [{ AllocationId: str(a.allocation_id) }],
    Tags: ec2Tags(r.tags),
  };
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

function groupOf(r: StoredResource): SecurityGroup {
  const a = r.attributes;
  return {
    GroupId: r.id,
    GroupName: str(a.name),
    Description: str(a.description),
    VpcId: str(a.vpc_id),
    OwnerId: ACCOUNT_ID,
    Tags: ec2Tags(r.tags),
  };
}

function ruleOf(r: StoredResource): SecurityGroupRule {
  const a = r.attributes;
  const all = a.ip_protocol === '-1';
  return {
    SecurityGroupRuleId: r.id,
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
  region.instances.push({
    InstanceId: r.id,
    ImageId: str(a.ami),
    InstanceType: str(a.instance_type) as Instance['InstanceType'],
    SubnetId: str(a.subnet_id),
    VpcId: str(subnet?.attributes.vpc_id),
    Placement: { AvailabilityZone: str(subnet?.attributes.availability_zone) },
    SecurityGroups: ((a.vpc_security_group_ids ?? []) as string[]).map((GroupId) => ({
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
          DeleteOnTermination: root.delete_on_termination !== false,
        },
      },
      ...attachments.map((x) => ({
        DeviceName: str(x.attributes.device_name),
        Ebs: {
          VolumeId: str(x.attributes.volume_id),
          Status: 'attached' as const,
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
    AvailabilityZone: str(subnet?.attributes.availability_zone),
    State: 'in-use',
    Attachments: [
      {
        InstanceId: r.id,
        VolumeId: rootVolumeId,
        Device: '/dev/xvda',
        State: 'attached',
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
    AvailabilityZone: str(a.availability_zone),
    State: attachment ? 'in-use' : 'available',
    Attachments: attachment
      ? [
          {
            InstanceId: str(attachment.attributes.instance_id),
            VolumeId: r.id,
            Device: str(attachment.attributes.device_name),
            State: 'attached',
            DeleteOnTermination: false,
          },
        ]
      : [],
    Tags: ec2Tags(r.tags),
  };
}

function addressOf(r: StoredResource, all: readonly StoredResource[]): Address {
  const association = all.find(
    (x) => x.type === 'aws_eip_association' && x.attributes.allocation_id === r.id,
  );
  return {
    AllocationId: r.id,
    PublicIp: str(r.exports.public_ip),
    Domain: 'vpc',
    ...(association
      ? { AssociationId: association.id, InstanceId: str(association.attributes.instance_id) }
      : {}),
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
