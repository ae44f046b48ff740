import type { CloudResource } from '../../src/cloud/index.js';
import type { Attributes, GraphResource, ResourceGraph } from '../../src/graph/index.js';

/** One resource as an observer reports it; only what a case needs is given. */
export function cloudResource(
  type: string,
  id: string,
  parts: Partial<Omit<CloudResource, 'type' | 'id'>> = {},
): CloudResource {
  return {
    type,
    id,
    tags: {},
    attributes: {},
    exports: { id },
    scope: {},
    ...parts,
  };
}

/** A Terraform reference, written so no lint mistakes it for a template. */
export function ref(expression: string): string {
  return `\${${expression}}`;
}

/** The `neo:` tags an apply puts on a resource it creates. */
export function neoTags(customerId: string, address: string): Record<string, string> {
  return { 'neo:customer': customerId, 'neo:resource': address };
}

/** A desired graph of the given resources, in us-east-2 as the example customers are. */
export function graphOf(resources: Array<[address: string, attributes: Attributes]>): ResourceGraph {
  return {
    region: 'us-east-2',
    resources: new Map(
      resources.map(([address, attributes]) => [address, graphResource(address, attributes)]),
    ),
  };
}

export function graphResource(address: string, attributes: Attributes): GraphResource {
  const dot = address.indexOf('.');
  return {
    address,
    type: address.slice(0, dot),
    name: address.slice(dot + 1),
    attributes,
    ignoreChanges: [],
    preventDestroy: false,
  };
}
