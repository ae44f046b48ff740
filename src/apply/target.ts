import type { ResourceChange } from '../diff/index.js';
import type { ResourceGraph } from '../graph/index.js';

/** One customer's synthesized stack, as a target applies it. */
export interface TargetStack {
  customerId: string;
  /** Terraform JSON, as written to `main.tf.json`. */
  json: string;
  graph: ResourceGraph;
}

/** What applying a stack would do, planned without changing anything. */
export interface PlannedStack {
  stack: TargetStack;
  /** Every change, no-ops included. */
  changes: ResourceChange[];
}

/**
 * Where stacks are applied: Terraform per stack (`aws`) or the local cloud. The orchestration
 * (which customers, concurrency, retries, the destroy guard, records) is the same for both.
 */
export interface ApplyTarget {
  readonly cloud: 'aws' | 'local';
  plan(stack: TargetStack): Promise<PlannedStack>;
  /** Applies exactly what was planned. */
  apply(planned: PlannedStack): Promise<void>;
  /**
   * Stops managing a customer whose file is gone (it was decommissioned first): its backups
   * stay in the cloud until their lifecycle expires them.
   */
  forget(customerId: string): Promise<void>;
  /**
   * The cloud id of each address the customer's state holds, once applied: recorded in the
   * ledger, so drift knows each resource by what was applied rather than by its tags.
   */
  ids(customerId: string): Promise<Record<string, string>>;
}

/** A failure that may pass if tried again (a state lock held, throttling, eventual consistency). */
export interface TransientFailure {
  transient?: string;
}

export function transientKind(error: unknown): string | undefined {
  const kind = (error as TransientFailure | null)?.transient;
  return typeof kind === 'string' ? kind : undefined;
}
