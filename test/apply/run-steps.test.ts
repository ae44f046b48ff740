import { describe, expect, it } from 'vitest';
import { applyCustomers } from '../../src/apply/run.js';
import type { ApplyStep } from '../../src/apply/types.js';
import { job, memoryLedger, removed, type Script, scriptedTarget, settings } from './run-fixtures.js';

const updates: Script = { changes: [['aws_instance.server', 'update']] };
const lock = 'Error acquiring the state lock: ConditionalCheckFailedException';

describe('the step a failure is reported in', () => {
  it.each<[string, Script, ApplyStep]>([
    [
      'init, inside planning',
      { fail: [{ at: 'plan', message: 'Failed to query available provider packages', step: 'init' }] },
      'init',
    ],
    [
      'version, before init',
      { fail: [{ at: 'plan', message: 'terraform: command not found', step: 'version' }] },
      'init',
    ],
    [
      'show, reading the saved plan',
      { fail: [{ at: 'plan', message: 'unsupported plan format', step: 'show' }] },
      'plan',
    ],
    ['plan', { fail: [{ at: 'plan', message: 'Error: Unsupported argument', step: 'plan' }] }, 'plan'],
    [
      'apply',
      { ...updates, fail: [{ at: 'apply', message: 'InvalidAMIID.NotFound', step: 'apply' }] },
      'apply',
    ],
    [
      'a step Terraform does not name, while planning',
      { fail: [{ at: 'plan', message: 'ENOSPC', step: 'fmt' }] },
      'plan',
    ],
    ['no step at all, while applying', { ...updates, fail: [{ at: 'apply', message: 'ENOSPC' }] }, 'apply'],
    [
      'Terraform says show, while applying',
      { ...updates, fail: [{ at: 'apply', message: 'Error: reading the saved plan', step: 'show' }] },
      'plan',
    ],
    [
      'Terraform says plan, while applying',
      { ...updates, fail: [{ at: 'apply', message: 'Error: Saved plan is stale', step: 'plan' }] },
      'plan',
    ],
    [
      'Terraform says apply, while planning',
      { fail: [{ at: 'plan', message: 'Error: apply', step: 'apply' }] },
      'apply',
    ],
  ])('%s', async (_name, script, step) => {
    const run = await applyCustomers(
      [job('acme-corp')],
      settings(scriptedTarget({ 'acme-corp': script }).target, memoryLedger()),
    );
    expect(run.results[0]).toMatchObject({
      outcome: 'failed',
      error: { step, message: script.fail?.[0]?.message },
    });
  });

  it('keeps the words of a failure that is not an Error', async () => {
    const { target } = scriptedTarget({
      'acme-corp': { ...updates, fail: [{ at: 'apply', message: 'socket hang up', bare: true }] },
    });
    const run = await applyCustomers([job('acme-corp')], settings(target, memoryLedger()));
    expect(run.results[0]?.error).toEqual({ step: 'apply', message: 'socket hang up' });
  });

  it('fails only that customer, in its step, when a step fails with nothing to say', async () => {
    const { target } = scriptedTarget({
      'acme-corp': { fail: [{ at: 'plan', message: '', empty: true }] },
      'bluefin-bakery': updates,
    });
    const run = await applyCustomers(
      [job('acme-corp'), job('bluefin-bakery')],
      settings(target, memoryLedger()),
    );
    expect(run.results.map((r) => [r.outcome, r.error])).toEqual([
      ['failed', { step: 'plan', message: 'undefined' }],
      ['applied', undefined],
    ]);
  });

  it('fails the apply step when forgetting a removed customer fails, and keeps its record', async () => {
    const gone = removed('orchid-studio', 'decommissioned');
    const { target } = scriptedTarget({
      'orchid-studio': { fail: [{ at: 'forget', message: 'state rm failed' }] },
    });
    const ledger = memoryLedger({ 'orchid-studio': gone.previous as never });
    const run = await applyCustomers([gone], settings(target, ledger));
    expect(run.results[0]).toMatchObject({
      outcome: 'failed',
      error: { step: 'apply', message: 'state rm failed' },
    });
    expect(ledger.records.has('orchid-studio')).toBe(true);
  });

  it('refuses to forget a customer it has no record of, whose status it cannot know', async () => {
    const { previous: _, ...unknown } = removed('orchid-studio', 'active');
    const run = await applyCustomers([unknown], settings(scriptedTarget({}).target, memoryLedger()));
    expect(run.results[0]?.refusals).toEqual([
      'customers/orchid-studio.yaml is gone, but orchid-studio was last applied as unknown: restore the file, set status: decommissioned and apply that first',
    ]);
  });
});

describe('retries', () => {
  it('counts every try of an apply that keeps meeting a lock', async () => {
    const fail = Array.from({ length: 3 }, () => ({
      at: 'apply' as const,
      message: lock,
      transient: 'state-lock',
    }));
    const { target, calls } = scriptedTarget({ 'acme-corp': { ...updates, fail } });
    const run = await applyCustomers([job('acme-corp')], settings(target, memoryLedger()));
    expect(run.results[0]).toMatchObject({
      outcome: 'failed',
      attempts: 3,
      error: { step: 'apply', message: lock },
    });
    expect(calls.filter((c) => c.startsWith('apply'))).toHaveLength(3);
  });

  it('counts the tries of the plan and of the apply together', async () => {
    const { target } = scriptedTarget({
      'acme-corp': {
        ...updates,
        fail: [
          { at: 'plan', message: lock, transient: 'state-lock' },
          { at: 'apply', message: lock, transient: 'state-lock' },
        ],
      },
    });
    const run = await applyCustomers([job('acme-corp')], settings(target, memoryLedger()));
    expect(run.results[0]).toMatchObject({ outcome: 'applied', attempts: 3 });
  });

  it('judges the new plan of a retry, refusing what the destroy guard refuses there', async () => {
    const { target, calls } = scriptedTarget({
      'acme-corp': {
        ...updates,
        replans: [[['aws_instance.server', 'replace']]],
        fail: [{ at: 'apply', message: lock, transient: 'state-lock' }],
      },
    });
    const ledger = memoryLedger();
    const run = await applyCustomers([job('acme-corp')], settings(target, ledger));
    expect(calls).toEqual(['plan acme-corp', 'apply acme-corp', 'plan acme-corp']);
    expect(run.results[0]).toMatchObject({
      outcome: 'refused',
      refusals: [expect.stringMatching(/^aws_instance\.server would be replaced, with its data \(server\)/)],
    });
    expect(ledger.records.size).toBe(0);
  });

  it('applies nothing more when the new plan of a retry finds the work done', async () => {
    const { target, calls } = scriptedTarget({
      'acme-corp': {
        ...updates,
        replans: [[['aws_instance.server', 'no-op']]],
        fail: [{ at: 'apply', message: lock, transient: 'state-lock' }],
      },
    });
    const ledger = memoryLedger();
    const run = await applyCustomers([job('acme-corp')], settings(target, ledger));
    expect(calls).toEqual(['plan acme-corp', 'apply acme-corp', 'plan acme-corp']);
    expect(run.results[0]).toMatchObject({ outcome: 'applied', attempts: 2 });
    expect(ledger.records.has('acme-corp')).toBe(true);
  });

  it('reports a failure of the new plan of a retry in the plan step', async () => {
    const { target } = scriptedTarget({
      'acme-corp': {
        ...updates,
        fail: [
          { at: 'apply', message: lock, transient: 'state-lock' },
          { at: 'plan', message: 'Error: Invalid provider configuration' },
        ],
      },
    });
    const run = await applyCustomers([job('acme-corp')], settings(target, memoryLedger()));
    expect(run.results[0]).toMatchObject({
      outcome: 'failed',
      error: { step: 'plan', message: 'Error: Invalid provider configuration' },
    });
  });

  it('never retries a failure that is not transient', async () => {
    const { target, calls } = scriptedTarget({
      'acme-corp': { ...updates, fail: [{ at: 'apply', message: 'InvalidAMIID.NotFound' }] },
    });
    const run = await applyCustomers([job('acme-corp')], settings(target, memoryLedger()));
    expect(calls).toEqual(['plan acme-corp', 'apply acme-corp']);
    expect(run.results[0]).toMatchObject({ outcome: 'failed', attempts: 1 });
  });
});
