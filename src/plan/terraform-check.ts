import { type Action, type ChangeCounts, countActions, type ResourceChange } from '../diff/index.js';
import type { CustomerPlan, TerraformCustomerCheck } from './types.js';

/** The actions that change something; no-ops are not compared. */
const COMPARED: readonly Action[] = ['create', 'update', 'replace', 'delete', 'forget'];

/**
 * Compares neo's plan of one customer with Terraform's. A replacement or destruction Terraform
 * plans and neo did not predict comes first: it is what a reviewer approved without seeing.
 * Drift also shows up here (Terraform plans from the live state), and is named as such by the
 * caller's note, not guessed at.
 */
export function crossCheck(
  customer: CustomerPlan,
  terraform: readonly ResourceChange[],
): TerraformCustomerCheck {
  const neoActions = new Map(customer.changes.map((c) => [c.address, c.action]));
  const terraformActions = new Map(terraform.map((c) => [c.address, c]));
  const severe: string[] = [];
  for (const change of terraform) {
    const ours = neoActions.get(change.address) ?? 'no-op';
    if ((change.action === 'replace' || change.action === 'delete') && ours !== change.action) {
      const verb =
        change.action === 'replace'
          ? `replaces ${change.address}${because(change)}`
          : `destroys ${change.address}`;
      severe.push(`Terraform ${verb}, which neo planned as ${actionWords(ours)}`);
    }
  }
  for (const change of customer.changes) {
    const theirs = terraformActions.get(change.address)?.action ?? 'no-op';
    const told = theirs === 'replace' || theirs === 'delete';
    if ((change.action === 'replace' || change.action === 'delete') && theirs !== change.action && !told) {
      severe.push(
        `neo planned to ${change.action} ${change.address}; Terraform plans ${actionWords(theirs)}`,
      );
    }
  }
  const neo = countActions(customer.changes);
  const theirs = countActions(terraform);
  const counts = COMPARED.some((a) => neo[a] !== theirs[a])
    ? [`Terraform plans ${countsWords(theirs)}; neo plans ${countsWords(neo)}`]
    : [];
  // Replacements first: the loss a reviewer is least likely to expect from an update.
  const replaces = severe.filter((d) => d.startsWith('Terraform replaces'));
  const rest = severe.filter((d) => !d.startsWith('Terraform replaces'));
  return {
    customerId: customer.customerId,
    neo,
    terraform: theirs,
    disagreements: [...replaces, ...rest, ...counts],
  };
}

function because(change: ResourceChange): string {
  const reasons = change.replacedBecause ?? [];
  return reasons.length === 0 ? '' : ` (because of ${reasons.join(', ')})`;
}

function actionWords(action: Action): string {
  return action === 'no-op' ? 'no change' : `${action === 'update' ? 'an' : 'a'} ${action}`;
}

/** `1 to add, 2 to change` in Terraform's words, zeros left out. */
function countsWords(counts: ChangeCounts): string {
  const words: Array<[Action, string]> = [
    ['create', 'to add'],
    ['update', 'to change'],
    ['replace', 'to replace'],
    ['delete', 'to destroy'],
    ['forget', 'to forget'],
  ];
  const parts = words.filter(([a]) => counts[a] > 0).map(([a, w]) => `${counts[a]} ${w}`);
  return parts.length === 0 ? 'no changes' : parts.join(', ');
}
