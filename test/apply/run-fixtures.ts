import type { ApplyJob, RunSettings } from '../../src/apply/run.js';
import type { ApplyTarget, PlannedStack, TargetStack } from '../../src/apply/target.js';
import type { AppliedLedger, AppliedRecord, RecordedIds } from '../../src/apply/types.js';
import type { Action } from '../../src/diff/index.js';
import { emptyGraph, stackDigest } from '../../src/graph/index.js';
import { DEFAULT_BLAST_RADIUS } from '../../src/plan/index.js';
import { resourceChange } from '../helpers/changes.js';

/** A failure a target step throws, as Terraform's runner tags it (`step`, `transient`). */
export interface Failure {
  at: 'plan' | 'apply' | 'forget' | 'ids';
  message: string;
  transient?: string;
  /** Terraform's own step, when the runner says (`init` inside planning, `show`). */
  step?: string;
  /** Thrown as is, not as an Error (a library that throws strings). */
  bare?: boolean;
  /** Nothing thrown at all: a promise rejected with undefined. */
  empty?: boolean;
}

export interface Script {
  /** What the plan of the customer's stack holds, each time it is planned (replans included). */
  changes?: Array<[string, Action]>;
  /** The plans after the first, when a replan finds something else. */
  replans?: Array<Array<[string, Action]>>;
  /** Failures, in the order the steps meet them. */
  fail?: Failure[];
  /** What the state holds once applied; the network alone unless given. */
  ids?: Record<string, string>;
}

/** Plans what each stack's script says; records every call, and how many ran at once. */
export function scriptedTarget(script: Record<string, Script>) {
  const calls: string[] = [];
  const idsAsked: string[] = [];
  const planned = new Map<string, number>();
  let running = 0;
  let maxRunning = 0;
  const failures = new Map(Object.entries(script).map(([id, s]) => [id, [...(s.fail ?? [])]]));
  const failIf = (what: Failure['at'], id: string) => {
    const failure = failures.get(id)?.[0];
    if (failure?.at !== what) return;
    failures.get(id)?.shift();
    if (failure.empty) throw undefined;
    if (failure.bare) throw failure.message;
    throw Object.assign(
      new Error(failure.message),
      failure.transient ? { transient: failure.transient } : {},
      failure.step ? { step: failure.step } : {},
    );
  };
  const step = async (what: 'plan' | 'apply', id: string) => {
    calls.push(`${what} ${id}`);
    running++;
    maxRunning = Math.max(maxRunning, running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    running--;
    failIf(what, id);
  };
  const target: ApplyTarget = {
    cloud: 'local',
    plan: async (stack): Promise<PlannedStack> => {
      await step('plan', stack.customerId);
      const times = planned.get(stack.customerId) ?? 0;
      planned.set(stack.customerId, times + 1);
      const customer = script[stack.customerId];
      const actions = (times > 0 ? customer?.replans?.[times - 1] : undefined) ?? customer?.changes ?? [];
      return { stack, changes: actions.map(([address, action]) => resourceChange(address, action)) };
    },
    apply: (p) => step('apply', p.stack.customerId),
    forget: async (id) => {
      calls.push(`forget ${id}`);
      failIf('forget', id);
    },
    ids: async (id) => {
      idsAsked.push(id);
      failIf('ids', id);
      return script[id]?.ids ?? { 'aws_vpc.main': `vpc-${id}` };
    },
  };
  return { target, calls, idsAsked, maxRunning: () => maxRunning };
}

export type MemoryLedger = AppliedLedger & {
  records: Map<string, AppliedRecord>;
  ids: Map<string, RecordedIds>;
};

export function memoryLedger(
  initial: Record<string, AppliedRecord> = {},
  initialIds: Record<string, RecordedIds> = {},
): MemoryLedger {
  const records = new Map(Object.entries(initial));
  const ids = new Map(Object.entries(initialIds));
  return {
    location: 'memory',
    records,
    ids,
    read: async () => new Map(records),
    write: async (id, record) => {
      if (record === undefined) records.delete(id);
      else records.set(id, record);
    },
    readIds: async (customerIds) =>
      new Map(customerIds.flatMap((id) => (ids.has(id) ? [[id, ids.get(id) as RecordedIds] as const] : []))),
    writeIds: async (id, recorded) => {
      if (recorded === undefined) ids.delete(id);
      else ids.set(id, recorded);
    },
  };
}

export const stackOf = (id: string, json = `{"customer":"${id}"}`): TargetStack => ({
  customerId: id,
  json,
  graph: emptyGraph(),
});

export function job(id: string, overrides: Partial<ApplyJob> = {}): ApplyJob {
  const stack = stackOf(id);
  return {
    customer: { id, status: 'active', allowDataLoss: [] },
    stack,
    stackHash: stackDigest(stack.json),
    ...overrides,
  };
}

/** A customer whose file is gone, last applied with `status`. */
export function removed(id: string, status: AppliedRecord['status']): ApplyJob {
  return {
    customer: { id, status: 'removed', allowDataLoss: [] },
    previous: {
      commit: 'b'.repeat(40),
      stackHash: 'x'.repeat(64),
      appliedAt: '2026-11-01T00:00:00Z',
      status,
    },
  };
}

export const COMMIT = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';

export function settings(
  target: ApplyTarget,
  ledger: AppliedLedger,
  overrides: Partial<RunSettings> = {},
): RunSettings {
  return {
    target,
    ledger,
    concurrency: 2,
    retry: { attempts: 3, firstDelayMs: 1000, sleep: async () => {} },
    clock: () => 0,
    now: () => new Date('2026-11-25T10:00:00Z'),
    commit: COMMIT,
    rollback: false,
    limits: DEFAULT_BLAST_RADIUS,
    existingCustomers: 10,
    allowBlastRadius: false,
    ...overrides,
  };
}
