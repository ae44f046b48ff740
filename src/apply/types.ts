import type { ChangeCounts, ResourceChange } from '../diff/index.js';
import type { BlastRadius } from '../plan/index.js';

export type CustomerStatus = 'active' | 'suspended' | 'decommissioned';

/** What was last applied for one customer: where the next run starts from. */
export interface AppliedRecord {
  /** The commit the stack came from; absent for an uncommitted working tree. */
  commit?: string;
  /** SHA-256 of the stack's Terraform JSON as applied. */
  stackHash: string;
  /**
   * SHA-256 of the customer's drift record (terraform-state/drift/<id>.md) when applied: a
   * merged drift pull request changes only that file, and must re-apply the customer.
   */
  driftRecord?: string;
  /** ISO 8601. */
  appliedAt: string;
  status: CustomerStatus;
  /** Applied with `--at`: an older commit than the branch head. */
  rollback?: true;
}

/**
 * Where applied records are kept (a file for the local cloud, an object beside the Terraform
 * state for AWS). A customer is applied again when its stack no longer hashes to its record.
 */
export interface AppliedLedger {
  /** For messages: `s3://bucket/key` or a file path. */
  readonly location: string;
  read(): Promise<Map<string, AppliedRecord>>;
  /** Records one customer, or forgets it (undefined). Safe to call concurrently. */
  write(customerId: string, record: AppliedRecord | undefined): Promise<void>;
  /**
   * The recorded ids of these customers (see `writeIds`); a customer without any is left out.
   * One small object per customer beside the ledger, so the ledger every apply rewrites stays small.
   */
  readIds(customerIds: readonly string[]): Promise<Map<string, RecordedIds>>;
  /** Records the cloud id of each address of the customer as applied, or forgets them (undefined). */
  writeIds(customerId: string, ids: RecordedIds | undefined): Promise<void>;
}

/**
 * The cloud id of each resource address as applied (Terraform's state, the local cloud's):
 * how drift knows a resource whose tags were edited.
 */
export type RecordedIds = Record<string, string>;

/** `terraform show -json` of a saved plan, as neo's change data. */
export interface TerraformPlan {
  /** Resource changes, no-ops included, in the plan's order; data source reads are left out. */
  changes: ResourceChange[];
  /** What the refresh found changed outside Terraform (`resource_drift`). */
  drift: ResourceChange[];
  /** Terraform could not finish planning: the plan must not be applied. */
  errored: boolean;
  formatVersion: string;
  terraformVersion?: string;
}

export type ApplyStep = 'init' | 'plan' | 'guard' | 'apply' | 'verify' | 'record';

/** `planned`: a dry run stopped after planning; the changes are what an apply would make. */
export type CustomerOutcome = 'applied' | 'unchanged' | 'refused' | 'failed' | 'forgotten' | 'planned';

/** One check after an apply: the cloud is as the stack says. */
export interface VerifyCheck {
  what: 'server' | 'address' | 'dns';
  ok: boolean;
  /** `running`, `stopped (suspended)`, `203.0.113.7 attached`, `3 records in sync`, or what is wrong. */
  detail: string;
}

export interface CustomerApplyResult {
  customerId: string;
  /** `removed`: no customer file any more, only its applied record. */
  status: CustomerStatus | 'removed';
  outcome: CustomerOutcome;
  counts?: ChangeCounts;
  /** The destroy guard's reasons, one per refused change, for `refused`. */
  refusals?: string[];
  /**
   * Refused only because the run exceeds the blast radius (said in `refusals`), not by the
   * destroy guard: the report's blast-radius section speaks for it.
   */
  heldBack?: true;
  /** For `failed`: the step and Terraform's (or the local cloud's) error, secrets left out. */
  error?: { step: ApplyStep; message: string };
  /** Plan-and-apply attempts made (retries of transient failures included). */
  attempts: number;
  durationMs: number;
  verification?: VerifyCheck[];
  /** The commit applied (absent for a working tree). */
  commit?: string;
  /** The commit applied before this run, if any: where a rollback goes. */
  previousCommit?: string;
}

/** Everything `neo apply` did, as data: renderers turn it into text, markdown or JSON. */
export interface ApplyReport {
  formatVersion: 1;
  cloud: 'aws' | 'local';
  /** The commit applied (the `--at` commit for a rollback); absent for a working tree. */
  commit?: string;
  rollback: boolean;
  /** `--dry-run`: planned and judged, nothing applied or recorded. */
  dryRun?: true;
  /**
   * `--shard K/N`: the run applied the K-th of N parts of the affected customers (`customers` of
   * them, listed below); the other shards hold `elsewhere`. The blast radius is the whole run's.
   */
  shard?: { index: number; count: number; customers: number; elsewhere: number };
  startedAt: string;
  durationMs: number;
  /**
   * Affected customers only, in id order; unaffected ones are counted in `unaffected`. A failed
   * verification leaves the outcome `applied`, with the failed check in `verification`.
   */
  customers: CustomerApplyResult[];
  unaffected: number;
  /**
   * Set when the run's plans exceed the limits. Unless `overridden`, nothing was applied: the
   * customers that would have changed are `refused`, with their planned counts.
   */
  blastRadius?: BlastRadius;
  notes: string[];
}

export type { ResourceChange };
