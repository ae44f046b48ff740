import { join } from 'node:path';
import type { AppliedLedger, ApplyReport } from '../apply/index.js';
import {
  type ApplyJob,
  type ApplyTarget,
  applyCustomers,
  DEFAULT_RETRY,
  localTarget,
  type RunResult,
  type RunSettings,
  selectJobs,
  terraformTarget,
  verification,
} from '../apply/index.js';
import { isObservedType } from '../cloud/index.js';
import { commitOf } from '../git/index.js';
import type { BlastRadiusAcceptance } from '../plan/index.js';
import type { Shard } from '../rollout/index.js';
import { type Customer, resolveCustomers, type SpecRepository, type SpecSource } from '../spec/index.js';
import { appliedBefore } from './applied-before.js';
import { applyShard } from './apply-shard.js';
import { type CloudName, isCloudError } from './clouds.js';
import type { CommandContext } from './context.js';
import { selectCustomers } from './customers.js';
import { observeDrift } from './live-drift.js';
import { customerStacks, driftRecords } from './stacks.js';
import { providerLock, terraformFor, toolName, UNLOCKED_PROVIDERS } from './terraform.js';

/** What `neo apply` was asked to do, its flags read. */
export interface ApplyOptions {
  cloud: CloudName;
  concurrency: number;
  all: boolean;
  allowBlastRadius: boolean;
  /** What the merged pull request's reviewed plan accepted over the blast radius. */
  acceptance?: BlastRadiusAcceptance;
  dryRun: boolean;
  named: string[];
  endpoint?: string;
  /** For `--at`: the commit whose specs are applied. */
  at?: { commit: string; source: SpecSource };
  /** `--shard K/N`: apply only this part of the affected customers, judged over all of them. */
  shard?: Shard;
}

/** Plans, guards, applies and verifies the affected customers; the report says what happened. */
export async function runApply(
  root: string,
  repository: SpecRepository,
  options: ApplyOptions,
  context: CommandContext,
): Promise<ApplyReport> {
  const startedAt = context.now();
  const started = context.clock();
  const platform = repository.platform?.data;
  if (platform === undefined) throw new Error('runApply needs a valid repository');
  const ledger = await context.ledger(options.cloud, { root, stateBackend: platform.stateBackend });
  const applied = await ledger.read();
  const everyone = resolveCustomers(repository);
  // A named customer without a file may still have a record: it is forgotten.
  const customers = selectCustomers(everyone, options.named, (id) => applied.has(id));
  const notes: string[] = [];
  const commit = options.at?.commit ?? (await headCommit(context, root, notes));
  const records = await driftRecords(root);
  const stacks = (await customerStacks(root, repository, customers)).map((s) => {
    const driftRecord = records.get(s.customer.id);
    return driftRecord === undefined ? s : { ...s, driftRecord };
  });
  const selected = selectJobs({
    stacks,
    applied,
    ...(options.named.length > 0 ? { named: options.named } : {}),
    all: options.all,
  });
  // Held to the platform as last applied: a merged change can neither lower its own blast
  // radius nor move the state out from under the customers unnoticed.
  const before = await appliedBefore(root, platform, applied, options.cloud, context);
  notes.push(...before.notes);
  const target = await targetFor(options, root, context, notes);
  const settings: RunSettings = {
    target,
    ledger,
    concurrency: options.concurrency,
    retry: { ...DEFAULT_RETRY, sleep: context.sleep },
    clock: context.clock,
    now: context.now,
    ...(commit === undefined ? {} : { commit }),
    rollback: options.at !== undefined,
    limits: before.limits,
    ...(before.stateMove === undefined ? {} : { stateMove: before.stateMove }),
    existingCustomers: applied.size,
    allowBlastRadius: options.allowBlastRadius,
    ...(options.acceptance === undefined ? {} : { acceptance: options.acceptance }),
    dryRun: options.dryRun,
    recordsIdsOf: isObservedType,
  };
  const { shard } = options;
  const sharded = shard === undefined ? undefined : await applyShard(selected.jobs, settings, shard);
  const run = sharded ?? (await applyCustomers(selected.jobs, settings));
  await verify(run, selected.jobs, customers, {
    root,
    regions: platform.regions,
    options,
    context,
    notes,
    ledger,
  });
  return {
    formatVersion: 1,
    cloud: options.cloud,
    ...(commit === undefined ? {} : { commit }),
    rollback: options.at !== undefined,
    ...(options.dryRun ? { dryRun: true as const } : {}),
    ...(shard === undefined || sharded === undefined
      ? {}
      : { shard: { ...shard, customers: sharded.customers, elsewhere: sharded.elsewhere } }),
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(context.clock() - started),
    customers: run.results,
    unaffected: selected.unaffected,
    ...(run.blastRadius === undefined ? {} : { blastRadius: run.blastRadius }),
    notes,
  };
}

/** The commit being applied; none (and a note) when spec files have uncommitted edits. */
async function headCommit(
  context: CommandContext,
  root: string,
  notes: string[],
): Promise<string | undefined> {
  const git = await context.git(root);
  if (!(await git.checkIsRepo().catch(() => false))) return undefined;
  const commit = await commitOf(git, 'HEAD');
  if (commit === undefined) return undefined;
  const dirty = (await git.raw(['status', '--porcelain', '--', 'customers', 'plans', 'neo.yaml', 'schemas']))
    .trim()
    .split('\n')
    .filter((line) => line !== '');
  if (dirty.length === 0) return commit;
  notes.push(
    `Applied from the working tree: ${dirty.length === 1 ? 'a spec file differs' : `${dirty.length} spec files differ`} from commit ${commit.slice(0, 12)}, so no commit is recorded.`,
  );
  return undefined;
}

/**
 * The cloud's apply target. For AWS, Terraform's version is checked once up front: a missing or
 * too old binary is one clear error, not the same failure for every customer.
 */
async function targetFor(
  options: ApplyOptions,
  root: string,
  context: CommandContext,
  notes: string[],
): Promise<ApplyTarget> {
  if (options.cloud === 'local') {
    const local = await import('../cloud/local/index.js');
    return localTarget(local, new local.LocalStore(local.localCloudRoot(root)));
  }
  const runner = terraformFor(root, context);
  const { product, version } = await runner.version();
  notes.push(`Applied with ${toolName(product, version)}.`);
  if (providerLock(root) === undefined) notes.push(UNLOCKED_PROVIDERS);
  return terraformTarget(runner, join(root, '.neo/stacks'), await context.databaseProtection());
}

interface VerifySettings {
  root: string;
  regions: string[];
  /** Read again after the run: the ids just recorded identify what was applied. */
  ledger: AppliedLedger;
  options: ApplyOptions;
  context: CommandContext;
  notes: string[];
}

/** Reads the cloud back once for every customer applied, and records what did not take. */
async function verify(
  run: RunResult,
  jobs: readonly ApplyJob[],
  customers: readonly Customer[],
  settings: VerifySettings,
): Promise<void> {
  const done = run.results.filter((r) => r.outcome === 'applied' && r.status !== 'removed');
  if (done.length === 0) return;
  const { options, context } = settings;
  const byId = new Map(customers.map((c) => [c.id, c]));
  const applied = new Set(done.map((r) => r.customerId));
  // Only the applied customers' graphs: with Terraform, no other stack needs parsing.
  const graphs = new Map(
    jobs.flatMap((j) =>
      j.stack && applied.has(j.customer.id) ? [[j.customer.id, j.stack.graph] as const] : [],
    ),
  );
  try {
    const cloud = await context.cloud(options.cloud, {
      root: settings.root,
      regions: settings.regions,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    });
    const report = await observeDrift({
      cloud,
      customers: done.map((r) => byId.get(r.customerId) as Customer),
      graphs,
      known: new Set(byId.keys()),
      sweep: false,
      ledger: settings.ledger,
      observedAt: context.now(),
      io: context.io,
    });
    const drifts = new Map(report.customers.map((d) => [d.customerId, d]));
    for (const result of done) {
      const drift = drifts.get(result.customerId);
      const graph = graphs.get(result.customerId);
      if (drift !== undefined && graph !== undefined && result.status !== 'removed')
        result.verification = verification(drift, graph, result.status);
    }
  } catch (error) {
    if (!isCloudError(error)) throw error;
    settings.notes.push(`Not verified: reading the cloud back failed (${error.message}).`);
  }
}
