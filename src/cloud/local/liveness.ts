import type { StoredResource } from './store.js';

/**
 * Attributes naming what a resource cannot outlive in AWS: a terminated instance takes its
 * volume attachments, Elastic IP association and state with it, a released Elastic IP its
 * association, a deleted security group its rules, a deleted zone its records.
 */
const PARENTS = [
  'instance_id',
  'volume_id',
  'allocation_id',
  'security_group_id',
  'zone_id',
  'route_table_id',
  'subnet_id',
] as const;

/**
 * The resources that still exist once dangling children are gone. A hand edit of a cloud file
 * can delete a parent and leave its children; AWS cannot, so neither may the local cloud.
 * Repeats until stable, since a vanished child can itself be a parent (instance → its state).
 */
export function liveResources(resources: readonly StoredResource[]): StoredResource[] {
  let live = [...resources];
  for (;;) {
    const ids = new Set(live.map((r) => r.id));
    const next = live.filter((r) => PARENTS.every((key) => parentExists(r.attributes[key], ids)));
    if (next.length === live.length) return next;
    live = next;
  }
}

function parentExists(value: unknown, ids: ReadonlySet<string>): boolean {
  return typeof value !== 'string' || ids.has(value);
}

/** How a resource is told apart across cloud files: ids are only unique within a type. */
export function resourceKey(resource: Pick<StoredResource, 'type' | 'id'>): string {
  return `${resource.type} ${resource.id}`;
}
