import {
  DescribeAddressesCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  type DescribeSecurityGroupRulesCommandInput,
  DescribeSecurityGroupsCommand,
  type DescribeSecurityGroupsCommandInput,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  type DescribeVolumesCommandInput,
  DescribeVpcsCommand,
  type Instance,
  type NatGateway,
  type RouteTable,
  type SecurityGroup,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { readEc2Region } from '../../../src/cloud/aws/ec2.js';
import type { CloudResource } from '../../../src/cloud/types.js';
import {
  ACCOUNT,
  ACME,
  dataVolume,
  defaultSecurityGroup,
  type Ec2Fixture,
  type Ec2Mock,
  ec2Stub,
  fastCaller,
  IDS,
  instance,
  instanceAddress,
  internetGateway,
  natGateway,
  neoTags,
  ok,
  publicRouteTable,
  REGION,
  rootVolume,
  tags,
  vpc,
} from './responses.js';

const TAGGED = { Name: 'tag-key', Values: ['neo:customer', 'neo:resource'] };

async function read(fixture: Partial<Ec2Fixture>, arrange: (mock: Ec2Mock) => void = () => {}) {
  const { client, mock } = ec2Stub(fixture);
  arrange(mock);
  const caller = fastCaller();
  const resources = await readEc2Region(REGION, client, caller);
  return { resources, mock, calls: caller.calls() };
}

function byId(resources: CloudResource[], type: string, id: string): CloudResource | undefined {
  return resources.find((resource) => resource.type === type && resource.id === id);
}

function ofType(resources: CloudResource[], type: string): CloudResource[] {
  return resources.filter((resource) => resource.type === type);
}

describe('what is asked', () => {
  it.each([
    ['Vpcs', DescribeVpcsCommand, { Filters: [TAGGED], MaxResults: 1000 }],
    ['Subnets', DescribeSubnetsCommand, { Filters: [TAGGED], MaxResults: 1000 }],
    ['InternetGateways', DescribeInternetGatewaysCommand, { Filters: [TAGGED], MaxResults: 1000 }],
    ['RouteTables', DescribeRouteTablesCommand, { Filters: [TAGGED], MaxResults: 100 }],
    [
      'NatGateways',
      DescribeNatGatewaysCommand,
      { Filter: [{ Name: 'vpc-id', Values: [IDS.vpc] }], MaxResults: 1000 },
    ],
    [
      'SecurityGroups',
      DescribeSecurityGroupsCommand,
      { Filters: [{ Name: 'vpc-id', Values: [IDS.vpc] }], MaxResults: 1000 },
    ],
    [
      'SecurityGroupRules',
      DescribeSecurityGroupRulesCommand,
      { Filters: [{ Name: 'group-id', Values: [IDS.webSg, IDS.adminSg] }], MaxResults: 1000 },
    ],
    [
      'Instances',
      DescribeInstancesCommand,
      {
        // Not terminated: those linger in listings for an hour.
        Filters: [
          {
            Name: 'instance-state-name',
            Values: ['pending', 'running', 'stopping', 'stopped', 'shutting-down'],
          },
        ],
        MaxResults: 1000,
      },
    ],
    ['Volumes', DescribeVolumesCommand, { Filters: [TAGGED], MaxResults: 1000 }],
    ['Addresses', DescribeAddressesCommand, { Filters: [TAGGED] }],
  ] as const)('Describe%s once, filtered and paged', async (_name, command, input) => {
    const { mock } = await read(ACME);
    const sent = mock.commandCalls(command);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.args[0].input).toStrictEqual(expect.objectContaining(input));
  });

  it('filters every listing, and pages all but DescribeAddresses (which cannot be)', async () => {
    const { mock, calls } = await read(ACME);
    const sent = mock.calls().map((call) => {
      const command = call.args[0] as unknown as {
        constructor: { name: string };
        input: Record<string, unknown>;
      };
      const filters = (command.input.Filters ?? command.input.Filter) as unknown[] | undefined;
      return {
        name: command.constructor.name,
        filtered: (filters ?? []).length > 0,
        paged: 'MaxResults' in command.input,
      };
    });
    expect(calls).toEqual({ ec2: sent.length, route53: 0 });
    expect(sent).toHaveLength(10);
    expect(sent.filter((call) => !call.filtered)).toEqual([]);
    expect(sent.filter((call) => !call.paged).map((call) => call.name)).toEqual(['DescribeAddressesCommand']);
  });

  it('follows NextToken to the last page', async () => {
    const second: Vpc = { ...vpc, VpcId: 'vpc-0f1e2d3c4b5a69788', Tags: neoTags('aws_vpc.main') };
    const { resources, mock } = await read(ACME, (stub) => {
      stub
        .on(DescribeVpcsCommand)
        .resolvesOnce(ok({ Vpcs: [vpc], NextToken: 'eyJ2IjoxLCJjIjoiZGVzY3JpYmUtdnBjcyJ9' }))
        .resolvesOnce(ok({ Vpcs: [second] }));
      stub
        .on(DescribeInstancesCommand)
        .resolvesOnce(ok({ Reservations: [], NextToken: 'eyJ2IjoxLCJjIjoiaW5zdGFuY2VzIn0=' }))
        .resolvesOnce(
          ok({ Reservations: [{ ReservationId: 'r-0a1b2c3d4e5f60718', Instances: [instance] }] }),
        );
    });

    expect(ofType(resources, 'aws_vpc').map((resource) => resource.id)).toEqual([IDS.vpc, second.VpcId]);
    expect(mock.commandCalls(DescribeVpcsCommand).map((call) => call.args[0].input.NextToken)).toEqual([
      undefined,
      'eyJ2IjoxLCJjIjoiZGVzY3JpYmUtdnBjcyJ9',
    ]);
    expect(ofType(resources, 'aws_instance').map((resource) => resource.id)).toEqual([IDS.instance]);
    // The second VPC joins the VPC filters of the second phase.
    expect(mock.commandCalls(DescribeNatGatewaysCommand)[0]?.args[0].input.Filter?.[0]?.Values).toEqual([
      IDS.vpc,
      second.VpcId,
    ]);
  });

  it('asks for 200 VPCs or groups at a time, and not for default groups', async () => {
    const vpcIds = Array.from({ length: 201 }, (_, index) => `vpc-0${index.toString(16).padStart(16, '0')}`);
    const { resources, mock, calls } = await read(
      { vpcs: vpcIds.map((VpcId) => ({ ...vpc, VpcId })) },
      (stub) => {
        stub
          .on(DescribeSecurityGroupsCommand)
          .callsFake(async (input: DescribeSecurityGroupsCommandInput) => {
            const ids = input.Filters?.[0]?.Values ?? [];
            const groups: SecurityGroup[] = ids.flatMap((VpcId, index) => [
              { ...defaultSecurityGroup, VpcId, GroupId: `sg-0d${index.toString(16).padStart(15, '0')}` },
              { GroupName: 'web', GroupId: `sg-0e${VpcId.slice(6)}`, VpcId, Description: 'web' },
            ]);
            return ok({ SecurityGroups: groups });
          });
      },
    );

    const values = (input: { Filters?: { Values?: string[] }[]; Filter?: { Values?: string[] }[] }) =>
      (input.Filters ?? input.Filter)?.[0]?.Values ?? [];
    for (const command of [DescribeNatGatewaysCommand, DescribeSecurityGroupsCommand] as const) {
      const sizes = mock.commandCalls(command).map((call) => values(call.args[0].input).length);
      expect(sizes).toEqual([200, 1]);
    }
    const ruleFilters = mock
      .commandCalls(DescribeSecurityGroupRulesCommand)
      .map((call) => values(call.args[0].input as DescribeSecurityGroupRulesCommandInput));
    expect(ruleFilters.map((ids) => ids.length)).toEqual([200, 1]);
    expect(ruleFilters.flat().filter((id) => !id.startsWith('sg-0e'))).toEqual([]);
    expect(ofType(resources, 'aws_security_group')).toHaveLength(201);
    // 201 customers: 13 calls, not 201 of anything.
    expect(calls.ec2).toBe(13);
  });

  it('reads only tagged volumes and addresses in a region without customer VPCs', async () => {
    const orphan = { ...dataVolume, Attachments: [], State: 'available' as const };
    const { resources, mock } = await read({
      volumes: [orphan],
      addresses: [{ ...instanceAddress, InstanceId: undefined, AssociationId: undefined }],
    });

    const sent = mock.calls().map((call) => call.args[0].constructor.name);
    expect(sent.sort()).toEqual([
      'DescribeAddressesCommand',
      'DescribeVolumesCommand',
      'DescribeVpcsCommand',
    ]);
    expect(resources.map((resource) => [resource.type, resource.id])).toEqual([
      ['aws_ebs_volume', IDS.dataVolume],
      ['aws_eip', IDS.eip],
    ]);
    expect(byId(resources, 'aws_ebs_volume', IDS.dataVolume)?.scope).toEqual({});
  });
});

const TAGS = (address: string, extra: Record<string, string> = {}) => ({
  'neo:customer': 'acme',
  'neo:resource': address,
  ...extra,
});

describe('network mapping', () => {
  it.each([
    [
      'aws_vpc',
      IDS.vpc,
      {
        type: 'aws_vpc',
        id: IDS.vpc,
        region: REGION,
        tags: TAGS('aws_vpc.main', { Name: 'acme' }),
        attributes: { cidr_block: '10.20.0.0/16', tags: TAGS('aws_vpc.main', { Name: 'acme' }) },
        exports: { id: IDS.vpc, arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/${IDS.vpc}` },
        scope: { vpc: IDS.vpc },
      },
    ],
    [
      'aws_subnet',
      IDS.publicSubnet,
      {
        type: 'aws_subnet',
        id: IDS.publicSubnet,
        region: REGION,
        tags: TAGS('aws_subnet.public'),
        attributes: {
          availability_zone: 'us-east-2a',
          cidr_block: '10.20.0.0/24',
          map_public_ip_on_launch: true,
          vpc_id: IDS.vpc,
          tags: TAGS('aws_subnet.public'),
        },
        exports: { id: IDS.publicSubnet, arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/${IDS.publicSubnet}` },
        scope: { vpc: IDS.vpc },
      },
    ],
    [
      'aws_internet_gateway',
      IDS.igw,
      {
        type: 'aws_internet_gateway',
        id: IDS.igw,
        region: REGION,
        tags: TAGS('aws_internet_gateway.main'),
        attributes: { vpc_id: IDS.vpc, tags: TAGS('aws_internet_gateway.main') },
        exports: { id: IDS.igw },
        scope: { vpc: IDS.vpc },
      },
    ],
    [
      'aws_nat_gateway',
      IDS.nat,
      {
        type: 'aws_nat_gateway',
        id: IDS.nat,
        region: REGION,
        tags: TAGS('aws_nat_gateway.main'),
        attributes: {
          subnet_id: IDS.publicSubnet,
          allocation_id: IDS.natEip,
          connectivity_type: 'public',
          tags: TAGS('aws_nat_gateway.main'),
        },
        exports: { id: IDS.nat },
        scope: { vpc: IDS.vpc },
      },
    ],
    [
      'aws_route_table',
      IDS.privateRtb,
      {
        type: 'aws_route_table',
        id: IDS.privateRtb,
        region: REGION,
        tags: TAGS('aws_route_table.private'),
        attributes: { vpc_id: IDS.vpc, tags: TAGS('aws_route_table.private') },
        exports: { id: IDS.privateRtb },
        scope: { vpc: IDS.vpc },
      },
    ],
    [
      'aws_route',
      `r-${IDS.privateRtb}0.0.0.0/0`,
      {
        type: 'aws_route',
        id: `r-${IDS.privateRtb}0.0.0.0/0`,
        region: REGION,
        tags: {},
        attributes: {
          route_table_id: IDS.privateRtb,
          destination_cidr_block: '0.0.0.0/0',
          nat_gateway_id: IDS.nat,
        },
        exports: { id: `r-${IDS.privateRtb}0.0.0.0/0` },
        scope: { vpc: IDS.vpc },
      },
    ],
    [
      'aws_route_table_association',
      IDS.privateAssoc,
      {
        type: 'aws_route_table_association',
        id: IDS.privateAssoc,
        region: REGION,
        tags: {},
        attributes: { route_table_id: IDS.privateRtb, subnet_id: IDS.privateSubnet },
        exports: { id: IDS.privateAssoc },
        scope: { vpc: IDS.vpc },
      },
    ],
    [
      'aws_security_group',
      IDS.webSg,
      {
        type: 'aws_security_group',
        id: IDS.webSg,
        region: REGION,
        tags: TAGS('aws_security_group.web'),
        attributes: {
          name: 'acme-web',
          description: 'Web server of acme',
          vpc_id: IDS.vpc,
          tags: TAGS('aws_security_group.web'),
        },
        exports: { id: IDS.webSg, arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${IDS.webSg}` },
        scope: { vpc: IDS.vpc },
      },
    ],
  ])('%s %s', async (type, id, expected) => {
    const { resources } = await read(ACME);
    expect(byId(resources, type, id)).toStrictEqual(expected);
  });

  it('leaves out the local route, the main association and AWS default security groups', async () => {
    const { resources } = await read(ACME);
    expect(ofType(resources, 'aws_route').map((route) => route.attributes)).toEqual([
      { route_table_id: IDS.publicRtb, destination_cidr_block: '0.0.0.0/0', gateway_id: IDS.igw },
      { route_table_id: IDS.privateRtb, destination_cidr_block: '0.0.0.0/0', nat_gateway_id: IDS.nat },
    ]);
    expect(ofType(resources, 'aws_route_table_association').map((association) => association.id)).toEqual([
      IDS.publicAssoc,
      IDS.privateAssoc,
    ]);
    expect(ofType(resources, 'aws_security_group').map((group) => group.id)).toEqual([
      IDS.webSg,
      IDS.adminSg,
    ]);
  });

  it.each([
    ['the local route, even without an origin', { DestinationCidrBlock: '10.20.0.0/16', GatewayId: 'local' }],
    [
      'a route made with the table',
      { DestinationCidrBlock: '10.20.0.0/16', GatewayId: IDS.igw, Origin: 'CreateRouteTable' },
    ],
    [
      'a route propagated from a VPN gateway',
      {
        DestinationCidrBlock: '172.16.0.0/12',
        GatewayId: 'vgw-0a1b2c3d4e5f60718',
        Origin: 'EnableVgwRoutePropagation',
      },
    ],
    ['an IPv6 route', { DestinationIpv6CidrBlock: '::/0', GatewayId: IDS.igw, Origin: 'CreateRoute' }],
  ] as const)('leaves out %s', async (_what, route) => {
    const table = { ...publicRouteTable, Routes: [route] };
    const { resources } = await read({ ...ACME, routeTables: [table] });
    expect(ofType(resources, 'aws_route')).toEqual([]);
  });

  it('leaves out NAT gateways being deleted or failed', async () => {
    const gone = (['deleted', 'deleting', 'failed'] as const).map((State, index) => ({
      ...natGateway,
      NatGatewayId: `nat-0${index}a1b2c3d4e5f6071`,
      State,
    }));
    const { resources } = await read({ ...ACME, natGateways: [natGateway, ...gone] });
    expect(ofType(resources, 'aws_nat_gateway').map((gateway) => gateway.id)).toEqual([IDS.nat]);
  });

  it.each([
    [
      'sgr-0a1b2c3d4e5f60001',
      'aws_vpc_security_group_ingress_rule',
      {
        security_group_id: IDS.webSg,
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        cidr_ipv4: '0.0.0.0/0',
        description: 'HTTPS',
        tags: TAGS('aws_vpc_security_group_ingress_rule.https'),
      },
    ],
    [
      'sgr-0a1b2c3d4e5f60002',
      'aws_vpc_security_group_ingress_rule',
      {
        security_group_id: IDS.webSg,
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        cidr_ipv6: '::/0',
        tags: TAGS('aws_vpc_security_group_ingress_rule.https_v6'),
      },
    ],
    [
      'sgr-0a1b2c3d4e5f60003',
      'aws_vpc_security_group_ingress_rule',
      {
        security_group_id: IDS.webSg,
        ip_protocol: 'tcp',
        from_port: 22,
        to_port: 22,
        referenced_security_group_id: IDS.adminSg,
        tags: TAGS('aws_vpc_security_group_ingress_rule.ssh'),
      },
    ],
    [
      'sgr-0a1b2c3d4e5f60004',
      'aws_vpc_security_group_egress_rule',
      // All protocols: no ports, as Terraform holds it.
      {
        security_group_id: IDS.webSg,
        ip_protocol: '-1',
        cidr_ipv4: '0.0.0.0/0',
        tags: TAGS('aws_vpc_security_group_egress_rule.all'),
      },
    ],
    [
      'sgr-0a1b2c3d4e5f60005',
      'aws_vpc_security_group_ingress_rule',
      // Added in the console: no tags at all.
      {
        security_group_id: IDS.webSg,
        ip_protocol: 'tcp',
        from_port: 3389,
        to_port: 3389,
        cidr_ipv4: '203.0.113.7/32',
      },
    ],
    [
      'sgr-0a1b2c3d4e5f60006',
      'aws_vpc_security_group_ingress_rule',
      {
        security_group_id: IDS.adminSg,
        ip_protocol: 'tcp',
        from_port: 22,
        to_port: 22,
        prefix_list_id: 'pl-0a1b2c3d4e5f60718',
        tags: TAGS('aws_vpc_security_group_ingress_rule.admin_ssh'),
      },
    ],
  ])('rule %s is an %s', async (id, type, attributes) => {
    const { resources } = await read(ACME);
    const rule = byId(resources, type, id);
    expect(rule?.attributes).toStrictEqual(attributes);
    expect(rule?.scope).toEqual({ securityGroup: attributes.security_group_id });
  });
});

describe('compute mapping', () => {
  it('folds the root volume into the instance', async () => {
    const { resources } = await read(ACME);
    expect(byId(resources, 'aws_instance', IDS.instance)).toStrictEqual({
      type: 'aws_instance',
      id: IDS.instance,
      region: REGION,
      tags: TAGS('aws_instance.web', { Name: 'acme-web' }),
      attributes: {
        ami: 'ami-0c55b159cbfafe1f0',
        instance_type: 't3.small',
        subnet_id: IDS.publicSubnet,
        vpc_security_group_ids: [IDS.webSg, IDS.adminSg].sort(),
        key_name: 'acme-deploy',
        iam_instance_profile: 'acme-web',
        monitoring: false,
        metadata_options: {
          http_endpoint: 'enabled',
          http_tokens: 'required',
          http_put_response_hop_limit: 1,
        },
        root_block_device: {
          volume_size: 20,
          volume_type: 'gp3',
          iops: 3000,
          throughput: 125,
          encrypted: true,
          delete_on_termination: true,
          tags: TAGS('aws_instance.web', { Name: 'acme-web-root' }),
        },
        tags: TAGS('aws_instance.web', { Name: 'acme-web' }),
      },
      exports: { id: IDS.instance, arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${IDS.instance}` },
      scope: { vpc: IDS.vpc },
    });
    expect(byId(resources, 'aws_ebs_volume', IDS.rootVolume)).toBeUndefined();
    expect(ofType(resources, 'aws_volume_attachment').map((attachment) => attachment.id)).toEqual([
      `vai-${IDS.dataVolume}-${IDS.instance}`,
    ]);
  });

  it('reads the untagged root volume of a console-launched instance by id', async () => {
    const consoleLaunched: Instance = { ...instance, Tags: undefined };
    const untaggedRoot = { ...rootVolume, Tags: undefined };
    const { resources, mock } = await read(
      { ...ACME, instances: [consoleLaunched], volumes: [dataVolume] },
      (stub) => {
        stub
          .on(DescribeVolumesCommand, { Filters: [{ Name: 'volume-id', Values: [IDS.rootVolume] }] })
          .resolves(ok({ Volumes: [untaggedRoot] }));
      },
    );

    const volumeFilters = mock
      .commandCalls(DescribeVolumesCommand)
      .map((call) => (call.args[0].input as DescribeVolumesCommandInput).Filters);
    expect(volumeFilters).toEqual([[TAGGED], [{ Name: 'volume-id', Values: [IDS.rootVolume] }]]);
    const attributes = byId(resources, 'aws_instance', IDS.instance)?.attributes;
    expect(attributes?.root_block_device).toEqual({
      volume_size: 20,
      volume_type: 'gp3',
      iops: 3000,
      throughput: 125,
      encrypted: true,
      delete_on_termination: true,
    });
    expect(attributes?.tags).toBeUndefined();
  });

  it.each([
    ['pending', 'running'],
    ['running', 'running'],
    ['stopping', 'stopped'],
    ['stopped', 'stopped'],
    ['shutting-down', 'shutting-down'],
  ] as const)('an instance %s has state %s', async (Name, state) => {
    const { resources } = await read({ ...ACME, instances: [{ ...instance, State: { Name } }] });
    expect(byId(resources, 'aws_ec2_instance_state', IDS.instance)).toStrictEqual({
      type: 'aws_ec2_instance_state',
      id: IDS.instance,
      region: REGION,
      tags: {},
      attributes: { instance_id: IDS.instance, state },
      exports: { id: IDS.instance },
      scope: { vpc: IDS.vpc, instance: IDS.instance },
    });
  });

  it.each([
    ['enabled', true],
    ['pending', true],
    ['disabled', false],
    ['disabling', false],
  ] as const)('monitoring %s is %s', async (State, monitoring) => {
    const { resources } = await read({ ...ACME, instances: [{ ...instance, Monitoring: { State } }] });
    expect(byId(resources, 'aws_instance', IDS.instance)?.attributes.monitoring).toBe(monitoring);
  });

  it('keeps instances in customer VPCs or tagged for a customer, nothing else', async () => {
    const elsewhere = { ...instance, VpcId: 'vpc-0123456789abcdef0', SubnetId: 'subnet-0123456789abcdef0' };
    const instances = [
      { ...instance, InstanceId: 'i-0aaaaaaaaaaaaaaa1', Tags: undefined }, // console-launched in acme's VPC
      { ...elsewhere, InstanceId: 'i-0bbbbbbbbbbbbbbb2' }, // tagged for acme, in another VPC
      { ...elsewhere, InstanceId: 'i-0ccccccccccccccc3', Tags: tags({ Name: 'bastion' }) }, // not neo's
    ];
    const { resources } = await read({ ...ACME, instances });
    expect(ofType(resources, 'aws_instance').map((resource) => resource.id)).toEqual([
      'i-0aaaaaaaaaaaaaaa1',
      'i-0bbbbbbbbbbbbbbb2',
    ]);
  });

  it('maps a data volume and its attachment', async () => {
    const { resources } = await read(ACME);
    expect(byId(resources, 'aws_ebs_volume', IDS.dataVolume)).toStrictEqual({
      type: 'aws_ebs_volume',
      id: IDS.dataVolume,
      region: REGION,
      tags: TAGS('aws_ebs_volume.data'),
      attributes: {
        availability_zone: 'us-east-2a',
        size: 100,
        type: 'gp3',
        iops: 3000,
        throughput: 250,
        encrypted: true,
        tags: TAGS('aws_ebs_volume.data'),
      },
      exports: { id: IDS.dataVolume, arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/${IDS.dataVolume}` },
      scope: { instance: IDS.instance },
    });
    expect(byId(resources, 'aws_volume_attachment', `vai-${IDS.dataVolume}-${IDS.instance}`)).toStrictEqual({
      type: 'aws_volume_attachment',
      id: `vai-${IDS.dataVolume}-${IDS.instance}`,
      region: REGION,
      tags: {},
      attributes: { device_name: '/dev/sdf', instance_id: IDS.instance, volume_id: IDS.dataVolume },
      exports: { id: `vai-${IDS.dataVolume}-${IDS.instance}` },
      scope: { instance: IDS.instance },
    });
  });

  it('maps elastic IPs, and an association only for one attached to an instance', async () => {
    const { resources } = await read(ACME);
    expect(byId(resources, 'aws_eip', IDS.eip)).toStrictEqual({
      type: 'aws_eip',
      id: IDS.eip,
      region: REGION,
      tags: TAGS('aws_eip.web'),
      attributes: { domain: 'vpc', tags: TAGS('aws_eip.web') },
      exports: { id: IDS.eip, allocation_id: IDS.eip, public_ip: '3.14.15.92' },
      scope: { instance: IDS.instance },
    });
    expect(ofType(resources, 'aws_eip_association')).toStrictEqual([
      {
        type: 'aws_eip_association',
        id: IDS.eipAssoc,
        region: REGION,
        tags: {},
        attributes: { allocation_id: IDS.eip, instance_id: IDS.instance },
        exports: { id: IDS.eipAssoc },
        scope: { instance: IDS.instance },
      },
    ]);
    expect(byId(resources, 'aws_eip', IDS.natEip)?.scope).toEqual({});
  });

  it('drops the aws: tags AWS adds itself, as Terraform does', async () => {
    const stacked: Vpc = {
      ...vpc,
      Tags: [...(vpc.Tags ?? []), { Key: 'aws:cloudformation:stack-name', Value: 'x' }],
    };
    const { resources } = await read({ ...ACME, vpcs: [stacked] });
    expect(byId(resources, 'aws_vpc', IDS.vpc)?.tags).toEqual(TAGS('aws_vpc.main', { Name: 'acme' }));
  });
});

describe('what AWS leaves out', () => {
  it('reads an instance launched with nothing optional as just what it has', async () => {
    const bare: Instance = {
      InstanceId: IDS.instance,
      ImageId: 'ami-0c55b159cbfafe1f0',
      InstanceType: 't3.micro',
      SubnetId: IDS.publicSubnet,
      VpcId: IDS.vpc,
      State: { Code: 16, Name: 'running' },
    };
    const { resources, mock } = await read({ ...ACME, instances: [bare], volumes: [] });
    expect(byId(resources, 'aws_instance', IDS.instance)?.attributes).toStrictEqual({
      ami: 'ami-0c55b159cbfafe1f0',
      instance_type: 't3.micro',
      subnet_id: IDS.publicSubnet,
      vpc_security_group_ids: [],
    });
    // No root volume to read by id: the tagged listing is the only volume call.
    expect(mock.commandCalls(DescribeVolumesCommand)).toHaveLength(1);
  });

  it('finds the root device wherever AWS lists it, and sorts the groups as Terraform does', async () => {
    const reordered: Instance = {
      ...instance,
      BlockDeviceMappings: [...(instance.BlockDeviceMappings ?? [])].reverse(),
      SecurityGroups: [...(instance.SecurityGroups ?? [])].reverse(),
    };
    const { resources } = await read({ ...ACME, instances: [reordered] });
    const attributes = byId(resources, 'aws_instance', IDS.instance)?.attributes;
    expect(attributes?.root_block_device).toMatchObject({ volume_size: 20, delete_on_termination: true });
    expect(attributes?.vpc_security_group_ids).toEqual([IDS.webSg, IDS.adminSg]);
    expect(ofType(resources, 'aws_ebs_volume').map((volume) => volume.id)).toEqual([IDS.dataVolume]);
  });

  it('exports the ARN AWS gives each security group rule', async () => {
    const { resources } = await read(ACME);
    expect(byId(resources, 'aws_vpc_security_group_ingress_rule', 'sgr-0a1b2c3d4e5f60001')?.exports).toEqual({
      id: 'sgr-0a1b2c3d4e5f60001',
      arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group-rule/sgr-0a1b2c3d4e5f60001`,
    });
  });

  it('reads a root volume AWS did not return (deleted meanwhile) as the mapping alone', async () => {
    const { resources } = await read({ ...ACME, volumes: [dataVolume] }, (stub) => {
      stub.on(DescribeVolumesCommand, { Filters: [TAGGED] }).resolves(ok({ Volumes: [dataVolume] }));
      stub
        .on(DescribeVolumesCommand, { Filters: [{ Name: 'volume-id', Values: [IDS.rootVolume] }] })
        .resolves(ok({ Volumes: [] }));
    });
    expect(byId(resources, 'aws_instance', IDS.instance)?.attributes.root_block_device).toStrictEqual({
      delete_on_termination: true,
    });
  });

  it('reads a detached internet gateway as in no VPC', async () => {
    const detached = { ...internetGateway, Attachments: [] };
    const { resources } = await read({ ...ACME, internetGateways: [detached] });
    const gateway = byId(resources, 'aws_internet_gateway', IDS.igw);
    expect(gateway?.attributes).toStrictEqual({ tags: TAGS('aws_internet_gateway.main') });
    expect(gateway?.scope).toEqual({});
  });

  it.each([
    ['the primary address, wherever it is listed', [false, true], 'eipalloc-0b00000000000000b'],
    ['the first address when none is marked primary', [undefined, undefined], 'eipalloc-0a00000000000000a'],
  ] as const)('takes %s as the NAT gateway’s', async (_what, primary, allocation) => {
    const gateway: NatGateway = {
      ...natGateway,
      NatGatewayAddresses: [
        { AllocationId: 'eipalloc-0a00000000000000a', IsPrimary: primary[0] },
        { AllocationId: 'eipalloc-0b00000000000000b', IsPrimary: primary[1] },
      ],
    };
    const { resources } = await read({ ...ACME, natGateways: [gateway] });
    expect(byId(resources, 'aws_nat_gateway', IDS.nat)?.attributes.allocation_id).toBe(allocation);
  });

  it.each([
    ['associated', true],
    ['associating', true],
    [undefined, true],
    ['disassociating', false],
    ['disassociated', false],
    ['failed', false],
  ] as const)('a subnet association %s is live: %s', async (state, live) => {
    const table: RouteTable = {
      ...publicRouteTable,
      Associations: [
        {
          Main: false,
          RouteTableAssociationId: IDS.publicAssoc,
          RouteTableId: IDS.publicRtb,
          SubnetId: IDS.publicSubnet,
          ...(state === undefined ? {} : { AssociationState: { State: state } }),
        },
      ],
    };
    const { resources } = await read({ ...ACME, routeTables: [table] });
    expect(ofType(resources, 'aws_route_table_association').map((a) => a.id)).toEqual(
      live ? [IDS.publicAssoc] : [],
    );
  });

  it('leaves out an edge association of the internet gateway: no subnet', async () => {
    const table: RouteTable = {
      ...publicRouteTable,
      Associations: [
        {
          Main: false,
          RouteTableAssociationId: 'rtbassoc-0c1d2e3f4a5b60718',
          RouteTableId: IDS.publicRtb,
          GatewayId: IDS.igw,
          AssociationState: { State: 'associated' },
        },
      ],
    };
    const { resources } = await read({ ...ACME, routeTables: [table] });
    expect(ofType(resources, 'aws_route_table_association')).toEqual([]);
  });

  it('reads a tag AWS gave no value as an empty one', async () => {
    const { resources } = await read({
      ...ACME,
      vpcs: [{ ...vpc, Tags: [...neoTags('aws_vpc.main'), { Key: 'backup' }] }],
    });
    expect(byId(resources, 'aws_vpc', IDS.vpc)?.tags).toEqual(TAGS('aws_vpc.main', { backup: '' }));
  });

  it('gives no ARN where the account is unknown: no customer VPC named it', async () => {
    const orphan = { ...dataVolume, Attachments: [], State: 'available' as const };
    const { resources } = await read({ volumes: [orphan] });
    expect(byId(resources, 'aws_ebs_volume', IDS.dataVolume)?.exports).toEqual({ id: IDS.dataVolume });
  });

  it('takes the account from the instances when the VPC does not name it', async () => {
    const { resources } = await read({ ...ACME, vpcs: [{ ...vpc, OwnerId: undefined }] });
    expect(byId(resources, 'aws_instance', IDS.instance)?.exports.arn).toBe(
      `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${IDS.instance}`,
    );
  });
});
