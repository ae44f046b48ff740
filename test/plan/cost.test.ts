import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { graphFromTerraform } from '../../src/graph/index.js';
import { PRICED_REGIONS } from '../../src/plan/aws-prices.js';
import { estimateMonthlyCost } from '../../src/plan/cost.js';
import { upgradeInstanceType } from '../../src/spec/index.js';
import { PROJECT_ROOT } from '../helpers/repository.js';
import { type Stack, stackLookup } from '../helpers/stacks.js';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** A stack's graph in `region` holding `resources` (`{ type: { name: attributes } }`). */
function graphOf(resources: Resources, region = 'us-east-2') {
  return graphFromTerraform({ provider: { aws: [{ region }] }, resource: resources });
}

/** A Terraform reference, as the synthesizer writes it. */
function ref(expression: string): string {
  return `\${${expression}}`;
}

function gp3Root(size: number, iops: number, throughput: number) {
  return { volume_type: 'gp3', volume_size: size, iops, throughput, encrypted: true };
}

const SERVER: Resources = {
  aws_instance: { server: { instance_type: 't3.medium', root_block_device: gp3Root(50, 3000, 125) } },
  aws_ebs_volume: { data: { type: 'gp3', size: 200, iops: 6000, throughput: 250 } },
  aws_eip: { server: { domain: 'vpc' } },
  aws_eip_association: { server: { instance_id: ref('aws_instance.server.id') } },
  aws_vpc: { main: { cidr_block: '10.0.0.0/16' } },
};

describe('estimateMonthlyCost', () => {
  it('sums a server, its volumes and its Elastic IP', () => {
    // t3.medium 0.0416 × 730 = 30.368 → 30.37; root gp3 50 GB at the free baseline = 50 × 0.08 = 4.00;
    // data gp3 200 GB = 16.00 + (6000 − 3000) × 0.005 = 15.00 + (250 − 125) × 0.04 = 5.00 → 36.00;
    // Elastic IP 0.005 × 730 = 3.65. Total 30.37 + 4.00 + 36.00 + 3.65 = 74.02. The VPC and the
    // association cost nothing and have no line.
    expect(estimateMonthlyCost(graphOf(SERVER))).toEqual({
      totalUsd: 74.02,
      lines: [
        { item: 'gp3 200 GB, 6000 IOPS, 250 MB/s', address: 'aws_ebs_volume.data', usd: 36 },
        { item: 'Elastic IP', address: 'aws_eip.server', usd: 3.65 },
        { item: 't3.medium server', address: 'aws_instance.server', usd: 30.37 },
        { item: 'root volume gp3 50 GB, 3000 IOPS, 125 MB/s', address: 'aws_instance.server', usd: 4 },
      ],
      unpriced: [],
    });
  });

  it('charges no compute for a stopped (suspended) server, but still its volumes and IP', () => {
    const stopped = {
      ...SERVER,
      aws_ec2_instance_state: { server: { instance_id: ref('aws_instance.server.id'), state: 'stopped' } },
    };
    // 74.02 − 30.37 = 43.65: root 4.00 + data 36.00 + Elastic IP 3.65.
    const estimate = estimateMonthlyCost(graphOf(stopped));
    expect(estimate.totalUsd).toBe(43.65);
    expect(estimate.lines).toContainEqual({
      item: 't3.medium server, stopped',
      address: 'aws_instance.server',
      usd: 0,
    });
    expect(estimate.unpriced).toEqual([]);
  });

  it('charges a running server whose instance state says running', () => {
    const running = {
      ...SERVER,
      aws_ec2_instance_state: { server: { instance_id: ref('aws_instance.server.id'), state: 'running' } },
    };
    expect(estimateMonthlyCost(graphOf(running)).totalUsd).toBe(74.02);
  });

  it.each([
    // size × 0.08 + (IOPS − 3000) × 0.005 + (MB/s − 125) × 0.04
    [
      'gp3 at the free baseline',
      { size: 100, iops: 3000, throughput: 125 },
      'gp3 100 GB, 3000 IOPS, 125 MB/s',
      8,
    ],
    ['gp3 without IOPS or throughput', { size: 100 }, 'gp3 100 GB, 3000 IOPS, 125 MB/s', 8],
    // 40 + 9000 × 0.005 = 45 + 375 × 0.04 = 15 → 100
    [
      'gp3 of the titan plan',
      { size: 500, iops: 12000, throughput: 500 },
      'gp3 500 GB, 12000 IOPS, 500 MB/s',
      100,
    ],
    // 80 + 13000 × 0.005 = 65 + 875 × 0.04 = 35 → 180
    [
      'gp3 at its maximum',
      { size: 1000, iops: 16000, throughput: 1000 },
      'gp3 1000 GB, 16000 IOPS, 1000 MB/s',
      180,
    ],
    // 20 + 0 + 175 × 0.04 = 7 → 27
    ['gp3 with throughput only', { size: 250, throughput: 300 }, 'gp3 250 GB, 3000 IOPS, 300 MB/s', 27],
  ])('prices %s', (_, volume, item, usd) => {
    const estimate = estimateMonthlyCost(graphOf({ aws_ebs_volume: { data: { type: 'gp3', ...volume } } }));
    expect(estimate).toEqual({
      totalUsd: usd,
      lines: [{ item, address: 'aws_ebs_volume.data', usd }],
      unpriced: [],
    });
  });

  it('prices a volume without a type as gp2, the Terraform default', () => {
    // 100 × 0.10
    const estimate = estimateMonthlyCost(graphOf({ aws_ebs_volume: { data: { size: 100 } } }));
    expect(estimate.lines).toEqual([{ item: 'gp2 100 GB', address: 'aws_ebs_volume.data', usd: 10 }]);
  });

  it('prices the root volume above the free baseline too', () => {
    // titan's root: 100 × 0.08 = 8 + 9000 × 0.005 = 45 + 375 × 0.04 = 15 → 68.00
    const graph = graphOf({
      aws_instance: { server: { instance_type: 't3.large', root_block_device: gp3Root(100, 12000, 500) } },
    });
    expect(estimateMonthlyCost(graph).lines[1]).toEqual({
      item: 'root volume gp3 100 GB, 12000 IOPS, 500 MB/s',
      address: 'aws_instance.server',
      usd: 68,
    });
  });

  it.each([
    // instance 0.034 × 730 × 2 = 49.64; storage 200 × 0.115 × 2 = 46.00
    [
      'mysql',
      'db.t3.small',
      200,
      true,
      'db.t3.small MySQL, multi-AZ',
      49.64,
      'database storage gp3 200 GB, multi-AZ',
      46,
    ],
    // the same single-AZ: half of each, 24.82 and 23.00
    [
      'mysql',
      'db.t3.small',
      200,
      false,
      'db.t3.small MySQL, single-AZ',
      24.82,
      'database storage gp3 200 GB, single-AZ',
      23,
    ],
    // 0.017 × 730 = 12.41; 50 × 0.115 = 5.75
    [
      'mysql',
      'db.t3.micro',
      50,
      false,
      'db.t3.micro MySQL, single-AZ',
      12.41,
      'database storage gp3 50 GB, single-AZ',
      5.75,
    ],
    // 0.065 × 730 × 2 = 94.90; 100 × 0.115 × 2 = 23.00
    [
      'postgres',
      'db.t4g.medium',
      100,
      true,
      'db.t4g.medium PostgreSQL, multi-AZ',
      94.9,
      'database storage gp3 100 GB, multi-AZ',
      23,
    ],
    // MariaDB lists MySQL's prices: 0.152 × 730 = 110.96; 20 × 0.115 = 2.30
    [
      'mariadb',
      'db.m6g.large',
      20,
      false,
      'db.m6g.large MariaDB, single-AZ',
      110.96,
      'database storage gp3 20 GB, single-AZ',
      2.3,
    ],
  ])(
    'prices RDS %s %s, %i GB, multi-AZ %s',
    (engine, instanceClass, storage, multiAz, item, usd, storageItem, storageUsd) => {
      const graph = graphOf({
        aws_db_instance: {
          main: {
            engine,
            instance_class: instanceClass,
            allocated_storage: storage,
            storage_type: 'gp3',
            multi_az: multiAz,
          },
        },
        aws_db_subnet_group: { main: { subnet_ids: [ref('aws_subnet.private_a.id')] } },
      });
      expect(estimateMonthlyCost(graph)).toEqual({
        totalUsd: Math.round((usd + storageUsd) * 100) / 100,
        lines: [
          { item, address: 'aws_db_instance.main', usd },
          { item: storageItem, address: 'aws_db_instance.main', usd: storageUsd },
        ],
        unpriced: [],
      });
    },
  );

  it.each([
    // 0.017 × 730 = 12.41
    [{ node_type: 'cache.t3.micro', num_cache_clusters: 1 }, 'cache.t3.micro Redis, 1 node', 12.41],
    // 2 × 0.149 × 730 = 217.54
    [{ node_type: 'cache.m6g.large', num_cache_clusters: 2 }, 'cache.m6g.large Redis, 2 nodes', 217.54],
    // 2 shards × (1 + 1 replica) × 0.032 × 730 = 93.44
    [
      { node_type: 'cache.t4g.small', num_node_groups: 2, replicas_per_node_group: 1 },
      'cache.t4g.small Redis, 4 nodes',
      93.44,
    ],
    // Valkey is 20 % less: 0.068 × 0.8 × 730 = 39.712 → 39.71
    [{ node_type: 'cache.t3.medium', engine: 'valkey' }, 'cache.t3.medium Valkey, 1 node', 39.71],
  ])('prices ElastiCache %o', (attributes, item, usd) => {
    const graph = graphOf({
      aws_elasticache_replication_group: { cache: { engine: 'redis', ...attributes } },
    });
    expect(estimateMonthlyCost(graph).lines).toEqual([
      { item, address: 'aws_elasticache_replication_group.cache', usd },
    ]);
  });

  it.each([
    // 0.045 × 730 = 32.85
    ['aws_nat_gateway', { subnet_id: ref('aws_subnet.public_a.id') }, 'NAT gateway', 32.85],
    ['aws_route53_zone', { name: 'example.com' }, 'hosted zone', 0.5],
    // 0.50 basic + 1.00 for HTTPS
    [
      'aws_route53_health_check',
      { type: 'HTTPS', fqdn: 'example.com', request_interval: 30 },
      'HTTPS health check',
      1.5,
    ],
    [
      'aws_route53_health_check',
      { type: 'HTTP', fqdn: 'example.com', request_interval: 30 },
      'HTTP health check',
      0.5,
    ],
    // 0.50 + HTTPS, string matching, fast interval and latency: 4 × 1.00
    [
      'aws_route53_health_check',
      { type: 'HTTPS_STR_MATCH', request_interval: 10, measure_latency: true },
      'HTTPS_STR_MATCH health check',
      4.5,
    ],
    ['aws_cloudwatch_metric_alarm', { period: 300, metric_name: 'CPUUtilization' }, 'CloudWatch alarm', 0.1],
    ['aws_cloudwatch_metric_alarm', { period: 10 }, 'CloudWatch alarm, high resolution', 0.3],
    // two metrics in a metric-math alarm: 2 × 0.10
    [
      'aws_cloudwatch_metric_alarm',
      {
        metric_query: [
          { id: 'a', metric: { period: 300 } },
          { id: 'b', metric: { period: 300 } },
          { id: 'e' },
        ],
      },
      'CloudWatch alarm, 2 metrics',
      0.2,
    ],
    ['aws_cloudwatch_dashboard', { dashboard_name: 'main' }, 'CloudWatch dashboard', 3],
  ])('prices %s %o', (type, attributes, item, usd) => {
    const estimate = estimateMonthlyCost(graphOf({ [type]: { main: attributes } }));
    expect(estimate).toEqual({
      totalUsd: usd,
      lines: [{ item, address: `${type}.main`, usd }],
      unpriced: [],
    });
  });

  it('gives no line to resources that are free or charged only by usage', () => {
    const graph = graphOf({
      aws_vpc: { main: {} },
      aws_subnet: { a: {} },
      aws_s3_bucket: { backups: {} },
      aws_s3_bucket_versioning: { backups: {} },
      aws_iam_role: { server: {} },
      aws_sns_topic: { alerts: {} },
      aws_cloudwatch_log_group: { flow_logs: {} },
      aws_budgets_budget: { monthly: {} },
      aws_dlm_lifecycle_policy: { snapshots: {} },
      aws_security_group: { server: {} },
      aws_route: { public_internet: {} },
      aws_route53_record: { www: {} },
    });
    expect(estimateMonthlyCost(graph)).toEqual({ totalUsd: 0, lines: [], unpriced: [] });
  });

  it.each([
    [
      'an unknown instance type',
      {
        aws_instance: {
          server: { instance_type: 'x2idn.16xlarge', root_block_device: gp3Root(50, 3000, 125) },
        },
      },
      'us-east-2',
      ['aws_instance.server: instance type x2idn.16xlarge, not priced in us-east-2'],
    ],
    [
      'an instance type known only at apply time',
      {
        aws_instance: {
          server: { instance_type: ref('var.size'), root_block_device: gp3Root(50, 3000, 125) },
        },
      },
      'us-east-2',
      ['aws_instance.server: instance_type is not known until apply'],
    ],
    [
      'a root volume the AMI decides',
      { aws_instance: { server: { instance_type: 't3.small' } } },
      'us-east-2',
      ['aws_instance.server: root volume, whose size or type the AMI decides'],
    ],
    [
      'a volume size known only at apply time',
      { aws_ebs_volume: { data: { type: 'gp3', size: ref('var.size') } } },
      'us-east-2',
      ['aws_ebs_volume.data: size is not known until apply'],
    ],
    [
      'a volume type without a price',
      { aws_ebs_volume: { data: { type: 'io2', size: 100, iops: 5000 } } },
      'us-east-2',
      ['aws_ebs_volume.data: volume type io2, not in the price table'],
    ],
    [
      'a region without prices',
      { aws_eip: { server: {} } },
      'eu-west-1',
      ['aws_eip.server: region eu-west-1 is not in the price table'],
    ],
    [
      'a resource type without a price',
      { aws_wafv2_web_acl: { main: { scope: 'REGIONAL' } } },
      'us-east-2',
      ['aws_wafv2_web_acl.main: resource type aws_wafv2_web_acl is not in the price table'],
    ],
    [
      'a database class without a price',
      {
        aws_db_instance: { main: { engine: 'mysql', instance_class: 'db.x2g.large', allocated_storage: 20 } },
      },
      'us-east-2',
      ['aws_db_instance.main: db.x2g.large MySQL, not priced in us-east-2'],
    ],
  ])('names %s in unpriced, never as free', (_, resources, region, unpriced) => {
    expect(estimateMonthlyCost(graphOf(resources as Resources, region)).unpriced).toEqual(unpriced);
  });

  it('still prices what it can beside what it cannot', () => {
    // The root volume: 50 × 0.08 = 4.00, though the instance type is unknown.
    const graph = graphOf({
      aws_instance: {
        server: { instance_type: 'x2idn.16xlarge', root_block_device: gp3Root(50, 3000, 125) },
      },
    });
    expect(estimateMonthlyCost(graph).totalUsd).toBe(4);
  });

  it('rounds the total to cents', () => {
    // 3 × t3.nano: 3 × 0.0052 × 730 = 3 × 3.796 → 3 × 3.80 = 11.40 (lines are rounded, the total adds them up)
    const graph = graphOf({
      aws_instance: Object.fromEntries(
        ['a', 'b', 'c'].map((name) => [
          name,
          { instance_type: 't3.nano', root_block_device: gp3Root(8, 3000, 125) },
        ]),
      ),
    });
    const estimate = estimateMonthlyCost(graph);
    // plus 3 roots of 8 × 0.08 = 0.64: 11.40 + 1.92 = 13.32
    expect(estimate.totalUsd).toBe(13.32);
    expect(estimate.lines.map((line) => line.usd)).toEqual([3.8, 0.64, 3.8, 0.64, 3.8, 0.64]);
  });
});

describe('the cost of synthesized customers', () => {
  let stack: (id: string) => Stack;
  beforeAll(async () => {
    stack = await stackLookup();
  });

  const estimateOf = (id: string) => estimateMonthlyCost(graphFromTerraform(stack(id).json));

  it('prices a titan customer with every kind of resource, line by line', () => {
    // nordlicht-media: titan (t3.large, multi-AZ db.t3.small, dashboard), a NAT gateway, the redis-cache
    // and storage-ebs-500 add-ons, in us-east-2.
    expect(estimateOf('nordlicht-media')).toEqual({
      // 3.00 + 0.70 + 49.64 + 46.00 + 40.00 + 100.00 + 3.65 + 3.65 + 12.41 + 60.74 + 68.00 + 32.85 + 1.50 + 0.50
      totalUsd: 422.64,
      lines: [
        { item: 'CloudWatch dashboard', address: 'aws_cloudwatch_dashboard.main', usd: 3 },
        ...['cpu', 'disk_data', 'disk_data2', 'disk_root', 'memory', 'status_check', 'uptime'].map(
          (name) => ({
            item: 'CloudWatch alarm',
            address: `aws_cloudwatch_metric_alarm.${name}`,
            usd: 0.1,
          }),
        ),
        // 0.034 × 730 × 2
        { item: 'db.t3.small MySQL, multi-AZ', address: 'aws_db_instance.main', usd: 49.64 },
        // 200 × 0.115 × 2
        { item: 'database storage gp3 200 GB, multi-AZ', address: 'aws_db_instance.main', usd: 46 },
        // 500 × 0.08
        { item: 'gp3 500 GB, 3000 IOPS, 125 MB/s', address: 'aws_ebs_volume.addon_storage_ebs_500', usd: 40 },
        // 40 + 9000 × 0.005 + 375 × 0.04
        { item: 'gp3 500 GB, 12000 IOPS, 500 MB/s', address: 'aws_ebs_volume.data', usd: 100 },
        { item: 'Elastic IP', address: 'aws_eip.nat', usd: 3.65 },
        { item: 'Elastic IP', address: 'aws_eip.server', usd: 3.65 },
        // 0.017 × 730
        {
          item: 'cache.t3.micro Redis, 1 node',
          address: 'aws_elasticache_replication_group.addon_redis_cache',
          usd: 12.41,
        },
        // 0.0832 × 730 = 60.736
        { item: 't3.large server', address: 'aws_instance.server', usd: 60.74 },
        // 8 + 9000 × 0.005 + 375 × 0.04
        { item: 'root volume gp3 100 GB, 12000 IOPS, 500 MB/s', address: 'aws_instance.server', usd: 68 },
        // 0.045 × 730
        { item: 'NAT gateway', address: 'aws_nat_gateway.main', usd: 32.85 },
        { item: 'HTTPS health check', address: 'aws_route53_health_check.uptime', usd: 1.5 },
        { item: 'hosted zone', address: 'aws_route53_zone.main', usd: 0.5 },
      ],
      unpriced: [],
    });
  });

  it('prices a fixture customer with an upgraded server and extra database', () => {
    // ferrous-games (test/fixtures/synth): scale, upgraded two sizes to t3.xlarge, with rds-extra,
    // redis-cache and storage-ebs-500.
    const estimate = estimateOf('ferrous-games');
    expect(estimate.unpriced).toEqual([]);
    expect(estimate.lines).toContainEqual({
      item: 't3.xlarge server',
      address: 'aws_instance.server',
      usd: 121.47, // 0.1664 × 730 = 121.472
    });
    // 8 alarms 0.80; db.t3.micro 12.41 + 50 GB 5.75; rds-extra db.t3.micro 12.41 + 20 GB 2.30;
    // storage-ebs-500 40.00; data gp3 200 GB, 6000 IOPS, 250 MB/s 36.00; root the same at 50 GB:
    // 4.00 + 15.00 + 5.00 = 24.00; Elastic IP 3.65; cache.t3.micro 12.41; t3.xlarge 121.47;
    // HTTPS health check 1.50; hosted zone 0.50. Total 273.20.
    expect(estimate.totalUsd).toBe(273.2);
  });

  it.each([
    'acme-corp',
    'bluefin-bakery',
    'kestrel-legal',
    'lumen-analytics',
    'nordlicht-media',
    'tidewater-travel',
    'ferrous-games',
    'open-door-coop',
    'quarry-hill-dental',
    'saltmarsh-records',
  ])('prices every resource of %s, to a plausible total', (id) => {
    const estimate = estimateOf(id);
    expect(estimate.unpriced).toEqual([]);
    // Between a stopped core server's storage and volumes and a titan with every add-on.
    expect(estimate.totalUsd).toBeGreaterThan(5);
    expect(estimate.totalUsd).toBeLessThan(1000);
  });

  it('charges a suspended customer no compute', () => {
    const estimate = estimateOf('kestrel-legal');
    expect(estimate.lines).toContainEqual({
      item: 't3.small server, stopped',
      address: 'aws_instance.server',
      usd: 0,
    });
  });

  it('charges a decommissioned customer, who keeps only a backup bucket, nothing', () => {
    expect(estimateOf('orchid-studio')).toEqual({ totalUsd: 0, lines: [], unpriced: [] });
  });
});

describe('the price table', () => {
  /** The plan tiers' instance types, as plans/*.yaml give them. */
  function planInstanceTypes(): string[] {
    const dir = join(PROJECT_ROOT, 'plans');
    return readdirSync(dir)
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => parse(readFileSync(join(dir, name), 'utf8')) as { server?: { instanceType?: string } })
      .flatMap((plan) => (plan.server?.instanceType === undefined ? [] : [plan.server.instanceType]));
  }

  /** `from` and every size an upgrade can reach above it, as src/spec/instance-sizes.ts climbs. */
  function ladderFrom(from: string): string[] {
    const types: string[] = [];
    for (let steps = 0; ; steps++) {
      const upgrade = upgradeInstanceType(from, steps);
      if (!upgrade.ok) return types;
      types.push(upgrade.instanceType);
    }
  }

  /** The smallest size of a family's upgrade ladder. */
  function ladderBase(family: string): string {
    const base = ['nano', 'large']
      .map((size) => `${family}.${size}`)
      .find((t) => upgradeInstanceType(t, 1).ok);
    if (base === undefined) throw new Error(`${family} has no upgrade ladder`);
    return base;
  }

  const platformRegions = (
    parse(readFileSync(join(PROJECT_ROOT, 'neo.yaml'), 'utf8')) as { regions: string[] }
  ).regions;

  it('covers every region of the platform', () => {
    expect(platformRegions).toEqual(['us-east-2', 'us-east-1']);
    expect([...PRICED_REGIONS].sort()).toEqual([...platformRegions].sort());
  });

  const planTypes = planInstanceTypes();
  const reachable = [...new Set(planTypes.flatMap(ladderFrom))];
  const families = ['t3', 't3a', 'm6i', 'm7i', 'c6i', 'r6i'].flatMap((family) =>
    ladderFrom(ladderBase(family)),
  );

  it('derives the plan tiers and their ladders from the code', () => {
    expect(planTypes.sort()).toEqual(['t3.large', 't3.medium', 't3.small']);
    expect(reachable).toEqual(expect.arrayContaining(['t3.small', 't3.xlarge', 't3.2xlarge']));
    expect(families).toEqual(
      expect.arrayContaining(['t3a.nano', 't3a.2xlarge', 'm6i.large', 'r6i.24xlarge']),
    );
  });

  it.each(platformRegions)('prices every one of them in %s', (region) => {
    const types = [...new Set([...reachable, ...families])];
    const servers = types.map((type) => [
      type.replace('.', '_'),
      { instance_type: type, root_block_device: gp3Root(30, 3000, 125) },
    ]);
    const estimate = estimateMonthlyCost(graphOf({ aws_instance: Object.fromEntries(servers) }, region));
    expect(estimate.unpriced).toEqual([]);
    const compute = estimate.lines.filter((line) => line.item.endsWith(' server'));
    expect(compute).toHaveLength(types.length);
    for (const line of compute) expect(line.usd).toBeGreaterThan(0);
  });
});
