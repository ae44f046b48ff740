import { join } from 'node:path';
import type { CustomerStack } from '../apply/index.js';
import { graphFromTerraform, type ResourceGraph } from '../diff/index.js';
import type { Customer, SpecRepository } from '../spec/index.js';

/** Desired graphs of the given customers, synthesized through the stack cache. */
export async function desiredGraphs(
  root: string,
  repository: SpecRepository,
  customers: readonly Customer[],
): Promise<Map<string, ResourceGraph>> {
  const stacks = await customerStacks(root, repository, customers);
  return new Map(stacks.map(({ stack }) => [stack.customerId, stack.graph]));
}

/**
 * The given customers' stacks as Terraform JSON (S3 backend, as applied), through the stack
 * cache, in the order given. Graphs are parsed on first use: most stacks of a run only have
 * their JSON hashed.
 */
export async function customerStacks(
  root: string,
  repository: SpecRepository,
  customers: readonly Customer[],
): Promise<CustomerStack[]> {
  const synth = await import('../synth/index.js');
  const inputs = synth.stackInputs(repository, [...customers], () => ({ kind: 's3' as const }));
  const built = await synth.synthesizeFleet(inputs, {
    cache: synth.directoryCache(join(root, '.neo/cache/stacks')),
    codeVersion: synth.synthCodeVersion(),
  });
  return built.map((stack, i) => ({
    customer: customers[i] as Customer,
    stack: {
      customerId: stack.customerId,
      json: stack.json,
      get graph() {
        const graph = graphFromTerraform(stack.json);
        Object.defineProperty(this, 'graph', { value: graph });
        return graph;
      },
    },
  }));
}
