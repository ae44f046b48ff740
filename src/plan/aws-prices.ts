/**
 * The price table behind a plan's cost estimate.
 *
 * These are AWS's public on-demand list prices as of 2025 for us-east-2 (Ohio) and us-east-1
 * (N. Virginia), in US dollars: Linux, Single-AZ unless said, no free tier, no Savings Plans,
 * reservations or credits. Hourly prices are as AWS lists them; a month is 730 hours. AWS lists the
 * same prices in both regions for everything here, so they share one table.
 *
 * The estimate is for reviewers of a pull request, to see what a change roughly costs. It is not
 * billing. It leaves out everything charged by usage rather than by configuration: data transfer,
 * NAT gateway data processing, EBS and RDS snapshots and backup storage, S3 storage and requests,
 * CloudWatch Logs, custom and detailed-monitoring metrics, DNS queries, SNS and other requests,
 * surplus CPU credits of burstable instances in unlimited mode, and taxes.
 */
export const HOURS_PER_MONTH = 730;

export interface Gp3Prices {
  perGbMonth: number;
  /** Per provisioned IOPS-month above `freeIops`. */
  perIopsMonth: number;
  /** Per provisioned MB/s-month above `freeThroughputMbps`. */
  perThroughputMbpsMonth: number;
  freeIops: number;
  freeThroughputMbps: number;
}

export interface RegionPrices {
  /** EC2 instance type → USD per hour. */
  ec2PerHour: Readonly<Record<string, number>>;
  ebs: { gp3: Gp3Prices; gp2PerGbMonth: number };
  /** Every public IPv4 address, Elastic IPs included, attached or not. */
  publicIpv4PerHour: number;
  /** Per NAT gateway-hour; the data it processes is usage and left out. */
  natGatewayPerHour: number;
  cloudwatch: {
    /** Per metric an alarm evaluates, per month. */
    alarmStandardPerMonth: number;
    alarmHighResolutionPerMonth: number;
    dashboardPerMonth: number;
  };
  rds: {
    /** Engine (`mysql`, `postgres`) → instance class → USD per hour, Single-AZ. */
    perHour: Readonly<Record<string, Readonly<Record<string, number>>>>;
    /** Storage type → USD per GB-month, Single-AZ. */
    storagePerGbMonth: Readonly<Record<string, number>>;
    /** Multi-AZ (one standby) costs this many times Single-AZ, instance and storage. */
    multiAzFactor: number;
  };
  elasticache: {
    /** Node type → USD per node-hour, Redis OSS and Memcached. */
    perNodeHour: Readonly<Record<string, number>>;
    /** Engine → factor on `perNodeHour` (Valkey nodes list 20 % lower). */
    engineFactor: Readonly<Record<string, number>>;
  };
}

/** Route53 is global: one price everywhere. */
export const ROUTE53 = {
  hostedZonePerMonth: 0.5,
  healthCheck: {
    /** Basic health check of an endpoint in AWS (the customer's Elastic IP). */
    awsEndpointPerMonth: 0.5,
    /** Each optional feature: HTTPS, string matching, 10-second interval, latency measurement. */
    optionalFeaturePerMonth: 1.0,
  },
} as const;

/** Sizes in the order AWS lists them (the same ladders as src/spec/instance-sizes.ts). */
const BURSTABLE = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];
const STANDARD = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'];

/** `{ 'family.size': price }` for prices listed in the order of `sizes`. */
function family(name: string, sizes: readonly string[], prices: readonly number[]): Record<string, number> {
  if (prices.length !== sizes.length) throw new Error(`price table: ${name} lists a price per size`);
  return Object.fromEntries(sizes.map((size, i) => [`${name}.${size}`, prices[i] ?? Number.NaN]));
}

const EC2_PER_HOUR = {
  ...family('t3', BURSTABLE, [0.0052, 0.0104, 0.0208, 0.0416, 0.0832, 0.1664, 0.3328]),
  ...family('t3a', BURSTABLE, [0.0047, 0.0094, 0.0188, 0.0376, 0.0752, 0.1504, 0.3008]),
  ...family('t4g', BURSTABLE, [0.0042, 0.0084, 0.0168, 0.0336, 0.0672, 0.1344, 0.2688]),
  ...family('m6i', STANDARD, [0.096, 0.192, 0.384, 0.768, 1.536, 2.304, 3.072, 4.608]),
  ...family('m7i', STANDARD, [0.1008, 0.2016, 0.4032, 0.8064, 1.6128, 2.4192, 3.2256, 4.8384]),
  ...family('c6i', STANDARD, [0.085, 0.17, 0.34, 0.68, 1.36, 2.04, 2.72, 4.08]),
  ...family('r6i', STANDARD, [0.126, 0.252, 0.504, 1.008, 2.016, 3.024, 4.032, 6.048]),
};

const RDS_SIZES = ['micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];
const RDS_M6G = ['large', 'xlarge', '2xlarge'];

const RDS_MYSQL = {
  ...family('db.t3', RDS_SIZES, [0.017, 0.034, 0.068, 0.136, 0.272, 0.544]),
  ...family('db.t4g', RDS_SIZES, [0.016, 0.032, 0.065, 0.129, 0.258, 0.516]),
  ...family('db.m6g', RDS_M6G, [0.152, 0.304, 0.608]),
};

const RDS_POSTGRES = {
  ...family('db.t3', RDS_SIZES, [0.018, 0.036, 0.072, 0.145, 0.29, 0.58]),
  ...family('db.t4g', RDS_SIZES, [0.016, 0.032, 0.065, 0.129, 0.258, 0.516]),
  ...family('db.m6g', RDS_M6G, [0.159, 0.318, 0.636]),
};

const US_EAST: RegionPrices = {
  ec2PerHour: EC2_PER_HOUR,
  ebs: {
    gp3: {
      perGbMonth: 0.08,
      perIopsMonth: 0.005,
      perThroughputMbpsMonth: 0.04,
      freeIops: 3000,
      freeThroughputMbps: 125,
    },
    gp2PerGbMonth: 0.1,
  },
  publicIpv4PerHour: 0.005,
  natGatewayPerHour: 0.045,
  cloudwatch: { alarmStandardPerMonth: 0.1, alarmHighResolutionPerMonth: 0.3, dashboardPerMonth: 3 },
  rds: {
    // MariaDB lists the same prices as MySQL.
    perHour: { mysql: RDS_MYSQL, mariadb: RDS_MYSQL, postgres: RDS_POSTGRES },
    storagePerGbMonth: { gp3: 0.115, gp2: 0.115 },
    multiAzFactor: 2,
  },
  elasticache: {
    perNodeHour: {
      ...family('cache.t3', ['micro', 'small', 'medium'], [0.017, 0.034, 0.068]),
      ...family('cache.t4g', ['micro', 'small', 'medium'], [0.016, 0.032, 0.065]),
      'cache.m6g.large': 0.149,
    },
    engineFactor: { redis: 1, memcached: 1, valkey: 0.8 },
  },
};

const REGIONS: Readonly<Record<string, RegionPrices>> = { 'us-east-1': US_EAST, 'us-east-2': US_EAST };

/** The regions the table covers. */
export const PRICED_REGIONS: readonly string[] = Object.keys(REGIONS);

/** The prices of one region; undefined for a region the table does not cover. */
export function regionPrices(region: string): RegionPrices | undefined {
  return Object.hasOwn(REGIONS, region) ? REGIONS[region] : undefined;
}
