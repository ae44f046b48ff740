import {
  DescribeInstancesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import {
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  ListTagsForResourcesCommand,
} from '@aws-sdk/client-route-53';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  backoffDelay,
  type Caller,
  createCaller,
  createThrottle,
  MAX_ATTEMPTS,
  RATE_LIMITS,
  type RateLimits,
  type Service,
  type Target,
} from '../../../src/cloud/aws/call.js';
import { CloudAccessError } from '../../../src/cloud/aws/errors.js';
import { type AwsAccount, emptyRegion, type HostedZoneData } from '../../helpers/aws-account.js';
import { callAlongside, LEFT_FOR_OTHERS } from '../../helpers/aws-alongside.js';
import { AWS_BUCKETS, type MockedAws, mockAccount } from '../../helpers/aws-mock.js';
import { awsError, FAST, recordingSleep } from './responses.js';

const EC2: Target = { service: 'ec2', region: 'us-east-2' };

/** A send that fails with each of `errors` in turn, then answers `{ ok: true }`. */
function failingThen(...errors: Error[]) {
  let sent = 0;
  const send = vi.fn(async () => {
    const error = errors[sent];
    sent += 1;
    if (error) throw error;
    return { ok: true };
  });
  return send;
}

function setup(options: { random?: () => number } = {}) {
  const { sleep, delays } = recordingSleep();
  const caller = createCaller(createThrottle({ limits: FAST, sleep, random: options.random ?? (() => 0.5) }));
  return { caller, delays };
}

describe('retries', () => {
  it.each([
    ['ThrottlingException', 400],
    ['Throttling', 400],
    ['RequestLimitExceeded', 503],
    ['PriorRequestNotComplete', 400],
    ['TooManyRequestsException', 429],
  ])('retries %s (HTTP %i) as throttling, after a throttling backoff', async (name, status) => {
    const { caller, delays } = setup();
    const send = failingThen(awsError(name, status, 'Rate exceeded'));

    await expect(caller.send(EC2, new DescribeVpcsCommand({}), send)).resolves.toEqual({ ok: true });

    expect(send).toHaveBeenCalledTimes(2);
    expect(caller.calls()).toEqual({ ec2: 2, route53: 0 });
    expect(delays).toEqual([backoffDelay('THROTTLING', 0, () => 0.5)]);
    expect(delays[0]).toBe(250);
  });

  it.each([
    ['ServiceUnavailable', 503],
    ['InternalError', 500],
    ['RequestTimeout', 400],
  ])('retries %s (HTTP %i) as transient, after a short backoff', async (name, status) => {
    const { caller, delays } = setup();
    const send = failingThen(awsError(name, status), awsError(name, status));

    await expect(caller.send(EC2, new DescribeVpcsCommand({}), send)).resolves.toEqual({ ok: true });

    expect(send).toHaveBeenCalledTimes(3);
    expect(delays).toEqual([50, 100]); // half (random 0.5) of 100 ms, then of 200 ms
  });

  it('gives up after MAX_ATTEMPTS and throws what AWS said', async () => {
    const { caller, delays } = setup();
    const throttled = awsError('RequestLimitExceeded', 503, 'Request limit exceeded.');
    const send = vi.fn(async () => {
      throw throttled;
    });

    await expect(caller.send(EC2, new DescribeVpcsCommand({}), send)).rejects.toBe(throttled);

    expect(send).toHaveBeenCalledTimes(MAX_ATTEMPTS);
    expect(caller.calls().ec2).toBe(MAX_ATTEMPTS);
    expect(delays).toEqual([250, 500, 1000, 2000]);
  });

  it('does not retry a client error', async () => {
    const { caller, delays } = setup();
    const invalid = awsError(
      'InvalidParameterValue',
      400,
      'Value (5000) for parameter maxResults is invalid.',
    );
    const send = failingThen(invalid);

    await expect(caller.send(EC2, new DescribeVpcsCommand({}), send)).rejects.toBe(invalid);

    expect(send).toHaveBeenCalledTimes(1);
    expect(delays).toEqual([]);
  });

  it('does not retry a 5xx the standard strategy leaves alone (501), as the SDK would not', async () => {
    const { caller } = setup();
    const send = failingThen(awsError('NotImplemented', 501));

    await expect(caller.send(EC2, new DescribeVpcsCommand({}), send)).rejects.toThrow('AWS said no');
    expect(send).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['InvalidVpcID.NotFound', 400],
    ['InvalidGroup.NotFound', 400],
    ['NoSuchHostedZone', 404],
  ])('waits out %s (eventual consistency) with a doubling delay', async (name, status) => {
    const { caller, delays } = setup();
    const send = failingThen(awsError(name, status), awsError(name, status));

    await expect(caller.send(EC2, new DescribeVpcsCommand({}), send)).resolves.toEqual({ ok: true });

    expect(delays).toEqual([500, 1000]);
    expect(caller.calls().ec2).toBe(3);
  });

  it('rethrows NotFound after four attempts', async () => {
    const { caller, delays } = setup();
    const notFound = awsError('NoSuchHostedZone', 404, 'No hosted zone found with ID: Z0123456789ABCDEFGHIJ');
    const send = vi.fn(async () => {
      throw notFound;
    });

    await expect(caller.send({ service: 'route53' }, new ListHostedZonesCommand({}), send)).rejects.toBe(
      notFound,
    );

    expect(send).toHaveBeenCalledTimes(4);
    expect(delays).toEqual([500, 1000, 2000]);
  });

  it('counts NotFound apart from throttling', async () => {
    const { caller, delays } = setup();
    const send = failingThen(
      awsError('Throttling', 400),
      awsError('InvalidVpcID.NotFound', 400),
      awsError('InvalidVpcID.NotFound', 400),
      awsError('InvalidVpcID.NotFound', 400),
    );

    await expect(caller.send(EC2, new DescribeVpcsCommand({}), send)).resolves.toEqual({ ok: true });
    expect(delays).toEqual([250, 500, 1000, 2000]);
  });
});

describe('access denied', () => {
  it.each([
    ['UnauthorizedOperation', 403, 'ec2', new DescribeInstancesCommand({}), 'ec2:DescribeInstances'],
    ['AccessDenied', 403, 'route53', new ListHostedZonesCommand({}), 'route53:ListHostedZones'],
    ['AccessDeniedException', 400, 'ec2', new DescribeVpcsCommand({}), 'ec2:DescribeVpcs'],
    ['SomethingForbidden', 403, 'ec2', new DescribeVpcsCommand({}), 'ec2:DescribeVpcs'],
  ] as const)(
    '%s fails at once, naming the IAM action',
    async (name, status, service, command, permission) => {
      const { caller, delays } = setup();
      const principal = `arn:aws:sts::123456789012:assumed-role/neo-reader/session-1`;
      const send = failingThen(awsError(name, status, `User: ${principal} is not authorized`));

      const error = await caller
        .send({ service, region: 'us-east-2' }, command, send)
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(CloudAccessError);
      expect(error).toMatchObject({ permission });
      expect((error as Error).message).toBe(
        `AWS denied ${permission} to the credentials in use. Grant it to the role neo runs with ` +
          '(the read-only role needs ec2:Describe* and route53:List*/Get*).',
      );
      expect((error as Error).message).not.toContain(principal);
      expect(send).toHaveBeenCalledTimes(1);
      expect(delays).toEqual([]);
    },
  );

  it('a 403 that is throttling is retried, not denied', async () => {
    const { caller } = setup();
    const send = failingThen(awsError('ThrottlingException', 403, 'Rate exceeded'));
    await expect(caller.send(EC2, new DescribeVpcsCommand({}), send)).resolves.toEqual({ ok: true });
  });
});

describe('backoffDelay', () => {
  it.each([
    ['THROTTLING', 0, 1, 500],
    ['THROTTLING', 3, 1, 4000],
    ['THROTTLING', 10, 1, 20_000],
    ['TRANSIENT', 0, 1, 100],
    ['TRANSIENT', 2, 0.5, 200],
    ['THROTTLING', 2, 0, 0],
  ] as const)('%s after %i retries, jitter %d: %i ms', (errorType, retries, jitter, expected) => {
    expect(backoffDelay(errorType, retries, () => jitter)).toBe(expected);
  });
});

describe('counting and queues', () => {
  it('counts calls per service, in a copy', async () => {
    const { caller } = setup();
    const answer = async () => ({});
    await caller.send(EC2, new DescribeVpcsCommand({}), answer);
    await caller.send({ service: 'ec2', region: 'eu-west-1' }, new DescribeVpcsCommand({}), answer);
    await caller.send({ service: 'route53' }, new ListHostedZonesCommand({}), answer);

    const calls = caller.calls();
    calls.ec2 = 99;
    expect(caller.calls()).toEqual({ ec2: 2, route53: 1 });
  });

  it('has one queue per EC2 region and one for Route53, shaped by the limits', () => {
    const throttle = createThrottle();
    expect(throttle.queue('ec2', 'us-east-2')).toBe(throttle.queue('ec2', 'us-east-2'));
    expect(throttle.queue('ec2', 'us-east-2')).not.toBe(throttle.queue('ec2', 'eu-west-1'));
    expect(throttle.queue('route53', undefined)).toBe(throttle.queue('route53', 'us-east-2'));
    expect(throttle.queue('ec2', 'us-east-2').concurrency).toBe(RATE_LIMITS.ec2.concurrency);
    expect(throttle.queue('route53', undefined).concurrency).toBe(RATE_LIMITS.route53.concurrency);
  });
});

describe('rate limit', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts no more than intervalCap calls per interval', async () => {
    vi.useFakeTimers();
    const start = Date.now();
    const startedAt: number[] = [];
    const caller = createCaller(
      createThrottle({ limits: { ec2: { interval: 100, intervalCap: 5, concurrency: 20 } } }),
    );
    const send = async () => {
      startedAt.push(Date.now() - start);
      return {};
    };

    const all = Promise.all(
      Array.from({ length: 20 }, () => caller.send(EC2, new DescribeVpcsCommand({}), send)),
    );
    await vi.advanceTimersByTimeAsync(1000);
    await all;

    // Five in each 100 ms window, in the order they were asked for.
    const windows = startedAt.map((ms) => Math.floor(ms / 100));
    expect(windows).toEqual(Array.from({ length: 20 }, (_, index) => Math.floor(index / 5)));
    expect(Math.max(...startedAt)).toBeGreaterThanOrEqual(300);
  });

  it('queues each retry again: a throttled call waits for the next window', async () => {
    vi.useFakeTimers();
    const start = Date.now();
    const startedAt: number[] = [];
    const caller = createCaller(
      createThrottle({
        limits: { ec2: { interval: 100, intervalCap: 2, concurrency: 20 } },
        sleep: async () => {},
      }),
    );
    let first = true;
    const send = async () => {
      startedAt.push(Date.now() - start);
      if (first) {
        first = false;
        throw awsError('RequestLimitExceeded', 503);
      }
      return {};
    };

    const all = Promise.all([
      caller.send(EC2, new DescribeVpcsCommand({}), send),
      caller.send(EC2, new DescribeVpcsCommand({}), send),
    ]);
    await vi.advanceTimersByTimeAsync(500);
    await all;

    expect(startedAt).toHaveLength(3);
    expect(startedAt[2]).toBeGreaterThanOrEqual(100);
    expect(caller.calls().ec2).toBe(3);
  });
});

const REGION = 'us-east-2';

/** Customer zones as Route53 lists them, each with its neo tag and its apex NS record. */
function customerZones(count: number): HostedZoneData[] {
  return Array.from({ length: count }, (_, i) => {
    const customer = `customer-${String(i).padStart(4, '0')}`;
    const name = `${customer}-example.com.`;
    return {
      zone: {
        Id: `/hostedzone/Z0${String(i).padStart(4, '0')}3KQ7EXAMPLE`,
        Name: name,
        CallerReference: `neo-${customer}`,
        ResourceRecordSetCount: 1,
      },
      tags: [{ Key: 'neo:customer', Value: customer }],
      records: [
        {
          Name: name,
          Type: 'NS',
          TTL: 172_800,
          ResourceRecords: [{ Value: 'ns-1536.awsdns-00.co.uk.' }, { Value: 'ns-0.awsdns-00.com.' }],
        },
      ],
    };
  });
}

/** The account of a 1,000-customer fleet as far as Route53 goes: 792 customers with a zone. */
const ACCOUNT: AwsAccount = { regions: new Map([[REGION, emptyRegion()]]), zones: customerZones(792) };

interface Sweep {
  service: Service;
  /** Every call of the sweep, sent through `caller` to the mocked account. */
  calls(aws: MockedAws, caller: Caller): Promise<unknown>[];
}

const SWEEPS: [string, Sweep][] = [
  [
    "Route53, a 1,000-customer sweep's 880 calls (8 zone pages, 80 tag batches, 792 record sets)",
    {
      service: 'route53',
      calls: (aws, caller) => {
        const route53 = { service: 'route53' } as const;
        const ids = ACCOUNT.zones.map((z) => (z.zone.Id ?? '').replace('/hostedzone/', ''));
        return [
          ...Array.from({ length: 8 }, (_, page) =>
            caller.send(
              route53,
              new ListHostedZonesCommand({ Marker: page === 0 ? undefined : String(page * 100) }),
              (c) => aws.route53.send(c),
            ),
          ),
          ...Array.from({ length: 80 }, (_, batch) =>
            caller.send(
              route53,
              new ListTagsForResourcesCommand({
                ResourceType: 'hostedzone',
                ResourceIds: ids.slice(batch * 10, batch * 10 + 10),
              }),
              (c) => aws.route53.send(c),
            ),
          ),
          ...ids.map((id) =>
            caller.send(route53, new ListResourceRecordSetsCommand({ HostedZoneId: id }), (c) =>
              aws.route53.send(c),
            ),
          ),
        ];
      },
    },
  ],
  [
    'EC2 in one region, 600 describe calls (a sweep of a fleet ten times larger)',
    {
      service: 'ec2',
      calls: (aws, caller) =>
        Array.from({ length: 600 }, (_, page) =>
          caller.send(
            { service: 'ec2', region: REGION },
            new DescribeSecurityGroupRulesCommand({ MaxResults: 1000, NextToken: String(page * 1000) }),
            (c) => aws.ec2(REGION).send(c),
          ),
        ),
    },
  ],
];

/**
 * `sweep` through neo's throttle at `limits`, against AWS's buckets, while others in the account
 * call at LEFT_FOR_OTHERS; on vitest's simulated clock, latencies and backoff included.
 */
async function sweepAlongsideOthers(sweep: Sweep, limits?: Partial<RateLimits>) {
  const clock = () => Date.now();
  const aws = mockAccount(ACCOUNT, { buckets: AWS_BUCKETS, clock, latencyMs: { ec2: 250, route53: 80 } });
  const others = callAlongside(aws, LEFT_FOR_OTHERS, { regions: [REGION], clock });
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const caller = createCaller(createThrottle({ limits, sleep, random: () => 0.5 }));
  const started = clock();
  let done = false;
  const settled = Promise.allSettled(sweep.calls(aws, caller)).finally(() => {
    done = true;
  });
  while (!done) await vi.advanceTimersByTimeAsync(1000);
  const seconds = (clock() - started) / 1000;
  const alongside = others.stop();
  await vi.advanceTimersByTimeAsync(1000); // the others' last calls answer
  const failed = (await settled).filter((r) => r.status === 'rejected').length;
  return { neo: aws.throttled, others: alongside.throttled, sent: alongside.calls, failed, seconds };
}

describe("sharing AWS's token buckets with others in the account", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(SWEEPS)('%s: neo and the others are never throttled', async (_, sweep) => {
    vi.useFakeTimers();
    const run = await sweepAlongsideOthers(sweep);

    expect(run.neo).toEqual({});
    expect(run.others).toEqual({});
    expect(run.failed).toBe(0);
    // The others really did call at their rate the whole time.
    expect(run.sent[sweep.service]).toBeGreaterThanOrEqual(
      Math.floor(run.seconds * LEFT_FOR_OTHERS[sweep.service].perSecond),
    );
  });

  it.each(SWEEPS)('%s: neo at the refill rate would throttle the others', async (_, sweep) => {
    vi.useFakeTimers();
    const refill = AWS_BUCKETS[sweep.service].perSecond;
    const run = await sweepAlongsideOthers(sweep, {
      [sweep.service]: { ...RATE_LIMITS[sweep.service], intervalCap: refill },
    });

    expect(run.others[sweep.service]).toBeGreaterThan(0);
  });
});
