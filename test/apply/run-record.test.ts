import { describe, expect, it } from 'vitest';
import { applyCustomers } from '../../src/apply/run.js';
import type { AppliedLedger } from '../../src/apply/types.js';
import { stackDigest } from '../../src/graph/index.js';
import { COMMIT, job, memoryLedger, removed, type Script, scriptedTarget, settings } from './run-fixtures.js';

const HASH = stackDigest('{"customer":"acme-corp"}');
const DRIFT = stackDigest('# drift of acme-corp\n');
const updates: Script = { changes: [['aws_instance.server', 'update']] };

describe('what a run records', () => {
  it.each([
    [
      'the commit, the stack and the time',
      {},
      { commit: COMMIT, stackHash: HASH, appliedAt: '2026-11-25T10:00:00.000Z', status: 'active' },
    ],
    [
      'a rollback (--at an older commit) as such',
      { rollback: true },
      {
        commit: COMMIT,
        stackHash: HASH,
        appliedAt: '2026-11-25T10:00:00.000Z',
        status: 'active',
        rollback: true,
      },
    ],
    [
      'no commit for an uncommitted working tree',
      { commit: undefined },
      { stackHash: HASH, appliedAt: '2026-11-25T10:00:00.000Z', status: 'active' },
    ],
  ])('%s', async (_name, overrides, expected) => {
    const ledger = memoryLedger();
    await applyCustomers(
      [job('acme-corp')],
      settings(scriptedTarget({ 'acme-corp': updates }).target, ledger, overrides),
    );
    expect(ledger.records.get('acme-corp')).toEqual(expected);
  });

  it("records the drift record applied, and the customer's status", async () => {
    const ledger = memoryLedger();
    const suspended = job('acme-corp', {
      customer: { id: 'acme-corp', status: 'suspended', allowDataLoss: [] },
      driftRecord: DRIFT,
    });
    await applyCustomers([suspended], settings(scriptedTarget({ 'acme-corp': updates }).target, ledger));
    expect(ledger.records.get('acme-corp')).toMatchObject({ driftRecord: DRIFT, status: 'suspended' });
  });

  it('keeps only the ids of the types drift reads', async () => {
    const ledger = memoryLedger();
    const { target } = scriptedTarget({
      'acme-corp': {
        ...updates,
        ids: {
          'aws_instance.server': 'i-0a1b2c3d4e5f60718',
          'aws_route53_record.www': 'Z0ACME_www.acme-corp.example_A',
          'aws_vpc.main': 'vpc-0b2c3d4e5f6071829',
        },
      },
    });
    await applyCustomers(
      [job('acme-corp')],
      settings(target, ledger, { recordsIdsOf: (type) => type !== 'aws_route53_record' }),
    );
    expect(ledger.ids.get('acme-corp')).toEqual({
      'aws_instance.server': 'i-0a1b2c3d4e5f60718',
      'aws_vpc.main': 'vpc-0b2c3d4e5f6071829',
    });
  });

  it('forgets the record and the ids of a removed customer it forgets', async () => {
    const gone = removed('orchid-studio', 'decommissioned');
    const ledger = memoryLedger(
      { 'orchid-studio': gone.previous as never },
      { 'orchid-studio': { 'aws_vpc.main': 'vpc-0c3d4e5f607182930' } },
    );
    const run = await applyCustomers([gone], settings(scriptedTarget({}).target, ledger));
    expect(run.results[0]).toMatchObject({ status: 'removed', outcome: 'forgotten' });
    expect(ledger.records.size).toBe(0);
    expect(ledger.ids.size).toBe(0);
  });

  /** A ledger whose `failing` method fails as a full disk or a denied bucket would. */
  const failingLedger = (failing: keyof AppliedLedger): AppliedLedger => {
    const ledger = memoryLedger();
    return {
      ...ledger,
      [failing]: async () => {
        throw new Error('EACCES: permission denied');
      },
    };
  };

  it.each<[string, keyof AppliedLedger]>([
    ['the record', 'write'],
    ['the ids', 'writeIds'],
  ])(
    'says so when %s cannot be written after an apply, and that the next run heals it',
    async (_name, failing) => {
      const run = await applyCustomers(
        [job('acme-corp')],
        settings(scriptedTarget({ 'acme-corp': updates }).target, failingLedger(failing)),
      );
      expect(run.results[0]).toMatchObject({
        outcome: 'failed',
        error: {
          step: 'record',
          message:
            'applied, but recording it in memory failed (EACCES: permission denied); the next run applies it again, which changes nothing',
        },
      });
    },
  );

  it('fails the record step when the state cannot say its ids', async () => {
    const { target } = scriptedTarget({
      'acme-corp': { ...updates, fail: [{ at: 'ids', message: 'state file is locked' }] },
    });
    const ledger = memoryLedger();
    const run = await applyCustomers([job('acme-corp')], settings(target, ledger));
    expect(run.results[0]?.error?.step).toBe('record');
    expect(ledger.records.size).toBe(0);
  });
});

describe('the results of a run', () => {
  it('name the commit applied and the one applied before', async () => {
    const previous = {
      commit: 'a'.repeat(40),
      stackHash: 'e'.repeat(64),
      appliedAt: '2026-11-20T09:00:00Z',
      status: 'active' as const,
    };
    const run = await applyCustomers(
      [job('acme-corp', { previous }), job('bluefin-bakery')],
      settings(scriptedTarget({ 'acme-corp': updates }).target, memoryLedger()),
    );
    expect(run.results[0]).toMatchObject({ commit: COMMIT, previousCommit: 'a'.repeat(40) });
    expect(run.results[1]).not.toHaveProperty('previousCommit');
    const uncommitted = await applyCustomers(
      [job('acme-corp')],
      settings(scriptedTarget({}).target, memoryLedger(), { commit: undefined }),
    );
    expect(uncommitted.results[0]).not.toHaveProperty('commit');
  });

  it.each<[string, Script, number[], number]>([
    ['planning and applying', updates, [1_000, 1_250, 1_300, 1_900], 850],
    [
      'planning alone, when nothing changes',
      { changes: [['aws_vpc.main', 'no-op']] },
      [1_000, 1_250, 1_300, 1_320],
      270,
    ],
    ['a failed plan', { fail: [{ at: 'plan', message: 'provider crashed' }] }, [1_000, 1_400], 400],
    [
      'a plan the destroy guard refuses',
      { changes: [['aws_instance.server', 'replace']] },
      [1_000, 1_600],
      600,
    ],
  ])('time %s', async (_name, script, ticks, durationMs) => {
    const clock = [...ticks];
    const run = await applyCustomers(
      [job('acme-corp')],
      settings(scriptedTarget({ 'acme-corp': script }).target, memoryLedger(), {
        clock: () => clock.shift() ?? Number.NaN,
      }),
    );
    expect(run.results[0]?.durationMs).toBe(durationMs);
  });
});

describe('a dry run', () => {
  it('plans and judges everyone, applies and records nothing, and says who would change', async () => {
    const { target, calls } = scriptedTarget({
      'acme-corp': updates,
      'bluefin-bakery': { changes: [['aws_vpc.main', 'no-op']] },
      'kestrel-legal': { changes: [['aws_instance.server', 'replace']] },
      'nordlicht-media': { fail: [{ at: 'plan', message: 'provider crashed' }] },
    });
    const ledger = memoryLedger({
      'was-decommissioned': removed('was-decommissioned', 'decommissioned').previous as never,
    });
    const run = await applyCustomers(
      [
        job('acme-corp'),
        job('bluefin-bakery'),
        job('kestrel-legal'),
        job('nordlicht-media'),
        removed('was-active', 'active'),
        removed('was-decommissioned', 'decommissioned'),
      ],
      settings(target, ledger, { dryRun: true }),
    );
    expect(run.results.map((r) => [r.customerId, r.outcome])).toEqual([
      ['acme-corp', 'planned'],
      ['bluefin-bakery', 'unchanged'],
      ['kestrel-legal', 'refused'],
      ['nordlicht-media', 'failed'],
      ['was-active', 'refused'],
      ['was-decommissioned', 'planned'],
    ]);
    expect(calls.every((c) => c.startsWith('plan'))).toBe(true);
    expect([...ledger.records.keys()]).toEqual(['was-decommissioned']);
    expect(ledger.ids.size).toBe(0);
  });
});
