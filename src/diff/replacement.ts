/**
 * Which attribute changes make Terraform destroy and re-create a resource instead of updating it
 * ("forces replacement"), for every resource type neo synthesizes. Taken from the AWS provider's
 * schemas (ForceNew / RequiresReplace, provider 6.x) and checked against real plan JSON where
 * one exists (test/diff/replacement.test.ts). Paths are flattened attribute paths without list
 * indexes; a path covers everything below it.
 *
 * `region` is listed for every regional type: since provider 6 each resource carries its own
 * region, and moving one means re-creating it.
 */
const REGIONAL = ['region'];
const BUCKET_CHILD = [...REGIONAL, 'bucket', 'expected_bucket_owner'];

export const FORCES_REPLACEMENT: Readonly<Record<string, readonly string[]>> = {
  aws_budgets_budget: ['name', 'name_prefix', 'account_id'],
  aws_cloudwatch_dashboard: [...REGIONAL, 'dashboard_name'],
  aws_cloudwatch_log_group: [...REGIONAL, 'name', 'name_prefix', 'log_group_class'],
  aws_cloudwatch_metric_alarm: [...REGIONAL, 'alarm_name'],
  aws_db_instance: [
    ...REGIONAL,
    // identifier is not here: since provider 5 a database is renamed in place.
    'engine',
    'availability_zone',
    'storage_encrypted',
    'kms_key_id',
    'username',
    'character_set_name',
    'snapshot_identifier',
    'replicate_source_db',
  ],
  aws_db_subnet_group: [...REGIONAL, 'name', 'name_prefix'],
  aws_dlm_lifecycle_policy: [...REGIONAL],
  aws_ebs_volume: [...REGIONAL, 'availability_zone', 'encrypted', 'kms_key_id', 'snapshot_id', 'outpost_arn'],
  aws_ec2_instance_state: [...REGIONAL, 'instance_id'],
  aws_eip: [
    ...REGIONAL,
    'domain',
    'address',
    'public_ipv4_pool',
    'network_border_group',
    'customer_owned_ipv4_pool',
  ],
  aws_eip_association: [
    ...REGIONAL,
    'allocation_id',
    'instance_id',
    'network_interface_id',
    'private_ip_address',
    'public_ip',
    'allow_reassociation',
  ],
  aws_elasticache_replication_group: [
    ...REGIONAL,
    'replication_group_id',
    'at_rest_encryption_enabled',
    'subnet_group_name',
    'port',
    'kms_key_id',
  ],
  aws_elasticache_subnet_group: [...REGIONAL, 'name'],
  aws_flow_log: [
    ...REGIONAL,
    'iam_role_arn',
    'log_destination',
    'log_destination_type',
    'log_format',
    'max_aggregation_interval',
    'traffic_type',
    'vpc_id',
    'subnet_id',
    'destination_options',
  ],
  aws_iam_instance_profile: ['name', 'name_prefix', 'path'],
  aws_iam_role: ['name', 'name_prefix', 'path'],
  aws_iam_role_policy: ['name', 'name_prefix', 'role'],
  aws_iam_role_policy_attachment: ['role', 'policy_arn'],
  aws_instance: [
    ...REGIONAL,
    'ami',
    'availability_zone',
    'subnet_id',
    'key_name',
    'private_ip',
    'tenancy',
    'placement_group',
    'associate_public_ip_address',
    'root_block_device.encrypted',
    'root_block_device.kms_key_id',
    'ebs_block_device',
    'ephemeral_block_device',
    'network_interface',
  ],
  aws_internet_gateway: [...REGIONAL],
  aws_key_pair: [...REGIONAL, 'key_name', 'key_name_prefix', 'public_key'],
  aws_nat_gateway: [...REGIONAL, 'allocation_id', 'subnet_id', 'connectivity_type', 'private_ip'],
  aws_route: [
    ...REGIONAL,
    'route_table_id',
    'destination_cidr_block',
    'destination_ipv6_cidr_block',
    'destination_prefix_list_id',
  ],
  aws_route53_health_check: ['type', 'reference_name', 'request_interval', 'measure_latency'],
  aws_route53_record: ['name', 'zone_id'],
  aws_route53_zone: ['name', 'delegation_set_id'],
  aws_route_table: [...REGIONAL, 'vpc_id'],
  aws_route_table_association: [...REGIONAL, 'subnet_id', 'gateway_id'],
  aws_s3_bucket: [...REGIONAL, 'bucket', 'bucket_prefix', 'object_lock_enabled'],
  aws_s3_bucket_lifecycle_configuration: BUCKET_CHILD,
  aws_s3_bucket_ownership_controls: BUCKET_CHILD,
  aws_s3_bucket_policy: BUCKET_CHILD,
  aws_s3_bucket_public_access_block: BUCKET_CHILD,
  aws_s3_bucket_server_side_encryption_configuration: BUCKET_CHILD,
  aws_s3_bucket_versioning: BUCKET_CHILD,
  aws_security_group: [...REGIONAL, 'name', 'name_prefix', 'description', 'vpc_id'],
  aws_sns_topic: [...REGIONAL, 'name', 'name_prefix', 'fifo_topic'],
  aws_sns_topic_subscription: [...REGIONAL, 'topic_arn', 'protocol', 'endpoint'],
  aws_subnet: [
    ...REGIONAL,
    'availability_zone',
    'availability_zone_id',
    'cidr_block',
    'vpc_id',
    'outpost_arn',
  ],
  aws_volume_attachment: [...REGIONAL, 'device_name', 'instance_id', 'volume_id'],
  aws_vpc: [...REGIONAL, 'cidr_block', 'ipv4_ipam_pool_id'],
  aws_vpc_security_group_egress_rule: [...REGIONAL, 'security_group_id'],
  aws_vpc_security_group_ingress_rule: [...REGIONAL, 'security_group_id'],
};

/**
 * Whether changing `path` of a resource of `type` forces its replacement; `undefined` when neo
 * has no entry for the type (the diff then assumes the worst and says so).
 */
export function forcesReplacement(type: string, path: string): boolean | undefined {
  const paths = FORCES_REPLACEMENT[type];
  if (paths === undefined) return undefined;
  const bare = path.replace(/\[\d+\]/g, '');
  return paths.some((p) => bare === p || bare.startsWith(`${p}.`));
}

/**
 * Attributes the provider computes when the configuration leaves them out (Optional + Computed):
 * when neo stops setting one (a database's zone once it is multi-AZ), Terraform keeps what AWS
 * reports, so dropping it is no change at all.
 */
const COMPUTED_WHEN_UNSET: Readonly<Record<string, readonly string[]>> = {
  aws_db_instance: ['availability_zone', 'engine_version', 'port', 'storage_type', 'backup_retention_period'],
  aws_ebs_volume: ['iops', 'throughput'],
  aws_instance: [
    'availability_zone',
    'root_block_device.iops',
    'root_block_device.throughput',
    'root_block_device.volume_size',
  ],
  aws_elasticache_replication_group: ['engine_version', 'port'],
};

export function computedWhenUnset(type: string, path: string): boolean {
  return COMPUTED_WHEN_UNSET[type]?.includes(path) ?? false;
}
