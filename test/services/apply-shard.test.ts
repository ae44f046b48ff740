import { describe, expect, it } from 'vitest';
import type { AppliedRecord } from '../../src/apply/index.js';
import { shardOf } from '../../src/rollout/index.js';
import { applyShard } from '../../src/services/apply-shard.js';
import { job, memoryLedger, type Script, scriptedTarget, settings } from '../apply/run-fixtures.js';

const FLEET = [
  'acme-corp',
  'bluefin-bakery',
  'harbor-dental',
  'kestrel-legal',
  'lumen-analytics',
  'nordlicht-media',
  'pinewood-garage',
  'tidewater-travel',
];
const SHARD = { index: 1, count: 2 };
const mine = FLEET.filter((id) => shardOf(id, 2) === 1);
const theirs = FLEET.filter((id) => shardOf(id, 2) === 2);

const PREVIOUS: AppliedRecord = {
  commit: 'b'.repeat(40),
  stackHash: 'a'.repeat(64),
  appliedAt: '2026-11-20T10:00:00Z',
  status: 'active',
};

/** Every customer existed and changes one alarm, unless the script says otherwise. */
function fleet(scripts: Record<string, Script> = {}) {
  const alarm: Script = { changes: [['aws_cloudwatch_metric_alarm.cpu', 'update']] };
  const script: Record<string, Script> = Object.fromEntries(FLEET.map((id) => [id, scripts[id] ?? alarm]));
  const jobs = FLEET.map((id) => job(id, { previous: PREVIOUS }));
  return { ...scriptedTarget(script), jobs, ledger: memoryLedger() };
}

describe('applyShard', () => {
  it('fits the fleet (both shards hold customers)', () => {
    expect(mine.length).toBeGreaterThan(1);
    expect(theirs.length).toBeGreaterThan(1);
  });

  it('plans every affected customer once, and applies only its own from those plans', async () => {
    const { target, calls, jobs, ledger } = fleet();
    const run = await applyShard(jobs, settings(target, ledger, { existingCustomers: 100 }), SHARD);
    expect(run.results.map((r) => [r.customerId, r.outcome])).toEqual(mine.map((id) => [id, 'applied']));
    expect({ customers: run.customers, elsewhere: run.elsewhere }).toEqual({
      customers: mine.length,
      elsewhere: theirs.length,
    });
    expect(calls.filter((c) => c.startsWith('plan')).sort()).toEqual(FLEET.map((id) => `plan ${id}`));
    expect(calls.filter((c) => c.startsWith('apply')).sort()).toEqual(mine.map((id) => `apply ${id}`));
    expect([...ledger.records.keys()].sort()).toEqual(mine);
  });

  it('stops every shard when the customers losing data, spread over the shards, exceed the limit', async () => {
    const lossy = [...mine.slice(0, 2), ...theirs.slice(0, 2)];
    const {
      target,
      calls,
      jobs: fleetJobs,
      ledger,
    } = fleet(Object.fromEntries(lossy.map((id) => [id, { changes: [['aws_instance.server', 'replace']] }])));
    // Each file accepts its loss: only the limit across the fleet holds them back.
    const jobs = fleetJobs.map((j) => ({
      ...j,
      customer: { ...j.customer, allowDataLoss: ['server' as const] },
    }));
    // Alone, each shard has two customers losing data: within maxDataLossCustomers (3).
    for (const shard of [SHARD, { index: 2, count: 2 }]) {
      const run = await applyShard(jobs, settings(target, ledger, { existingCustomers: 100 }), shard);
      expect(run.blastRadius?.exceeded).toEqual(['4 customers lose data (the limit is 3)']);
      expect(run.blastRadius?.dataLossCustomers.sort()).toEqual(lossy.sort());
      expect(run.results.every((r) => r.outcome === 'refused' && r.heldBack === true)).toBe(true);
    }
    expect(calls.filter((c) => c.startsWith('apply'))).toEqual([]);
    expect(ledger.records.size).toBe(0);
  });

  it('leaves a customer whose plan failed for good failed, uncounted and unapplied', async () => {
    const [broken = '', ...others] = mine;
    const { target, calls, jobs, ledger } = fleet({
      [broken]: {
        changes: [['aws_instance.server', 'update']],
        fail: [{ at: 'plan', message: 'provider crashed' }],
      },
    });
    const run = await applyShard(jobs, settings(target, ledger, { existingCustomers: 100 }), SHARD);
    expect(run.results.find((r) => r.customerId === broken)).toMatchObject({
      outcome: 'failed',
      error: { step: 'plan', message: 'provider crashed' },
    });
    expect(calls.filter((c) => c === `plan ${broken}`)).toHaveLength(1);
    expect(calls).not.toContain(`apply ${broken}`);
    expect(run.results.filter((r) => r.outcome === 'applied').map((r) => r.customerId)).toEqual(others);
  });

  it('applies the plan a retry made after a transient failure, without planning again', async () => {
    const [flaky = ''] = mine;
    const { target, calls, jobs, ledger } = fleet({
      [flaky]: {
        changes: [['aws_instance.server', 'update']],
        fail: [{ at: 'plan', message: 'Throttling: Rate exceeded', transient: 'throttled' }],
      },
    });
    const run = await applyShard(jobs, settings(target, ledger, { existingCustomers: 100 }), SHARD);
    expect(run.results.find((r) => r.customerId === flaky)?.outcome).toBe('applied');
    expect(calls.filter((c) => c === `plan ${flaky}`)).toHaveLength(2);
  });

  it('plans afresh before retrying a failed apply', async () => {
    const [flaky = ''] = mine;
    const { target, calls, jobs, ledger } = fleet({
      [flaky]: {
        changes: [['aws_instance.server', 'update']],
        fail: [{ at: 'apply', message: 'Error acquiring the state lock', transient: 'state-lock' }],
      },
    });
    const run = await applyShard(jobs, settings(target, ledger, { existingCustomers: 100 }), SHARD);
    expect(run.results.find((r) => r.customerId === flaky)).toMatchObject({
      outcome: 'applied',
      attempts: 2,
    });
    expect(calls.filter((c) => c.endsWith(` ${flaky}`))).toEqual([
      `plan ${flaky}`,
      `apply ${flaky}`,
      `plan ${flaky}`,
      `apply ${flaky}`,
    ]);
  });

  it('only plans in a dry run, and reports its own customers', async () => {
    const { target, calls, jobs, ledger } = fleet();
    const run = await applyShard(
      jobs,
      settings(target, ledger, { existingCustomers: 100, dryRun: true }),
      SHARD,
    );
    expect(run.results.map((r) => [r.customerId, r.outcome])).toEqual(mine.map((id) => [id, 'planned']));
    expect(calls.filter((c) => c.startsWith('apply'))).toEqual([]);
  });
});
