import type { ApplyReport } from '../../apply/index.js';

/**
 * Keys in the order of the types, whatever order the report was built in: two runs that did the
 * same thing give the same bytes, so artifacts can be compared with `diff`. Keys not named here
 * (a field added later) follow in alphabetical order rather than being dropped.
 */
const KEY_ORDER: Record<string, readonly string[]> = {
  report: [
    'formatVersion',
    'cloud',
    'commit',
    'rollback',
    'shard',
    'startedAt',
    'durationMs',
    'unaffected',
    'blastRadius',
    'notes',
    'customers',
  ],
  customer: [
    'customerId',
    'status',
    'outcome',
    'counts',
    'refusals',
    'error',
    'attempts',
    'durationMs',
    'verification',
    'commit',
    'previousCommit',
  ],
  counts: ['create', 'update', 'replace', 'delete', 'forget', 'no-op'],
  error: ['step', 'message'],
  check: ['what', 'ok', 'detail'],
  blastRadius: [
    'exceeded',
    'overridden',
    'dataLossCustomers',
    'changedCustomers',
    'existingCustomers',
    'limits',
  ],
  limits: ['maxDataLossCustomers', 'maxChangedPercent', 'minChangedCustomers'],
  shard: ['index', 'count', 'customers', 'elsewhere'],
};

/** The apply report as JSON for tools and the apply workflow's artifact (`formatVersion: 1`). */
export function renderApplyJson(report: ApplyReport): string {
  const customers = report.customers.map((c) =>
    ordered(
      {
        ...c,
        counts: c.counts && ordered(c.counts, 'counts'),
        error: c.error && ordered(c.error, 'error'),
        verification: c.verification?.map((check) => ordered(check, 'check')),
      },
      'customer',
    ),
  );
  const radius = report.blastRadius;
  const blastRadius =
    radius && ordered({ ...radius, limits: ordered(radius.limits, 'limits') }, 'blastRadius');
  const shard = report.shard && ordered(report.shard, 'shard');
  return `${JSON.stringify(ordered({ ...report, shard, blastRadius, customers }, 'report'), null, 2)}\n`;
}

/** A copy with the keys in `KEY_ORDER[kind]` order; undefined values are left out, as JSON would. */
function ordered(value: object, kind: string): Record<string, unknown> {
  const order = KEY_ORDER[kind] ?? [];
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)));
}
