/**
 * The estimated monthly AWS cost of a customer's stack, from its resource graph and the price table
 * in prices.ts: what reviewers see next to a plan ("this change adds about $12.40 a month").
 * Whatever cannot be priced is named in `unpriced`, never counted as free.
 */
import type { GraphResource, ResourceGraph } from '../graph/index.js';
import { regionPrices } from './aws-prices.js';
import { type CostSink, lookup } from './cost-attributes.js';
import { GLOBAL_PRICERS, REGIONAL_PRICERS } from './cost-pricers.js';

export interface CostLine {
  /** What it is, for a person: `t3.medium server`, `gp3 200 GB, 6000 IOPS, 250 MB/s`, `Elastic IP`. */
  item: string;
  /** The Terraform address it belongs to. */
  address: string;
  /** USD per month, rounded to cents. */
  usd: number;
}

export interface CostEstimate {
  /** The sum of `lines`, in USD per month, rounded to cents. */
  totalUsd: number;
  lines: CostLine[];
  /** What the total leaves out: `<address>: <why>`, one each. */
  unpriced: string[];
}

/**
 * Resource types that cost nothing by themselves, or only by usage (requests, stored bytes, data
 * transferred): they produce no line. Any type neither here nor priced lands in `unpriced`.
 */
const FREE_OR_USAGE_TYPES = new Set([
  'aws_budgets_budget',
  'aws_cloudwatch_log_group',
  'aws_db_parameter_group',
  'aws_db_subnet_group',
  'aws_dlm_lifecycle_policy',
  'aws_ec2_instance_state', // folded into its instance: a stopped instance has no compute charge
  'aws_egress_only_internet_gateway',
  'aws_eip_association',
  'aws_elasticache_parameter_group',
  'aws_elasticache_subnet_group',
  'aws_flow_log',
  'aws_internet_gateway',
  'aws_key_pair',
  'aws_network_acl',
  'aws_route',
  'aws_route53_record',
  'aws_route_table',
  'aws_route_table_association',
  'aws_security_group',
  'aws_security_group_rule',
  'aws_subnet',
  'aws_volume_attachment',
  'aws_vpc',
  'aws_vpc_security_group_egress_rule',
  'aws_vpc_security_group_ingress_rule',
]);
const FREE_OR_USAGE_PREFIXES = ['aws_iam_', 'aws_s3_', 'aws_sns_'];

export function estimateMonthlyCost(graph: ResourceGraph): CostEstimate {
  const stopped = stoppedInstances(graph);
  const lines: CostLine[] = [];
  const unpriced: string[] = [];
  const resources = [...graph.resources.values()].sort((a, b) => compare(a.address, b.address));
  for (const resource of resources) {
    const { address } = resource;
    priceResource(resource, graph, stopped, {
      add: (item, usd) => lines.push({ item, address, usd: cents(usd) }),
      miss: (what) => unpriced.push(`${address}: ${what}`),
    });
  }
  return { totalUsd: cents(lines.reduce((sum, line) => sum + line.usd, 0)), lines, unpriced };
}

/** Whether a resource type costs nothing by itself (or only by usage), so has no line. */
export function isFreeOrUsageOnly(type: string): boolean {
  return FREE_OR_USAGE_TYPES.has(type) || FREE_OR_USAGE_PREFIXES.some((prefix) => type.startsWith(prefix));
}

function priceResource(
  resource: GraphResource,
  graph: ResourceGraph,
  stopped: ReadonlySet<string>,
  out: CostSink,
): void {
  const { type } = resource;
  const global = lookup(GLOBAL_PRICERS, type);
  const regional = lookup(REGIONAL_PRICERS, type);
  if (isFreeOrUsageOnly(type)) return;
  if (global !== undefined) global(resource, out);
  else if (regional === undefined) out.miss(`resource type ${type} is not in the price table`);
  else {
    const region = resource.attributes.region ?? graph.region;
    const prices = typeof region === 'string' ? regionPrices(region) : undefined;
    if (typeof region !== 'string' || region.includes('${')) out.miss('its region is not known');
    else if (prices === undefined) out.miss(`region ${region} is not in the price table`);
    else regional(resource, { region, prices, stopped }, out);
  }
}

/** Addresses of the instances an `aws_ec2_instance_state` keeps stopped (a suspended customer). */
function stoppedInstances(graph: ResourceGraph): Set<string> {
  const stopped = new Set<string>();
  for (const { type, attributes } of graph.resources.values()) {
    if (type !== 'aws_ec2_instance_state' || attributes.state !== 'stopped') continue;
    const instance = /^\$\{(aws_instance\.[^.}]+)\.id\}$/.exec(String(attributes.instance_id ?? ''));
    if (instance?.[1] !== undefined) stopped.add(instance[1]);
  }
  return stopped;
}

/** Rounded to cents, half up, without binary floating point noise (1.005 → 1.01). */
function cents(usd: number): number {
  return Math.round(Number.parseFloat((usd * 100).toFixed(6))) / 100;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
