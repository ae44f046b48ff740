import { bySeverity } from '../changes.js';
import type { RiskContext } from './context.js';
import { costAllocation } from './cost-allocation.js';
import { customerVisible } from './customer-visible.js';
import { dataLoss } from './data-loss.js';
import { instanceRoleWildcards } from './instance-role.js';
import { iam, ingress, protections } from './security.js';

export type { RiskContext } from './context.js';
/** Risks that describe the live state itself: drift keeps them whatever their severity. */
export const LIVE_STATE_RISKS: ReadonlySet<string> = new Set(['cost-allocation-tag']);

const RULES = [dataLoss, ingress, iam, instanceRoleWildcards, protections, customerVisible, costAllocation];

/** Sets the risks of each change of one customer, worst first. */
export function assessRisks(context: RiskContext): void {
  for (const change of context.changes.values()) {
    change.risks = RULES.flatMap((rule) => rule(change, context)).sort(bySeverity);
  }
}
