import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { Eip } from '@cdktf/provider-aws/lib/eip/index.js';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway/index.js';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway/index.js';
import { Route } from '@cdktf/provider-aws/lib/route/index.js';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table/index.js';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association/index.js';
import { Subnet } from '@cdktf/provider-aws/lib/subnet/index.js';
import { Vpc } from '@cdktf/provider-aws/lib/vpc/index.js';
import { Construct } from 'constructs';
import { formatCidr, parseCidr, subnet } from '../../spec/index.js';
import { resourceNames, type StackInputs } from '../inputs.js';
import { assumeRolePolicy, policyDocument } from '../policy.js';
import { provision } from '../resource.js';

/** The two availability zones of a customer: the server's, and a second one for the private tier. */
function availabilityZones(inputs: StackInputs): [string, string] {
  const { availabilityZone, region } = inputs.customer;
  const second = availabilityZone === `${region}a` ? `${region}b` : `${region}a`;
  return [availabilityZone, second];
}

/**
 * The customer's isolated VPC. Its range is cut into four equal quarters (public and private in
 * two zones), so a /24 still gives four /26 subnets and nothing depends on a hand-kept table.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  /** Public subnets; the first is in the server's availability zone. */
  readonly publicSubnets: [Subnet, Subnet];
  readonly privateSubnets: [Subnet, Subnet];

  constructor(scope: Construct, inputs: StackInputs) {
    super(scope, 'network');
    const { customer, platform } = inputs;
    const range = parseCidr(customer.network.cidr);
    if (!range.ok) throw new Error(`invalid VPC range ${customer.network.cidr}`);
    const quarter = (n: number) => formatCidr(subnet(range.network, range.network.prefix + 2, n));
    const zones = availabilityZones(inputs);

    this.vpc = provision(this, Vpc, 'main', {
      cidrBlock: customer.network.cidr,
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: customer.id },
    });
    const gateway = provision(this, InternetGateway, 'main', { vpcId: this.vpc.id });
    const publicRoutes = provision(this, RouteTable, 'public', {
      vpcId: this.vpc.id,
      tags: { Name: `${customer.id}-public` },
    });
    provision(this, Route, 'public_internet', {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: gateway.id,
    });
    const privateRoutes = provision(this, RouteTable, 'private', {
      vpcId: this.vpc.id,
      tags: { Name: `${customer.id}-private` },
    });
    const tier = (kind: 'public' | 'private', offset: number, routes: RouteTable) =>
      zones.map((zone, i) => {
        const name = `${kind}_${zone.slice(-1)}`;
        const created = provision(this, Subnet, name, {
          vpcId: this.vpc.id,
          cidrBlock: quarter(offset + i),
          availabilityZone: zone,
          mapPublicIpOnLaunch: false,
          tags: { Name: `${customer.id}-${kind}-${zone}` },
        });
        provision(this, RouteTableAssociation, name, { subnetId: created.id, routeTableId: routes.id });
        return created;
      }) as [Subnet, Subnet];
    this.publicSubnets = tier('public', 0, publicRoutes);
    this.privateSubnets = tier('private', 2, privateRoutes);

    if (customer.network.natGateway) {
      const address = provision(this, Eip, 'nat', { domain: 'vpc', tags: { Name: `${customer.id}-nat` } });
      const nat = provision(this, NatGateway, 'main', {
        allocationId: address.allocationId,
        subnetId: this.publicSubnets[0].id,
        dependsOn: [gateway],
      });
      provision(this, Route, 'private_nat', {
        routeTableId: privateRoutes.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: nat.id,
      });
    }
    this.flowLogs(inputs, platform.environment);
  }

  private flowLogs(inputs: StackInputs, environment: string): void {
    const { customer } = inputs;
    const logs = provision(this, CloudwatchLogGroup, 'flow_logs', {
      name: `${resourceNames(inputs).logGroup}/vpc-flow-logs`,
      retentionInDays: customer.tier.monitoring.logRetentionDays,
    });
    const role = provision(this, IamRole, 'flow_logs', {
      name: `neo-${environment}-${customer.id}-flow-logs`,
      assumeRolePolicy: assumeRolePolicy('vpc-flow-logs.amazonaws.com', inputs.platform.accountId),
    });
    provision(this, IamRolePolicy, 'flow_logs', {
      role: role.id,
      // Named, not left to Terraform's random suffix, so the policy's identity is stable.
      name: 'write-flow-logs',
      policy: policyDocument([
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [logs.arn, `${logs.arn}:*`],
        },
      ]),
    });
    provision(this, FlowLog, 'main', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logs.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 600,
    });
  }
}
