import type { DriftReport } from '../cloud/index.js';
import type { ResourceGraph } from '../graph/index.js';
import { adoptedDrift, withAdoptedRisks } from './adopted-drift.js';
import type { Plan, TerraformCustomerCheck } from './types.js';

/**
 * What a plan says beside its changes, added after it was assembled: each returns a new plan
 * and leaves the one given as it was.
 */

/** The plan with a note for the reviewer (something left out, and why). */
export function withNote(plan: Plan, note: string): Plan {
  return { ...plan, notes: [...plan.notes, note] };
}

/**
 * The plan with the live drift of the compared customers that exist at base (`observed` of
 * them), each item the change adopts (its head says what is live: `heads`) marked so, and the
 * risks of the changes that merely catch up with the cloud marked as asked.
 */
export function withLiveDrift(
  plan: Plan,
  report: DriftReport,
  observed: number,
  heads: ReadonlyMap<string, ResourceGraph | undefined>,
): Plan {
  const customers = report.customers
    .filter((c) => c.items.length > 0)
    .map((c) => adoptedDrift(c, heads.get(c.customerId)));
  return {
    ...plan,
    live: { cloud: report.cloud, observedAt: report.observedAt, observed, customers },
    customers: withAdoptedRisks(plan.customers, customers),
  };
}

/** The plan with Terraform's own plan of each changed customer set beside neo's. */
export function withTerraformCheck(plan: Plan, tool: string, customers: TerraformCustomerCheck[]): Plan {
  const checked: Plan = { ...plan, terraform: { tool, customers } };
  if (!customers.some((c) => c.disagreements.length > 0)) return checked;
  return withNote(
    checked,
    'Terraform plans from the live state and neo from the base commit: live drift of a customer also shows as a disagreement (see neo drift).',
  );
}
