/**
 * One pricer per resource type that costs money by configuration. A pricer adds the resource's
 * monthly lines to a sink, or says what it could not price (an unknown instance type, a value
 * Terraform only knows at apply time).
 */
import type { Attributes, AttributeValue, GraphResource } from '../graph/index.js';
import { type Gp3Prices, HOURS_PER_MONTH, type RegionPrices, ROUTE53 } from './aws-prices.js';
import {
  amount,
  type CostSink,
  flag,
  isRecord,
  lookup,
  optionalAmount,
  text,
  watching,
} from './cost-attributes.js';

export interface RegionContext {
  region: string;
  prices: RegionPrices;
  /** Addresses of instances kept stopped. */
  stopped: ReadonlySet<string>;
}

type GlobalPricer = (resource: GraphResource, out: CostSink) => void;
type RegionalPricer = (resource: GraphResource, at: RegionContext, out: CostSink) => void;

const ENGINE_NAMES: Record<string, string> = {
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  postgres: 'PostgreSQL',
  redis: 'Redis',
  valkey: 'Valkey',
  memcached: 'Memcached',
};

export const GLOBAL_PRICERS: Readonly<Record<string, GlobalPricer>> = {
  aws_route53_zone: (_, out) => out.add('hosted zone', ROUTE53.hostedZonePerMonth),
  aws_route53_health_check: priceHealthCheck,
};

export const REGIONAL_PRICERS: Readonly<Record<string, RegionalPricer>> = {
  aws_instance: priceInstance,
  aws_ebs_volume: ({ attributes }, at, out) => priceVolume('', ebsVolume(attributes, out), at, out),
  aws_eip: (_, { prices }, out) => out.add('Elastic IP', prices.publicIpv4PerHour * HOURS_PER_MONTH),
  aws_nat_gateway: (_, { prices }, out) => out.add('NAT gateway', prices.natGatewayPerHour * HOURS_PER_MONTH),
  aws_cloudwatch_metric_alarm: priceAlarm,
  aws_cloudwatch_dashboard: (_, { prices }, out) =>
    out.add('CloudWatch dashboard', prices.cloudwatch.dashboardPerMonth),
  aws_db_instance: priceDatabase,
  aws_elasticache_replication_group: priceCache,
};

function priceInstance({ address, attributes }: GraphResource, at: RegionContext, out: CostSink): void {
  priceCompute(address, text(attributes, 'instance_type', out), at, out);
  priceVolume('root volume ', rootVolume(attributes.root_block_device, out), at, out);
}

/** A stopped instance keeps its line, at no charge, so the estimate shows why it is free. */
function priceCompute(address: string, type: string | undefined, at: RegionContext, out: CostSink): void {
  if (type === undefined) return;
  const perHour = lookup(at.prices.ec2PerHour, type);
  if (perHour === undefined) out.miss(`instance type ${type}, not priced in ${at.region}`);
  else if (at.stopped.has(address)) out.add(`${type} server, stopped`, 0);
  else out.add(`${type} server`, perHour * HOURS_PER_MONTH);
}

interface Volume {
  type: string;
  sizeGb: number;
  iops: number | undefined;
  throughputMbps: number | undefined;
}

/** The root volume of an instance; without a size or type, the AMI decides, so it is unpriced. */
function rootVolume(device: AttributeValue | undefined, out: CostSink): Volume | undefined {
  const block = Array.isArray(device) ? device[0] : device;
  if (!isRecord(block) || block.volume_size === undefined || block.volume_type === undefined) {
    out.miss('root volume, whose size or type the AMI decides');
    return undefined;
  }
  return volume(
    block,
    out,
    { size: 'volume_size', type: 'volume_type', defaultType: undefined },
    'root volume ',
  );
}

function ebsVolume(attributes: Attributes, out: CostSink): Volume | undefined {
  return volume(attributes, out, { size: 'size', type: 'type', defaultType: 'gp2' }, '');
}

function volume(
  attributes: Attributes,
  out: CostSink,
  keys: { size: string; type: string; defaultType: string | undefined },
  prefix: string,
): Volume | undefined {
  const read = watching(out, prefix);
  const type = text(attributes, keys.type, read, keys.defaultType);
  const sizeGb = amount(attributes, keys.size, read);
  const iops = optionalAmount(attributes, 'iops', read);
  const throughputMbps = optionalAmount(attributes, 'throughput', read);
  if (read.missed || type === undefined || sizeGb === undefined) return undefined;
  return { type, sizeGb, iops, throughputMbps };
}

function priceVolume(prefix: string, v: Volume | undefined, { prices }: RegionContext, out: CostSink): void {
  if (v === undefined) return;
  const { gp3, gp2PerGbMonth } = prices.ebs;
  if (v.type === 'gp2') out.add(`${prefix}gp2 ${v.sizeGb} GB`, v.sizeGb * gp2PerGbMonth);
  else if (v.type === 'gp3') priceGp3(prefix, v, gp3, out);
  else out.miss(`${prefix || 'volume '}type ${v.type}, not in the price table`);
}

/** gp3 includes 3,000 IOPS and 125 MB/s; more is charged per IOPS and per MB/s provisioned. */
function priceGp3(prefix: string, v: Volume, gp3: Gp3Prices, out: CostSink): void {
  const iops = v.iops ?? gp3.freeIops;
  const mbps = v.throughputMbps ?? gp3.freeThroughputMbps;
  const usd =
    v.sizeGb * gp3.perGbMonth +
    Math.max(0, iops - gp3.freeIops) * gp3.perIopsMonth +
    Math.max(0, mbps - gp3.freeThroughputMbps) * gp3.perThroughputMbpsMonth;
  out.add(`${prefix}gp3 ${v.sizeGb} GB, ${iops} IOPS, ${mbps} MB/s`, usd);
}

/** An alarm costs per metric it evaluates; high resolution (periods under a minute) costs more. */
function priceAlarm({ attributes }: GraphResource, { prices }: RegionContext, out: CostSink): void {
  const queries = Array.isArray(attributes.metric_query) ? attributes.metric_query.filter(isRecord) : [];
  const metrics = queries.map((query) => query.metric).filter(isRecord);
  const periods = [attributes.period, ...metrics.map((metric) => metric.period)];
  const high = periods.some((period) => typeof period === 'number' && period < 60);
  const count = Math.max(1, metrics.length);
  const { alarmStandardPerMonth, alarmHighResolutionPerMonth } = prices.cloudwatch;
  const item = `CloudWatch alarm${high ? ', high resolution' : ''}${count > 1 ? `, ${count} metrics` : ''}`;
  out.add(item, count * (high ? alarmHighResolutionPerMonth : alarmStandardPerMonth));
}

/** Basic price plus each optional feature: HTTPS, string matching, fast interval, latency. */
function priceHealthCheck({ attributes }: GraphResource, out: CostSink): void {
  const type = text(attributes, 'type', out);
  if (type === undefined) return;
  const features = [
    type.startsWith('HTTPS'),
    type.endsWith('_STR_MATCH'),
    attributes.request_interval === 10,
    attributes.measure_latency === true,
  ].filter(Boolean).length;
  const { awsEndpointPerMonth, optionalFeaturePerMonth } = ROUTE53.healthCheck;
  out.add(`${type} health check`, awsEndpointPerMonth + features * optionalFeaturePerMonth);
}

function priceDatabase(
  { attributes }: GraphResource,
  { region, prices }: RegionContext,
  out: CostSink,
): void {
  const { rds } = prices;
  const read = watching(out);
  const engine = text(attributes, 'engine', read);
  const instanceClass = text(attributes, 'instance_class', read);
  const multiAz = flag(attributes, 'multi_az', read);
  const storageType = text(attributes, 'storage_type', read, 'gp2');
  const sizeGb = amount(attributes, 'allocated_storage', read);
  if (attributes.iops !== undefined || attributes.storage_throughput !== undefined)
    out.miss('provisioned database IOPS or throughput');
  if (read.missed || !engine || !instanceClass || multiAz === undefined || !storageType || !sizeGb) return;
  const factor = multiAz ? rds.multiAzFactor : 1;
  const az = multiAz ? ', multi-AZ' : ', single-AZ';
  const name = `${instanceClass} ${ENGINE_NAMES[engine] ?? engine}`;
  const perHour = lookup(lookup(rds.perHour, engine) ?? {}, instanceClass);
  if (perHour === undefined) out.miss(`${name}, not priced in ${region}`);
  else out.add(`${name}${az}`, perHour * HOURS_PER_MONTH * factor);
  const perGb = lookup(rds.storagePerGbMonth, storageType);
  if (perGb === undefined) out.miss(`database storage type ${storageType}, not in the price table`);
  else out.add(`database storage ${storageType} ${sizeGb} GB${az}`, sizeGb * perGb * factor);
}

/** A replication group's nodes: one per cache cluster, or shards × (1 + replicas). */
function priceCache({ attributes }: GraphResource, { region, prices }: RegionContext, out: CostSink): void {
  const read = watching(out);
  const nodeType = text(attributes, 'node_type', read);
  const engine = text(attributes, 'engine', read, 'redis');
  const clusters = optionalAmount(attributes, 'num_cache_clusters', read);
  const shards = amount(attributes, 'num_node_groups', read, 1);
  const replicas = amount(attributes, 'replicas_per_node_group', read, 0);
  if (read.missed || nodeType === undefined || engine === undefined) return;
  const nodes = clusters ?? (shards ?? 1) * (1 + (replicas ?? 0));
  const perNode = lookup(prices.elasticache.perNodeHour, nodeType);
  const factor = lookup(prices.elasticache.engineFactor, engine);
  const name = `${nodeType} ${ENGINE_NAMES[engine] ?? engine}`;
  if (perNode === undefined || factor === undefined) out.miss(`${name}, not priced in ${region}`);
  else out.add(`${name}, ${nodes} node${nodes === 1 ? '' : 's'}`, nodes * perNode * factor * HOURS_PER_MONTH);
}
