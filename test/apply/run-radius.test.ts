import { describe, expect, it } from 'vitest';
import { type ApplyJob, applyCustomers } from '../../src/apply/run.js';
import type { AppliedRecord } from '../../src/apply/types.js';
import { job, memoryLedger, type Script, scriptedTarget, settings } from './run-fixtures.js';

/**
 * The blast radius on the apply side: what Terraform (or the local cloud) plans for the run as a
 * whole, judged before anything changes.
 */

const SHOPS = [
  'acme-corp',
  'bluefin-bakery',
  'ferrous-games',
  'kestrel-legal',
  'lumen-analytics',
  'nordlicht-media',
  'open-door-coop',
  'quarry-hill-dental',
] as const;

const applied = (id: string): AppliedRecord => ({
  commit: 'a'.repeat(40),
  stackHash: `${id.length.toString(16).padStart(2, '0')}${'e'.repeat(62)}`,
  appliedAt: '2026-11-20T09:00:00.000Z',
  status: 'active',
});

/** An existing customer: applied before. */
const existing = (id: string, overrides: Partial<ApplyJob> = {}) =>
  job(id, { previous: applied(id), ...overrides });

const updates = (address = 'aws_instance.server'): Script => ({ changes: [[address, 'update']] });
const every = (ids: readonly string[], script: Script) => Object.fromEntries(ids.map((id) => [id, script]));

const SIX = SHOPS.slice(0, 6);
const SHARE = '6 of 10 customers change (60 %, the limit is 20 %)';

describe('the blast radius of an apply', () => {
  it('holds back every change of a run over the limits, leaving what changes nothing or failed as it was', async () => {
    const { target, calls } = scriptedTarget({
      ...every(SIX, updates()),
      'open-door-coop': { changes: [['aws_vpc.main', 'no-op']] },
      'quarry-hill-dental': { fail: [{ at: 'plan', message: 'provider crashed' }] },
      'zephyr-yoga': { changes: [['aws_ebs_volume.data', 'delete']] },
    });
    const ledger = memoryLedger();
    const jobs = [...SHOPS, 'zephyr-yoga'].map((id) => existing(id));
    const run = await applyCustomers(jobs, settings(target, ledger, { existingCustomers: 10 }));

    expect(calls.filter((c) => !c.startsWith('plan'))).toEqual([]);
    expect(ledger.records.size).toBe(0);
    expect(run.blastRadius).toMatchObject({
      changedCustomers: 7,
      exceeded: ['7 of 10 customers change (70 %, the limit is 20 %)'],
    });
    const held = `not applied: this run exceeds the blast-radius limits (7 of 10 customers change (70 %, the limit is 20 %))`;
    expect(run.results.map((r) => [r.customerId, r.outcome, r.refusals, r.heldBack])).toEqual([
      ...SIX.map((id) => [id, 'refused', [held], true]),
      ['open-door-coop', 'unchanged', undefined, undefined],
      ['quarry-hill-dental', 'failed', undefined, undefined],
      [
        'zephyr-yoga',
        'refused',
        [
          'aws_ebs_volume.data would be destroyed, with its data (volumes): if that is intended, add volumes to allowDataLoss in customers/zephyr-yoga.yaml, or decommission the customer',
        ],
        undefined,
      ],
    ]);
  });

  it('says every limit exceeded in the refusal of a held-back customer', async () => {
    const replaced: Script = {
      changes: [
        ['aws_instance.server', 'replace'],
        ['aws_vpc.main', 'no-op'],
      ],
    };
    const { target } = scriptedTarget(every(SIX, replaced));
    const jobs = SIX.map((id) =>
      existing(id, { customer: { id, status: 'active', allowDataLoss: ['server'] } }),
    );
    const run = await applyCustomers(jobs, settings(target, memoryLedger()));
    expect(run.blastRadius?.dataLossCustomers).toEqual([...SIX]);
    expect(run.results[0]?.refusals).toEqual([
      `not applied: this run exceeds the blast-radius limits (6 customers lose data (the limit is 3); ${SHARE})`,
    ]);
  });

  it.each<[string, Record<string, Script>, ApplyJob[]]>([
    ['new customers do not count', every(SIX, updates()), SIX.map((id) => job(id))],
    [
      'customers whose plan changes nothing do not count',
      every(SIX, { changes: [['aws_vpc.main', 'no-op']] }),
      SIX.map((id) => existing(id)),
    ],
    [
      'customers whose plan failed do not count',
      every(SIX, { fail: [{ at: 'plan', message: 'Error: Invalid provider configuration' }] }),
      SIX.map((id) => existing(id)),
    ],
    [
      'changes in place are no data loss: four of them stay within both limits',
      {
        'acme-corp': updates(),
        'bluefin-bakery': updates(),
        'ferrous-games': updates(),
        'kestrel-legal': updates(),
      },
      SIX.slice(0, 4).map((id) => existing(id)),
    ],
  ])('%s: the run goes ahead, and says nothing of the limits', async (_name, script, jobs) => {
    const { target } = scriptedTarget(script);
    const run = await applyCustomers(jobs, settings(target, memoryLedger()));
    expect(run.results.map((r) => r.outcome)).not.toContain('refused');
    expect(run).not.toHaveProperty('blastRadius');
  });

  it('counts a removed customer it forgets as no change', async () => {
    const forgotten = SIX.map((id) => ({
      ...existing(id),
      stack: undefined,
      customer: { id, status: 'removed' as const, allowDataLoss: [] },
      previous: { ...applied(id), status: 'decommissioned' as const },
    }));
    const run = await applyCustomers(forgotten, settings(scriptedTarget({}).target, memoryLedger()));
    expect(run.results.map((r) => r.outcome)).toEqual(SIX.map(() => 'forgotten'));
  });

  it('forgets nobody in a run it holds back', async () => {
    const { target, calls } = scriptedTarget(every(SIX, updates()));
    const gone = { ...existing('orchid-studio'), stack: undefined, stackHash: undefined };
    const forget = {
      ...gone,
      customer: { id: 'orchid-studio', status: 'removed' as const, allowDataLoss: [] },
    };
    const decommissioned = { ...applied('orchid-studio'), status: 'decommissioned' as const };
    const ledger = memoryLedger({ 'orchid-studio': decommissioned });
    const run = await applyCustomers(
      [...SIX.map((id) => existing(id)), { ...forget, previous: decommissioned }],
      settings(target, ledger),
    );
    expect(calls).not.toContain('forget orchid-studio');
    expect(run.results.at(-1)).toMatchObject({ customerId: 'orchid-studio', outcome: 'unchanged' });
    expect(ledger.records.has('orchid-studio')).toBe(true);
  });

  it('holds back a run that moves the state, whatever it changes', async () => {
    const move = 'the state moves from s3://neo-state-old/customers to s3://neo-state/customers';
    const { target, calls } = scriptedTarget({ 'acme-corp': updates() });
    const run = await applyCustomers(
      [existing('acme-corp'), existing('bluefin-bakery')],
      settings(target, memoryLedger(), { stateMove: move }),
    );
    expect(calls).not.toContain('apply acme-corp');
    expect(run.blastRadius).toMatchObject({ exceeded: [move], stateMove: move, overridden: false });
    expect(run.results.map((r) => r.outcome)).toEqual(['refused', 'unchanged']);
  });
});

describe('a reviewed plan that accepted going over the limits', () => {
  /** What the plan of the merged pull request showed: these customers, from their applied stacks. */
  const acceptance = (ids: readonly string[], stateMove = false) => ({
    customers: new Map(ids.map((id) => [id, applied(id).stackHash.slice(0, 16)])),
    stateMove,
  });

  it('applies the changes it showed', async () => {
    const { target, calls } = scriptedTarget(every(SIX, updates()));
    const run = await applyCustomers(
      SIX.map((id) => existing(id)),
      settings(target, memoryLedger(), { acceptance: acceptance(SIX) }),
    );
    expect(calls.filter((c) => c.startsWith('apply'))).toHaveLength(6);
    expect(run.blastRadius).toMatchObject({ exceeded: [SHARE], overridden: true });
  });

  it('holds back changes it did not show, from stacks it did not start from', async () => {
    const { target, calls } = scriptedTarget(every(SIX, updates()));
    const movedOn = SIX.map((id) =>
      existing(id, { previous: { ...applied(id), stackHash: 'f'.repeat(64) } }),
    );
    const run = await applyCustomers(
      movedOn,
      settings(target, memoryLedger(), { acceptance: acceptance(SIX) }),
    );
    expect(calls.filter((c) => c.startsWith('apply'))).toEqual([]);
    expect(run.blastRadius).toMatchObject({ exceeded: [SHARE], overridden: false, unaccepted: [...SIX] });
  });

  it('gives way to --allow-blast-radius, which accepts everything', async () => {
    const { target } = scriptedTarget(every(SIX, updates()));
    const run = await applyCustomers(
      SIX.map((id) => existing(id)),
      settings(target, memoryLedger(), { acceptance: acceptance([]), allowBlastRadius: true }),
    );
    expect(run.results.map((r) => r.outcome)).toEqual(SIX.map(() => 'applied'));
    expect(run.blastRadius).toMatchObject({ exceeded: [SHARE], overridden: true });
    expect(run.blastRadius).not.toHaveProperty('unaccepted');
  });

  it('holds back a state move it did not show', async () => {
    const move = 'the state moves from s3://neo-state-old/customers to s3://neo-state/customers';
    const { target } = scriptedTarget({ 'acme-corp': updates() });
    const run = await applyCustomers(
      [existing('acme-corp')],
      settings(target, memoryLedger(), { acceptance: acceptance(['acme-corp']), stateMove: move }),
    );
    expect(run.results[0]).toMatchObject({ outcome: 'refused', heldBack: true });
  });
});
