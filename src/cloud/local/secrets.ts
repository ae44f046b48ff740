import { createHash } from 'node:crypto';
import type { Attributes, AttributeValue, GraphResource, ResourceGraph } from '../../graph/index.js';
import { isSensitive } from '../../graph/index.js';

/**
 * The graph with every secret (user data, passwords) replaced by `sha256:<hex>` of its value.
 * AWS keeps user data, but neo's files must never hold a secret in clear; a hash still changes
 * when the secret does, so the diff sees the change without seeing the value.
 */
export function sealGraph(graph: ResourceGraph): ResourceGraph {
  const resources = new Map<string, GraphResource>();
  for (const [address, resource] of graph.resources) {
    resources.set(address, { ...resource, attributes: sealAttributes(resource.attributes) });
  }
  return { region: graph.region, resources };
}

function sealAttributes(attributes: Attributes): Attributes {
  return Object.fromEntries(
    Object.entries(attributes).map(([key, value]) => [
      key,
      isSensitive(key) ? seal(value) : sealNested(value),
    ]),
  );
}

function sealNested(value: AttributeValue): AttributeValue {
  if (Array.isArray(value)) return value.map(sealNested);
  if (value !== null && typeof value === 'object') return sealAttributes(value);
  return value;
}

/** Flags and numbers (`manage_master_user_password: true`) are no secret: only text is hashed. */
function seal(value: AttributeValue): AttributeValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}
