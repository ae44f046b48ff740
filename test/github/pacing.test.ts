import { describe, expect, it } from 'vitest';
import {
  type Pacing,
  pacer,
  type RequestFailure,
  WRITE_SPACING_MS,
  waitBeforeRetry,
} from '../../src/github/pacing.js';

const NOW = new Date('2026-03-02T10:00:00Z');
const NOW_S = NOW.getTime() / 1000;

function failure(status: number, headers: RequestFailure['headers'] = {}, message = 'x'): RequestFailure {
  return { status, headers, message };
}

describe('waitBeforeRetry', () => {
  it.each<[string, RequestFailure, number, number | undefined]>([
    ['403 with retry-after', failure(403, { 'retry-after': '30' }), 1, 30_000],
    ['429 with retry-after', failure(429, { 'retry-after': '5' }), 1, 5_000],
    ['retry-after 0', failure(429, { 'retry-after': '0' }), 1, 0],
    [
      '403, primary limit used up: until the reset, and a second more',
      failure(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': NOW_S + 120 }),
      1,
      121_000,
    ],
    [
      '429, primary limit used up, reset already passed',
      failure(429, { 'x-ratelimit-remaining': 0, 'x-ratelimit-reset': String(NOW_S - 10) }),
      1,
      1_000,
    ],
    [
      'primary limit used up without a reset',
      failure(403, { 'x-ratelimit-remaining': '0' }, 'API rate limit exceeded'),
      1,
      undefined,
    ],
    [
      'retry-after wins over the reset',
      failure(403, { 'retry-after': '3', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': NOW_S + 600 }),
      1,
      3_000,
    ],
    ...[1, 2, 3].map((attempt): [string, RequestFailure, number, number] => [
      `403 secondary rate limit without headers, attempt ${attempt}`,
      failure(
        403,
        {},
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      ),
      attempt,
      60_000 * 2 ** (attempt - 1),
    ]),
    [
      '403 abuse detection (older wording)',
      failure(403, {}, 'You have triggered an abuse detection mechanism.'),
      1,
      60_000,
    ],
    [
      'plain 403: a permission, not a limit',
      failure(403, { 'x-ratelimit-remaining': '4990' }, 'Resource not accessible by integration'),
      1,
      undefined,
    ],
    ['401', failure(401, {}, 'Bad credentials'), 1, undefined],
    ['404', failure(404, {}, 'Not Found'), 1, undefined],
    ['422', failure(422, {}, 'Validation Failed'), 1, undefined],
    ['500, attempt 1', failure(500), 1, 1_000],
    ['502, attempt 1', failure(502), 1, 1_000],
    ['502, attempt 2', failure(502), 2, 2_000],
    ['503, attempt 3', failure(503), 3, 4_000],
    ['501 Not Implemented: retrying cannot help', failure(501), 1, undefined],
  ])('%s', (_name, given, attempt, expected) => {
    expect(waitBeforeRetry(given, attempt, NOW)).toBe(expected);
  });
});

/** A clock that moves only when slept on or told to, and records every sleep and log line. */
function fakePacing() {
  let time = 0;
  const sleeps: number[] = [];
  const logs: string[] = [];
  const pacing: Pacing = {
    clock: () => time,
    now: () => new Date(NOW.getTime() + time),
    sleep: async (ms) => {
      sleeps.push(ms);
      time += ms;
    },
    log: (message) => logs.push(message),
  };
  return { pacing, sleeps, logs, advance: (ms: number) => (time += ms) };
}

/** What the pacer is told about a refusal: the tests throw these. */
class Refused extends Error {
  constructor(readonly failure: RequestFailure) {
    super(failure.message);
  }
}
const failureOf = (error: unknown) => (error instanceof Refused ? error.failure : undefined);

/** A send that fails with each of `failures` in turn, then answers `ok`; counts its calls. */
function flaky(...failures: RequestFailure[]) {
  const send = async () => {
    send.calls += 1;
    const next = failures[send.calls - 1];
    if (next !== undefined) throw new Refused(next);
    return 'ok';
  };
  send.calls = 0;
  return send;
}

describe('pacer', () => {
  it('spaces writes WRITE_SPACING_MS apart', async () => {
    const { pacing, sleeps } = fakePacing();
    const paced = pacer(pacing, failureOf);
    for (let i = 0; i < 3; i++) await paced.send('POST', 'POST /x', async () => i);
    expect(sleeps).toEqual([WRITE_SPACING_MS, WRITE_SPACING_MS]);
  });

  it.each([
    [0, WRITE_SPACING_MS],
    [300, WRITE_SPACING_MS - 300],
    [WRITE_SPACING_MS - 1, 1],
    [WRITE_SPACING_MS, undefined],
    [5_000, undefined],
  ])('a write %i ms after the last one waits %s ms', async (elapsed, wait) => {
    const { pacing, sleeps, advance } = fakePacing();
    const paced = pacer(pacing, failureOf);
    await paced.send('POST', 'POST /x', async () => 1);
    advance(elapsed);
    await paced.send('PATCH', 'PATCH /x', async () => 2);
    expect(sleeps).toEqual(wait === undefined ? [] : [wait]);
  });

  it('does not space reads, before or after writes', async () => {
    const { pacing, sleeps } = fakePacing();
    const paced = pacer(pacing, failureOf);
    for (let i = 0; i < 5; i++) await paced.send('GET', 'GET /x', async () => i);
    await paced.send('POST', 'POST /x', async () => 'w');
    for (let i = 0; i < 5; i++) await paced.send('GET', 'GET /x', async () => i);
    expect(sleeps).toEqual([]);
  });

  it('sends concurrent writes one at a time, spaced, in the order asked', async () => {
    const { pacing, sleeps } = fakePacing();
    const paced = pacer(pacing, failureOf);
    const events: string[] = [];
    const write = (name: string) =>
      paced.send('POST', `POST /${name}`, async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        events.push(`end ${name}`);
        return name;
      });
    await expect(Promise.all([write('a'), write('b'), write('c')])).resolves.toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(sleeps).toEqual([WRITE_SPACING_MS, WRITE_SPACING_MS]);
  });

  it('keeps sending writes after one failed for good', async () => {
    const { pacing } = fakePacing();
    const paced = pacer(pacing, failureOf);
    const refused = paced.send('POST', 'POST /x', flaky(failure(404)));
    const next = paced.send('POST', 'POST /y', async () => 'sent');
    await expect(refused).rejects.toBeInstanceOf(Refused);
    await expect(next).resolves.toBe('sent');
  });

  it.each([
    ['POST', 1, 'does not resend'],
    ['PATCH', 2, 'resends'],
    ['GET', 2, 'resends'],
  ])(
    'after a 502 to a %s, the pacer %s it (a POST may have been done: resending could duplicate it)',
    async (method, calls) => {
      const { pacing } = fakePacing();
      const send = flaky(failure(502));
      const sent = pacer(pacing, failureOf).send(method, `${method} /x`, send);
      if (calls === 1) await expect(sent).rejects.toBeInstanceOf(Refused);
      else await expect(sent).resolves.toBe('ok');
      expect(send.calls).toBe(calls);
    },
  );

  it('resends a rate-limited POST: GitHub did not process it', async () => {
    const { pacing } = fakePacing();
    const send = flaky(failure(429, { 'retry-after': '1' }, 'secondary rate limit'));
    await expect(pacer(pacing, failureOf).send('POST', 'POST /x', send)).resolves.toBe('ok');
    expect(send.calls).toBe(2);
  });

  it('waits out a rate limit, says why, and sends again', async () => {
    const { pacing, sleeps, logs } = fakePacing();
    const send = flaky(failure(429, { 'retry-after': '7' }, 'You have exceeded a secondary rate limit'));
    await expect(pacer(pacing, failureOf).send('GET', 'GET /x', send)).resolves.toBe('ok');
    expect(send.calls).toBe(2);
    expect(sleeps).toEqual([7_000]);
    expect(logs).toEqual(['GitHub answered 429 to GET /x (secondary rate limit): waiting 7 s, retry 1 of 3']);
  });

  it.each([
    [failure(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': NOW_S + 60 }), 'rate limit used up'],
    [failure(503), 'GitHub is unavailable'],
  ])('names the reason in the log: %j', async (given, reason) => {
    const { pacing, logs } = fakePacing();
    await pacer(pacing, failureOf).send('GET', 'GET /x', flaky(given));
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain(`(${reason})`);
  });

  it('gives up after 3 retries and rethrows the last refusal', async () => {
    const { pacing, sleeps, logs } = fakePacing();
    const send = flaky(failure(502), failure(502), failure(502), failure(502, {}, 'the last one'));
    const error = await pacer(pacing, failureOf)
      .send('GET', 'GET /x', send)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Refused);
    expect((error as Refused).message).toBe('the last one');
    expect(send.calls).toBe(4);
    expect(sleeps).toEqual([1_000, 2_000, 4_000]);
    expect(logs.map((l) => l.match(/retry \d of 3/)?.[0])).toEqual([
      'retry 1 of 3',
      'retry 2 of 3',
      'retry 3 of 3',
    ]);
  });

  it('succeeds on the last retry', async () => {
    const { pacing } = fakePacing();
    const send = flaky(failure(502), failure(502), failure(502));
    await expect(pacer(pacing, failureOf).send('GET', 'GET /x', send)).resolves.toBe('ok');
    expect(send.calls).toBe(4);
  });

  it.each([
    ['a permission refusal', failure(403, {}, 'Resource not accessible by integration')],
    ['a 404', failure(404)],
    ['a 501', failure(501)],
  ])('does not retry %s', async (_name, given) => {
    const { pacing, sleeps } = fakePacing();
    const send = flaky(given);
    await expect(pacer(pacing, failureOf).send('POST', 'POST /x', send)).rejects.toBeInstanceOf(Refused);
    expect(send.calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('does not retry what is not a refusal (a bug, a network error it cannot read)', async () => {
    const { pacing } = fakePacing();
    let calls = 0;
    const send = async () => {
      calls += 1;
      throw new TypeError('boom');
    };
    await expect(pacer(pacing, failureOf).send('GET', 'GET /x', send)).rejects.toThrow('boom');
    expect(calls).toBe(1);
  });

  it.each([
    ['retry-after of exactly 15 minutes is waited', failure(403, { 'retry-after': '900' }), [900_000]],
    ['retry-after beyond 15 minutes is not', failure(403, { 'retry-after': '901' }), []],
    [
      'a primary limit resetting in an hour is not',
      failure(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': NOW_S + 3600 }),
      [],
    ],
  ])('%s', async (_name, given, waited) => {
    const { pacing, sleeps } = fakePacing();
    const send = flaky(given);
    const result = pacer(pacing, failureOf).send('GET', 'GET /x', send);
    if (waited.length === 0) await expect(result).rejects.toBeInstanceOf(Refused);
    else await expect(result).resolves.toBe('ok');
    expect(sleeps).toEqual(waited);
    expect(send.calls).toBe(waited.length + 1);
  });

  it('spaces a retried write from its first try', async () => {
    const { pacing, sleeps } = fakePacing();
    const send = flaky(failure(429, { 'retry-after': '0' }));
    await pacer(pacing, failureOf).send('POST', 'POST /x', send);
    expect(sleeps).toEqual([0, WRITE_SPACING_MS]);
  });
});
