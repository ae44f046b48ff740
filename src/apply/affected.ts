import { stackDigest } from '../graph/index.js';
import type { Customer } from '../spec/index.js';
import type { ApplyJob } from './run.js';
import type { TargetStack } from './target.js';
import type { AppliedRecord } from './types.js';

export interface CustomerStack {
  customer: Customer;
  stack: TargetStack;
  /** The customer's drift record file, if the repository has one. */
  driftRecord?: string;
}

export interface Selection {
  /** Every customer in the repository (or only those named). */
  stacks: readonly CustomerStack[];
  /** What was applied before, by customer. */
  applied: ReadonlyMap<string, AppliedRecord>;
  /** Apply these whatever their records say (a retry, restoring drift). */
  named?: readonly string[];
  /** Every customer, whatever the records say. */
  all?: boolean;
}

/**
 * The customers to apply: those whose stack or drift record differs from the one last applied
 * for them (or was never applied), whatever commit that was, so a failed or cancelled run is caught up by
 * the next one; and customers recorded but without a file any more, to forget. Comparing the
 * stacks rather than the files means a change to a plan tier or to neo's own code re-applies
 * exactly the customers whose stacks it changes.
 */
export function selectJobs(selection: Selection): { jobs: ApplyJob[]; unaffected: number } {
  const named = selection.named === undefined ? undefined : new Set(selection.named);
  const jobs: ApplyJob[] = [];
  let unaffected = 0;
  for (const { customer, stack, driftRecord } of selection.stacks) {
    const stackHash = stackDigest(stack.json);
    const driftHash = driftRecord === undefined ? undefined : stackDigest(driftRecord);
    const previous = selection.applied.get(customer.id);
    const wanted = selection.all === true || named?.has(customer.id) === true;
    // A merged drift pull request changes only the drift record: applying restores the spec.
    const changed =
      previous?.stackHash !== stackHash || (driftHash !== undefined && previous.driftRecord !== driftHash);
    if (!wanted && (named !== undefined || !changed)) {
      unaffected++;
      continue;
    }
    const { id, status, allowDataLoss } = customer;
    jobs.push({
      customer: { id, status, allowDataLoss },
      stack,
      stackHash,
      ...(driftHash === undefined ? {} : { driftRecord: driftHash }),
      ...(previous ? { previous } : {}),
    });
  }
  const present = new Set(selection.stacks.map((s) => s.customer.id));
  for (const [id, previous] of selection.applied) {
    if (present.has(id) || (named !== undefined && !named.has(id))) continue;
    jobs.push({ customer: { id, status: 'removed', allowDataLoss: [] }, previous });
  }
  return { jobs: jobs.sort((a, b) => (a.customer.id < b.customer.id ? -1 : 1)), unaffected };
}
