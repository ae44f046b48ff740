import type {
  InternetGateway,
  NatGateway,
  Route,
  RouteTable,
  RouteTableAssociation,
  SecurityGroup,
  SecurityGroupRule,
  Subnet,
  Vpc,
} from '@aws-sdk/client-ec2';
import type { CloudResource } from '../types.js';
import type { Ec2Listing } from './ec2.js';
import { cloudResource, ec2Arn, tagRecord } from './resource.js';

/** VPCs and what hangs off them: subnets, gateways, routing, security groups and their rules. */
export function networkResources(listing: Ec2Listing): CloudResource[] {
  const { region } = listing;
  return [
    ...listing.vpcs.map((vpc) => vpcResource(vpc, region)),
    ...listing.subnets.map((subnet) => subnetResource(subnet, region)),
    ...listing.internetGateways.map((gateway) => internetGatewayResource(gateway, region)),
    ...listing.natGateways.map((gateway) => natGatewayResource(gateway, region)),
    ...listing.routeTables.flatMap((table) => routeTableResources(table, region)),
    ...listing.securityGroups.map((group) => securityGroupResource(group, region)),
    ...listing.rules.map((rule) => ruleResource(rule, region)),
  ];
}

function vpcResource(vpc: Vpc, region: string): CloudResource {
  const id = vpc.VpcId ?? '';
  return cloudResource('aws_vpc', id, {
    region,
    tags: tagRecord(vpc.Tags),
    attributes: { cidr_block: vpc.CidrBlock },
    exports: { arn: ec2Arn(region, vpc.OwnerId, 'vpc', id) },
    scope: { vpc: id },
  });
}

function subnetResource(subnet: Subnet, region: string): CloudResource {
  return cloudResource('aws_subnet', subnet.SubnetId ?? '', {
    region,
    tags: tagRecord(subnet.Tags),
    attributes: {
      availability_zone: subnet.AvailabilityZone,
      cidr_block: subnet.CidrBlock,
      map_public_ip_on_launch: subnet.MapPublicIpOnLaunch,
      vpc_id: subnet.VpcId,
    },
    exports: { arn: subnet.SubnetArn },
    scope: { vpc: subnet.VpcId },
  });
}

function internetGatewayResource(gateway: InternetGateway, region: string): CloudResource {
  const vpcId = gateway.Attachments?.[0]?.VpcId;
  return cloudResource('aws_internet_gateway', gateway.InternetGatewayId ?? '', {
    region,
    tags: tagRecord(gateway.Tags),
    attributes: { vpc_id: vpcId },
    scope: { vpc: vpcId },
  });
}

function natGatewayResource(gateway: NatGateway, region: string): CloudResource {
  const addresses = gateway.NatGatewayAddresses ?? [];
  const address = addresses.find((candidate) => candidate.IsPrimary) ?? addresses[0];
  return cloudResource('aws_nat_gateway', gateway.NatGatewayId ?? '', {
    region,
    tags: tagRecord(gateway.Tags),
    attributes: {
      subnet_id: gateway.SubnetId,
      allocation_id: address?.AllocationId,
      connectivity_type: gateway.ConnectivityType,
    },
    scope: { vpc: gateway.VpcId },
  });
}

/** The table, the routes someone added to it, and the subnets explicitly associated with it. */
function routeTableResources(table: RouteTable, region: string): CloudResource[] {
  const id = table.RouteTableId ?? '';
  const scope = { vpc: table.VpcId };
  const resource = cloudResource('aws_route_table', id, {
    region,
    tags: tagRecord(table.Tags),
    attributes: { vpc_id: table.VpcId },
    scope,
  });
  const routes = (table.Routes ?? []).filter(isAddedRoute).map((route) =>
    cloudResource('aws_route', `r-${id}${route.DestinationCidrBlock}`, {
      region,
      attributes: {
        route_table_id: id,
        destination_cidr_block: route.DestinationCidrBlock,
        gateway_id: route.GatewayId,
        nat_gateway_id: route.NatGatewayId,
      },
      scope,
    }),
  );
  const associations = (table.Associations ?? []).filter(isSubnetAssociation).map((association) =>
    cloudResource('aws_route_table_association', association.RouteTableAssociationId ?? '', {
      region,
      attributes: { route_table_id: id, subnet_id: association.SubnetId },
      scope,
    }),
  );
  return [resource, ...routes, ...associations];
}

/**
 * Routes someone created: not the VPC's `local` route, not those AWS put in with the table or
 * propagated from a VPN gateway. Only IPv4 destinations: the observed attributes have no place
 * for an IPv6 or prefix-list destination.
 */
function isAddedRoute(route: Route): boolean {
  return (
    route.GatewayId !== 'local' &&
    route.Origin !== 'CreateRouteTable' &&
    route.Origin !== 'EnableVgwRoutePropagation' &&
    route.DestinationCidrBlock !== undefined
  );
}

/** The main association is the VPC's default, not a Terraform resource; gateway associations have no subnet. */
function isSubnetAssociation(association: RouteTableAssociation): boolean {
  const state = association.AssociationState?.State;
  const live = state === undefined || state === 'associated' || state === 'associating';
  return association.Main !== true && association.SubnetId !== undefined && live;
}

function securityGroupResource(group: SecurityGroup, region: string): CloudResource {
  return cloudResource('aws_security_group', group.GroupId ?? '', {
    region,
    tags: tagRecord(group.Tags),
    attributes: { name: group.GroupName, description: group.Description, vpc_id: group.VpcId },
    exports: { arn: group.SecurityGroupArn },
    scope: { vpc: group.VpcId },
  });
}

function ruleResource(rule: SecurityGroupRule, region: string): CloudResource {
  const direction = rule.IsEgress ? 'egress' : 'ingress';
  // Terraform leaves the ports unset for "all protocols"; AWS reports -1 for them.
  const allProtocols = rule.IpProtocol === '-1';
  return cloudResource(`aws_vpc_security_group_${direction}_rule`, rule.SecurityGroupRuleId ?? '', {
    region,
    tags: tagRecord(rule.Tags),
    attributes: {
      security_group_id: rule.GroupId,
      ip_protocol: rule.IpProtocol,
      from_port: allProtocols ? undefined : rule.FromPort,
      to_port: allProtocols ? undefined : rule.ToPort,
      cidr_ipv4: rule.CidrIpv4,
      cidr_ipv6: rule.CidrIpv6,
      referenced_security_group_id: rule.ReferencedGroupInfo?.GroupId,
      prefix_list_id: rule.PrefixListId,
      description: rule.Description,
    },
    exports: { arn: rule.SecurityGroupRuleArn },
    scope: { securityGroup: rule.GroupId },
  });
}
