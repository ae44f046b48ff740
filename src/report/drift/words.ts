/** Wording shared by the drift renderers; sentences with user values in them take a `Quote`. */
import type { CustomerDrift, DriftItem, DriftReport, OrphanedResource } from '../../cloud/index.js';
import type { AttributeChange, Risk } from '../../diff/index.js';
import { headlineOf, leafText, plural, type Quote, sortedRisks } from '../words.js';

export type ItemKind = DriftItem['kind'];
export const ITEM_KINDS: readonly ItemKind[] = ['modified', 'missing', 'unmanaged'];
/** The longest kind: kinds padded to it line addresses up across the whole report. */
export const KIND_WIDTH = Math.max(...ITEM_KINDS.map((k) => k.length));

/** `2 modified, 1 unmanaged`, leaving out zeros. */
export function kindCounts(items: readonly DriftItem[]): string {
  const parts = ITEM_KINDS.map((kind) => [kind, items.filter((i) => i.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n.toLocaleString('en-US')} ${kind}`);
  return parts.length === 0 ? 'no drift' : parts.join(', ');
}

/** `Drift in 3 of 5 customers: 7 resources (4 modified, 1 missing, 2 unmanaged); 6 orphaned resources` */
export function driftHeadline(report: DriftReport): string {
  const drifted = report.customers.filter((c) => c.items.length > 0);
  const items = drifted.flatMap((c) => c.items);
  const orphans =
    report.orphans.length === 0 ? '' : `; ${plural(report.orphans.length, 'orphaned resource')}`;
  const waiting = notApplied(report).length;
  // Customers never applied cannot drift: they are counted apart.
  const compared = report.customers.length - waiting;
  const tail = `${orphans}${waiting === 0 ? '' : `; ${waiting.toLocaleString('en-US')} not applied yet`}`;
  if (compared === 0 && waiting > 0) return `${plural(waiting, 'customer')}, none applied yet${orphans}`;
  if (drifted.length === 0) return `No drift in ${plural(compared, 'customer')}${tail}`;
  const of = `${drifted.length.toLocaleString('en-US')} of ${plural(compared, 'customer')}`;
  return `Drift in ${of}: ${plural(items.length, 'resource')} (${kindCounts(items)})${tail}`;
}

/** Customers in the repository that neo never applied: nothing of theirs can have drifted. */
export function notApplied(report: DriftReport): string[] {
  return report.customers.filter((c) => c.notApplied).map((c) => c.customerId);
}

/** `not applied yet: a, b (no record of an apply, nothing in the cloud: neo apply creates them)` */
export function notAppliedLine(ids: readonly string[], quote: Quote): string {
  const them = ids.length === 1 ? 'it' : 'them';
  return `not applied yet: ${ids.map(quote.code).join(', ')} (no record of an apply and nothing in the cloud: neo apply creates ${them})`;
}

/** `2026-11-25 03:00 UTC`: minutes are enough to match a report with the console's history. */
export function observedText(observedAt: string): string {
  const date = new Date(observedAt);
  if (Number.isNaN(date.getTime())) return observedAt;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function cloudText(cloud: DriftReport['cloud']): string {
  return cloud === 'aws' ? 'aws' : 'the local cloud';
}

/** `aws · observed 2026-11-25 03:00 UTC · 1,168 API calls (ec2 58, route53 1,110)` */
export function driftFooter(report: DriftReport): string {
  const services = Object.entries(report.calls).sort(([a], [b]) => a.localeCompare(b));
  const total = services.reduce((sum, [, n]) => sum + n, 0);
  const each = services.map(([service, n]) => `${service} ${n.toLocaleString('en-US')}`).join(', ');
  const calls = services.length === 0 ? '' : ` · ${plural(total, 'API call')} (${each})`;
  return `${cloudText(report.cloud)} · observed ${observedText(report.observedAt)}${calls}`;
}

/** The risks of a customer's drift, what nobody asked for and the worst first, as in the plan. */
export function customerRisks(customer: CustomerDrift): Risk[] {
  return sortedRisks(customer.items.flatMap((i) => i.change.risks));
}

/** In a plan: the addresses of the drift items its change adopts (none in a drift report). */
export const NOTHING_ADOPTED: ReadonlySet<string> = new Set();

/**
 * What an item is, after its address: `1 attribute differs from the spec`, `in the spec, gone…`;
 * in a plan whose change `adopted` it, that applying leaves it as it is.
 */
export function itemVerdict(item: DriftItem, customerId: string, quote: Quote, adopted = false): string {
  const verdict = driftVerdict(item, customerId, quote, adopted);
  return adopted ? `${verdict} — adopted by this change: applying leaves it as it is` : verdict;
}

function driftVerdict(item: DriftItem, customerId: string, quote: Quote, adopted: boolean): string {
  switch (item.kind) {
    case 'modified': {
      const n = item.change.attributes.length;
      const replaced = item.change.action === 'replace' && !adopted ? '; apply replaces it' : '';
      return `${plural(n, 'attribute')} ${n === 1 ? 'differs' : 'differ'} from the spec${replaced}`;
    }
    case 'missing': {
      const withIt = item.consequences.map(quote.code).join(', ');
      return `in the spec, gone from the cloud${withIt === '' ? '' : `; with it: ${withIt}`}`;
    }
    case 'unmanaged': {
      // Tagged as the address it still has: naming it twice would say nothing.
      if (item.formerAddress === item.address) return 'created by neo, no longer in the spec';
      if (item.formerAddress !== undefined)
        return `created by neo as ${quote.code(item.formerAddress)}, no longer in the spec`;
      const scope = item.type.startsWith('aws_route53_') ? 'zone' : 'VPC';
      return `in ${quote.text(customerId)}'s ${scope}, not created by neo`;
    }
  }
}

/**
 * What an unmanaged or missing resource is (instance type, CIDR, ports, record), and its Name
 * tag: what someone searching the console for it sees first.
 */
export function keyAttributes(item: DriftItem): string {
  if (item.kind === 'modified') return '';
  const name = item.change.attributes.find((a) => a.path === 'tags.Name' && !a.sensitive);
  const value = name?.after ?? name?.before;
  const tag = value === undefined ? [] : [`Name ${leafText(value)}`];
  return [headlineOf(item.change), ...tag].filter((p) => p !== '').join(' · ');
}

export interface AttributeDrift {
  path: string;
  spec: string;
  live: string;
  forcesReplacement: boolean;
}

/**
 * A modified item's attributes, spec against live. Sensitive values are absent from the data.
 * Nothing forces a replacement where the change `adopted` the item: it is not restored.
 */
export function attributeDrifts(item: DriftItem, adopted = false): AttributeDrift[] {
  if (item.kind !== 'modified') return [];
  return item.change.attributes.map((a) => ({
    path: a.path,
    spec: side(a, a.before),
    live: side(a, a.after),
    forcesReplacement: a.forcesReplacement === true && !adopted,
  }));
}

function side(attribute: AttributeChange, value: AttributeChange['before']): string {
  if (attribute.sensitive) return '(sensitive)';
  return value === undefined ? '—' : leafText(value);
}

/** Orphans per customer id that has no file, ids in order, resources by type and id. */
export function orphanGroups(orphans: readonly OrphanedResource[]): Array<[string, OrphanedResource[]]> {
  const groups = new Map<string, OrphanedResource[]>();
  for (const orphan of orphans) {
    const group = groups.get(orphan.customerId) ?? [];
    group.push(orphan);
    groups.set(orphan.customerId, group);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, list]) => [id, list.sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id))]);
}

/** `tagged neo:customer=oldco, which has no customers/oldco.yaml — still billed` */
export function orphanReason(customerId: string, quote: Quote): string {
  return `tagged ${quote.code(`neo:customer=${customerId}`)}, which has no ${quote.code(`customers/${customerId}.yaml`)} — still billed`;
}

/** Route53 is global: its resources have no region. */
export function regionText(orphan: OrphanedResource): string {
  return orphan.region ?? 'global';
}
