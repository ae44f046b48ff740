// SDK responses shaped like real AWS output, for one customer (`acme`) in us-east-2, and the
// stubs and fakes the aws cloud's tests share.
import {
  type Address,
  type AttachmentStatus,
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
  type Instance,
  type InternetGateway,
  type NatGateway,
  type RouteTable,
  type SecurityGroup,
  type SecurityGroupRule,
  type Subnet,
  type Tag,
  type Volume,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { type HostedZone, type ResourceRecordSet, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { createCaller, createThrottle, type RateLimits } from '../../../src/cloud/aws/call.js';
import type { Ec2Listing } from '../../../src/cloud/aws/ec2.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-2';

export const IDS = {
  vpc: 'vpc-0a1b2c3d4e5f60718',
  publicSubnet: 'subnet-0b2c3d4e5f6071829',
  privateSubnet: 'subnet-0c3d4e5f607182930',
  igw: 'igw-0d4e5f60718293a4b',
  nat: 'nat-0e5f60718293a4b5c',
  natEip: 'eipalloc-0f60718293a4b5c6d',
  publicRtb: 'rtb-0718293a4b5c6d7e8',
  privateRtb: 'rtb-08293a4b5c6d7e8f9',
  publicAssoc: 'rtbassoc-093a4b5c6d7e8f901',
  privateAssoc: 'rtbassoc-0a4b5c6d7e8f90123',
  defaultSg: 'sg-0b5c6d7e8f9012345',
  webSg: 'sg-0c6d7e8f901234567',
  adminSg: 'sg-0d7e8f90123456789',
  instance: 'i-0e8f901234567890a',
  rootVolume: 'vol-0f901234567890abc',
  dataVolume: 'vol-001234567890abcde',
  eip: 'eipalloc-01234567890abcdef',
  eipAssoc: 'eipassoc-0234567890abcdef1',
  zone: 'Z0123456789ABCDEFGHIJ',
} as const;

/** Tags as AWS returns them; `acme` and its neo address unless told otherwise. */
export function tags(record: Record<string, string>): Tag[] {
  return Object.entries(record).map(([Key, Value]) => ({ Key, Value }));
}

export function neoTags(address: string, extra: Record<string, string> = {}): Tag[] {
  return tags({ 'neo:customer': 'acme', 'neo:resource': address, ...extra });
}

/** A response's `$metadata`, as the SDK attaches it. */
export function ok<T extends object>(body: T): T & { $metadata: object } {
  return {
    ...body,
    $metadata: { httpStatusCode: 200, requestId: 'c0ffee00-1234-4abc-9def-0123456789ab', attempts: 1 },
  };
}

/** An error as the SDK throws it: the AWS error code as `name`, the HTTP status in `$metadata`. */
export function awsError(name: string, httpStatusCode: number, message = 'AWS said no'): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: 'deadbeef-0000-4000-8000-000000000000', attempts: 1 },
  });
}

export const vpc: Vpc = {
  VpcId: IDS.vpc,
  CidrBlock: '10.20.0.0/16',
  State: 'available',
  OwnerId: ACCOUNT,
  InstanceTenancy: 'default',
  IsDefault: false,
  DhcpOptionsId: 'dopt-0a9b8c7d6e5f40312',
  Tags: neoTags('aws_vpc.main', { Name: 'acme' }),
};

export const publicSubnet: Subnet = {
  SubnetId: IDS.publicSubnet,
  SubnetArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${IDS.publicSubnet}`,
  VpcId: IDS.vpc,
  CidrBlock: '10.20.0.0/24',
  AvailabilityZone: 'us-east-2a',
  AvailabilityZoneId: 'use2-az1',
  AvailableIpAddressCount: 250,
  MapPublicIpOnLaunch: true,
  DefaultForAz: false,
  State: 'available',
  OwnerId: ACCOUNT,
  Tags: neoTags('aws_subnet.public'),
};

export const privateSubnet: Subnet = {
  ...publicSubnet,
  SubnetId: IDS.privateSubnet,
  SubnetArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${IDS.privateSubnet}`,
  CidrBlock: '10.20.1.0/24',
  AvailabilityZone: 'us-east-2b',
  AvailabilityZoneId: 'use2-az2',
  MapPublicIpOnLaunch: false,
  Tags: neoTags('aws_subnet.private'),
};

export const internetGateway: InternetGateway = {
  InternetGatewayId: IDS.igw,
  OwnerId: ACCOUNT,
  // AWS reports an internet gateway's attachment as `available`, outside the SDK's enum.
  Attachments: [{ State: 'available' as AttachmentStatus, VpcId: IDS.vpc }],
  Tags: neoTags('aws_internet_gateway.main'),
};

export const natGateway: NatGateway = {
  NatGatewayId: IDS.nat,
  SubnetId: IDS.publicSubnet,
  VpcId: IDS.vpc,
  State: 'available',
  ConnectivityType: 'public',
  CreateTime: new Date('2026-01-12T09:30:00Z'),
  NatGatewayAddresses: [
    {
      AllocationId: IDS.natEip,
      NetworkInterfaceId: 'eni-0123456789abcdef0',
      PrivateIp: '10.20.0.87',
      PublicIp: '3.131.40.12',
      IsPrimary: true,
      Status: 'succeeded',
    },
  ],
  Tags: neoTags('aws_nat_gateway.main'),
};

export const publicRouteTable: RouteTable = {
  RouteTableId: IDS.publicRtb,
  VpcId: IDS.vpc,
  OwnerId: ACCOUNT,
  Routes: [
    { DestinationCidrBlock: '10.20.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
    { DestinationCidrBlock: '0.0.0.0/0', GatewayId: IDS.igw, Origin: 'CreateRoute', State: 'active' },
  ],
  Associations: [
    {
      Main: false,
      RouteTableAssociationId: IDS.publicAssoc,
      RouteTableId: IDS.publicRtb,
      SubnetId: IDS.publicSubnet,
      AssociationState: { State: 'associated' },
    },
  ],
  PropagatingVgws: [],
  Tags: neoTags('aws_route_table.public'),
};

export const privateRouteTable: RouteTable = {
  RouteTableId: IDS.privateRtb,
  VpcId: IDS.vpc,
  OwnerId: ACCOUNT,
  Routes: [
    { DestinationCidrBlock: '10.20.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
    { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: IDS.nat, Origin: 'CreateRoute', State: 'active' },
  ],
  Associations: [
    // The VPC's main association: AWS's default, not a Terraform resource.
    {
      Main: true,
      RouteTableAssociationId: 'rtbassoc-0b5c6d7e8f9012346',
      RouteTableId: IDS.privateRtb,
      AssociationState: { State: 'associated' },
    },
    {
      Main: false,
      RouteTableAssociationId: IDS.privateAssoc,
      RouteTableId: IDS.privateRtb,
      SubnetId: IDS.privateSubnet,
      AssociationState: { State: 'associated' },
    },
  ],
  Tags: neoTags('aws_route_table.private'),
};

export const defaultSecurityGroup: SecurityGroup = {
  GroupId: IDS.defaultSg,
  GroupName: 'default',
  Description: 'default VPC security group',
  VpcId: IDS.vpc,
  OwnerId: ACCOUNT,
  IpPermissions: [],
  IpPermissionsEgress: [],
};

export const webSecurityGroup: SecurityGroup = {
  GroupId: IDS.webSg,
  GroupName: 'acme-web',
  Description: 'Web server of acme',
  VpcId: IDS.vpc,
  OwnerId: ACCOUNT,
  SecurityGroupArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${IDS.webSg}`,
  Tags: neoTags('aws_security_group.web'),
};

export const adminSecurityGroup: SecurityGroup = {
  ...webSecurityGroup,
  GroupId: IDS.adminSg,
  GroupName: 'acme-admin',
  Description: 'Administration hosts of acme',
  SecurityGroupArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${IDS.adminSg}`,
  Tags: neoTags('aws_security_group.admin'),
};

function rule(id: string, fields: SecurityGroupRule): SecurityGroupRule {
  return {
    SecurityGroupRuleId: id,
    GroupId: IDS.webSg,
    GroupOwnerId: ACCOUNT,
    IsEgress: false,
    SecurityGroupRuleArn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group-rule/${id}`,
    ...fields,
  };
}

export const rules: SecurityGroupRule[] = [
  rule('sgr-0a1b2c3d4e5f60001', {
    IpProtocol: 'tcp',
    FromPort: 443,
    ToPort: 443,
    CidrIpv4: '0.0.0.0/0',
    Description: 'HTTPS',
    Tags: neoTags('aws_vpc_security_group_ingress_rule.https'),
  }),
  rule('sgr-0a1b2c3d4e5f60002', {
    IpProtocol: 'tcp',
    FromPort: 443,
    ToPort: 443,
    CidrIpv6: '::/0',
    Tags: neoTags('aws_vpc_security_group_ingress_rule.https_v6'),
  }),
  rule('sgr-0a1b2c3d4e5f60003', {
    IpProtocol: 'tcp',
    FromPort: 22,
    ToPort: 22,
    ReferencedGroupInfo: { GroupId: IDS.adminSg, UserId: ACCOUNT },
    Tags: neoTags('aws_vpc_security_group_ingress_rule.ssh'),
  }),
  rule('sgr-0a1b2c3d4e5f60004', {
    IsEgress: true,
    IpProtocol: '-1',
    FromPort: -1,
    ToPort: -1,
    CidrIpv4: '0.0.0.0/0',
    Tags: neoTags('aws_vpc_security_group_egress_rule.all'),
  }),
  // Added in the console: no tags.
  rule('sgr-0a1b2c3d4e5f60005', {
    IpProtocol: 'tcp',
    FromPort: 3389,
    ToPort: 3389,
    CidrIpv4: '203.0.113.7/32',
  }),
  rule('sgr-0a1b2c3d4e5f60006', {
    GroupId: IDS.adminSg,
    IpProtocol: 'tcp',
    FromPort: 22,
    ToPort: 22,
    PrefixListId: 'pl-0a1b2c3d4e5f60718',
    Tags: neoTags('aws_vpc_security_group_ingress_rule.admin_ssh'),
  }),
];

export const instance: Instance = {
  InstanceId: IDS.instance,
  ImageId: 'ami-0c55b159cbfafe1f0',
  InstanceType: 't3.small',
  KeyName: 'acme-deploy',
  LaunchTime: new Date('2026-01-12T09:41:07Z'),
  Placement: { AvailabilityZone: 'us-east-2a', Tenancy: 'default' },
  PrivateIpAddress: '10.20.0.31',
  PublicIpAddress: '3.14.15.92',
  State: { Code: 16, Name: 'running' },
  SubnetId: IDS.publicSubnet,
  VpcId: IDS.vpc,
  Architecture: 'x86_64',
  RootDeviceName: '/dev/xvda',
  RootDeviceType: 'ebs',
  BlockDeviceMappings: [
    {
      DeviceName: '/dev/xvda',
      Ebs: {
        VolumeId: IDS.rootVolume,
        Status: 'attached',
        DeleteOnTermination: true,
        AttachTime: new Date('2026-01-12T09:41:08Z'),
      },
    },
    {
      DeviceName: '/dev/sdf',
      Ebs: {
        VolumeId: IDS.dataVolume,
        Status: 'attached',
        DeleteOnTermination: false,
        AttachTime: new Date('2026-01-12T09:43:55Z'),
      },
    },
  ],
  IamInstanceProfile: {
    Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/neo/acme-web`,
    Id: 'AIPAJ2QCNWYBFYEXAMPLE',
  },
  Monitoring: { State: 'disabled' },
  MetadataOptions: {
    State: 'applied',
    HttpEndpoint: 'enabled',
    HttpTokens: 'required',
    HttpPutResponseHopLimit: 1,
    HttpProtocolIpv6: 'disabled',
    InstanceMetadataTags: 'disabled',
  },
  SecurityGroups: [
    { GroupId: IDS.webSg, GroupName: 'acme-web' },
    { GroupId: IDS.adminSg, GroupName: 'acme-admin' },
  ],
  Tags: neoTags('aws_instance.web', { Name: 'acme-web' }),
};

export const rootVolume: Volume = {
  VolumeId: IDS.rootVolume,
  AvailabilityZone: 'us-east-2a',
  Size: 20,
  VolumeType: 'gp3',
  Iops: 3000,
  Throughput: 125,
  Encrypted: true,
  KmsKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  SnapshotId: 'snap-0a1b2c3d4e5f60718',
  State: 'in-use',
  CreateTime: new Date('2026-01-12T09:41:07Z'),
  MultiAttachEnabled: false,
  Attachments: [
    {
      VolumeId: IDS.rootVolume,
      InstanceId: IDS.instance,
      Device: '/dev/xvda',
      State: 'attached',
      DeleteOnTermination: true,
      AttachTime: new Date('2026-01-12T09:41:08Z'),
    },
  ],
  Tags: neoTags('aws_instance.web', { Name: 'acme-web-root' }),
};

export const dataVolume: Volume = {
  ...rootVolume,
  VolumeId: IDS.dataVolume,
  Size: 100,
  Iops: 3000,
  Throughput: 250,
  SnapshotId: '',
  Attachments: [
    {
      VolumeId: IDS.dataVolume,
      InstanceId: IDS.instance,
      Device: '/dev/sdf',
      State: 'attached',
      DeleteOnTermination: false,
      AttachTime: new Date('2026-01-12T09:43:55Z'),
    },
  ],
  Tags: neoTags('aws_ebs_volume.data'),
};

export const instanceAddress: Address = {
  AllocationId: IDS.eip,
  AssociationId: IDS.eipAssoc,
  Domain: 'vpc',
  InstanceId: IDS.instance,
  NetworkInterfaceId: 'eni-0fedcba9876543210',
  NetworkInterfaceOwnerId: ACCOUNT,
  PrivateIpAddress: '10.20.0.31',
  PublicIp: '3.14.15.92',
  PublicIpv4Pool: 'amazon',
  NetworkBorderGroup: REGION,
  Tags: neoTags('aws_eip.web'),
};

export const natAddress: Address = {
  AllocationId: IDS.natEip,
  AssociationId: 'eipassoc-0345678890abcdef2',
  Domain: 'vpc',
  NetworkInterfaceId: 'eni-0123456789abcdef0',
  NetworkInterfaceOwnerId: ACCOUNT,
  PrivateIpAddress: '10.20.0.87',
  PublicIp: '3.131.40.12',
  PublicIpv4Pool: 'amazon',
  NetworkBorderGroup: REGION,
  Tags: neoTags('aws_eip.nat'),
};

/** One region's listings, by what they hold: the shape the aws cloud reads them into. */
export type Ec2Fixture = Omit<Ec2Listing, 'region' | 'account'>;

export const ACME: Ec2Fixture = {
  vpcs: [vpc],
  subnets: [publicSubnet, privateSubnet],
  internetGateways: [internetGateway],
  routeTables: [publicRouteTable, privateRouteTable],
  natGateways: [natGateway],
  securityGroups: [defaultSecurityGroup, webSecurityGroup, adminSecurityGroup],
  rules,
  instances: [instance],
  volumes: [rootVolume, dataVolume],
  addresses: [instanceAddress, natAddress],
};

function mockEc2(client: EC2Client) {
  return mockClient(client);
}

function mockRoute53(client: Route53Client) {
  return mockClient(client);
}

export type Ec2Mock = ReturnType<typeof mockEc2>;
export type Route53Mock = ReturnType<typeof mockRoute53>;

/** A real client of `region` whose `send` answers `fixture` (one page per listing). */
export function ec2Stub(
  fixture: Partial<Ec2Fixture> = {},
  region = REGION,
): { client: EC2Client; mock: Ec2Mock } {
  const client = new EC2Client({ region });
  const mock = mockEc2(client);
  mock.on(DescribeVpcsCommand).resolves(ok({ Vpcs: fixture.vpcs ?? [] }));
  mock.on(DescribeSubnetsCommand).resolves(ok({ Subnets: fixture.subnets ?? [] }));
  mock.on(DescribeInternetGatewaysCommand).resolves(ok({ InternetGateways: fixture.internetGateways ?? [] }));
  mock.on(DescribeRouteTablesCommand).resolves(ok({ RouteTables: fixture.routeTables ?? [] }));
  mock.on(DescribeNatGatewaysCommand).resolves(ok({ NatGateways: fixture.natGateways ?? [] }));
  mock.on(DescribeSecurityGroupsCommand).resolves(ok({ SecurityGroups: fixture.securityGroups ?? [] }));
  mock.on(DescribeSecurityGroupRulesCommand).resolves(ok({ SecurityGroupRules: fixture.rules ?? [] }));
  mock.on(DescribeInstancesCommand).resolves(
    ok({
      Reservations: (fixture.instances ?? []).map((item, index) => ({
        ReservationId: `r-0${index}1234567890abcdef`,
        OwnerId: ACCOUNT,
        Groups: [],
        Instances: [item],
      })),
    }),
  );
  mock.on(DescribeVolumesCommand).resolves(ok({ Volumes: fixture.volumes ?? [] }));
  mock.on(DescribeAddressesCommand).resolves(ok({ Addresses: fixture.addresses ?? [] }));
  return { client, mock };
}

export const zone: HostedZone = {
  Id: `/hostedzone/${IDS.zone}`,
  Name: 'acme.example.',
  CallerReference: 'neo-acme-2026-01-12T09:30:00Z',
  Config: { Comment: 'acme (managed by neo)', PrivateZone: false },
  ResourceRecordSetCount: 9,
};

export function hostedZone(id: string, name: string, config: HostedZone['Config'] = {}): HostedZone {
  return {
    Id: `/hostedzone/${id}`,
    Name: name,
    CallerReference: `ref-${id}`,
    Config: { PrivateZone: false, ...config },
    ResourceRecordSetCount: 2,
  };
}

/** The NS and SOA AWS creates with every zone. */
export function apexRecords(name: string): ResourceRecordSet[] {
  return [
    {
      Name: name,
      Type: 'NS',
      TTL: 172800,
      ResourceRecords: [{ Value: 'ns-1536.awsdns-00.co.uk.' }, { Value: 'ns-0.awsdns-00.com.' }],
    },
    {
      Name: name,
      Type: 'SOA',
      TTL: 900,
      ResourceRecords: [
        { Value: 'ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400' },
      ],
    },
  ];
}

export function route53Stub(): { client: Route53Client; mock: Route53Mock } {
  const client = new Route53Client({ region: 'us-east-1' });
  return { client, mock: mockRoute53(client) };
}

/** A sleep that returns at once and remembers what it was asked to wait. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
}

/** No rate limit worth waiting for: tests that are not about it should not wait for it. */
export const FAST: RateLimits = {
  ec2: { interval: 0, intervalCap: Number.POSITIVE_INFINITY, concurrency: 16 },
  route53: { interval: 0, intervalCap: Number.POSITIVE_INFINITY, concurrency: 16 },
};

export function fastCaller(sleep = recordingSleep().sleep) {
  return createCaller(createThrottle({ limits: FAST, sleep }));
}
