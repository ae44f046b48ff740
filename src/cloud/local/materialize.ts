import type { Attributes, AttributeValue, GraphResource, ResourceGraph } from '../../graph/index.js';
import { domainName } from '../dns-names.js';
import { type ReferenceLookup, resolveReferences } from '../references.js';
import { exportsOf } from './exports.js';
import type { StoredResource } from './store.js';

/**
 * Types whose Terraform id is made of what they connect rather than issued by AWS: a record's
 * is `<zone id>_<name>_<type>[_<set identifier>]`, an instance state's is its instance's id.
 */
export function hasDerivedId(type: string): boolean {
  return type === 'aws_route53_record' || type === 'aws_ec2_instance_state';
}

/**
 * Every resource of `graph` as the cloud holds it once applied: references resolved through
 * the ids decided for this apply (a reference reads the target's exports, then what its
 * configuration sets literally, like `${aws_iam_role.server.name}`). A new resource of a type
 * with a derived id has no entry in `ids`: its id is made from what it resolves to.
 */
export function materialize(
  graph: ResourceGraph,
  ids: ReadonlyMap<string, string>,
): Map<string, StoredResource> {
  const resolve = resolver(graph, ids);
  const result = new Map<string, StoredResource>();
  for (const [address, resource] of [...graph.resources].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const attributes = resolve(address);
    const id = ids.get(address) ?? derivedId(resource, attributes);
    result.set(address, stored(resource.type, id, attributes));
  }
  return result;
}

/** Resolves a resource's attributes once, however many resources refer to it. */
function resolver(graph: ResourceGraph, ids: ReadonlyMap<string, string>): (address: string) => Attributes {
  const done = new Map<string, Attributes>();
  const pending = new Set<string>();
  const lookup: ReferenceLookup = (address, attribute) => {
    const resource = graph.resources.get(address);
    const id = ids.get(address);
    // A reference cycle cannot be applied by Terraform either: the token is left as it is.
    if (resource === undefined || id === undefined || pending.has(address)) return undefined;
    const attributes = resolve(address);
    return exportsOf(resource.type, id, attributes)[attribute] ?? attributes[attribute];
  };
  const resolve = (address: string): Attributes => {
    const cached = done.get(address);
    if (cached !== undefined) return cached;
    pending.add(address);
    const configured = graph.resources.get(address)?.attributes ?? {};
    const attributes = resolveReferences(configured, lookup) as Attributes;
    pending.delete(address);
    done.set(address, attributes);
    return attributes;
  };
  return resolve;
}

function derivedId(resource: GraphResource, attributes: Attributes): string {
  if (resource.type === 'aws_ec2_instance_state') return String(attributes.instance_id);
  if (resource.type !== 'aws_route53_record') throw new Error(`no id decided for ${resource.address}`);
  const name = domainName(String(attributes.name ?? ''));
  const parts = [attributes.zone_id, name, attributes.type, attributes.set_identifier];
  return parts.filter((p) => p !== undefined && p !== null).join('_');
}

/** Region and tags get fields of their own; the remaining attributes are kept as resolved. */
function stored(type: string, id: string, attributes: Attributes): StoredResource {
  const { tags, region, ...rest } = attributes;
  return {
    type,
    id,
    ...(typeof region === 'string' ? { region } : {}),
    tags: stringTags(tags),
    attributes: rest,
    exports: exportsOf(type, id, attributes),
  };
}

function stringTags(tags: AttributeValue | undefined): Record<string, string> {
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) return {};
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v)]));
}
