import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { ListHostedZonesCommand } from '@aws-sdk/client-route-53';
import type { MockedAws } from './aws-mock.js';

/** Calls someone else makes while neo sweeps: Route53 for the account, EC2 in each region. */
export interface AlongsideRates {
  route53: Pace;
  ec2: Pace;
}

/** `perSecond` on average, in bursts of `burst` calls at once (1: evenly spaced). */
export interface Pace {
  perSecond: number;
  burst: number;
}

/**
 * What neo leaves to others in the account (its RATE_LIMITS take the rest of AWS's refill):
 * Route53 3 calls a second for the whole account, EC2 6 a second per region, taken in bursts
 * every 5 s as Terraform refreshes. Written out, not derived from RATE_LIMITS, so that raising
 * neo's rates fails the tests and the bench.
 */
export const LEFT_FOR_OTHERS: AlongsideRates = {
  route53: { perSecond: 3, burst: 15 },
  ec2: { perSecond: 6, burst: 30 },
};

export interface Alongside {
  /** Stops calling; what was sent and what AWS throttled, per service. */
  stop(): { calls: Record<string, number>; throttled: Record<string, number> };
}

/**
 * Terraform refreshing and a person in the console, in the same account as neo: calls at `rates`
 * on `aws.alongside()` clients, so they draw on neo's buckets and are counted apart. Terraform
 * refreshes a stack's resources in parallel, so calls come in bursts. The k-th burst is due
 * k × burst / perSecond seconds after the start, on `clock`, so a late timer does not slow the
 * rate down; calls are not awaited, as separate programs would not wait for each other.
 */
export function callAlongside(
  aws: MockedAws,
  rates: AlongsideRates,
  options: { regions: readonly string[]; clock?: () => number },
): Alongside {
  const clock = options.clock ?? (() => performance.now());
  const others = aws.alongside();
  const timers = new Set<NodeJS.Timeout>();
  const every = ({ perSecond, burst }: Pace, call: () => Promise<unknown>) => {
    if (perSecond <= 0) return;
    const start = clock();
    const schedule = (k: number) => {
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          // Counted by the mock; Terraform or a person would just try again.
          for (let i = 0; i < burst; i++) call().catch(() => {});
          schedule(k + 1);
        },
        Math.max(0, start + (k * burst * 1000) / perSecond - clock()),
      );
      timers.add(timer);
    };
    schedule(0);
  };
  // The console's first page of hosted zones, and of instances in each region.
  every(rates.route53, () => others.route53.send(new ListHostedZonesCommand({ MaxItems: 1 })));
  for (const region of options.regions) {
    every(rates.ec2, () => others.ec2(region).send(new DescribeInstancesCommand({ MaxResults: 5 })));
  }
  return {
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return { calls: { ...others.calls }, throttled: { ...others.throttled } };
    },
  };
}
