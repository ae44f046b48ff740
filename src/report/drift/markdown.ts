import type { CustomerDrift, DriftItem, DriftReport, OrphanedResource } from '../../cloud/index.js';
import type { Risk } from '../../diff/index.js';
import { firstThatFits, htmlText, mdCode, mdTable, mdText } from '../markdown.js';
import { plural, type Quote, riskItem, SEVERITY_ICONS, SEVERITY_WORDS } from '../words.js';
import {
  attributeDrifts,
  cloudText,
  customerRisks,
  driftFooter,
  driftHeadline,
  itemVerdict,
  keyAttributes,
  kindCounts,
  NOTHING_ADOPTED,
  notApplied,
  notAppliedLine,
  observedText,
  orphanGroups,
  orphanReason,
  regionText,
} from './words.js';

const MD: Quote = { code: mdCode, text: mdText };
const DEFAULT_MAX = 60_000;
const FULL_REPORT = 'the output of `neo drift --format json`';

interface Level {
  details: 'all' | 'risky' | 'none';
  /** Attribute values and key attributes under each item. */
  attributes: boolean;
  /** A row per drifted customer; otherwise ids grouped by what drifted, which is shorter. */
  table: boolean;
  orphanRows: boolean;
}

/** Detail goes first, then lists; every customer id stays, and no table is cut. */
const LEVELS: readonly Level[] = [
  { details: 'all', attributes: true, table: true, orphanRows: true },
  { details: 'all', attributes: false, table: true, orphanRows: true },
  { details: 'risky', attributes: false, table: true, orphanRows: true },
  { details: 'none', attributes: false, table: true, orphanRows: false },
  { details: 'none', attributes: false, table: false, orphanRows: false },
];

/** The drift report as a GitHub comment or issue body, degraded level by level to fit. */
export function renderDriftMarkdown(report: DriftReport, options: { maxChars?: number } = {}): string {
  const max = options.maxChars ?? DEFAULT_MAX;
  return firstThatFits(LEVELS, max, (level) => compose(report, level));
}

function compose(report: DriftReport, level: Level): string {
  const drifted = report.customers.filter((c) => c.items.length > 0);
  const detailed = drifted.filter((c) => level.details === 'all' || (level.details === 'risky' && risky(c)));
  return [
    `### neo drift · ${mdText(driftHeadline(report))}`,
    level.table ? customersTable(drifted) : customersByDrift(drifted),
    detailed.map((c) => details(c, level.attributes)).join('\n\n'),
    orphansSection(report.orphans, level.orphanRows),
    notApplied(report).length === 0 ? '' : notAppliedLine(notApplied(report), MD),
    leftOut(report, level, drifted.length - detailed.length),
    `<sub>${mdText(driftFooter(report))}</sub>`,
  ]
    .filter((part) => part !== '')
    .join('\n\n')
    .concat('\n');
}

/** A customer someone must look at first: the live state carries a risk nobody asked for. */
function risky(customer: CustomerDrift): boolean {
  return customerRisks(customer).some((r) => !r.intended);
}

function riskMarks(customer: CustomerDrift): string {
  const severities = [...new Set(customerRisks(customer).map((r) => r.severity))];
  return severities.map((s) => `${SEVERITY_ICONS[s]} ${SEVERITY_WORDS[s]}`).join(', ');
}

function customersTable(customers: readonly CustomerDrift[]): string {
  if (customers.length === 0) return '';
  const rows = customers.map((c) => [mdCode(c.customerId), kindCounts(c.items), riskMarks(c)]);
  return mdTable(['customer', 'drift', 'risks'], rows);
}

/** Ids grouped by what drifted: `- 1 modified (1,400): `a`, `b`…`, for reports of thousands. */
function customersByDrift(customers: readonly CustomerDrift[]): string {
  const groups = new Map<string, string[]>();
  for (const c of customers) {
    const key = [kindCounts(c.items), riskMarks(c)].filter((p) => p !== '').join(' · ');
    const ids = groups.get(key) ?? [];
    ids.push(mdCode(c.customerId));
    groups.set(key, ids);
  }
  return [...groups]
    .map(([key, ids]) => `- ${key} (${plural(ids.length, 'customer')}): ${ids.join(', ')}`)
    .join('\n');
}

/**
 * One customer's drift as a collapsed block (also used inside a plan comment, whose change may
 * have `adopted` some items: addresses).
 */
export function customerDriftDetails(
  customer: CustomerDrift,
  attributes = true,
  adopted: ReadonlySet<string> = NOTHING_ADOPTED,
): string {
  return details(customer, attributes, adopted);
}

function details(customer: CustomerDrift, attributes: boolean, adopted = NOTHING_ADOPTED): string {
  const summary = `<details><summary><b>${htmlText(customer.customerId)}</b> · ${kindCounts(customer.items)}</summary>`;
  // Blank lines around every block, and a paragraph between the two lists so they stay two.
  return [
    summary,
    riskList(customerRisks(customer)),
    `The spec in ${mdCode(customer.file)}, against what is live:`,
    itemList(customer, attributes, adopted),
    '</details>',
  ]
    .filter((b) => b !== '')
    .join('\n\n');
}

function riskList(risks: readonly Risk[]): string {
  return risks.map(riskItem).join('\n');
}

function itemList(customer: CustomerDrift, attributes: boolean, adopted = NOTHING_ADOPTED): string {
  return customer.items
    .map((item) => itemLines(item, customer.customerId, attributes, adopted.has(item.address)))
    .join('\n');
}

/** `- **modified** `aws_instance.server` (`i-0…`): 1 attribute differs…`, values nested below. */
function itemLines(item: DriftItem, customerId: string, attributes: boolean, adopted: boolean): string {
  const id = item.cloudId === undefined ? '' : ` (${mdCode(item.cloudId)})`;
  const head = `- **${item.kind}** ${mdCode(item.address)}${id}: ${itemVerdict(item, customerId, MD, adopted)}`;
  if (!attributes) return head;
  const key = keyAttributes(item);
  const values = attributeDrifts(item, adopted).map((d) => {
    const forces = d.forcesReplacement ? ' **(forces replacement)**' : '';
    return `  - ${mdCode(d.path)}: spec ${mdCode(d.spec)} → live ${mdCode(d.live)}${forces}`;
  });
  return [head, ...(key === '' ? [] : [`  - ${mdCode(key)}`]), ...values].join('\n');
}

function orphansSection(orphans: readonly OrphanedResource[], rows: boolean): string {
  if (orphans.length === 0) return '';
  const groups = orphanGroups(orphans).map(([customerId, list]) => {
    const line = `**${mdText(customerId)}** · ${plural(list.length, 'resource')} ${orphanReason(customerId, MD)}`;
    if (!rows) return `${line}.`;
    const table = mdTable(
      ['type', 'id', 'region'],
      list.map((o) => [mdCode(o.type), mdCode(o.id), mdText(regionText(o))]),
    );
    return `${line}:\n\n${table}`;
  });
  return ['#### Orphaned resources', ...groups].join('\n\n');
}

/**
 * The orphaned resources alone, for the tracking issue: who is billed for what, and what to do.
 * Without the id tables when they would not fit; then with the customer ids alone, as many as fit.
 */
export function renderOrphansMarkdown(report: DriftReport, options: { maxChars?: number } = {}): string {
  const max = options.maxChars ?? DEFAULT_MAX;
  const groups = orphanGroups(report.orphans);
  const ids = `the ids of ${plural(report.orphans.length, 'orphaned resource')}`;
  const compose = (section: string, left: readonly string[]) =>
    [
      `### neo drift · ${plural(report.orphans.length, 'orphaned resource')} of ${plural(groups.length, 'customer')} without a file`,
      'These resources are tagged for a customer id that has no file in `customers/`: they are billed, and no apply will ever touch them. Delete them in the console once nobody needs them (backups first), or add the customer file back. The nightly drift job keeps this issue up to date and closes it when none are left.',
      section,
      left.length === 0
        ? ''
        : `> [!NOTE]\n> Left out to fit GitHub's size limit: ${left.join('; ')}. The full report is in ${FULL_REPORT}.`,
      `<sub>${mdText(driftFooter(report))}</sub>`,
    ]
      .filter((part) => part !== '')
      .join('\n\n')
      .concat('\n');
  const grouped = firstThatFits([true, false], max, (rows) =>
    compose(orphansSection(report.orphans, rows), rows ? [] : [ids]),
  );
  if (grouped.length <= max) return grouped;
  // Thousands of customers: their ids in one paragraph, as many as fit, and how many more.
  const entries = groups.map(([customerId, list]) => `${mdCode(customerId)} (${list.length})`);
  const listed = (shown: number) => {
    const rest = entries.length - shown;
    const more = rest === 0 ? [] : [`and ${plural(rest, 'more customer')}`];
    return compose(
      `#### Orphaned resources\n\nBy customer id (resources): ${[...entries.slice(0, shown), ...more].join(', ')}.`,
      rest === 0 ? [ids] : [ids, `the ids of ${plural(rest, 'customer')}`],
    );
  };
  let [low, high] = [0, entries.length];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (listed(mid).length <= max) low = mid;
    else high = mid - 1;
  }
  return listed(low);
}

function leftOut(report: DriftReport, level: Level, undetailed: number): string {
  const left: string[] = [];
  if (!level.attributes && level.details !== 'none') left.push('the attribute values of each resource');
  if (undetailed > 0) left.push(`the resource lists of ${plural(undetailed, 'customer')}`);
  if (!level.orphanRows && report.orphans.length > 0)
    left.push(`the ids of ${plural(report.orphans.length, 'orphaned resource')}`);
  if (left.length === 0) return '';
  return `> [!NOTE]\n> Left out to fit GitHub's size limit: ${left.join('; ')}. The full report is in ${FULL_REPORT}.`;
}

/**
 * The body of one customer's drift pull request: what drifted, what merging does (restores the
 * spec), and how to keep the live state instead. Attribute values go first if it is too long.
 */
export function renderCustomerDriftMarkdown(
  drift: CustomerDrift,
  context: { cloud: DriftReport['cloud']; observedAt: string },
  options: { actions?: boolean } = {},
): string {
  const actions = options.actions ?? true;
  const full = customerBody(drift, context, true, actions);
  return full.length <= DEFAULT_MAX ? full : customerBody(drift, context, false, actions);
}

/** `actions`: what merging does and how to keep the live state, for the pull request only. */
function customerBody(
  drift: CustomerDrift,
  context: { cloud: DriftReport['cloud']; observedAt: string },
  attributes: boolean,
  actions: boolean,
): string {
  const where = `in ${cloudText(context.cloud)}, observed ${observedText(context.observedAt)}`;
  const headline = `### ${mdText(drift.customerId)}: ${plural(drift.items.length, 'drifted resource')} ${where}`;
  const kept =
    actions && drift.items.some((i) => i.kind !== 'unmanaged')
      ? `#### Keeping the live state instead\n\nEdit ${mdCode(drift.file)} on this branch so the spec says what is live; merging then changes nothing in the cloud.`
      : '';
  return [
    headline,
    riskList(customerRisks(drift)),
    `#### The spec in ${mdCode(drift.file)}, against what is live`,
    itemList(drift, attributes),
    actions ? `#### Merging this pull request\n\n${mergeEffect(drift, context.cloud)}` : '',
    kept,
  ]
    .filter((part) => part !== '')
    .join('\n\n')
    .concat('\n');
}

function mergeEffect(drift: CustomerDrift, cloud: DriftReport['cloud']): string {
  const of = (kind: DriftItem['kind']) => drift.items.filter((i) => i.kind === kind);
  const restored = [
    of('modified').length > 0 ? `reverts ${plural(of('modified').length, 'modified resource')}` : '',
    of('missing').length > 0 ? `re-creates ${plural(of('missing').length, 'missing resource')}` : '',
  ].filter((p) => p !== '');
  const replaced = of('modified').filter((i) => i.change.action === 'replace');
  const unmanaged = of('unmanaged');
  const console = cloud === 'aws' ? 'the AWS console' : 'the local cloud';
  return [
    restored.length > 0
      ? `Restores the spec: the apply that follows ${restored.join(' and ')}.`
      : 'Changes nothing in the cloud.',
    replaced.length > 0 ? `To do so it replaces ${replaced.map((i) => mdCode(i.address)).join(', ')}.` : '',
    unmanaged.length > 0
      ? `neo does not delete unmanaged resources: remove ${unmanaged.map((i) => mdCode(i.address)).join(', ')} in ${console}, or adopt ${unmanaged.length === 1 ? 'it' : 'them'}.`
      : '',
  ]
    .filter((p) => p !== '')
    .join(' ');
}
