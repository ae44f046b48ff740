import PQueue from 'p-queue';
import { countActions } from '../diff/index.js';
import { addressType } from '../graph/index.js';
import {
  type BlastRadius,
  type BlastRadiusAcceptance,
  type BlastRadiusLimits,
  blocks,
  measureAccepted,
  measureBlastRadius,
  type RadiusEntry,
} from '../plan/index.js';
import { destroyGuard, type GuardedCustomer, losesData } from './guard.js';
import { attemptsOf, type RetryPolicy, withRetries } from './retry.js';
import { type ApplyTarget, type PlannedStack, type TargetStack, transientKind } from './target.js';
import type { AppliedLedger, AppliedRecord, ApplyStep, CustomerApplyResult, RecordedIds } from './types.js';

/** One customer to apply, or (without a stack) to forget. */
export interface ApplyJob {
  customer: GuardedCustomer;
  /** Absent for a removed customer: neo stops managing it. */
  stack?: TargetStack;
  /** SHA-256 of `stack.json`, recorded once applied. */
  stackHash?: string;
  /** SHA-256 of the customer's drift record, recorded once applied. */
  driftRecord?: string;
  /** What was applied before, if anything. */
  previous?: AppliedRecord;
}

export interface RunSettings {
  target: ApplyTarget;
  ledger: AppliedLedger;
  /** Customers planned or applied at the same time. */
  concurrency: number;
  retry: RetryPolicy;
  /** Milliseconds, for durations. */
  clock(): number;
  now(): Date;
  commit?: string;
  rollback: boolean;
  limits: BlastRadiusLimits;
  /** Customers that existed before this run, the blast radius's denominator. */
  existingCustomers: number;
  /** Over the limits all the same: `--allow-blast-radius`, given by hand. */
  allowBlastRadius: boolean;
  /** What the reviewed plan of the merged pull request accepted over the limits, if anything. */
  acceptance?: BlastRadiusAcceptance;
  /** Where the state moved since the last apply, in words: it exceeds any blast radius. */
  stateMove?: string;
  /** Plan and judge only: nothing is applied or recorded. */
  dryRun?: boolean;
  /**
   * The resource types whose ids the ledger keeps (those drift reads); all by default. Keeping
   * the rest would only grow the ledger every apply rewrites.
   */
  recordsIdsOf?: (type: string) => boolean;
}

export interface RunResult {
  results: CustomerApplyResult[];
  /** Set when the plans exceed the limits: then nothing was applied. */
  blastRadius?: BlastRadius;
}

/** A step's failure, with the step it happened in; transient when the original was (retries read it). */
class StepError extends Error {
  readonly transient: string | undefined;

  constructor(
    readonly step: ApplyStep,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original));
    this.transient = transientKind(original);
  }
}

interface Planned {
  job: ApplyJob;
  planned?: PlannedStack;
  result: CustomerApplyResult;
}

/**
 * Applies customers as two passes over a bounded queue: first every plan, so the destroy guard
 * and the blast radius judge the whole run before anything changes; then the applies. One
 * customer's failure never stops the others.
 */
export async function applyCustomers(jobs: readonly ApplyJob[], settings: RunSettings): Promise<RunResult> {
  const queue = new PQueue({ concurrency: settings.concurrency });
  const planned = await Promise.all(jobs.map((job) => queue.add(() => planJob(job, settings))));
  const radius = judge(
    planned.map(({ job, planned: p }) => ({
      customerId: job.customer.id,
      existed: job.previous !== undefined,
      changed: p !== undefined && hasChanges(p),
      losesData: p?.changes.some(losesData) === true,
      ...(job.previous === undefined ? {} : { from: job.previous.stackHash }),
    })),
    settings,
  );
  if (blocks(radius)) {
    return { results: planned.map((p) => heldBack(p, radius)), blastRadius: radius };
  }
  const results = settings.dryRun
    ? planned.map(planOnly)
    : await Promise.all(planned.map((p) => queue.add(() => applyJob(p, settings))));
  return radius.exceeded.length > 0 ? { results, blastRadius: radius } : { results };
}

function judge(entries: RadiusEntry[], settings: RunSettings): BlastRadius {
  const { existingCustomers, limits, acceptance, stateMove } = settings;
  return acceptance === undefined || settings.allowBlastRadius
    ? measureBlastRadius(entries, existingCustomers, limits, settings.allowBlastRadius, stateMove)
    : measureAccepted(entries, existingCustomers, limits, acceptance, stateMove);
}

async function planJob(job: ApplyJob, settings: RunSettings): Promise<Planned> {
  const started = settings.clock();
  const result: CustomerApplyResult = {
    customerId: job.customer.id,
    status: job.customer.status,
    outcome: 'unchanged',
    attempts: 1,
    durationMs: 0,
    ...(settings.commit === undefined ? {} : { commit: settings.commit }),
    ...(job.previous?.commit === undefined ? {} : { previousCommit: job.previous.commit }),
  };
  if (job.stack === undefined) {
    const refusals = forgetRefusals(job);
    return {
      job,
      result: refusals.length === 0 ? result : Object.assign(result, { outcome: 'refused', refusals }),
    };
  }
  const stack = job.stack;
  try {
    const { value, attempts } = await withRetries(settings.retry, () =>
      stepped('plan', () => settings.target.plan(stack)),
    );
    result.attempts = attempts;
    result.counts = countActions(value.changes);
    const refusals = destroyGuard(job.customer, value.changes);
    if (refusals.length > 0) Object.assign(result, { outcome: 'refused', refusals });
    return { job, planned: value, result };
  } catch (error) {
    return { job, result: failed(result, error) };
  } finally {
    result.durationMs += settings.clock() - started;
  }
}

async function applyJob(
  { job, planned, result }: Planned,
  settings: RunSettings,
): Promise<CustomerApplyResult> {
  if (result.outcome === 'refused' || result.error !== undefined) return result;
  const started = settings.clock();
  try {
    if (job.stack === undefined) {
      await stepped('apply', () => settings.target.forget(job.customer.id));
      await record(job, settings, true);
      return Object.assign(result, { outcome: 'forgotten' });
    }
    if (planned !== undefined && hasChanges(planned)) {
      const attempts = await applyWithRetries(job, job.stack, planned, settings);
      result.attempts += attempts - 1;
      result.outcome = 'applied';
    }
    await record(job, settings, result.outcome === 'applied');
    return result;
  } catch (error) {
    if (error instanceof RefusedError)
      return Object.assign(result, { outcome: 'refused', refusals: error.refusals });
    return failed(result, error);
  } finally {
    result.durationMs += settings.clock() - started;
  }
}

/**
 * A saved plan is stale once an apply failed halfway, so a retry plans again (and the destroy
 * guard judges the new plan) before applying.
 */
async function applyWithRetries(
  job: ApplyJob,
  stack: TargetStack,
  first: PlannedStack,
  settings: RunSettings,
): Promise<number> {
  const { attempts } = await withRetries(settings.retry, async (attempt) => {
    const planned = attempt === 1 ? first : await stepped('plan', () => settings.target.plan(stack));
    const refusals = destroyGuard(job.customer, planned.changes);
    if (refusals.length > 0) throw new RefusedError(refusals);
    if (hasChanges(planned)) await stepped('apply', () => settings.target.apply(planned));
  });
  return attempts;
}

class RefusedError extends Error {
  constructor(readonly refusals: string[]) {
    super('refused by the destroy guard');
  }
}

/** Records what was applied for the customer; a forgotten (removed) customer's record goes. */
async function record(job: ApplyJob, settings: RunSettings, applied: boolean): Promise<void> {
  const { status } = job.customer;
  const entry: AppliedRecord | undefined =
    status === 'removed' || job.stackHash === undefined
      ? undefined
      : {
          ...(settings.commit === undefined ? {} : { commit: settings.commit }),
          stackHash: job.stackHash,
          ...(job.driftRecord === undefined ? {} : { driftRecord: job.driftRecord }),
          appliedAt: settings.now().toISOString(),
          status,
          ...(settings.rollback ? { rollback: true as const } : {}),
        };
  try {
    // Ids first: a record never says a customer was applied without saying what is where.
    if (entry === undefined) await settings.ledger.writeIds(job.customer.id, undefined);
    else {
      const ids = await recordedIds(job, applied, settings);
      if (ids !== 'kept') await settings.ledger.writeIds(job.customer.id, ids);
    }
    await settings.ledger.write(job.customer.id, entry);
  } catch (error) {
    throw new StepError(
      'record',
      new Error(
        `applied, but recording it in ${settings.ledger.location} failed (${(error as Error).message}); the next run applies it again, which changes nothing`,
      ),
    );
  }
}

/** Unchanged and recorded already: the ids are `kept`, without asking the state again. */
async function recordedIds(
  job: ApplyJob,
  applied: boolean,
  settings: RunSettings,
): Promise<RecordedIds | 'kept'> {
  if (!applied && (await settings.ledger.readIds([job.customer.id])).has(job.customer.id)) return 'kept';
  const ids = await settings.target.ids(job.customer.id);
  const kept = settings.recordsIdsOf ?? (() => true);
  return Object.fromEntries(Object.entries(ids).filter(([address]) => kept(addressType(address))));
}

/** Runs one step, tagging its failure with the step while keeping what makes it transient. */
async function stepped<T>(step: ApplyStep, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new StepError(stepOf(error) ?? step, error);
  }
}

/** Terraform's own step where it says (`init` fails inside the plan step, `show` is planning). */
function stepOf(error: unknown): ApplyStep | undefined {
  const step = (error as { step?: unknown } | null)?.step;
  if (step === 'init' || step === 'version') return 'init';
  if (step === 'plan' || step === 'show') return 'plan';
  if (step === 'apply') return 'apply';
  return undefined;
}

function failed(result: CustomerApplyResult, error: unknown): CustomerApplyResult {
  const step = error instanceof StepError ? error.step : 'apply';
  const message = error instanceof Error ? error.message : String(error);
  result.attempts += attemptsOf(error) - 1;
  return Object.assign(result, { outcome: 'failed' as const, error: { step, message } });
}

/** A file deleted while its customer was live would leave running resources unmanaged. */
function forgetRefusals(job: ApplyJob): string[] {
  const was = job.previous?.status;
  if (was === 'decommissioned') return [];
  const id = job.customer.id;
  return [
    `customers/${id}.yaml is gone, but ${id} was last applied as ${was ?? 'unknown'}: restore the file, set status: decommissioned and apply that first`,
  ];
}

function planOnly({ job, planned, result }: Planned): CustomerApplyResult {
  if (result.outcome !== 'unchanged') return result;
  const changes = job.stack === undefined || (planned !== undefined && hasChanges(planned));
  return changes ? Object.assign(result, { outcome: 'planned' as const }) : result;
}

function heldBack(planned: Planned, radius: BlastRadius): CustomerApplyResult {
  const { result, planned: p } = planned;
  if (result.outcome !== 'unchanged' || p === undefined || !hasChanges(p)) return result;
  return Object.assign(result, {
    outcome: 'refused' as const,
    refusals: [`not applied: this run exceeds the blast-radius limits (${radius.exceeded.join('; ')})`],
    heldBack: true as const,
  });
}

function hasChanges(planned: PlannedStack): boolean {
  return planned.changes.some((c) => c.action !== 'no-op');
}
