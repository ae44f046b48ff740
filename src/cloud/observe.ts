import { type Attributes, addressType, type GraphResource, type ResourceGraph } from '../graph/index.js';
import { addressResources } from './addressing.js';
import { customerAttribution, RESOURCE_TAG } from './attribution.js';
import { OBSERVED_ATTRIBUTES } from './observed-attributes.js';
import { tokenIndex, tokenize } from './tokens.js';
import type {
  AppliedIds,
  CloudResource,
  Inventory,
  Observation,
  ObservedCustomer,
  OrphanedResource,
  RecordedResource,
} from './types.js';

export interface ObservationRequest {
  /** Observable desired graphs (`observableGraph`) of the customers to observe. */
  desired: ReadonlyMap<string, ResourceGraph>;
  /** Every customer id that has a file; resources tagged for any other id are orphaned. */
  known: ReadonlySet<string>;
  /**
   * What the ledger recorded as applied. A recorded id names its customer and address whatever
   * its tags say; without a ledger (undefined), resources are known by their tags alone.
   */
  applied?: AppliedIds;
}

/** The recorded ids of the customers to observe, typed and placed, for the cloud to read by id. */
export function recordedResources(
  applied: AppliedIds,
  desired: ReadonlyMap<string, ResourceGraph>,
): RecordedResource[] {
  const resources: RecordedResource[] = [];
  for (const [customerId, graph] of desired) {
    for (const [address, id] of applied.get(customerId) ?? []) {
      const type = addressType(address);
      resources.push({ type, id, ...(type.startsWith('aws_route53_') ? {} : { region: graph.region }) });
    }
  }
  return resources;
}

/**
 * One cloud inventory → per customer, a graph shaped like its desired graph. The same for both
 * clouds: everything cloud-specific ends with the inventory.
 */
export function assembleObservation(inventory: Inventory, request: ObservationRequest): Observation {
  const recordedOwner = recordedOwners(request.applied);
  const ownerOf = customerAttribution(inventory.resources, recordedOwner);
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
    const resources = byCustomer.get(id) ?? [];
    const recorded = request.applied?.get(id);
    const observed = observedCustomer(id, resources, desired, recorded);
    const neverApplied = request.applied !== undefined && !request.applied.has(id) && resources.length === 0;
    customers.set(id, neverApplied ? { ...observed, notApplied: true } : observed);
  }
  return { customers, orphans, calls: inventory.calls };
}

/** Cloud id → the customer the ledger recorded it for. */
function recordedOwners(applied: AppliedIds | undefined): ReadonlyMap<string, string> {
  const owners = new Map<string, string>();
  for (const [customerId, ids] of applied ?? []) {
    for (const id of ids?.values() ?? []) owners.set(id, customerId);
  }
  return owners;
}

function observedCustomer(
  id: string,
  resources: CloudResource[],
  desired: ResourceGraph,
  recorded: ReadonlyMap<string, string> | undefined,
): ObservedCustomer {
  const { addressed, unmanaged } = addressResources(resources, desired, recorded);
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
