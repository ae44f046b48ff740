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

  it('keeps a bucket per EC2 region, and one for Route53 whatever the region', async () => {
    const now = { ms: 0 };
    const aws = mockAccount(
      {
        regions: new Map([
          ['us-east-2', emptyRegion()],
          ['us-east-1', emptyRegion()],
        ]),
        zones: [],
      },
      {
        buckets: { ec2: { capacity: 2, perSecond: 1 }, route53: { capacity: 1, perSecond: 1 } },
        clock: () => now.ms,
      },
    );
    const describe = (region: string) => outcome(aws.ec2(region).send(new DescribeVpcsCommand({})));
    const ohio = [await describe('us-east-2'), await describe('us-east-2'), await describe('us-east-2')];
    const virginia = [await describe('us-east-1'), await describe('us-east-1'), await describe('us-east-1')];
    expect(ohio).toEqual(['ok', 'ok', 'RequestLimitExceeded']);
    expect(virginia).toEqual(['ok', 'ok', 'RequestLimitExceeded']);
    expect(aws.throttled).toEqual({ ec2: 2 });
  });

  it('serves someone else in the account from the same buckets, counted apart', async () => {
    const now = { ms: 0 };
    const neo = account(now);
    const person = neo.alongside();
    const zones = (aws: typeof neo) => outcome(aws.route53.send(new ListHostedZonesCommand({})));
    const vpcs = (aws: typeof neo) => outcome(aws.ec2('us-east-2').send(new DescribeVpcsCommand({})));

    expect(await zones(neo)).toBe('ok');
    expect(await zones(person)).toBe('Throttling'); // neo took Route53's only token
    for (let i = 0; i < 2; i++) await vpcs(person);
    expect([await vpcs(neo), await vpcs(neo)]).toEqual(['ok', 'RequestLimitExceeded']);

    expect(neo.calls).toMatchObject({ route53: 1, ec2: 2 });
    expect(neo.throttled).toEqual({ ec2: 1 });
    expect(person.calls).toMatchObject({ route53: 1, ec2: 2 });
    expect(person.throttled).toEqual({ route53: 1 });
  });
});
