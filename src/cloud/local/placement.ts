import { resourceKey } from './liveness.js';
import type { CloudFile, StoredResource } from './store.js';

/**
 * The cloud files after an apply. What the customer's previous state owned is replaced where it
 * lies (so a resource moved by hand into another file is updated there) or removed when no
 * longer applied; the rest lands in the customer's own file, sorted by type then id for
 * whoever edits it. Resources the state never owned are left as they are, wherever they are.
 * Only the files that can change are returned.
 */
export function placeResources(
  files: readonly CloudFile[],
  customerFile: string,
  owned: ReadonlySet<string>,
  applied: Iterable<StoredResource>,
): CloudFile[] {
  const byKey = new Map([...applied].map((r) => [resourceKey(r), r]));
  const placed = new Set<string>();
  const replace = (resource: StoredResource): StoredResource[] => {
    const key = resourceKey(resource);
    if (!owned.has(key)) return [resource];
    const next = byKey.get(key);
    if (next === undefined) return [];
    placed.add(key);
    return [next];
  };
  const touched = files
    .filter((file) => file.name === customerFile || file.resources.some((r) => owned.has(resourceKey(r))))
    .map((file) => ({ name: file.name, resources: file.resources.flatMap(replace) }));
  const own = touched.find((file) => file.name === customerFile) ?? { name: customerFile, resources: [] };
  const unplaced = [...byKey].filter(([key]) => !placed.has(key)).map(([, resource]) => resource);
  const customer = { name: customerFile, resources: [...own.resources, ...unplaced].sort(byTypeThenId) };
  return [...touched.filter((file) => file.name !== customerFile), customer];
}

function byTypeThenId(a: StoredResource, b: StoredResource): number {
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
