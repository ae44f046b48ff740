/**
 * How neo stays a good GitHub citizen: content-creating requests one at a time and spaced so
 * there are fewer than 80 a minute (GitHub's secondary rate limit), and a request refused for a
 * rate limit waited out and sent again, as GitHub's documentation asks. Small and explicit
 * rather than @octokit/plugin-throttling: the clock and the waits are injected, so tests run
 * the waits instantly and can assert them.
 */
export interface Pacing {
  /** Milliseconds, monotonic. */
  clock(): number;
  /** Wall-clock time, for `x-ratelimit-reset`. */
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** Says why neo waits (stderr in the CLI). */
  log(message: string): void;
}

/** 60 s / 80: content-creating requests never burst past the per-minute limit. */
export const WRITE_SPACING_MS = 750;
const MAX_RETRIES = 3;
/** Longer than this and the run would stall: fail with GitHub's message instead. */
const MAX_WAIT_MS = 15 * 60_000;

export interface RequestFailure {
  status: number;
  headers: Readonly<Record<string, string | number | undefined>>;
  message: string;
}

type Send<T> = () => Promise<T>;

/** Wraps sending: writes are spaced, and rate-limited or unavailable responses retried. */
export function pacer(pacing: Pacing, failureOf: (error: unknown) => RequestFailure | undefined) {
  let lastWrite = Number.NEGATIVE_INFINITY;
  /** Settles when the last write queued has been answered: the next one starts after it. */
  let writes: Promise<void> = Promise.resolve();

  async function spaced<T>(send: Send<T>): Promise<T> {
    const previous = writes;
    let done = () => {};
    writes = new Promise<void>((resolve) => {
      done = resolve;
    });
    try {
      await previous;
      const wait = lastWrite + WRITE_SPACING_MS - pacing.clock();
      if (wait > 0) await pacing.sleep(wait);
      lastWrite = pacing.clock();
      return await send();
    } finally {
      done();
    }
  }

  async function retried<T>(send: Send<T>, what: string, creates: boolean): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        const failure = failureOf(error);
        // GitHub sometimes completes a request it answers with a 5xx: sending a POST again could
        // open a second issue or comment. A rate-limited request was not processed at all.
        const unsafe = creates && failure !== undefined && failure.status >= 500;
        const wait =
          failure === undefined || unsafe ? undefined : waitBeforeRetry(failure, attempt, pacing.now());
        if (wait === undefined || attempt > MAX_RETRIES || wait > MAX_WAIT_MS) throw error;
        pacing.log(
          `GitHub answered ${failure?.status} to ${what} (${reason(failure as RequestFailure)}): waiting ${Math.ceil(wait / 1000)} s, retry ${attempt} of ${MAX_RETRIES}`,
        );
        await pacing.sleep(wait);
      }
    }
  }

  return {
    /** `method` decides: reads go at once, writes one at a time, and a POST is not resent after a 5xx. */
    send<T>(method: string, what: string, send: Send<T>): Promise<T> {
      const write = method !== 'GET' && method !== 'HEAD';
      return retried(write ? () => spaced(send) : send, what, method === 'POST');
    },
  };
}

/** Milliseconds to wait before sending again, or undefined when retrying cannot help. */
export function waitBeforeRetry(failure: RequestFailure, attempt: number, now: Date): number | undefined {
  const { status, headers } = failure;
  if (status >= 500 && status !== 501) return 1000 * 2 ** (attempt - 1);
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  if (String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']) * 1000;
    return Number.isFinite(reset) ? Math.max(reset - now.getTime(), 0) + 1000 : undefined;
  }
  // A secondary rate limit without retry-after: GitHub asks for at least a minute.
  if (/secondary rate limit|abuse/i.test(failure.message)) return 60_000 * 2 ** (attempt - 1);
  return undefined;
}

function reason(failure: RequestFailure): string {
  if (failure.status >= 500) return 'GitHub is unavailable';
  if (String(failure.headers['x-ratelimit-remaining']) === '0') return 'rate limit used up';
  return 'secondary rate limit';
}
