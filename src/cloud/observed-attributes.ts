/**
 * What the `aws` observer reads, per Terraform type: the attributes its bulk EC2 and Route53
 * listings return. Drift compares exactly these (where the spec sets them), for both clouds.
 * Left out on purpose: what needs a call per resource (a VPC's DNS attributes, an instance's
 * credit specification and user data) and what only Terraform knows (`final_snapshot`,
 * `force_destroy`, `stop_instance_before_detaching`).
 */
const RULE_ATTRIBUTES = [
  'security_group_id',
  'ip_protocol',
  'from_port',
  'to_port',
  'cidr_ipv4',
  'cidr_ipv6',
  'referenced_security_group_id',
  'prefix_list_id',
  'description',
  'tags',
];

export const OBSERVED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_vpc: ['cidr_block', 'tags'],
  aws_subnet: ['availability_zone', 'cidr_block', 'map_public_ip_on_launch', 'vpc_id', 'tags'],
  aws_internet_gateway: ['vpc_id', 'tags'],
  aws_nat_gateway: ['subnet_id', 'allocation_id', 'connectivity_type', 'tags'],
  aws_route_table: ['vpc_id', 'tags'],
  aws_route: ['route_table_id', 'destination_cidr_block', 'gateway_id', 'nat_gateway_id'],
  aws_route_table_association: ['route_table_id', 'subnet_id'],
  aws_security_group: ['name', 'description', 'vpc_id', 'tags'],
  aws_vpc_security_group_ingress_rule: RULE_ATTRIBUTES,
  aws_vpc_security_group_egress_rule: RULE_ATTRIBUTES,
  aws_instance: [
    'ami',
    'instance_type',
    'subnet_id',
    'vpc_security_group_ids',
    'key_name',
    'iam_instance_profile',
    'monitoring',
    'metadata_options',
    'root_block_device',
    'tags',
  ],
  aws_ebs_volume: ['availability_zone', 'size', 'type', 'iops', 'throughput', 'encrypted', 'tags'],
  aws_volume_attachment: ['device_name', 'instance_id', 'volume_id'],
  aws_eip: ['domain', 'tags'],
  aws_eip_association: ['allocation_id', 'instance_id'],
  aws_ec2_instance_state: ['instance_id', 'state'],
  aws_route53_zone: ['name', 'comment', 'tags'],
  aws_route53_record: ['zone_id', 'name', 'type', 'ttl', 'records', 'alias', 'set_identifier'],
};

/**
 * Resources AWS does not tag (or neo cannot tag) are recognised by what they connect: the
 * attributes that make one unique within its customer. Values are compared after raw ids have
 * become tokens.
 */
export const IDENTITY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_route: ['route_table_id', 'destination_cidr_block'],
  aws_route_table_association: ['subnet_id'],
  aws_volume_attachment: ['volume_id'],
  aws_eip_association: ['allocation_id'],
  aws_ec2_instance_state: ['instance_id'],
  aws_route53_record: ['zone_id', 'name', 'type', 'set_identifier'],
};

export function isObservedType(type: string): boolean {
  return Object.hasOwn(OBSERVED_ATTRIBUTES, type);
}
