import { graphFromTerraform } from '../../src/graph/index.js';
import {
  affectedCustomers,
  assemblePlan,
  type ChangedFile,
  type CustomerSides,
  DEFAULT_BLAST_RADIUS,
  type Plan,
} from '../../src/plan/index.js';
import {
  type Customer,
  loadSchemas,
  resolveCustomers,
  type SpecRepository,
  validateRepository,
} from '../../src/spec/index.js';
import { stackInputs, synthesizeStack } from '../../src/synth/index.js';
import { memorySource } from './repository.js';

export type Files = Map<string, string>;

/** A copy of `files` with text replaced in one file; fails loudly when the text is not there. */
export function edit(files: Files, path: string, from: string | RegExp, to: string): Files {
  const text = files.get(path);
  if (text === undefined) throw new Error(`no ${path} to edit`);
  const next = text.replace(from, () => to);
  if (next === text) throw new Error(`${path} does not contain ${String(from)}`);
  return new Map(files).set(path, next);
}

async function valid(files: Files): Promise<{ repository: SpecRepository; customers: Customer[] }> {
  const { repository, diagnostics } = await validateRepository(memorySource(files), {
    schemas: loadSchemas(),
  });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`specs are invalid: ${JSON.stringify(errors, null, 2)}`);
  return { repository, customers: resolveCustomers(repository) };
}

/**
 * The plan between two in-memory repositories, through the real pipeline: validation, the
 * affected-customer selection, synthesis of both sides, diff and assembly. `base` undefined is
 * a first run.
 */
export async function planBetween(
  base: Files | undefined,
  head: Files,
  options: { allowBlastRadius?: boolean } = {},
): Promise<Plan> {
  const after = await valid(head);
  const before = base === undefined ? undefined : await valid(base);
  const changed: ChangedFile[] = [];
  for (const path of new Set([...(base?.keys() ?? []), ...head.keys()])) {
    const old = base?.get(path);
    const next = head.get(path);
    if (old === next) continue;
    changed.push({ path, change: old === undefined ? 'added' : next === undefined ? 'deleted' : 'modified' });
  }
  const ids =
    before === undefined
      ? after.customers.map((c) => c.id)
      : affectedCustomers(changed, after.customers, {
          before: {
            addons: before.repository.addons?.data.addons,
            images: before.repository.images?.data.images,
          },
          after: {
            addons: after.repository.addons?.data.addons,
            images: after.repository.images?.data.images,
          },
        }).ids;
  const graphOf = (side: { repository: SpecRepository; customers: Customer[] } | undefined, id: string) => {
    const customer = side?.customers.find((c) => c.id === id);
    if (side === undefined || customer === undefined) return undefined;
    const [inputs] = stackInputs(side.repository, [customer], () => ({ kind: 's3' }));
    if (inputs === undefined) throw new Error(`no inputs for ${id}`);
    return { customer, graph: graphFromTerraform(synthesizeStack(inputs).json) };
  };
  const compared: CustomerSides[] = ids.map((customerId) => {
    const old = graphOf(before, customerId);
    const next = graphOf(after, customerId);
    return {
      customerId,
      ...(old === undefined ? {} : { before: old }),
      ...(next === undefined ? {} : { after: next }),
    };
  });
  const platform = after.repository.platform?.data;
  if (platform === undefined) throw new Error('no neo.yaml');
  const affected = new Set(ids);
  return assemblePlan({
    environment: platform.environment,
    ...(base === undefined
      ? {}
      : { base: { label: 'main', commit: '4b825dc642cb6eb9a060e54bf8d69288fbee4904' } }),
    head: { label: 'feature', commit: '1f0e3dad99908345f7439f8ffabdffc4f8f0e4a2' },
    compared,
    customersBefore:
      before === undefined
        ? []
        : [
            ...after.customers.filter((c) => !affected.has(c.id)),
            ...before.customers.filter((c) => affected.has(c.id)),
          ],
    customersAfter: after.customers,
    quotas: platform.quotas,
    limits: { ...DEFAULT_BLAST_RADIUS, ...platform.blastRadius },
    allowBlastRadius: options.allowBlastRadius ?? false,
  });
}
