import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { ListHostedZonesCommand } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { emptyRegion } from './aws-account.js';
import { mockAccount } from './aws-mock.js';

/** The mocked token buckets the bench's throttling figures rest on: burst, then refill. */
describe('the mocked AWS token buckets', () => {
  function account(now: { ms: number }) {
    return mockAccount(
      { regions: new Map([['us-east-2', emptyRegion()]]), zones: [] },
      {
        buckets: { ec2: { capacity: 3, perSecond: 2 }, route53: { capacity: 1, perSecond: 1 } },
        clock: () => now.ms,
      },
    );
  }
  const outcome = (call: Promise<unknown>) =>
    call.then(
      () => 'ok',
      (error: Error) => error.name,
    );

  it('serves a burst of the capacity, then throttles as AWS does, per service', async () => {
    const now = { ms: 0 };
    const aws = account(now);
    const ec2 = aws.ec2('us-east-2');
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await outcome(ec2.send(new DescribeVpcsCommand({}))));
    expect(results).toEqual(['ok', 'ok', 'ok', 'RequestLimitExceeded']);
    // Route53's bucket is its own: EC2 emptying its bucket leaves it whole.
    expect(await outcome(aws.route53.send(new ListHostedZonesCommand({})))).toBe('ok');
    expect(await outcome(aws.route53.send(new ListHostedZonesCommand({})))).toBe('Throttling');
    expect(aws.throttled).toEqual({ ec2: 1, route53: 1 });
    expect(aws.calls.ec2).toBe(4);
  });

  it('refills at its rate, never above its capacity', async () => {
    const now = { ms: 0 };
    const ec2 = account(now).ec2('us-east-2');
    const call = () => outcome(ec2.send(new DescribeVpcsCommand({})));
    for (let i = 0; i < 3; i++) await call();
    now.ms = 500; // 2 a second: one token back
    expect([await call(), await call()]).toEqual(['ok', 'RequestLimitExceeded']);
    now.ms = 60_000; // a minute idle refills to the capacity, not to 119 tokens
    const burst = [];
    for (let i = 0; i < 4; i++) burst.push(await call());
    expect(burst).toEqual(['ok', 'ok', 'ok', 'RequestLimitExceeded']);
  });
});
