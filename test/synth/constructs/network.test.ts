import { describe, expect, it } from 'vitest';
import { assumeRolePolicy } from '../../../src/synth/policy.js';
import { stackLookup } from '../../helpers/stacks.js';

const stack = await stackLookup();

describe('network', () => {
  it('builds a VPC with DNS support on the customer range', () => {
    expect(stack('acme-corp').get('aws_vpc.main')).toMatchObject({
      cidr_block: '10.20.0.0/16',
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
  });

  it.each([
    // customer, server zone first, then the second zone; ranges are the VPC's four quarters
    [
      'acme-corp',
      {
        public_a: ['10.20.0.0/18', 'us-east-2a'],
        public_b: ['10.20.64.0/18', 'us-east-2b'],
        private_a: ['10.20.128.0/18', 'us-east-2a'],
        private_b: ['10.20.192.0/18', 'us-east-2b'],
      },
    ],
    [
      'lumen-analytics',
      {
        public_b: ['192.168.64.0/20', 'us-east-2b'],
        public_a: ['192.168.80.0/20', 'us-east-2a'],
        private_b: ['192.168.96.0/20', 'us-east-2b'],
        private_a: ['192.168.112.0/20', 'us-east-2a'],
      },
    ],
    [
      'quarry-hill-dental',
      {
        public_a: ['10.80.0.0/26', 'us-east-2a'],
        public_b: ['10.80.0.64/26', 'us-east-2b'],
        private_a: ['10.80.0.128/26', 'us-east-2a'],
        private_b: ['10.80.0.192/26', 'us-east-2b'],
      },
    ],
  ])('cuts %s into public and private subnets in two zones', (id, expected) => {
    const subnets = stack(id).all('aws_subnet');
    const actual = Object.fromEntries(
      Object.entries(subnets).map(([name, s]) => [name, [s.cidr_block, s.availability_zone]]),
    );
    expect(actual).toEqual(expected);
    for (const subnet of Object.values(subnets)) expect(subnet.map_public_ip_on_launch).toBe(false);
  });

  it('routes the public subnets to the internet gateway and associates every subnet', () => {
    const s = stack('acme-corp');
    expect(s.get('aws_route.public_internet')).toMatchObject({
      route_table_id: '${aws_route_table.public.id}',
      destination_cidr_block: '0.0.0.0/0',
      gateway_id: '${aws_internet_gateway.main.id}',
    });
    expect(s.get('aws_route_table_association.public_a').route_table_id).toBe('${aws_route_table.public.id}');
    expect(s.get('aws_route_table_association.private_b').route_table_id).toBe(
      '${aws_route_table.private.id}',
    );
  });

  it('adds a NAT gateway with its own address only where the customer enabled one', () => {
    const nat = stack('quarry-hill-dental');
    expect(nat.get('aws_nat_gateway.main')).toMatchObject({
      allocation_id: '${aws_eip.nat.allocation_id}',
      subnet_id: '${aws_subnet.public_a.id}',
    });
    expect(nat.get('aws_route.private_nat').nat_gateway_id).toBe('${aws_nat_gateway.main.id}');
    expect(stack('acme-corp').has('aws_nat_gateway.main')).toBe(false);
    expect(stack('acme-corp').has('aws_eip.nat')).toBe(false);
  });

  it.each([
    ['bluefin-bakery', 14],
    ['acme-corp', 30],
    ['nordlicht-media', 90],
  ])('sends VPC flow logs of %s to CloudWatch Logs kept %i days (the plan)', (id, days) => {
    const s = stack(id);
    expect(s.get('aws_cloudwatch_log_group.flow_logs').retention_in_days).toBe(days);
    expect(s.get('aws_flow_log.main')).toMatchObject({
      vpc_id: '${aws_vpc.main.id}',
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination: '${aws_cloudwatch_log_group.flow_logs.arn}',
      iam_role_arn: '${aws_iam_role.flow_logs.arn}',
    });
  });

  it("lets only VPC Flow Logs acting for neo.yaml's account assume the flow-log role", () => {
    const trust = JSON.parse(stack('acme-corp').get('aws_iam_role.flow_logs').assume_role_policy as string);
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
      },
    ]);
  });

  it('without an accountId, trusts the service alone (validation warns)', () => {
    expect(
      JSON.parse(assumeRolePolicy('vpc-flow-logs.amazonaws.com')).Statement[0].Condition,
    ).toBeUndefined();
  });
});
