import { type AttributeValue, addressType, type ResourceGraph } from '../graph/index.js';
import { CUSTOMER_TAG, RESOURCE_TAG } from './attribution.js';
import { IDENTITY_ATTRIBUTES } from './observed-attributes.js';
import { resolveReferences } from './references.js';
import type { CloudResource } from './types.js';

export interface Addressing {
  /** Address → the cloud resource that is it. */
  addressed: Map<string, CloudResource>;
  /** Resources in the customer's VPC or zone that neo did not create. */
  unmanaged: CloudResource[];
}

/**
 * Which desired address each of a customer's cloud resources is. A resource whose id the ledger
 * recorded is that address, whatever its tags say: tags are for what has no recorded id (a
 * customer applied before ids were kept). Tagged resources carry their address
 * (`neo:resource`); untaggable ones (routes, associations, attachments, records) are
 * recognised by what they connect. What is left is unmanaged, except the parts of something
 * already unmanaged (an unmanaged instance's state and attachments are that instance).
 */
export function addressResources(
  resources: readonly CloudResource[],
  desired: ResourceGraph,
  recorded: ReadonlyMap<string, string> = new Map(),
): Addressing {
  const addressed = new Map<string, CloudResource>();
  const byRecord = claimRecorded(resources, recorded, addressed);
  // A recorded address is taken by its id or by nothing: a look-alike with the same tags and a
  // new id (re-created by hand) is not the resource neo applied.
  const rest = claimTagged(byRecord, addressed, (address) => recorded.has(address));
  const untagged = adoptRetagged(rest, desired, addressed, (address) => recorded.has(address));
  const exportsOf = (address: string, attribute: string) => addressed.get(address)?.exports[attribute];
  const byIdentity = desiredIdentities(desired, exportsOf);
  const unmatched = untagged.filter((resource) => {
    const address = byIdentity.get(identityOf(resource.type, resource.attributes));
    if (address === undefined || addressed.has(address)) return true;
    addressed.set(address, resource);
    return false;
  });
  const knownIds = new Set([...addressed.values()].map((r) => r.id));
  return { addressed, unmanaged: unmatched.filter((resource) => !partOfUnmanaged(resource, knownIds)) };
}

/** Resources the ledger recorded take their address; the rest are returned. */
function claimRecorded(
  resources: readonly CloudResource[],
  recorded: ReadonlyMap<string, string>,
  addressed: Map<string, CloudResource>,
): CloudResource[] {
  // An instance and its state share the instance's id: the type tells them apart, whatever
  // order the ledger lists them in.
  const addressOf = new Map([...recorded].map(([address, id]) => [`${addressType(address)} ${id}`, address]));
  return resources.filter((resource) => {
    const address = addressOf.get(`${resource.type} ${resource.id}`);
    if (address === undefined) return true;
    addressed.set(address, resource);
    return false;
  });
}

/** Tagged resources take their address; a second claimant (a copied instance) is unmanaged. */
function claimTagged(
  resources: readonly CloudResource[],
  addressed: Map<string, CloudResource>,
  recorded: (address: string) => boolean,
): CloudResource[] {
  const references = referenceCounts(resources);
  const claimants = new Map<string, CloudResource[]>();
  const rest: CloudResource[] = [];
  for (const resource of resources) {
    const address = resource.tags[RESOURCE_TAG];
    if (address?.startsWith(`${resource.type}.`) && !recorded(address))
      claimants.set(address, [...(claimants.get(address) ?? []), resource]);
    else rest.push(resource);
  }
  for (const [address, candidates] of claimants) {
    // The one the others point at (attachments, the EIP association) is the original.
    const [kept, ...others] = candidates.sort(
      (a, b) => (references.get(b.id) ?? 0) - (references.get(a.id) ?? 0),
    );
    if (kept !== undefined) addressed.set(address, kept);
    rest.push(...others);
  }
  return rest;
}

/**
 * A resource that lost its `neo:resource` tag but still says which customer it is for (a tag
 * edited in the console) is the one desired resource of its type that is otherwise missing.
 */
function adoptRetagged(
  rest: CloudResource[],
  desired: ResourceGraph,
  addressed: Map<string, CloudResource>,
  recorded: (address: string) => boolean,
): CloudResource[] {
  const left: CloudResource[] = [];
  for (const resource of rest) {
    if (Object.hasOwn(IDENTITY_ATTRIBUTES, resource.type) || resource.tags[CUSTOMER_TAG] === undefined) {
      left.push(resource);
      continue;
    }
    const missing = [...desired.resources.values()].filter(
      (r) => r.type === resource.type && !addressed.has(r.address) && !recorded(r.address),
    );
    const rivals = rest.filter(
      (r) => r.type === resource.type && r.tags[CUSTOMER_TAG] !== undefined && !r.tags[RESOURCE_TAG],
    );
    if (missing.length === 1 && rivals.length === 1 && !resource.tags[RESOURCE_TAG]) {
      addressed.set((missing[0] as { address: string }).address, resource);
    } else left.push(resource);
  }
  return left;
}

function desiredIdentities(
  desired: ResourceGraph,
  exportsOf: (address: string, attribute: string) => string | undefined,
): Map<string, string> {
  const identities = new Map<string, string>();
  for (const resource of desired.resources.values()) {
    if (!Object.hasOwn(IDENTITY_ATTRIBUTES, resource.type)) continue;
    const raw = resolveReferences(resource.attributes, exportsOf) as Record<string, AttributeValue>;
    identities.set(identityOf(resource.type, raw), resource.address);
  }
  return identities;
}

function identityOf(type: string, attributes: Record<string, AttributeValue>): string {
  const names = IDENTITY_ATTRIBUTES[type];
  if (names === undefined) return '';
  return JSON.stringify([type, ...names.map((name) => attributes[name] ?? null)]);
}

/** The state, attachments, rules and routes of something unmanaged belong to that thing. */
function partOfUnmanaged(resource: CloudResource, knownIds: Set<string>): boolean {
  const parent =
    resource.type === 'aws_route' || resource.type === 'aws_route_table_association'
      ? resource.attributes.route_table_id
      : Object.hasOwn(IDENTITY_ATTRIBUTES, resource.type)
        ? resource.scope.instance
        : resource.type.startsWith('aws_vpc_security_group_')
          ? resource.scope.securityGroup
          : undefined;
  return typeof parent === 'string' && !knownIds.has(parent);
}

function referenceCounts(resources: readonly CloudResource[]): Map<string, number> {
  const counts = new Map<string, number>();
  const visit = (value: AttributeValue): void => {
    if (typeof value === 'string') counts.set(value, (counts.get(value) ?? 0) + 1);
    // A list's values are its items.
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  for (const resource of resources) visit(resource.attributes);
  return counts;
}
