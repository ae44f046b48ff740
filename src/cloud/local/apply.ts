import { diff, type ResourceChange } from '../../diff/index.js';
import {
  type Attributes,
  addressType,
  emptyGraph,
  type GraphResource,
  type ResourceGraph,
} from '../../graph/index.js';
import { liftDeletionProtection, refuseProtectedDatabases } from './deletion-protection.js';
import { type IdGenerator, idPrefix, randomIds } from './ids.js';
import { resourceKey } from './liveness.js';
import { hasDerivedId, materialize } from './materialize.js';
import { placeResources } from './placement.js';
import { withReverts } from './reverts.js';
import { sealGraph } from './secrets.js';
import type { CustomerState, LocalStore, StoredResource } from './store.js';
import { refuseTakenBucketNames } from './unique-names.js';

export interface ApplyOptions {
  /** Makes the ids of new resources; random AWS-like ids by default. */
  ids?: IdGenerator;
}

/** What applying a customer's graph would do, and the write that does it. */
export interface LocalPlan {
  /** The changes, hand edits to revert included (as updates): "2 to add, 1 to change". */
  changes: ResourceChange[];
  /**
   * Writes the cloud files and the state. Throws, writing nothing, where AWS would fail the
   * apply though the plan was fine (a bucket name already taken).
   */
  write(): Promise<void>;
}

/**
 * Plans a customer's desired graph against the local cloud as Terraform would: refresh (what
 * was deleted by hand is gone from the state), then diff. Every applied resource is rewritten
 * from its configuration, so hand edits of the customer's resources are reverted even where the
 * diff sees nothing to do. Throws, writing nothing, where Terraform would refuse to (a
 * replacement of a `prevent_destroy` resource).
 */
export async function planLocal(
  store: LocalStore,
  customerId: string,
  desired: ResourceGraph,
  options: ApplyOptions = {},
): Promise<LocalPlan> {
  const [state, present] = await Promise.all([store.readState(customerId), store.liveResourceFiles()]);
  const refreshed = stateGraph(state, present);
  const wanted = sealGraph(desired);
  const changes = diff(refreshed, wanted);
  refuseProtected(customerId, changes);
  const applied = withIgnoredKept(wanted, refreshed, changes);
  const resources = materialize(applied, decideIds(changes, state, options.ids ?? randomIds));
  const owned = new Set(
    Object.entries(state.resources).map(([a, e]) => resourceKey({ type: addressType(a), id: e.id })),
  );
  const files = await store.filesHolding(owned, `${customerId}.json`);
  return {
    changes: withReverts(changes, resources, files),
    write: async () => {
      refuseProtectedDatabases(customerId, state, changes);
      await refuseTakenBucketNames(store, customerId, changes, resources, owned);
      for (const file of placeResources(files, `${customerId}.json`, owned, resources.values())) {
        await store.writeCloud(file);
      }
      await store.writeState(stateOf(customerId, applied, resources));
    },
  };
}

/** Plans and writes at once; returns the changes. */
export async function applyLocal(
  store: LocalStore,
  customerId: string,
  desired: ResourceGraph,
  options: ApplyOptions = {},
): Promise<ResourceChange[]> {
  const plan = await planLocal(store, customerId, desired, options);
  await plan.write();
  return plan.changes;
}

/**
 * Removes a customer from the local cloud: every resource its state owns, then the state. Like
 * an operator removing everything by hand, it lifts its databases' deletion protection first.
 */
export async function destroyLocal(store: LocalStore, customerId: string): Promise<ResourceChange[]> {
  const databases = Object.keys((await store.readState(customerId)).resources).filter((a) =>
    a.startsWith('aws_db_instance.'),
  );
  await liftDeletionProtection(store, customerId, databases);
  return applyLocal(store, customerId, emptyGraph());
}

/** The state as a graph of the desired graph's shape, without what no longer exists. */
function stateGraph(state: CustomerState, present: ReadonlyMap<string, string>): ResourceGraph {
  const graph = emptyGraph();
  for (const [address, entry] of Object.entries(state.resources)) {
    const type = addressType(address);
    if (!present.has(resourceKey({ type, id: entry.id }))) continue;
    const name = address.slice(type.length + 1);
    graph.resources.set(address, {
      address,
      type,
      name,
      attributes: entry.config,
      ignoreChanges: [],
      preventDestroy: false,
    });
  }
  return graph;
}

function refuseProtected(customerId: string, changes: readonly ResourceChange[]): void {
  const refused = changes.filter((c) => c.destroyRefused).map((c) => c.address);
  if (refused.length === 0) return;
  throw new Error(
    `${customerId}: nothing applied, ${refused.join(', ')} would be replaced but ` +
      'lifecycle.prevent_destroy forbids destroying it (as Terraform refuses to)',
  );
}

/**
 * What the apply leaves configured: the desired graph, except that an existing resource keeps
 * the applied value of an attribute under `ignore_changes` (a new golden image does not rebuild
 * a running server, in the cloud or in the state).
 */
function withIgnoredKept(
  wanted: ResourceGraph,
  refreshed: ResourceGraph,
  changes: readonly ResourceChange[],
): ResourceGraph {
  const kept = new Set(
    changes.filter((c) => c.action === 'update' || c.action === 'no-op').map((c) => c.address),
  );
  const resources = new Map<string, GraphResource>();
  for (const [address, resource] of wanted.resources) {
    const before = refreshed.resources.get(address)?.attributes;
    const keep = kept.has(address) && before !== undefined ? pick(before, resource.ignoreChanges) : {};
    resources.set(address, { ...resource, attributes: { ...resource.attributes, ...keep } });
  }
  return { region: wanted.region, resources };
}

function pick(attributes: Attributes, names: readonly string[]): Attributes {
  const picked: Attributes = {};
  for (const name of names) {
    const value = attributes[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/**
 * Cloud ids after the apply: kept for what is updated in place, new for what is created or
 * replaced (except ids `materialize` derives from what the resource connects).
 */
function decideIds(
  changes: readonly ResourceChange[],
  state: CustomerState,
  generate: IdGenerator,
): Map<string, string> {
  const ids = new Map<string, string>();
  for (const change of changes) {
    const existing = state.resources[change.address]?.id;
    if ((change.action === 'update' || change.action === 'no-op') && existing !== undefined) {
      ids.set(change.address, existing);
    } else if ((change.action === 'create' || change.action === 'replace') && !hasDerivedId(change.type)) {
      ids.set(change.address, generate(idPrefix(change.type)));
    }
  }
  return ids;
}

function stateOf(
  customerId: string,
  applied: ResourceGraph,
  resources: ReadonlyMap<string, StoredResource>,
): CustomerState {
  const entries = [...resources].map(([address, resource]) => {
    const config = applied.resources.get(address)?.attributes ?? {};
    return [address, { id: resource.id, config }] as const;
  });
  return { customer: customerId, resources: Object.fromEntries(entries) };
}
