import { type ChangeCounts, countActions, type Risk } from '../diff/index.js';
import type { Customer } from '../spec/index.js';
import { blastRadius } from './blast-radius.js';
import { capacityChecks, type Quotas } from './capacity.js';
import { type CustomerSides, customerPlan } from './customer-plan.js';
import type { BlastRadiusLimits, CustomerPlan, Plan, PlanSide, PlanTotals } from './types.js';

export interface PlanInputs {
  environment: string;
  base?: PlanSide;
  head: PlanSide;
  /** The customers that may differ, with their stacks on both sides. */
  compared: readonly CustomerSides[];
  /** Every customer at head, and at base (for capacity and the share of customers changed). */
  customersBefore: readonly Customer[];
  customersAfter: readonly Customer[];
  quotas: Quotas;
  limits: BlastRadiusLimits;
  allowBlastRadius: boolean;
  /** The change moves where state lives (`stateMove`): it exceeds any blast radius. */
  stateMove?: string;
  /** Risks of the change as a whole, outside any one customer (neo's packages change). */
  risks?: Risk[];
  notes?: string[];
}

/** The plan as data. Pure: everything it needs is in `inputs`. */
export function assemblePlan(inputs: PlanInputs): Plan {
  const all = [...inputs.compared].map(customerPlan).sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
  const customers = all.filter((c) => c.kind !== 'unchanged');
  return {
    formatVersion: 1,
    environment: inputs.environment,
    ...(inputs.base === undefined ? {} : { base: inputs.base }),
    head: inputs.head,
    customers,
    unchangedCustomers: all.length - customers.length,
    totals: totals(customers),
    capacity: capacityChecks(inputs.customersBefore, inputs.customersAfter, inputs.quotas),
    blastRadius: blastRadius(
      customers,
      inputs.customersBefore.length,
      inputs.limits,
      inputs.allowBlastRadius,
      inputs.stateMove,
    ),
    ...(inputs.risks === undefined || inputs.risks.length === 0 ? {} : { risks: inputs.risks }),
    notes: inputs.notes ?? [],
  };
}

function totals(customers: readonly CustomerPlan[]): PlanTotals {
  const kinds = { added: 0, changed: 0, suspended: 0, resumed: 0, decommissioned: 0, removed: 0 };
  const resources = countActions([]);
  const revenueUsd = { before: 0, after: 0 };
  const awsCostUsd = { before: 0, after: 0 };
  for (const customer of customers) {
    if (customer.kind !== 'unchanged') kinds[customer.kind]++;
    for (const action of Object.keys(resources) as Array<keyof ChangeCounts>) {
      resources[action] += customer.counts[action];
    }
    revenueUsd.before += customer.before?.priceUsd ?? 0;
    revenueUsd.after += customer.after?.priceUsd ?? 0;
    awsCostUsd.before += customer.before?.awsCostUsd ?? 0;
    awsCostUsd.after += customer.after?.awsCostUsd ?? 0;
  }
  return { kinds, resources, revenueUsd: cents(revenueUsd), awsCostUsd: cents(awsCostUsd) };
}

function cents(pair: { before: number; after: number }): { before: number; after: number } {
  return { before: Math.round(pair.before * 100) / 100, after: Math.round(pair.after * 100) / 100 };
}
