import { bySeverity, countActions, customerChanges } from '../diff/index.js';
import { emptyGraph, type ResourceGraph } from '../graph/index.js';
import type { Customer } from '../spec/index.js';
import { estimateMonthlyCost } from './cost.js';
import type { CustomerChangeKind, CustomerFacts, CustomerPlan } from './types.js';

/** One customer on both sides: its spec (absent when the file does not exist) and its stack. */
export interface CustomerSides {
  customerId: string;
  /** `stackDigest`: of the stack synthesized before, as the ledger records an applied one. */
  before?: { customer: Customer; graph: ResourceGraph; stackDigest?: string };
  after?: { customer: Customer; graph: ResourceGraph };
}

export function customerPlan(sides: CustomerSides): CustomerPlan {
  const { customerId, before, after } = sides;
  const intent = after?.customer.status ?? 'removed';
  const all = customerChanges(
    customerId,
    before?.graph ?? emptyGraph(),
    after?.graph ?? emptyGraph(),
    intent,
    after?.customer.allowDataLoss,
  );
  const changes = all.filter((c) => c.action !== 'no-op');
  const beforeFacts = before === undefined ? undefined : facts(before.customer, before.graph);
  const afterFacts = after === undefined ? undefined : facts(after.customer, after.graph);
  const risks = changes.flatMap((c) => c.risks).sort(bySeverity);
  return {
    customerId,
    file: `customers/${customerId}.yaml`,
    kind: kindOf(beforeFacts, afterFacts, changes.length > 0),
    ...(beforeFacts === undefined ? {} : { before: beforeFacts }),
    ...(before?.stackDigest === undefined ? {} : { beforeStack: before.stackDigest }),
    ...(afterFacts === undefined ? {} : { after: afterFacts }),
    changes,
    counts: countActions(all),
    risks,
  };
}

function facts(customer: Customer, graph: ResourceGraph): CustomerFacts {
  const cost = estimateMonthlyCost(graph);
  return {
    status: customer.status,
    planTier: customer.tier.id,
    region: customer.region,
    priceUsd: customer.status === 'active' ? customer.monthlyPriceUsd : 0,
    awsCostUsd: cost.totalUsd,
    unpriced: cost.unpriced,
  };
}

function kindOf(
  before: CustomerFacts | undefined,
  after: CustomerFacts | undefined,
  hasChanges: boolean,
): CustomerChangeKind {
  // New to neo (a first run, or a file added): its status says what that means for AWS.
  if (before === undefined) return after?.status === 'active' || after === undefined ? 'added' : after.status;
  if (after === undefined) return 'removed';
  if (before.status !== after.status) {
    if (after.status === 'decommissioned') return 'decommissioned';
    if (after.status === 'suspended') return 'suspended';
    return 'resumed';
  }
  const business = before.planTier !== after.planTier || before.priceUsd !== after.priceUsd;
  return hasChanges || business ? 'changed' : 'unchanged';
}
