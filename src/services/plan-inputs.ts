import { join } from 'node:path';
import { graphFromTerraform, type ResourceGraph, stackDigest } from '../graph/index.js';
import {
  affectedCustomers,
  type ChangedFile,
  type CustomerSides,
  DEFAULT_BLAST_RADIUS,
  type PlanInputs,
  type PlanSide,
  type SharedSpecs,
  stateMove,
} from '../plan/index.js';
import {
  type Customer,
  hasErrors,
  LAYOUT,
  type PlatformSpec,
  parseSpecFile,
  resolveCustomers,
  type SpecRepository,
  type SpecSource,
  validateRepository,
} from '../spec/index.js';
import { type BaseStacks, stacksWithBaseCode } from './base-stacks.js';
import { packageRisks, providerLockRisks } from './code-risks.js';
import type { RepositoryCommit } from './commits.js';
import type { CommandContext } from './context.js';

/** The two sides of a plan, as the command found them. */
export interface PlanSources {
  root: string;
  head: { side: PlanSide; source: SpecSource; repository: SpecRepository };
  /** Absent on a first run (no commit to compare with). */
  base?: { side: PlanSide; source: SpecSource; changed: ChangedFile[]; commit: RepositoryCommit };
  allowBlastRadius: boolean;
  /** What the command found worth saying before planning (e.g. that no base was found). */
  notes: string[];
}

/**
 * Everything `assemblePlan` needs: the customers that can differ, their specs at both sides,
 * and their stacks synthesized (through the stack cache, so unchanged stacks cost nothing).
 */
export async function planInputs(sources: PlanSources, context: CommandContext): Promise<PlanInputs> {
  const { head, base } = sources;
  const platform = head.repository.platform?.data;
  if (platform === undefined) throw new Error('planInputs needs a valid head repository');
  const headCustomers = resolveCustomers(head.repository);
  const notes = [...sources.notes];
  const affected =
    base === undefined
      ? { ids: headCustomers.map((c) => c.id), codeChanged: [], driftRecords: [] }
      : affectedCustomers(base.changed, headCustomers, {
          before: await sharedSpecs(base.source),
          after: sharedOf(head.repository),
        });
  const ids = new Set(affected.ids);
  const before =
    base === undefined
      ? { customers: [], repository: undefined }
      : await baseCustomers(base.source, ids, context, notes);
  const afterById = new Map(headCustomers.filter((c) => ids.has(c.id)).map((c) => [c.id, c]));
  const beforeById = new Map(before.customers.map((c) => [c.id, c]));
  const baseCode =
    base !== undefined && affected.codeChanged.length > 0
      ? await stacksWithBaseCode(sources.root, base.commit, [...beforeById.keys()], context)
      : undefined;
  if (baseCode !== undefined) notes.push(codeChangeNote(affected.codeChanged, baseCode));
  if (affected.driftRecords.length > 0) notes.push(driftRecordNote(affected.driftRecords));
  const graphs = await synthesizeSides(
    sources,
    { repository: head.repository, customers: [...afterById.values()] },
    { repository: before.repository, customers: [...beforeById.values()] },
    baseCode?.ok === true ? baseCode.stacks : undefined,
  );
  const compared: CustomerSides[] = [...ids].sort().map((customerId) => {
    const old = beforeById.get(customerId);
    const next = afterById.get(customerId);
    return {
      customerId,
      ...(old === undefined
        ? {}
        : {
            before: {
              customer: old,
              graph: graphs.before.get(customerId) as ResourceGraph,
              stackDigest: graphs.beforeDigests.get(customerId) as string,
            },
          }),
      ...(next === undefined
        ? {}
        : { after: { customer: next, graph: graphs.after.get(customerId) as ResourceGraph } }),
    };
  });
  const untouched = headCustomers.filter((c) => !ids.has(c.id));
  return {
    environment: platform.environment,
    ...(base === undefined ? {} : { base: base.side }),
    head: head.side,
    compared,
    customersBefore: base === undefined ? [] : [...untouched, ...before.customers],
    customersAfter: headCustomers,
    quotas: platform.quotas,
    // The limits a change is held to are the base's: a pull request cannot raise its own.
    limits: {
      ...DEFAULT_BLAST_RADIUS,
      ...(base === undefined ? platform.blastRadius : before.repository?.platform?.data.blastRadius),
    },
    allowBlastRadius: sources.allowBlastRadius,
    ...moved(base === undefined ? undefined : before.repository?.platform?.data, platform),
    risks: [...packageRisks(affected.codeChanged, baseCode), ...providerLockRisks(base?.changed ?? [])],
    notes,
  };
}

function moved(before: PlatformSpec | undefined, after: PlatformSpec): { stateMove?: string } {
  const move = stateMove(before?.stateBackend, after.stateBackend);
  return move === undefined ? {} : { stateMove: move };
}

/**
 * The affected customers as they were at base. Only their files (and the shared plans/ and
 * neo.yaml) are read and validated: the rest of the fleet is identical on both sides.
 */
async function baseCustomers(
  source: SpecSource,
  ids: ReadonlySet<string>,
  context: CommandContext,
  notes: string[],
): Promise<{ customers: Customer[]; repository?: SpecRepository }> {
  const validation = await validateRepository(onlyCustomers(source, ids), { schemas: context.schemas() });
  if (!hasErrors(validation.diagnostics)) {
    return { customers: resolveCustomers(validation.repository), repository: validation.repository };
  }
  const broken = new Set(validation.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
  const shared = [...broken].some((f) => !f.startsWith(`${LAYOUT.customersDir}/`));
  notes.push(
    shared
      ? `The specs at ${source.label} are invalid (${[...broken].join(', ')}), so every customer is compared as if it were new.`
      : `At ${source.label}, ${[...broken].join(', ')} ${broken.size === 1 ? 'was' : 'were'} invalid: compared as if new.`,
  );
  if (shared) return { customers: [] };
  const customers = [...validation.repository.customers].filter(([, file]) => !broken.has(file.path));
  const repository = { ...validation.repository, customers: new Map(customers) };
  return { customers: resolveCustomers(repository), repository };
}

/** A view of `source` in which customers/ holds only the given customers' files. */
function onlyCustomers(source: SpecSource, ids: ReadonlySet<string>): SpecSource {
  return {
    label: source.label,
    async list(dir) {
      const names = await source.list(dir);
      if (dir.replace(/\/$/, '') !== LAYOUT.customersDir) return names;
      return names.filter((name) => ids.has(name.replace(/\.yaml$/, '')));
    },
    read: (path) => source.read(path),
  };
}

async function sharedSpecs(source: SpecSource): Promise<SharedSpecs> {
  const data = async (path: string, key: string) => {
    const bytes = await source.read(path);
    if (bytes === undefined) return undefined;
    const parsed = parseSpecFile(path, bytes);
    const value = parsed.ok ? (parsed.data as Record<string, unknown> | null)?.[key] : undefined;
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  };
  const addons = await data(`${LAYOUT.plansDir}/addons.yaml`, 'addons');
  const images = await data(`${LAYOUT.plansDir}/images.yaml`, 'images');
  return { ...(addons === undefined ? {} : { addons }), ...(images === undefined ? {} : { images }) };
}

function sharedOf(repository: SpecRepository): SharedSpecs {
  const addons = repository.addons?.data.addons as Record<string, unknown> | undefined;
  const images = repository.images?.data.images as Record<string, unknown> | undefined;
  return { ...(addons === undefined ? {} : { addons }), ...(images === undefined ? {} : { images }) };
}

function codeChangeNote(paths: readonly string[], baseCode: BaseStacks): string {
  const files = `${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ', …' : ''}`;
  if (baseCode.ok && baseCode.packages.kind === 'head')
    return `neo's own code changed (${files}): the base side was built with the base commit's code but this checkout's packages, as the base lockfile could not be installed (${baseCode.packages.reason}), so this plan shows what the code change does, not what the package change does.`;
  return baseCode.ok
    ? `neo's own code changed (${files}): the base side was built with the base commit's code${baseCode.packages.kind === 'own' ? ' and its own packages' : ''}, so this plan includes what the code change does to every customer.`
    : `neo's own code changed (${files}), but the base commit's code could not be run (${baseCode.reason}): both sides are built with the new code, so this plan shows what the spec changes do, not what the code change does. The apply compares with what was last applied and catches it.`;
}

interface Side {
  repository: SpecRepository | undefined;
  customers: Customer[];
}

/** Graphs of both sides; base stacks already built (by the base commit's code) are used as they are. */
async function synthesizeSides(
  { root }: PlanSources,
  after: Side,
  before: Side,
  builtBefore: ReadonlyMap<string, string> | undefined,
): Promise<{
  before: Map<string, ResourceGraph>;
  after: Map<string, ResourceGraph>;
  beforeDigests: Map<string, string>;
}> {
  const synth = await import('../synth/index.js');
  const backend = () => ({ kind: 's3' as const });
  const inputsOf = (side: Side) =>
    side.repository === undefined ? [] : synth.stackInputs(side.repository, side.customers, backend);
  const afterInputs = inputsOf(after);
  const beforeInputs = builtBefore === undefined ? inputsOf(before) : [];
  const stacks = await synth.synthesizeFleet([...afterInputs, ...beforeInputs], {
    cache: synth.directoryCache(join(root, '.neo/cache/stacks')),
    codeVersion: synth.synthCodeVersion(),
  });
  const graphs = stacks.map((s) => [s.customerId, graphFromTerraform(s.json)] as const);
  const beforeJson =
    builtBefore ?? new Map(stacks.slice(afterInputs.length).map((s) => [s.customerId, s.json]));
  const beforeGraphs =
    builtBefore === undefined
      ? new Map(graphs.slice(afterInputs.length))
      : new Map([...builtBefore].map(([id, json]) => [id, graphFromTerraform(json)] as const));
  return {
    after: new Map(graphs.slice(0, afterInputs.length)),
    before: beforeGraphs,
    beforeDigests: new Map([...beforeJson].map(([id, json]) => [id, stackDigest(json)])),
  };
}

/** A drift pull request changes no stack: what merging it does is re-apply, restoring the spec. */
function driftRecordNote(customerIds: readonly string[]): string {
  const who = customerIds.join(', ');
  const records = customerIds.length === 1 ? 'drift record' : 'drift records';
  return `The ${records} of ${who} changed: merging re-applies ${customerIds.length === 1 ? 'it' : 'them'}, which puts the cloud back to the spec (neo apply re-applies a customer whose drift record changed). What drifted is in the pull request's description, and below when the plan reads the live cloud (--cloud).`;
}
