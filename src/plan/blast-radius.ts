import type { BlastRadius, BlastRadiusAcceptance, BlastRadiusLimits, CustomerPlan, Plan } from './types.js';

export const DEFAULT_BLAST_RADIUS: BlastRadiusLimits = {
  maxDataLossCustomers: 3,
  maxChangedPercent: 20,
  minChangedCustomers: 5,
};

/** One customer as the blast radius counts it. */
export interface RadiusEntry {
  customerId: string;
  /** It existed before the change: new customers do not count. */
  existed: boolean;
  changed: boolean;
  losesData: boolean;
  /** The digest of the stack it changes from (the one applied before), when known. */
  from?: string;
}

/** How much of a stack digest an acceptance keeps: enough to tell stacks apart, short in a marker. */
const DIGEST_PREFIX = 16;

/**
 * How much of the existing fleet one plan touches. New customers do not count: adding many
 * customers at once is routine, changing many at once is how accidents spread.
 */
export function blastRadius(
  customers: readonly CustomerPlan[],
  existingCustomers: number,
  limits: BlastRadiusLimits,
  overridden: boolean,
  /** Where the state moves (`stateMove`): every customer at once, whatever the limits. */
  stateMove?: string,
): BlastRadius {
  const entries = customers.map((c) => ({
    customerId: c.customerId,
    existed: c.before !== undefined,
    changed: c.kind !== 'unchanged',
    losesData: c.risks.some((r) => r.severity === 'data-loss'),
  }));
  return measureBlastRadius(entries, existingCustomers, limits, overridden, stateMove);
}

/** What a plan over the limits, with the override given, asks its reviewers to accept. */
export function acceptanceOf(
  plan: Pick<Plan, 'customers' | 'blastRadius'>,
): BlastRadiusAcceptance | undefined {
  const { overridden, exceeded, stateMove } = plan.blastRadius;
  if (!overridden || exceeded.length === 0) return undefined;
  const counted = plan.customers.filter((c) => c.before !== undefined && c.kind !== 'unchanged');
  const customers = new Map(
    counted.map((c) => [c.customerId, (c.beforeStack ?? '').slice(0, DIGEST_PREFIX)]),
  );
  return { customers, stateMove: stateMove !== undefined };
}

/**
 * The blast radius of an apply over the limits that a reviewed plan accepted. The acceptance
 * covers what that plan showed and nothing more: a customer counts as accepted only when the
 * apply changes it from the same stack the plan did, so changes held back before the plan (an
 * earlier merge stopped by the limits), or a state move it did not show, are judged by the
 * limits on their own.
 */
export function measureAccepted(
  entries: readonly RadiusEntry[],
  existingCustomers: number,
  limits: BlastRadiusLimits,
  acceptance: BlastRadiusAcceptance,
  stateMove?: string,
): BlastRadius {
  const whole = measureBlastRadius(entries, existingCustomers, limits, false, stateMove);
  if (whole.exceeded.length === 0) return whole;
  // Accepted: a customer the plan showed, changed from the very stack the plan started from.
  const reviewed = (e: RadiusEntry) => {
    const from = acceptance.customers.get(e.customerId);
    return from !== undefined && from !== '' && e.from?.slice(0, DIGEST_PREFIX) === from;
  };
  const others = entries.filter((e) => !reviewed(e));
  const rest = measureBlastRadius(
    others,
    existingCustomers,
    limits,
    false,
    acceptance.stateMove ? undefined : stateMove,
  );
  if (rest.exceeded.length === 0) return { ...whole, overridden: true };
  return { ...rest, unaccepted: others.filter((e) => e.existed && e.changed).map((e) => e.customerId) };
}

/** The same limits for `neo apply`, over what Terraform (or the local cloud) plans to do. */
export function measureBlastRadius(
  entries: readonly RadiusEntry[],
  existingCustomers: number,
  limits: BlastRadiusLimits,
  overridden: boolean,
  stateMove?: string,
): BlastRadius {
  const existing = entries.filter((c) => c.existed && c.changed);
  const dataLossCustomers = existing.filter((c) => c.losesData).map((c) => c.customerId);
  const changedCustomers = existing.length;
  const exceeded: string[] = [];
  if (dataLossCustomers.length > limits.maxDataLossCustomers) {
    exceeded.push(
      `${dataLossCustomers.length} ${dataLossCustomers.length === 1 ? 'customer loses' : 'customers lose'} data (the limit is ${limits.maxDataLossCustomers})`,
    );
  }
  const percent = existingCustomers === 0 ? 0 : (changedCustomers / existingCustomers) * 100;
  if (changedCustomers > limits.minChangedCustomers && percent > limits.maxChangedPercent) {
    exceeded.push(
      `${changedCustomers} of ${existingCustomers} customers change (${Math.round(percent)} %, the limit is ${limits.maxChangedPercent} %)`,
    );
  }
  if (stateMove !== undefined) exceeded.push(stateMove);
  const radius = { limits, dataLossCustomers, changedCustomers, existingCustomers, exceeded, overridden };
  return stateMove === undefined ? radius : { ...radius, stateMove };
}

export function blocks(radius: BlastRadius): boolean {
  return radius.exceeded.length > 0 && !radius.overridden;
}
