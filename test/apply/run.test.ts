import { describe, expect, it } from 'vitest';
import { selectJobs } from '../../src/apply/affected.js';
import { type ApplyJob, applyCustomers } from '../../src/apply/run.js';
import type { AppliedRecord } from '../../src/apply/types.js';
import type { Action } from '../../src/diff/index.js';
import { stackDigest } from '../../src/graph/index.js';
import type { Customer } from '../../src/spec/index.js';
import { job, memoryLedger, scriptedTarget, settings, stackOf } from './run-fixtures.js';

describe('applying customers', () => {
  it('plans everyone first, then applies only what changes, and records each', async () => {
    const { target, calls } = scriptedTarget({
      'acme-corp': { changes: [['aws_instance.server', 'update']] },
      'bluefin-bakery': { changes: [['aws_vpc.main', 'no-op']] },
    });
    const ledger = memoryLedger();
    const run = await applyCustomers([job('acme-corp'), job('bluefin-bakery')], settings(target, ledger));
    expect(calls).toEqual(['plan acme-corp', 'plan bluefin-bakery', 'apply acme-corp']);
    expect(run.results.map((r) => [r.customerId, r.outcome, r.counts?.update])).toEqual([
      ['acme-corp', 'applied', 1],
      ['bluefin-bakery', 'unchanged', 0],
    ]);
    expect(ledger.records.get('acme-corp')).toEqual({
      commit: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
      stackHash: stackDigest('{"customer":"acme-corp"}'),
      appliedAt: '2026-11-25T10:00:00.000Z',
      status: 'active',
    });
    expect(ledger.records.has('bluefin-bakery')).toBe(true);
  });

  it('records the cloud id of each address, asking the state again only when something was applied', async () => {
    const { target, idsAsked } = scriptedTarget({
      'acme-corp': { changes: [['aws_instance.server', 'update']] },
      'bluefin-bakery': { changes: [['aws_vpc.main', 'no-op']] },
      'kestrel-legal': { changes: [['aws_vpc.main', 'no-op']] },
    });
    const recordOf = (status: AppliedRecord['status'] = 'active'): AppliedRecord => ({
      stackHash: 'older',
      appliedAt: '2026-11-24T10:00:00.000Z',
      status,
    });
    const ledger = memoryLedger(
      {
        'acme-corp': recordOf(),
        'bluefin-bakery': recordOf(),
        'kestrel-legal': recordOf(),
        gone: recordOf('decommissioned'),
      },
      {
        'acme-corp': { 'aws_vpc.main': 'vpc-old' },
        'bluefin-bakery': { 'aws_vpc.main': 'vpc-kept' },
        gone: {},
      },
    );
    const jobs = ['acme-corp', 'bluefin-bakery', 'kestrel-legal'].map((id) =>
      job(id, { previous: ledger.records.get(id) as AppliedRecord }),
    );
    const forget: ApplyJob = {
      customer: { id: 'gone', status: 'removed', allowDataLoss: [] },
      previous: ledger.records.get('gone') as AppliedRecord,
    };
    await applyCustomers([...jobs, forget], settings(target, ledger));
    // Applied: the state's ids. Unchanged with ids: those. Unchanged without (an older neo):
    // asked. Forgotten: gone with the record.
    expect(idsAsked.sort()).toEqual(['acme-corp', 'kestrel-legal']);
    expect(Object.fromEntries(ledger.ids)).toEqual({
      'acme-corp': { 'aws_vpc.main': 'vpc-acme-corp' },
      'bluefin-bakery': { 'aws_vpc.main': 'vpc-kept' },
      'kestrel-legal': { 'aws_vpc.main': 'vpc-kestrel-legal' },
    });
  });

  it('never runs more customers at once than the concurrency', async () => {
    const ids = Array.from({ length: 9 }, (_, i) => `customer-${i}`);
    const { target, maxRunning } = scriptedTarget(
      Object.fromEntries(
        ids.map((id) => [id, { changes: [['aws_vpc.main', 'create'] as [string, Action]] }]),
      ),
    );
    const run = await applyCustomers(
      ids.map((id) => job(id)),
      settings(target, memoryLedger(), { concurrency: 3 }),
    );
    expect(run.results.every((r) => r.outcome === 'applied')).toBe(true);
    expect(maxRunning()).toBe(3);
  });

  it("keeps going when one customer fails, and doesn't record the failed one", async () => {
    const { target } = scriptedTarget({
      'acme-corp': {
        changes: [['aws_vpc.main', 'create']],
        fail: [{ at: 'apply', message: 'InvalidAMIID.NotFound' }],
      },
      'bluefin-bakery': { changes: [['aws_vpc.main', 'create']] },
      'kestrel-legal': { fail: [{ at: 'plan', message: 'provider crashed' }] },
    });
    const ledger = memoryLedger();
    const run = await applyCustomers(
      [job('acme-corp'), job('bluefin-bakery'), job('kestrel-legal')],
      settings(target, ledger),
    );
    expect(run.results.map((r) => [r.customerId, r.outcome, r.error])).toEqual([
      ['acme-corp', 'failed', { step: 'apply', message: 'InvalidAMIID.NotFound' }],
      ['bluefin-bakery', 'applied', undefined],
      ['kestrel-legal', 'failed', { step: 'plan', message: 'provider crashed' }],
    ]);
    expect([...ledger.records.keys()]).toEqual(['bluefin-bakery']);
  });

  it('retries a transient failure, planning again before applying again', async () => {
    const { target, calls } = scriptedTarget({
      'acme-corp': {
        changes: [['aws_vpc.main', 'create']],
        fail: [{ at: 'apply', message: 'Error acquiring the state lock', transient: 'state-lock' }],
      },
    });
    const sleeps: number[] = [];
    const run = await applyCustomers(
      [job('acme-corp')],
      settings(target, memoryLedger(), {
        retry: { attempts: 3, firstDelayMs: 1000, sleep: async (ms) => void sleeps.push(ms) },
      }),
    );
    expect(calls).toEqual(['plan acme-corp', 'apply acme-corp', 'plan acme-corp', 'apply acme-corp']);
    expect(run.results[0]).toMatchObject({ outcome: 'applied', attempts: 2 });
    expect(sleeps).toEqual([1000]);
  });

  it('gives up after the last try, with growing waits', async () => {
    const lock = { at: 'plan' as const, message: 'Error acquiring the state lock', transient: 'state-lock' };
    const { target } = scriptedTarget({ 'acme-corp': { fail: [lock, lock, lock, lock] } });
    const sleeps: number[] = [];
    const run = await applyCustomers(
      [job('acme-corp')],
      settings(target, memoryLedger(), {
        retry: { attempts: 3, firstDelayMs: 1000, sleep: async (ms) => void sleeps.push(ms) },
      }),
    );
    expect(run.results[0]).toMatchObject({ outcome: 'failed', attempts: 3, error: { step: 'plan' } });
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('refuses, without applying, what the destroy guard refuses', async () => {
    const { target, calls } = scriptedTarget({
      'acme-corp': { changes: [['aws_instance.server', 'replace']] },
    });
    const ledger = memoryLedger();
    const run = await applyCustomers([job('acme-corp')], settings(target, ledger));
    expect(calls).toEqual(['plan acme-corp']);
    expect(run.results[0]?.outcome).toBe('refused');
    expect(run.results[0]?.refusals?.[0]).toMatch(
      /^aws_instance.server would be replaced, with its data \(server\)/,
    );
    expect(ledger.records.size).toBe(0);
  });

  it('applies nothing at all when the run exceeds the blast radius, unless allowed', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const script = Object.fromEntries(
      ids.map((id) => [id, { changes: [['aws_instance.server', 'replace'] as [string, Action]] }]),
    );
    const previous: AppliedRecord = { stackHash: 'old', appliedAt: '2026-11-01T00:00:00Z', status: 'active' };
    const jobs = ids.map((id) =>
      job(id, { customer: { id, status: 'active', allowDataLoss: ['server'] }, previous }),
    );
    const held = scriptedTarget(script);
    const blocked = await applyCustomers(jobs, settings(held.target, memoryLedger()));
    expect(held.calls.filter((c) => c.startsWith('apply'))).toEqual([]);
    expect(blocked.blastRadius?.exceeded).toEqual(['5 customers lose data (the limit is 3)']);
    expect(blocked.results.every((r) => r.outcome === 'refused')).toBe(true);

    const allowed = scriptedTarget(script);
    const run = await applyCustomers(
      jobs,
      settings(allowed.target, memoryLedger(), { allowBlastRadius: true }),
    );
    expect(run.results.every((r) => r.outcome === 'applied')).toBe(true);
    expect(run.blastRadius?.overridden).toBe(true);
  });

  it('forgets a removed customer only once it was decommissioned', async () => {
    const { target, calls } = scriptedTarget({});
    const gone = (status: AppliedRecord['status']): ApplyJob => ({
      customer: { id: `was-${status}`, status: 'removed', allowDataLoss: [] },
      previous: { stackHash: 'x', appliedAt: '2026-11-01T00:00:00Z', status },
    });
    const ledger = memoryLedger({
      'was-decommissioned': { stackHash: 'x', appliedAt: '2026-11-01T00:00:00Z', status: 'decommissioned' },
      'was-active': { stackHash: 'x', appliedAt: '2026-11-01T00:00:00Z', status: 'active' },
    });
    const run = await applyCustomers([gone('active'), gone('decommissioned')], settings(target, ledger));
    expect(run.results.map((r) => [r.customerId, r.outcome])).toEqual([
      ['was-active', 'refused'],
      ['was-decommissioned', 'forgotten'],
    ]);
    expect(run.results[0]?.refusals).toEqual([
      'customers/was-active.yaml is gone, but was-active was last applied as active: restore the file, set status: decommissioned and apply that first',
    ]);
    expect(calls).toEqual(['forget was-decommissioned']);
    expect([...ledger.records.keys()]).toEqual(['was-active']);
  });
});

describe('which customers a run applies', () => {
  const customer = (id: string) => ({ id, status: 'active', allowDataLoss: [] }) as unknown as Customer;
  const stacks = ['acme-corp', 'bluefin-bakery', 'kestrel-legal'].map((id) => ({
    customer: customer(id),
    stack: stackOf(id),
  }));
  const record = (id: string, json = `{"customer":"${id}"}`): AppliedRecord => ({
    commit: 'a'.repeat(40),
    stackHash: stackDigest(json),
    appliedAt: '2026-11-01T00:00:00Z',
    status: 'active',
  });
  const ids = (jobs: ApplyJob[]) => jobs.map((j) => `${j.customer.id}${j.stack ? '' : ' (forget)'}`);

  it.each<[string, Record<string, AppliedRecord>, { named?: string[]; all?: boolean }, string[], number]>([
    ['everyone on a first run', {}, {}, ['acme-corp', 'bluefin-bakery', 'kestrel-legal'], 0],
    [
      'nobody when every stack is as applied',
      {
        'acme-corp': record('acme-corp'),
        'bluefin-bakery': record('bluefin-bakery'),
        'kestrel-legal': record('kestrel-legal'),
      },
      {},
      [],
      3,
    ],
    [
      'a customer whose stack changed since, whatever commit that was (a missed run is caught up)',
      {
        'acme-corp': record('acme-corp', '{"older":true}'),
        'bluefin-bakery': record('bluefin-bakery'),
        'kestrel-legal': record('kestrel-legal'),
      },
      {},
      ['acme-corp'],
      2,
    ],
    [
      'a customer recorded but without a file, to forget',
      {
        'acme-corp': record('acme-corp'),
        'bluefin-bakery': record('bluefin-bakery'),
        'kestrel-legal': record('kestrel-legal'),
        'orchid-studio': record('orchid-studio'),
      },
      {},
      ['orchid-studio (forget)'],
      3,
    ],
    [
      'named customers whatever their records say, and only them',
      { 'acme-corp': record('acme-corp') },
      { named: ['acme-corp'] },
      ['acme-corp'],
      2,
    ],
    [
      'everyone with --all',
      {
        'acme-corp': record('acme-corp'),
        'bluefin-bakery': record('bluefin-bakery'),
        'kestrel-legal': record('kestrel-legal'),
      },
      { all: true },
      ['acme-corp', 'bluefin-bakery', 'kestrel-legal'],
      0,
    ],
    [
      'a named customer without a file, to forget, and no other forgotten one',
      { 'aa-gone': record('aa-gone'), 'zz-gone': record('zz-gone') },
      { named: ['zz-gone'] },
      ['zz-gone (forget)'],
      3,
    ],
    [
      'customers in id order, those to forget among them',
      { 'aa-gone': record('aa-gone') },
      {},
      ['aa-gone (forget)', 'acme-corp', 'bluefin-bakery', 'kestrel-legal'],
      0,
    ],
  ])('%s', (_, applied, options, expected, unaffected) => {
    const selected = selectJobs({ stacks, applied: new Map(Object.entries(applied)), ...options });
    expect(ids(selected.jobs)).toEqual(expected);
    expect(selected.unaffected).toBe(unaffected);
  });

  it('gives each job what the guard and the ledger need: the spec of a customer, or that its file is gone', () => {
    const suspended = {
      customer: {
        id: 'kestrel-legal',
        status: 'suspended',
        allowDataLoss: ['volumes'],
        tier: { id: 'core' },
      } as unknown as Customer,
      stack: stackOf('kestrel-legal'),
    };
    const applied = new Map([
      ['kestrel-legal', record('kestrel-legal', '{"older":true}')],
      ['orchid-studio', record('orchid-studio')],
    ]);
    expect(selectJobs({ stacks: [suspended], applied }).jobs).toEqual([
      {
        customer: { id: 'kestrel-legal', status: 'suspended', allowDataLoss: ['volumes'] },
        stack: stackOf('kestrel-legal'),
        stackHash: stackDigest('{"customer":"kestrel-legal"}'),
        previous: record('kestrel-legal', '{"older":true}'),
      },
      {
        customer: { id: 'orchid-studio', status: 'removed', allowDataLoss: [] },
        previous: record('orchid-studio'),
      },
    ]);
  });

  describe('a drift record (a merged drift pull request restores the spec)', () => {
    const RECORD = '# drift of acme-corp\n';
    const withRecord = stacks.map((s) => (s.customer.id === 'acme-corp' ? { ...s, driftRecord: RECORD } : s));
    const applied = (driftRecord?: string) =>
      new Map(
        ['acme-corp', 'bluefin-bakery', 'kestrel-legal'].map((id) => [
          id,
          { ...record(id), ...(id === 'acme-corp' && driftRecord !== undefined ? { driftRecord } : {}) },
        ]),
      );

    it.each<[string, string | undefined, string[]]>([
      ['new since the last apply: the customer is applied, and the record with it', undefined, ['acme-corp']],
      ['changed since the last apply', stackDigest('# older drift\n'), ['acme-corp']],
      ['as applied: nothing to do', stackDigest(RECORD), []],
    ])('%s', (_name, recorded, expected) => {
      const { jobs } = selectJobs({ stacks: withRecord, applied: applied(recorded) });
      expect(ids(jobs)).toEqual(expected);
      for (const job of jobs) {
        expect(job.driftRecord).toBe(stackDigest(RECORD));
        expect(job.previous).toEqual(applied(recorded).get('acme-corp'));
      }
    });

    it('leaves a customer without one alone when its record has none', () => {
      expect(selectJobs({ stacks, applied: applied() }).jobs).toEqual([]);
    });

    it('leaves a customer alone when its drift record was deleted since (nothing to restore)', () => {
      expect(selectJobs({ stacks, applied: applied(stackDigest(RECORD)) }).jobs).toEqual([]);
    });
  });
});
