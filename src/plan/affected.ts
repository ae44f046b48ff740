import type { Customer } from '../spec/index.js';

/** A file that differs between the two sides of the plan, relative to the repository root. */
export interface ChangedFile {
  path: string;
  change: 'added' | 'modified' | 'deleted';
}

/** The shared catalogs on one side, as parsed data (undefined when missing or unreadable). */
export interface SharedSpecs {
  addons?: Record<string, unknown>;
  images?: Record<string, unknown>;
}

export interface AffectedCustomers {
  /** Customers whose stacks may differ, sorted. */
  ids: string[];
  /** Why each is affected, naming the file: `customers/acme-corp.yaml changed`, `plans/scale.yaml changed (plan tier scale)`. */
  reasons: Map<string, string[]>;
  /** Files of neo itself that changed (src/, package files): stacks may differ for everyone. */
  codeChanged: string[];
  /** Customers whose drift record changed: merging re-applies them, restoring their spec. */
  driftRecords: string[];
}

const CODE = /^(src\/|package\.json$|package-lock\.json$|tsconfig[^/]*\.json$)/;
const CUSTOMER = /^customers\/([^/]+)\.yaml$/;
const TIER = /^plans\/([^/]+)\.yaml$/;
const DRIFT_RECORD = /^terraform-state\/drift\/([^/]+)\.md$/;

/**
 * Which customers a change can touch: a customer file or its drift record → that customer; a plan tier → its
 * customers; an add-on or image catalog entry → the customers using it; neo.yaml, schemas or
 * neo's own code → everyone. `customers` are those at head.
 */
export function affectedCustomers(
  changed: readonly ChangedFile[],
  customers: readonly Customer[],
  shared: { before: SharedSpecs; after: SharedSpecs },
): AffectedCustomers {
  const reasons = new Map<string, string[]>();
  const touch = (id: string, reason: string) => reasons.set(id, [...(reasons.get(id) ?? []), reason]);
  const everyone = (reason: string) => {
    for (const c of customers) touch(c.id, reason);
  };
  const codeChanged = changed.filter((f) => CODE.test(f.path)).map((f) => f.path);
  if (codeChanged.length > 0) everyone("neo's own code changed");
  const known = new Set(customers.map((c) => c.id));
  const driftRecords: string[] = [];
  for (const { path } of changed) {
    const drifted = DRIFT_RECORD.exec(path)?.[1];
    if (drifted !== undefined && known.has(drifted)) {
      driftRecords.push(drifted);
      touch(drifted, `${path} changed (its drift record)`);
    }
    const customer = CUSTOMER.exec(path)?.[1];
    const tier = TIER.exec(path)?.[1];
    if (customer !== undefined) touch(customer, `${path} changed`);
    else if (path === 'neo.yaml' || path.startsWith('schemas/')) everyone(`${path} changed`);
    else if (path === 'plans/addons.yaml') {
      const ids = changedEntries(shared.before.addons, shared.after.addons);
      for (const c of customers) {
        const used = c.addons.filter((a) => ids === 'all' || ids.has(a.id)).map((a) => a.id);
        if (used.length > 0) touch(c.id, `add-on ${used.join(', ')} changed in plans/addons.yaml`);
      }
    } else if (path === 'plans/images.yaml') {
      const oses = changedEntries(shared.before.images, shared.after.images);
      for (const c of customers) {
        if (oses === 'all' || oses.has(c.server.os)) touch(c.id, `${path}: the ${c.server.os} image changed`);
      }
    } else if (tier !== undefined) {
      for (const c of customers) if (c.tier.id === tier) touch(c.id, `${path} changed (plan tier ${tier})`);
    }
  }
  return { ids: [...reasons.keys()].sort(), reasons, codeChanged, driftRecords: driftRecords.sort() };
}

/** Keys whose entries differ; 'all' when either side could not be read. */
function changedEntries(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): Set<string> | 'all' {
  if (before === undefined || after === undefined) return 'all';
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return new Set([...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])));
}
