import { join } from 'node:path';
import { graphFromTerraform, type ResourceGraph } from '../diff/index.js';
import type { Customer, SpecRepository } from '../spec/index.js';

/** Desired graphs of the given customers, synthesized through the stack cache. */
export async function desiredGraphs(
  root: string,
  repository: SpecRepository,
  customers: readonly Customer[],
): Promise<Map<string, ResourceGraph>> {
  const synth = await import('../synth/index.js');
  const inputs = synth.stackInputs(repository, [...customers], () => ({ kind: 's3' as const }));
  const stacks = await synth.synthesizeFleet(inputs, {
    cache: synth.directoryCache(join(root, '.neo/cache/stacks')),
    codeVersion: synth.synthCodeVersion(),
  });
  return new Map(stacks.map((s) => [s.customerId, graphFromTerraform(s.json)]));
}
