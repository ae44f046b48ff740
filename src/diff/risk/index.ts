import { bySeverity } from '../changes.js';
import type { RiskContext } from './context.js';
import { customerVisible } from './customer-visible.js';
import { dataLoss } from './data-loss.js';
import { instanceRoleWildcards } from './instance-role.js';
import { iam, ingress, protections } from './security.js';

export type { RiskContext } from './context.js';

const RULES = [dataLoss, ingress, iam, instanceRoleWildcards, protections, customerVisible];

/** Sets the risks of each change of one customer, worst first. */
export function assessRisks(context: RiskContext): void {
  for (const change of context.changes.values()) {
    change.risks = RULES.flatMap((rule) => rule(change, context)).sort(bySeverity);
  }
}
