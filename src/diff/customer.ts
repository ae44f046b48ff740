import type { ResourceChange } from './changes.js';
import { diff } from './diff.js';
import type { ResourceGraph } from './graph.js';
import { assessRisks } from './risk/index.js';

/** What the spec asks of the customer at the new side, which makes some losses intended. */
export type CustomerIntent = 'active' | 'suspended' | 'decommissioned';

/** The diff of one customer's stack, with every change's risks assessed. */
export function customerChanges(
  customerId: string,
  before: ResourceGraph,
  after: ResourceGraph,
  intent: CustomerIntent,
): ResourceChange[] {
  const changes = diff(before, after);
  assessRisks({
    customerId,
    before,
    after,
    changes: new Map(changes.map((c) => [c.address, c])),
    existed: before.resources.size > 0,
    decommissioning: intent === 'decommissioned',
    suspending: intent === 'suspended',
  });
  return changes;
}
