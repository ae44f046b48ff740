import { diff, type ResourceChange } from '../../diff/index.js';
import type { ResourceGraph } from '../../graph/index.js';
import { resourceKey } from './liveness.js';
import type { CloudFile, StoredResource } from './store.js';

/**
 * The state alone says "no-op" for a resource someone edited by hand; the apply rewrites it
 * anyway. Like Terraform after its refresh, that is reported as an update, with the attributes
 * it puts back (`instance_type: t3.xlarge → t3.medium`).
 */
export function withReverts(
  changes: readonly ResourceChange[],
  applied: ReadonlyMap<string, StoredResource>,
  files: readonly CloudFile[],
): ResourceChange[] {
  const existing = new Map(files.flatMap((f) => f.resources.map((r) => [resourceKey(r), r] as const)));
  return changes.map((change) => {
    const next = applied.get(change.address);
    const old = next === undefined ? undefined : existing.get(resourceKey(next));
    if (change.action !== 'no-op' || next === undefined || old === undefined) return change;
    const [reverted] = diff(single(change, old), single(change, next));
    const attributes = reverted?.attributes ?? [];
    return attributes.length === 0 ? change : { ...change, action: 'update', attributes };
  });
}

function single(change: ResourceChange, resource: StoredResource): ResourceGraph {
  const { address, type, name } = change;
  const attributes = { ...resource.attributes, tags: resource.tags };
  return {
    region: resource.region,
    resources: new Map([
      [address, { address, type, name, attributes, ignoreChanges: [], preventDestroy: false }],
    ]),
  };
}
