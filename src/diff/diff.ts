import type { GraphResource, ResourceGraph } from '../graph/index.js';
import { flatten, isSensitive, type Leaf, referencesIn, sameLeaf, topAttribute } from '../graph/index.js';
import type { AttributeChange, ResourceChange } from './changes.js';
import { computedWhenUnset, forcesReplacement } from './replacement.js';

/**
 * What it takes to turn `before` into `after`, resource by resource (risks are added by
 * `assessRisks`). Like Terraform, a replacement ripples: a reference to a replaced resource is
 * only known after apply, and where that reference forces replacement (an instance's subnet),
 * the referring resource is replaced too.
 */
export function diff(before: ResourceGraph, after: ResourceGraph): ResourceChange[] {
  const addresses = [...new Set([...before.resources.keys(), ...after.resources.keys()])].sort();
  const changes = new Map<string, ResourceChange>();
  for (const address of addresses) {
    const old = before.resources.get(address);
    const next = after.resources.get(address);
    if (old === undefined && next !== undefined) changes.set(address, created(next));
    else if (old !== undefined && next === undefined) changes.set(address, deleted(old));
    else if (old !== undefined && next !== undefined) changes.set(address, compared(old, next));
  }
  rippleReplacements(changes, after);
  return [...changes.values()];
}

function created(resource: GraphResource): ResourceChange {
  const attributes = [...flatten(resource.attributes)].map(([path, value]) =>
    redacted({ path, after: value }),
  );
  return { ...identity(resource), action: 'create', attributes, risks: [] };
}

function deleted(resource: GraphResource): ResourceChange {
  const attributes = [...flatten(resource.attributes)].map(([path, value]) =>
    redacted({ path, before: value }),
  );
  return {
    ...identity(resource),
    action: 'delete',
    attributes,
    ...(resource.preventDestroy ? { destroyRefused: true as const } : {}),
    risks: [],
  };
}

function compared(old: GraphResource, next: GraphResource): ResourceChange {
  const ignored = new Set(next.ignoreChanges);
  const beforeLeaves = flatten(old.attributes);
  const afterLeaves = flatten(next.attributes);
  const paths = [...new Set([...beforeLeaves.keys(), ...afterLeaves.keys()])].sort();
  const attributes: AttributeChange[] = [];
  for (const path of paths) {
    if (ignored.has(topAttribute(path))) continue;
    const before = beforeLeaves.get(path);
    const after = afterLeaves.get(path);
    if (sameLeaf(before, after) || (after === undefined && computedWhenUnset(next.type, path))) continue;
    attributes.push(withReplacement(next.type, redacted(sides(path, before, after))));
  }
  const change: ResourceChange = {
    ...identity(next),
    action: attributes.length === 0 ? 'no-op' : 'update',
    attributes,
    risks: [],
  };
  settleReplacement(change, next);
  return change;
}

/**
 * Marks references to replaced resources as known only after apply, until nothing more is
 * replaced. A reference to an attribute the replaced resource sets itself (a name) stays known.
 */
function rippleReplacements(changes: Map<string, ResourceChange>, after: ResourceGraph): void {
  const replaced = new Set([...changes.values()].filter((c) => c.action === 'replace').map((c) => c.address));
  let grew = replaced.size > 0;
  while (grew) {
    grew = false;
    for (const change of changes.values()) {
      if (change.action === 'create' || change.action === 'delete') continue;
      const resource = after.resources.get(change.address);
      if (resource === undefined) continue;
      markUnknown(change, resource, (value) =>
        referencesIn(value).some(
          (r) => replaced.has(r.address) && !configuredUnchanged(changes, after, r.address, r.attribute),
        ),
      );
      if (change.attributes.length > 0 && change.action === 'no-op') change.action = 'update';
      if (change.action === 'replace') addReplacementReasons(change);
      else if (settleReplacement(change, resource)) {
        replaced.add(change.address);
        grew = true;
      }
    }
  }
}

/** Sets `afterUnknown` on every attribute whose value `isUnknown`, adding unchanged ones. */
function markUnknown(
  change: ResourceChange,
  resource: GraphResource,
  isUnknown: (value: Leaf) => boolean,
): void {
  const byPath = new Map(change.attributes.map((a, i) => [a.path, i]));
  let added = false;
  for (const [path, value] of flatten(resource.attributes)) {
    if (resource.ignoreChanges.includes(topAttribute(path)) || !isUnknown(value)) continue;
    const index = byPath.get(path);
    const existing = index === undefined ? undefined : change.attributes[index];
    if (existing?.afterUnknown) continue;
    const before = existing === undefined ? value : existing.before;
    const marked = withReplacement(
      change.type,
      redacted({ ...sides(path, before, value), afterUnknown: true }),
    );
    if (index === undefined) {
      change.attributes.push(marked);
      added = true;
    } else change.attributes[index] = marked;
  }
  if (added) change.attributes.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** A replaced resource's reasons grow when rippling finds more attributes that force it. */
function addReplacementReasons(change: ResourceChange): void {
  const forcing = change.attributes.filter((a) => a.forcesReplacement).map((a) => a.path);
  const known = new Set(change.replacedBecause ?? []);
  const more = forcing.filter((p) => !known.has(p));
  if (more.length > 0) change.replacedBecause = [...(change.replacedBecause ?? []), ...more].sort();
}

function configuredUnchanged(
  changes: Map<string, ResourceChange>,
  after: ResourceGraph,
  address: string,
  attribute: string,
): boolean {
  const configured = after.resources.get(address)?.attributes[attribute];
  if (configured === undefined || attribute === 'id' || attribute === 'arn') return false;
  return !(changes.get(address)?.attributes.some((a) => topAttribute(a.path) === attribute) ?? false);
}

/** Turns an update into a replacement when an attribute forces it; true when it did. */
function settleReplacement(change: ResourceChange, resource: GraphResource): boolean {
  if (change.action !== 'update') return false;
  const known = forcesReplacement(change.type, '') !== undefined;
  const forcing = known
    ? change.attributes.filter((a) => a.forcesReplacement).map((a) => a.path)
    : [`${change.type} is unknown to neo, so any change is taken to replace it`];
  if (forcing.length === 0) return false;
  change.action = 'replace';
  change.replacedBecause = forcing;
  if (resource.preventDestroy) change.destroyRefused = true;
  return true;
}

/**
 * An attribute no longer set does not force replacement: the attributes neo stops setting
 * (an availability zone once a database is multi-AZ, say) are ones the provider computes, and
 * Terraform keeps what AWS reports for those instead of re-creating the resource.
 */
function withReplacement(type: string, change: AttributeChange): AttributeChange {
  if (change.after === undefined && !change.afterUnknown && !change.sensitive) return change;
  return forcesReplacement(type, change.path) === true ? { ...change, forcesReplacement: true } : change;
}

function sides(path: string, before: Leaf | undefined, after: Leaf | undefined): AttributeChange {
  return {
    path,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
  };
}

function redacted(change: AttributeChange): AttributeChange {
  if (!isSensitive(change.path)) return change;
  const { before: _before, after: _after, ...rest } = change;
  return { ...rest, sensitive: true };
}

function identity(resource: GraphResource): Pick<ResourceChange, 'address' | 'type' | 'name'> {
  return { address: resource.address, type: resource.type, name: resource.name };
}
