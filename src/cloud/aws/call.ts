import {
  DEFAULT_RETRY_DELAY_BASE,
  MAXIMUM_RETRY_DELAY,
  StandardRetryStrategy,
  THROTTLING_RETRY_DELAY_BASE,
} from '@smithy/util-retry';
import PQueue from 'p-queue';
import { CloudAccessError, classify, type Failure, permissionFor, type RetryErrorType } from './errors.js';

export type Service = 'ec2' | 'route53';

export interface RateLimit {
  /** Window length in milliseconds. */
  interval: number;
  /** Calls started per window. */
  intervalCap: number;
  /** Calls in flight at once, so that latency overlaps. */
  concurrency: number;
  /**
   * A sliding window: never more than `intervalCap` starts in any `interval`. Fixed windows
   * would allow two windows' worth back to back.
   */
  strict?: boolean;
}

export type RateLimits = Record<Service, RateLimit>;

/**
 * neo takes 70 % of each AWS token bucket's refill and leaves the rest, and the whole burst, to
 * whoever else works in the account: Terraform refreshing, a person in the console. EC2
 * describe calls: 14 a second per region against a bucket of 100 refilled 20 a second, leaving
 * 6 a second (AWS keeps a bucket per action, so each action has at least that left). Route53:
 * 7 a second against one bucket of 50 for the whole account refilled 10 a second, leaving 3.
 * Paced below the refill, neo alone keeps a bucket within a second's calls of full, so the
 * others find the burst there; while their calls stay within what is left, the bucket never
 * empties and nobody is throttled. At the refill rate, every call of anyone else would come out
 * of the burst: one a second empties Route53's within a minute. The cost: a 1,000-customer
 * sweep's 880 Route53 calls take about 125 s instead of 88.
 */
export const RATE_LIMITS: Readonly<RateLimits> = {
  ec2: { interval: 1000, intervalCap: 14, concurrency: 10, strict: true },
  route53: { interval: 1000, intervalCap: 7, concurrency: 5, strict: true },
};

/** Attempts for throttling and transient errors; a sweep of thousands of calls can afford more than the SDK's 3. */
export const MAX_ATTEMPTS = 5;

/** Right after a create, a listing may name what a later call cannot find yet: wait 0.5, 1, 2 s. */
export const NOT_FOUND_RETRY = { attempts: 4, firstDelay: 500 };

export type Sleep = (ms: number) => Promise<void>;

/** Queues and retry budget shared by every sweep of one cloud, as AWS's buckets are. */
export interface Throttle {
  queue(service: Service, region: string | undefined): PQueue;
  readonly strategy: StandardRetryStrategy;
  readonly sleep: Sleep;
  readonly random: () => number;
}

export interface ThrottleOptions {
  limits?: Partial<RateLimits>;
  sleep?: Sleep;
  /** Jitter source, injectable so tests can pin backoff delays. */
  random?: () => number;
}

/**
 * The strategy decides whether to retry (attempts left, retry capacity shared by all calls);
 * neo decides how long to wait, through the injectable `sleep`. This installed version of the
 * strategy sleeps inside `refreshRetryTokenForRetry` with a real timer and hands back a token
 * whose `getRetryDelay()` is 0, so its own backoff is turned off here and `backoffDelay` does it.
 */
const NO_WAIT = { setDelayBase: () => {}, computeNextBackoffDelay: () => 0 };

export function createThrottle(options: ThrottleOptions = {}): Throttle {
  const limits = { ...RATE_LIMITS, ...options.limits };
  const queues = new Map<string, PQueue>();
  return {
    queue(service, region) {
      // Route53 is global: one bucket for the account. EC2 has one per region.
      const key = service === 'route53' ? service : `${service}:${region}`;
      let queue = queues.get(key);
      if (!queue) {
        queue = new PQueue(limits[service]);
        queues.set(key, queue);
      }
      return queue;
    },
    strategy: new StandardRetryStrategy({ maxAttempts: MAX_ATTEMPTS, backoff: NO_WAIT }),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
  };
}

/** Where a call goes: its service, and for EC2 its region. */
export interface Target {
  service: Service;
  region?: string;
}

/** Sends commands for one sweep and counts every request sent, retries included. */
export interface Caller {
  send<C extends object, O>(target: Target, command: C, send: (command: C) => Promise<O>): Promise<O>;
  calls(): Record<Service, number>;
}

type RetryToken = Awaited<ReturnType<StandardRetryStrategy['acquireInitialRetryToken']>>;

/** Where one call stands: the strategy's token, and NotFound answers so far (counted apart). */
interface RetryState {
  token: RetryToken;
  notFound: number;
}

export function createCaller(throttle: Throttle): Caller {
  const calls: Record<Service, number> = { ec2: 0, route53: 0 };
  return {
    async send(target, command, send) {
      const queue = throttle.queue(target.service, target.region);
      const state: RetryState = {
        token: await throttle.strategy.acquireInitialRetryToken('neo'),
        notFound: 0,
      };
      for (;;) {
        try {
          const output = await queue.add(() => {
            calls[target.service] += 1;
            return send(command);
          });
          throttle.strategy.recordSuccess(state.token);
          return output;
        } catch (error) {
          const failure = classify(error);
          if (failure.kind === 'denied') throw new CloudAccessError(permissionFor(target.service, command));
          await waitToRetry(throttle, failure, state, error);
        }
      }
    },
    calls: () => ({ ...calls }),
  };
}

/** Sleeps before the next attempt, or rethrows `error` when the failure is not worth another. */
async function waitToRetry(
  throttle: Throttle,
  failure: Failure,
  state: RetryState,
  error: unknown,
): Promise<void> {
  if (failure.kind === 'not-found') {
    state.notFound += 1;
    if (state.notFound >= NOT_FOUND_RETRY.attempts) throw error;
    return throttle.sleep(NOT_FOUND_RETRY.firstDelay * 2 ** (state.notFound - 1));
  }
  if (failure.kind !== 'retry') throw error;
  try {
    state.token = await throttle.strategy.refreshRetryTokenForRetry(state.token, {
      errorType: failure.errorType,
    });
  } catch {
    throw error; // out of attempts or capacity, or a kind the strategy does not retry
  }
  await throttle.sleep(backoffDelay(failure.errorType, state.token.getRetryCount() - 1, throttle.random));
}

/** The SDK's standard backoff: full jitter over an exponential ceiling, longer after throttling. */
export function backoffDelay(errorType: RetryErrorType, retriesBefore: number, random: () => number): number {
  const base = errorType === 'THROTTLING' ? THROTTLING_RETRY_DELAY_BASE : DEFAULT_RETRY_DELAY_BASE;
  return Math.floor(random() * Math.min(base * 2 ** retriesBefore, MAXIMUM_RETRY_DELAY));
}
