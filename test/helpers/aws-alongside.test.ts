import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyRegion } from './aws-account.js';
import { callAlongside } from './aws-alongside.js';
import { AWS_BUCKETS, mockAccount } from './aws-mock.js';

/** The others in the account the drift tests and bench sweep beside: their pace is what they claim. */
describe('calls alongside neo', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const regions = ['us-east-2', 'us-east-1'];
  const account = { regions: new Map(regions.map((r) => [r, emptyRegion()])), zones: [] };

  it('sends bursts on time, per service and region, counted apart from neo', async () => {
    vi.useFakeTimers();
    const clock = () => Date.now();
    const aws = mockAccount(account, { buckets: AWS_BUCKETS, clock });
    const others = callAlongside(
      aws,
      { route53: { perSecond: 3, burst: 15 }, ec2: { perSecond: 2, burst: 1 } },
      { regions, clock },
    );

    await vi.advanceTimersByTimeAsync(9_999); // Route53 bursts at 0 and 5 s; EC2 every 0.5 s
    const sent = others.stop();
    await vi.advanceTimersByTimeAsync(10_000); // stopped: nothing more

    expect(sent.calls).toMatchObject({ route53: 30, ec2: 40 });
    expect(sent.throttled).toEqual({});
    expect(aws.calls).toEqual({}); // neo sent nothing
  });

  it('keeps its pace after a late timer, as separate programs would', async () => {
    vi.useFakeTimers();
    const start = Date.now();
    let lag = 0;
    const clock = () => Date.now() + lag;
    const aws = mockAccount(account, { clock });
    const others = callAlongside(
      aws,
      { route53: { perSecond: 1, burst: 1 }, ec2: { perSecond: 0, burst: 1 } },
      { regions, clock },
    );
    await vi.advanceTimersByTimeAsync(1);
    lag = 3_000; // the event loop was busy: three calls are overdue
    await vi.advanceTimersByTimeAsync(1_010); // overdue calls go a millisecond apart
    expect(Date.now() - start).toBe(1_011);
    expect(others.stop().calls.route53).toBe(5); // at 0, 1, 2, 3 and 4 s of the clock
  });
});
