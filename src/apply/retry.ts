import { transientKind } from './target.js';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait before the second try; doubled for each further one. */
  firstDelayMs: number;
  sleep(ms: number): Promise<void>;
}

/**
 * State locks are held for a whole apply (minutes) and Terraform already waits `-lock-timeout`
 * for them, so a few tries with growing waits are enough: 15 s, 30 s, 60 s.
 */
export const DEFAULT_RETRY: Omit<RetryPolicy, 'sleep'> = { attempts: 4, firstDelayMs: 15_000 };

/**
 * Runs `work` until it succeeds, fails for good, or runs out of tries; only failures marked
 * transient are tried again. A final failure carries the number of tries (`attemptsOf`).
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  work: (attempt: number) => Promise<T>,
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await work(attempt), attempts: attempt };
    } catch (error) {
      if (transientKind(error) === undefined || attempt >= policy.attempts) {
        throw Object.assign(error as Error, { attempts: attempt });
      }
      await policy.sleep(policy.firstDelayMs * 2 ** (attempt - 1));
    }
  }
}

/** How many tries a failure took, as `withRetries` marked it. */
export function attemptsOf(error: unknown): number {
  const attempts = (error as { attempts?: unknown } | null)?.attempts;
  return typeof attempts === 'number' ? attempts : 1;
}
