import {
  bySeverity,
  type CustomerIntent,
  customerChanges,
  LIVE_STATE_RISKS,
  type ResourceChange,
  type Risk,
} from '../diff/index.js';
import type { Attributes, AttributeValue, GraphResource, ResourceGraph } from '../graph/index.js';
import { referencesIn, sameLeaf } from '../graph/index.js';
import type { ObservedCustomer, OrphanedResource } from './types.js';

/**
 * - modified: the cloud differs from the spec in an attribute neo reads;
 * - missing: the spec has it, the cloud does not;
 * - unmanaged: in the customer's VPC or zone, and not in the spec;
 * - orphaned: tagged for a customer id that has no file (reported apart, see DriftReport).
 */
export type DriftKind = 'modified' | 'missing' | 'unmanaged' | 'orphaned';

export interface DriftItem {
  kind: Exclude<DriftKind, 'orphaned'>;
  address: string;
  type: string;
  /** The cloud's id, when the cloud has it. */
  cloudId?: string;
  /** From the spec (before) to the cloud (after), with risks assessed. */
  change: ResourceChange;
  /** Unmanaged, but tagged by neo as this address: created by neo, no longer in the spec. */
  formerAddress?: string;
  /** Resources that drifted only because of this one (a terminated instance's attachments). */
  consequences: string[];
}

export interface CustomerDrift {
  customerId: string;
  /** The file a fix goes into. */
  file: string;
  items: DriftItem[];
  /** In the repository, not in the ledger, and nothing of it in the cloud: never applied. */
  notApplied?: true;
}

export interface DriftReport {
  formatVersion: 1;
  cloud: 'aws' | 'local';
  observedAt: string;
  customers: CustomerDrift[];
  orphans: OrphanedResource[];
  calls: Record<string, number>;
}

/** Drift of one customer: its observable desired graph against what the cloud holds. */
export function customerDrift(
  customerId: string,
  desired: ResourceGraph,
  observed: ObservedCustomer,
  intent: Exclude<CustomerIntent, 'removed'>,
): CustomerDrift {
  const file = `customers/${customerId}.yaml`;
  // Nothing applied, nothing there: not a customer whose every resource went missing.
  if (observed.notApplied) return { customerId, file, items: [], notApplied: true };
  const live = comparableGraph(desired, observed.graph);
  const changes = withoutEchoes(customerChanges(customerId, desired, live, intent));
  withRestoreRisks(changes, customerChanges(customerId, live, desired, intent), observed.unmanaged);
  const roots = rootCauses(changes, desired);
  const items: DriftItem[] = [];
  for (const change of changes) {
    const root = roots.get(change.address);
    if (root !== undefined) continue;
    const kind =
      change.action === 'create' ? 'unmanaged' : change.action === 'delete' ? 'missing' : 'modified';
    const cloudId = observed.cloudIds.get(change.address);
    items.push({
      kind,
      address: change.address,
      type: change.type,
      ...(cloudId === undefined ? {} : { cloudId }),
      change,
      ...(kind === 'unmanaged' && !observed.unmanaged.has(change.address)
        ? { formerAddress: change.address }
        : {}),
      consequences: [...roots].filter(([, r]) => r === change.address).map(([address]) => address),
    });
  }
  return { customerId, file, items };
}

/**
 * The changes that are drift. A resource that refers to a missing one is planned as changing,
 * as Terraform would plan it (the reference will be known only after the referent is created
 * again); against the live cloud that reads `spec ‹x.id› → live ‹x.id›`, the same on both
 * sides, so it is not drift. Such attributes are left out, and a change left with none goes.
 */
function withoutEchoes(changes: readonly ResourceChange[]): ResourceChange[] {
  return changes.flatMap((change) => {
    if (change.action === 'no-op') return [];
    if (change.action !== 'update' && change.action !== 'replace') return [change];
    const attributes = change.attributes.filter((a) => !sameLeaf(a.before, a.after));
    return attributes.length === 0 ? [] : [{ ...change, attributes }];
  });
}

const RESTORING = 'restoring the spec: ';

/** A risk of putting the resource back as the spec says, rather than one of the live state. */
export function restoresSpec(risk: Risk): boolean {
  return risk.reason.startsWith(RESTORING);
}

/**
 * Risks are told in the direction that matters for each: what the live state already is (SSH
 * open to the world, a server gone) and what restoring the spec will do (a resize's downtime,
 * a replacement that loses data). neo never touches unmanaged resources, so restoring them
 * has no risk.
 */
function withRestoreRisks(
  changes: ResourceChange[],
  restore: ResourceChange[],
  unmanaged: ReadonlySet<string>,
): void {
  const byAddress = new Map(restore.map((c) => [c.address, c]));
  for (const change of changes) {
    const live = change.risks.filter(
      (r) => r.severity !== 'customer-visible' || LIVE_STATE_RISKS.has(r.code),
    );
    const ahead = unmanaged.has(change.address)
      ? []
      : (byAddress.get(change.address)?.risks ?? []).filter((r) => r.severity !== 'security');
    const seen = new Set(live.map((r) => r.code));
    const restoring = ahead
      .filter((r) => !seen.has(r.code))
      .map((r) => ({ ...r, reason: `${RESTORING}${r.reason}` }));
    change.risks = [...live, ...restoring].sort(bySeverity);
  }
}

/**
 * The observed graph limited to what the spec sets: an attribute the spec leaves to AWS (an
 * EBS volume's default IOPS) is not drift. Tags are compared whole: a tag added in the console
 * is drift, Terraform would remove it.
 */
function comparableGraph(desired: ResourceGraph, observed: ResourceGraph): ResourceGraph {
  const resources = new Map<string, GraphResource>();
  for (const [address, resource] of observed.resources) {
    const counterpart = desired.resources.get(address);
    resources.set(
      address,
      counterpart === undefined
        ? resource
        : { ...resource, attributes: limitedTo(resource.attributes, counterpart.attributes) as Attributes },
    );
  }
  return { region: observed.region, resources };
}

function limitedTo(observed: AttributeValue, desired: AttributeValue | undefined): AttributeValue {
  if (!isRecord(observed) || !isRecord(desired)) return observed;
  const limited: Record<string, AttributeValue> = {};
  for (const key of Object.keys(desired)) {
    const value = observed[key];
    if (value !== undefined) limited[key] = key === 'tags' ? value : limitedTo(value, desired[key]);
  }
  return limited;
}

/**
 * A missing resource takes what hangs on it with it: a terminated instance's volume
 * attachments, EIP association and state; a released EIP's association and the DNS records
 * that pointed at its address. Those are reported under the missing resource, once.
 */
function rootCauses(changes: ResourceChange[], desired: ResourceGraph): Map<string, string> {
  const missing = new Set(changes.filter((c) => c.action === 'delete').map((c) => c.address));
  const causeOf = new Map<string, string>();
  for (const change of changes) {
    const cause = consequenceOf(change, desired, missing);
    if (cause !== undefined) causeOf.set(change.address, cause);
  }
  const root = (address: string): string => {
    const cause = causeOf.get(address);
    return cause === undefined || cause === address ? address : root(cause);
  };
  return new Map([...causeOf.keys()].map((address) => [address, root(address)]));
}

function consequenceOf(
  change: ResourceChange,
  desired: ResourceGraph,
  missing: Set<string>,
): string | undefined {
  const missingIn = (value: unknown) =>
    referencesIn(value)
      .map((r) => r.address)
      .find((address) => address !== change.address && missing.has(address));
  if (change.action === 'delete') {
    const attributes = desired.resources.get(change.address)?.attributes ?? {};
    return Object.values(attributes)
      .map(missingIn)
      .find((a) => a !== undefined);
  }
  if (change.action !== 'update' && change.action !== 'replace') return undefined;
  const causes = change.attributes.map((attribute) => missingIn(attribute.before));
  return causes.every((c) => c !== undefined) ? causes[0] : undefined;
}

function isRecord(value: AttributeValue | undefined): value is Record<string, AttributeValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
