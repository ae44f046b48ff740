import { type CustomerDrift, type DriftItem, observableGraph, restoresSpec } from '../cloud/index.js';
import type { ResourceGraph } from '../graph/index.js';
import { flatten, referencesIn, sameLeaf } from '../graph/index.js';
import type { CustomerPlan, LiveCustomerDrift, LiveDriftItem } from './types.js';

/**
 * A customer's drift from the base spec, with the items the change adopts marked: those where
 * the head's spec says what is live, as when a drift pull request is edited to keep the live
 * state. `head` is the customer's graph at head, absent when the change removes the customer.
 *
 * - modified: every attribute that differs has its live value at head, compared leaf by leaf
 *   as the diff compares, in the observable form the drift was found in. A head value that
 *   still refers to what the cloud computes (an id), or a sensitive one, is not known to match.
 * - missing: the head has neither the resource nor what went with it (its consequences).
 * - unmanaged: never; neo leaves those alone either way.
 */
export function adoptedDrift(drift: CustomerDrift, head: ResourceGraph | undefined): LiveCustomerDrift {
  if (head === undefined) return drift;
  const observable = observableGraph(head);
  return {
    ...drift,
    items: drift.items.map((item) => (adopts(item, head, observable) ? adopted(item) : item)),
  };
}

function adopts(item: DriftItem, head: ResourceGraph, observable: ResourceGraph): boolean {
  switch (item.kind) {
    case 'unmanaged':
      return false;
    case 'missing':
      return [item.address, ...item.consequences].every((address) => !head.resources.has(address));
    case 'modified': {
      const resource = observable.resources.get(item.address);
      if (resource === undefined || item.change.attributes.length === 0) return false;
      const leaves = flatten(resource.attributes);
      return item.change.attributes.every((attribute) => {
        if (attribute.sensitive || attribute.afterUnknown) return false;
        const value = leaves.get(attribute.path);
        return referencesIn(value).length === 0 && sameLeaf(value, attribute.after);
      });
    }
  }
}

/** Applying restores nothing here, so no risk of restoring the spec is left. */
function adopted(item: DriftItem): LiveDriftItem {
  const risks = item.change.risks.filter((risk) => !restoresSpec(risk));
  return { ...item, change: { ...item.change, risks }, adoptedByChange: true };
}

/**
 * The customers' risks, with those of resources whose live drift the change adopts marked as
 * asked for and already live: the spec catches up with the cloud, and applying changes nothing
 * there (a drift pull request edited to keep the live state would otherwise warn of the very
 * change that already happened).
 */
export function withAdoptedRisks(
  customers: CustomerPlan[],
  live: readonly LiveCustomerDrift[],
): CustomerPlan[] {
  const adopted = new Map(live.map((c) => [c.customerId, adoptedAddresses(c)]));
  return customers.map((customer) => {
    const addresses = adopted.get(customer.customerId);
    if (addresses === undefined || addresses.size === 0) return customer;
    const risks = customer.risks.map((risk) =>
      addresses.has(risk.address)
        ? {
            ...risk,
            reason: `${risk.reason} (already live: applying changes nothing)`,
            intended: true as const,
          }
        : risk,
    );
    return { ...customer, risks };
  });
}

/** The addresses of a customer's drift items that the change adopts. */
export function adoptedAddresses(customer: LiveCustomerDrift): Set<string> {
  return new Set(customer.items.filter((i) => i.adoptedByChange).map((i) => i.address));
}
