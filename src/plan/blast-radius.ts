import type { BlastRadius, BlastRadiusLimits, CustomerPlan } from './types.js';

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
}

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
  return { limits, dataLossCustomers, changedCustomers, existingCustomers, exceeded, overridden };
}

export function blocks(radius: BlastRadius): boolean {
  return radius.exceeded.length > 0 && !radius.overridden;
}
