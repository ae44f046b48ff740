import type { Attributes, GraphResource, ResourceGraph } from '../graph/index.js';
import { addressResources } from './addressing.js';
import { customerAttribution, RESOURCE_TAG } from './attribution.js';
import { OBSERVED_ATTRIBUTES } from './observed-attributes.js';
import { tokenIndex, tokenize } from './tokens.js';
import type { CloudResource, Inventory, Observation, ObservedCustomer, OrphanedResource } from './types.js';

export interface ObservationRequest {
  /** Observable desired graphs (`observableGraph`) of the customers to observe. */
  desired: ReadonlyMap<string, ResourceGraph>;
  /** Every customer id that has a file; resources tagged for any other id are orphaned. */
  known: ReadonlySet<string>;
}

/**
 * One cloud inventory → per customer, a graph shaped like its desired graph. The same for both
 * clouds: everything cloud-specific ends with the inventory.
 */
export function assembleObservation(inventory: Inventory, request: ObservationRequest): Observation {
  const ownerOf = customerAttribution(inventory.resources);
  const byCustomer = new Map<string, CloudResource[]>();
  const orphans: OrphanedResource[] = [];
  for (const resource of inventory.resources) {
    const owner = ownerOf(resource);
    if (owner === undefined) continue;
    if (!request.known.has(owner)) orphans.push(orphan(owner, resource));
    else if (request.desired.has(owner)) {
      const list = byCustomer.get(owner) ?? [];
      list.push(resource);
      byCustomer.set(owner, list);
    }
  }
  const customers = new Map<string, ObservedCustomer>();
  for (const [id, desired] of request.desired) {
    customers.set(id, observedCustomer(id, byCustomer.get(id) ?? [], desired));
  }
  return { customers, orphans, calls: inventory.calls };
}

function observedCustomer(id: string, resources: CloudResource[], desired: ResourceGraph): ObservedCustomer {
  const { addressed, unmanaged } = addressResources(resources, desired);
  const index = tokenIndex([...addressed].map(([address, resource]) => [address, resource.exports]));
  const graph: ResourceGraph = { region: desired.region, resources: new Map() };
  const cloudIds = new Map<string, string>();
  const add = (address: string, resource: CloudResource, counterpart: GraphResource | undefined) => {
    const attributes = tokenize(observedAttributes(resource), counterpart?.attributes, index) as Attributes;
    const name = address.slice(resource.type.length + 1);
    graph.resources.set(address, {
      address,
      type: resource.type,
      name,
      attributes,
      ignoreChanges: counterpart?.ignoreChanges ?? [],
      preventDestroy: false,
    });
    cloudIds.set(address, resource.id);
  };
  for (const [address, resource] of addressed) add(address, resource, desired.resources.get(address));
  const unmanagedAddresses = new Set<string>();
  for (const resource of unmanaged) {
    const address = `${resource.type}.unmanaged_${resource.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    unmanagedAddresses.add(address);
    add(address, resource, undefined);
  }
  return { id, graph, unmanaged: unmanagedAddresses, cloudIds };
}

/** Attributes plus tags (AWS's own `aws:` tags are not the customer's) and region, as desired has them. */
function observedAttributes(resource: CloudResource): Attributes {
  const attributes: Attributes = { ...resource.attributes };
  if (OBSERVED_ATTRIBUTES[resource.type]?.includes('tags')) {
    attributes.tags = Object.fromEntries(
      Object.entries(resource.tags).filter(([key]) => !key.startsWith('aws:')),
    );
  }
  if (resource.region !== undefined) attributes.region = resource.region;
  return attributes;
}

function orphan(customerId: string, resource: CloudResource): OrphanedResource {
  const address = resource.tags[RESOURCE_TAG];
  return {
    customerId,
    type: resource.type,
    id: resource.id,
    ...(resource.region === undefined ? {} : { region: resource.region }),
    ...(address === undefined ? {} : { address }),
  };
}
