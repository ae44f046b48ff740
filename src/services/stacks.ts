import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CustomerStack } from '../apply/index.js';
import { graphFromTerraform, type ResourceGraph } from '../graph/index.js';
import { type Customer, LAYOUT, type SpecRepository } from '../spec/index.js';

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

/** The drift records merged into the repository, by customer id: only apply's selection reads them. */
export async function driftRecords(root: string): Promise<Map<string, string>> {
  const dir = join(root, LAYOUT.driftDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  const records = names
    .filter((n) => n.endsWith('.md'))
    .map(async (name) => {
      return [name.slice(0, -'.md'.length), await readFile(join(dir, name), 'utf8')] as const;
    });
  return new Map(await Promise.all(records));
}
