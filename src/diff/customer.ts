import type { ResourceGraph } from '../graph/index.js';
import type { ResourceChange } from './changes.js';
import type { DataKind } from './data-bearing.js';
import { diff } from './diff.js';
import { assessRisks } from './risk/index.js';

/**
 * What the spec asks of the customer at the new side, which makes some losses intended.
 * `removed`: the file is gone (allowed only once decommissioned).
 */
export type CustomerIntent = 'active' | 'suspended' | 'decommissioned' | 'removed';

/** The diff of one customer's stack, with every change's risks assessed. */
export function customerChanges(
  customerId: string,
  before: ResourceGraph,
  after: ResourceGraph,
  intent: CustomerIntent,
  allowDataLoss: readonly DataKind[] = [],
): ResourceChange[] {
  const changes = diff(before, after);
  if (intent === 'removed') return changes.map(forgotten);
  assessRisks({
    customerId,
    before,
    after,
    changes: new Map(changes.map((c) => [c.address, c])),
    existed: before.resources.size > 0,
    decommissioning: intent === 'decommissioned',
    suspending: intent === 'suspended',
    allowDataLoss,
  });
  return changes;
}

/**
 * A removed customer was decommissioned first, so what is left is its backup bucket. Destroying
 * it would lose the backups before their retention (and `prevent_destroy` refuses it anyway):
 * neo stops managing it instead, and the bucket's lifecycle rules expire the backups.
 */
function forgotten(change: ResourceChange): ResourceChange {
  if (change.action !== 'delete') return change;
  const { destroyRefused: _refused, ...rest } = change;
  return { ...rest, action: 'forget', risks: [] };
}
