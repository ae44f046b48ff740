import { createHash } from 'node:crypto';
import type { Attributes, AttributeValue } from '../../graph/index.js';

/** The account every local resource lives in. */
export const LOCAL_ACCOUNT = '000000000000';

type ArnMaker = (id: string, attributes: Attributes, region: string) => string;

const named = (attributes: Attributes, key: string, id: string): string => {
  const value = attributes[key];
  return typeof value === 'string' ? value : id;
};

/** ARNs of the types whose ARN is not `arn:aws:ec2:<region>:<account>:<kind>/<id>`. */
const ARNS: Readonly<Record<string, ArnMaker>> = {
  aws_s3_bucket: (id, a) => `arn:aws:s3:::${named(a, 'bucket', id)}`,
  aws_iam_role: (id, a) => `arn:aws:iam::${LOCAL_ACCOUNT}:role/${named(a, 'name', id)}`,
  aws_iam_instance_profile: (id, a) =>
    `arn:aws:iam::${LOCAL_ACCOUNT}:instance-profile/${named(a, 'name', id)}`,
  aws_sns_topic: (id, a, r) => `arn:aws:sns:${r}:${LOCAL_ACCOUNT}:${named(a, 'name', id)}`,
  aws_cloudwatch_log_group: (id, a, r) =>
    `arn:aws:logs:${r}:${LOCAL_ACCOUNT}:log-group:${named(a, 'name', id)}`,
  aws_cloudwatch_metric_alarm: (id, a, r) =>
    `arn:aws:cloudwatch:${r}:${LOCAL_ACCOUNT}:alarm:${named(a, 'alarm_name', id)}`,
  aws_cloudwatch_dashboard: (id, a) =>
    `arn:aws:cloudwatch::${LOCAL_ACCOUNT}:dashboard/${named(a, 'dashboard_name', id)}`,
  aws_db_instance: (id, a, r) => `arn:aws:rds:${r}:${LOCAL_ACCOUNT}:db:${named(a, 'identifier', id)}`,
  aws_db_subnet_group: (id, a, r) => `arn:aws:rds:${r}:${LOCAL_ACCOUNT}:subgrp:${named(a, 'name', id)}`,
  aws_elasticache_replication_group: (id, a, r) =>
    `arn:aws:elasticache:${r}:${LOCAL_ACCOUNT}:replicationgroup:${named(a, 'replication_group_id', id)}`,
  aws_elasticache_subnet_group: (id, a, r) =>
    `arn:aws:elasticache:${r}:${LOCAL_ACCOUNT}:subnetgroup:${named(a, 'name', id)}`,
  aws_dlm_lifecycle_policy: (id, _a, r) => `arn:aws:dlm:${r}:${LOCAL_ACCOUNT}:policy/${id}`,
  aws_budgets_budget: (id, a) => `arn:aws:budgets::${LOCAL_ACCOUNT}:budget/${named(a, 'name', id)}`,
  aws_route53_zone: (id) => `arn:aws:route53:::hostedzone/${id}`,
  aws_route53_health_check: (id) => `arn:aws:route53:::healthcheck/${id}`,
  aws_sns_topic_subscription: (id, a) => `${named(a, 'topic_arn', 'topic')}:${id}`,
};

/**
 * What other resources can refer to: `id` and `arn` for all, and the computed values of the few
 * types that have them. Random-looking values derive from the id, so they stay put while the
 * resource does and a test's counter ids give the same values every run.
 */
export function exportsOf(type: string, id: string, attributes: Attributes): Record<string, AttributeValue> {
  const region = typeof attributes.region === 'string' ? attributes.region : '';
  const arn = ARNS[type]?.(id, attributes, region) ?? genericArn(type, id, region);
  const exports: Record<string, AttributeValue> = { id, arn };
  if (type === 'aws_eip') Object.assign(exports, { allocation_id: id, public_ip: publicIp(id) });
  if (type === 'aws_route53_zone') Object.assign(exports, { zone_id: id, name_servers: nameServers(id) });
  if (type === 'aws_s3_bucket') exports.bucket = named(attributes, 'bucket', id);
  return exports;
}

/** Services of the types without an entry above; the rest (most of them) are EC2's. */
const SERVICES: ReadonlyArray<[prefix: string, service: string, global: boolean]> = [
  ['aws_iam_', 'iam', true],
  ['aws_route53_', 'route53', true],
  ['aws_s3_', 's3', true],
  ['aws_cloudwatch_', 'cloudwatch', false],
  ['aws_sns_', 'sns', false],
  ['aws_db_', 'rds', false],
  ['aws_elasticache_', 'elasticache', false],
];

/** A plausible ARN for the rest: `aws_security_group` → `arn:aws:ec2:<region>:…:security-group/<id>`. */
function genericArn(type: string, id: string, region: string): string {
  const [prefix, service, global] = SERVICES.find(([p]) => type.startsWith(p)) ?? ['aws_', 'ec2', false];
  const kind = type.slice(prefix.length).replaceAll('_', '-');
  return `arn:aws:${service}:${global ? '' : region}:${LOCAL_ACCOUNT}:${kind}/${id}`;
}

function digest(id: string): Buffer {
  return createHash('sha256').update(id).digest();
}

/** An address in 3.128.0.0/10, a block AWS hands Elastic IPs out of. */
function publicIp(id: string): string {
  const [a = 0, b = 0, c = 0] = digest(id);
  return `3.${128 + (a % 64)}.${b}.${1 + (c % 254)}`;
}

/** Four delegation servers, one per top-level domain, like Route53's. */
function nameServers(id: string): string[] {
  const bytes = digest(id);
  return ['com', 'net', 'org', 'co.uk'].map((tld, i) => {
    const number = (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)) % 2048;
    return `ns-${number}.awsdns-${String(number % 64).padStart(2, '0')}.${tld}`;
  });
}
