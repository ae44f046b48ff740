import type { Attributes, AttributeValue, Scalar } from './graph.js';

/** A leaf of an attribute tree: a scalar, or a list of scalars compared as a whole. */
export type Leaf = Scalar | Scalar[];

/**
 * Attributes holding a JSON document (IAM policies, dashboards). They are compared and shown
 * statement by statement instead of as one long string.
 */
const JSON_DOCUMENTS = new Set(['policy', 'assume_role_policy', 'dashboard_body']);

/**
 * The attribute tree as `path → leaf`, paths like `root_block_device.volume_size`,
 * `tags.Name`, `rule[0].expiration[0].days`, `policy.Statement[1].Action`.
 */
export function flatten(attributes: Attributes): Map<string, Leaf> {
  const leaves = new Map<string, Leaf>();
  for (const [key, value] of Object.entries(attributes)) {
    walk(leaves, key, JSON_DOCUMENTS.has(key) ? parseDocument(value) : value);
  }
  return leaves;
}

/**
 * Attributes Terraform holds as sets: their order means nothing, so they are compared (and
 * shown) sorted. A reordered list of subnets is not a change.
 */
const SETS =
  /(^|\.)(subnet_ids|vpc_security_group_ids|security_group_ids|records|alarm_actions|ok_actions|insufficient_data_actions|subscriber_email_addresses|resource_types)$/;

function walk(leaves: Map<string, Leaf>, path: string, value: AttributeValue): void {
  if (Array.isArray(value)) {
    if (value.every(isScalar))
      leaves.set(path, SETS.test(path) ? [...(value as Scalar[])].sort() : (value as Scalar[]));
    else for (const [i, item] of value.entries()) walk(leaves, `${path}[${i}]`, item);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) walk(leaves, `${path}.${key}`, inner);
    return;
  }
  leaves.set(path, value);
}

function parseDocument(value: AttributeValue): AttributeValue {
  if (typeof value !== 'string' || !value.startsWith('{')) return value;
  try {
    return JSON.parse(value) as AttributeValue;
  } catch {
    return value;
  }
}

function isScalar(value: AttributeValue): value is Scalar {
  return value === null || typeof value !== 'object';
}

/** The top-level attribute a path belongs to: `root_block_device` for `root_block_device.iops`. */
export function topAttribute(path: string): string {
  return /^[^.[]+/.exec(path)?.[0] ?? path;
}

export function sameLeaf(a: Leaf | undefined, b: Leaf | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}
