/**
 * What holds a customer's data or identity, by the kind a customer file names in
 * `allowDataLoss` to accept losing it. Buckets are not here: neo never destroys them
 * (`prevent_destroy`), whatever a file says.
 */
export const DATA_BEARING = {
  aws_instance: 'server',
  aws_ebs_volume: 'volumes',
  aws_db_instance: 'databases',
  aws_rds_cluster: 'databases',
  // Redis holds sessions and carts: its removal is judged as a database's.
  aws_elasticache_replication_group: 'databases',
  aws_route53_zone: 'zone',
} as const satisfies Record<string, string>;

export type DataKind = (typeof DATA_BEARING)[keyof typeof DATA_BEARING];

export function dataKindOf(type: string): DataKind | undefined {
  return (DATA_BEARING as Record<string, DataKind>)[type];
}
