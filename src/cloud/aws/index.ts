import { EC2Client } from '@aws-sdk/client-ec2';
import { Route53Client } from '@aws-sdk/client-route-53';
import type { Cloud, Inventory, ObserveOptions, RecordedResource } from '../types.js';
import { createCaller, createThrottle, type RateLimits, type Sleep } from './call.js';
import { readEc2Region } from './ec2.js';
import { readRoute53 } from './route53.js';

export { RATE_LIMITS, type RateLimit, type RateLimits, type Sleep } from './call.js';
export { CloudAccessError } from './errors.js';

export interface AwsCloudOptions {
  /** EC2 is read in each. */
  regions: string[];
  ec2: (region: string) => EC2Client;
  route53: Route53Client;
  /** Waits between retries; tests pass one that returns at once. */
  sleep?: Sleep;
  limits?: Partial<RateLimits>;
}

/**
 * The real AWS account, read in bulk: every region's EC2 listings and Route53 in parallel, each
 * service held under its rate limit. Queues and the retry budget last as long as the cloud, so
 * sweeps started together still share AWS's buckets.
 */
export function awsCloud(options: AwsCloudOptions): Cloud {
  const throttle = createThrottle({ limits: options.limits, sleep: options.sleep });
  return {
    name: 'aws',
    async inventory(observe: ObserveOptions = {}): Promise<Inventory> {
      const caller = createCaller(throttle);
      const recorded = recordedByRegion(observe.recorded ?? []);
      const [regional, global] = await Promise.all([
        Promise.all(
          options.regions.map((region) =>
            readEc2Region(region, options.ec2(region), caller, recorded.get(region)),
          ),
        ),
        readRoute53(options.route53, caller, observe, recorded.get(GLOBAL)),
      ]);
      return { resources: [...regional.flat(), ...global], calls: caller.calls() };
    },
  };
}

const GLOBAL = '';

/** Region ('' for global resources) → type → recorded ids. */
function recordedByRegion(recorded: readonly RecordedResource[]): Map<string, Map<string, Set<string>>> {
  const byRegion = new Map<string, Map<string, Set<string>>>();
  for (const { type, id, region = GLOBAL } of recorded) {
    const byType = byRegion.get(region) ?? new Map<string, Set<string>>();
    byType.set(type, (byType.get(type) ?? new Set()).add(id));
    byRegion.set(region, byType);
  }
  return byRegion;
}

/**
 * SDK clients for `awsCloud`: the standard credential chain, and `maxAttempts: 1` because neo's
 * own wrapper retries (the SDK's retries would bypass the rate limit and the call count).
 * `endpoint` points both services at an AWS-compatible emulator.
 */
export function defaultAwsClients(options: { regions: string[]; endpoint?: string }): {
  ec2: (region: string) => EC2Client;
  route53: Route53Client;
} {
  const { endpoint } = options;
  const ec2Clients = new Map<string, EC2Client>();
  return {
    ec2(region) {
      let client = ec2Clients.get(region);
      if (!client) {
        client = new EC2Client({ region, endpoint, maxAttempts: 1 });
        ec2Clients.set(region, client);
      }
      return client;
    },
    // Route53 is global; the first region picks the partition (aws, aws-cn, aws-us-gov) of its endpoint.
    route53: new Route53Client({ region: options.regions[0] ?? 'us-east-1', endpoint, maxAttempts: 1 }),
  };
}
