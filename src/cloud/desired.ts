import type { Attributes, AttributeValue, GraphResource, ResourceGraph } from '../graph/index.js';
import { OBSERVED_ATTRIBUTES } from './observed-attributes.js';
import { resolveReferences } from './references.js';

/**
 * The part of a desired stack a cloud can be compared with: the observed types, their observed
 * attributes, and references to what the stack sets itself resolved to those values (an
 * instance's `key_name` is the key pair's configured name; the key pair itself is not read).
 * References to what the cloud computes (ids, public IPs) stay tokens: the observed side turns
 * raw ids into the same tokens.
 */
export function observableGraph(graph: ResourceGraph): ResourceGraph {
  const configured = (address: string, attribute: string): AttributeValue | undefined => {
    const value = graph.resources.get(address)?.attributes[attribute];
    return typeof value === 'string' || typeof value === 'number' ? value : undefined;
  };
  const resources = new Map<string, GraphResource>();
  for (const resource of graph.resources.values()) {
    const observed = OBSERVED_ATTRIBUTES[resource.type];
    if (observed === undefined) continue;
    const attributes: Attributes = {};
    for (const name of [...observed, 'region']) {
      const value = resource.attributes[name];
      if (value !== undefined) attributes[name] = resolveReferences(value, configured);
    }
    resources.set(resource.address, { ...resource, attributes });
  }
  return { region: graph.region, resources };
}
