import type { ResourceChange, Risk } from '../../diff/index.js';
import {
  adoptedAddresses,
  type CapacityCheck,
  type CustomerPlan,
  type LiveCustomerDrift,
  type LiveDrift,
  type Plan,
  type PlanSide,
} from '../../plan/index.js';
import { customerDriftDetails } from '../drift/markdown.js';
import { cloudText, kindCounts, observedText } from '../drift/words.js';
import { firstThatFits, htmlText, mdCode, mdTable, mdText } from '../markdown.js';
import { ACTION_SYMBOLS, headlineOf, plural, riskItem, SEVERITY_ICONS, sortedRisks } from '../words.js';
import { terraformCheckSection, terraformCheckWarning } from './terraform-check.js';
import {
  attributeSides,
  beforeAfter,
  capacityVerdict,
  capacityWarnings,
  headline,
  liveOutcome,
  planRisks,
  resourceCounts,
  sideParts,
  tagChanges,
  tagsOnly,
  tierChange,
} from './words.js';

export interface MarkdownOptions {
  /** Largest comment to produce (GitHub's limit is 65,536 characters; leave room for a marker). */
  maxChars?: number;
  /** Where the full plan is when detail had to be left out (e.g. "the job summary"). */
  fullPlanAt?: string;
}

/**
 * The plan as a GitHub comment: a headline, risks first, a row per customer, then a collapsed
 * <details> per customer. When it is too long, detail goes first for routine customers, then for
 * all, then routine customers' rows: never a table cut in half, and it says what it left out.
 */
export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const max = options.maxChars ?? 60_000;
  const where = options.fullPlanAt ?? 'the output of `neo plan --format json`';
  return firstThatFits(LEVELS, max, (level) => compose(plan, level, where));
}

interface Level {
  details: 'all' | 'risky' | 'none';
  routineRows: boolean;
  maxRows: number;
  maxRisks: number;
}

const ALL = Number.POSITIVE_INFINITY;
const LEVELS: readonly Level[] = [
  { details: 'all', routineRows: true, maxRows: ALL, maxRisks: ALL },
  { details: 'risky', routineRows: true, maxRows: ALL, maxRisks: ALL },
  { details: 'risky', routineRows: false, maxRows: ALL, maxRisks: ALL },
  { details: 'none', routineRows: false, maxRows: ALL, maxRisks: 100 },
  { details: 'none', routineRows: false, maxRows: 200, maxRisks: 50 },
  { details: 'none', routineRows: false, maxRows: 50, maxRisks: 10 },
];

/** A customer a reviewer must look at: something happens that the spec did not ask for. */
function risky(customer: CustomerPlan): boolean {
  return customer.risks.some((r) => !r.intended);
}

function compose(plan: Plan, level: Level, where: string): string {
  const withDetails = plan.customers.filter(
    (c) => level.details === 'all' || (level.details === 'risky' && risky(c)),
  );
  const listed = plan.customers.filter((c) => level.routineRows || risky(c));
  const rows = listed.slice(0, level.maxRows);
  const left: string[] = [];
  if (withDetails.length < plan.customers.length) {
    left.push(`resource details of ${plural(plan.customers.length - withDetails.length, 'customer')}`);
  }
  if (rows.length < plan.customers.length) {
    left.push(`the rows of ${plural(plan.customers.length - rows.length, 'customer')}`);
  }
  const risks = planRisks(plan);
  if (risks.length > level.maxRisks) {
    left.push(`${plural(risks.length - level.maxRisks, 'risk')} beyond the first ${level.maxRisks}`);
  }
  return [
    `### neo plan · ${mdText(headline(plan))}`,
    sides(plan),
    guardRails(plan),
    terraformCheckWarning(plan.terraform),
    risksSection(risks, level.maxRisks),
    customersTable(rows),
    unlisted(plan.customers.filter((c) => !rows.includes(c))),
    withDetails.map(details).join('\n\n'),
    liveSection(plan.live, level.details !== 'none'),
    terraformCheckSection(plan.terraform),
    capacity(plan.capacity),
    plan.notes.map((n) => `> ${mdText(n)}`).join('\n'),
    left.length === 0
      ? ''
      : `> [!NOTE]\n> Left out to fit GitHub's comment size: ${left.join('; ')}. The full plan is in ${where}.`,
    footer(plan),
  ]
    .filter((part) => part !== '')
    .join('\n\n')
    .concat('\n');
}

/** One line for the customers without a row: how many, and what happens to them. */
function unlisted(customers: readonly CustomerPlan[]): string {
  if (customers.length === 0) return '';
  const kinds = new Map<string, number>();
  for (const c of customers) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
  const list = [...kinds].map(([kind, n]) => `${n.toLocaleString('en-US')} ${kind}`).join(', ');
  return `…and ${plural(customers.length, 'more customer')}: ${list}.`;
}

function sides(plan: Plan): string {
  const side = (s: PlanSide) => {
    const { label, commit } = sideParts(s);
    return commit === undefined ? mdCode(label) : `${mdCode(label)} (${mdCode(commit)})`;
  };
  const base =
    plan.base === undefined ? 'no base (first run: everything is created)' : `base ${side(plan.base)}`;
  return `${mdCode(plan.environment)} · ${base} → head ${side(plan.head)}`;
}

function guardRails(plan: Plan): string {
  const { exceeded, overridden } = plan.blastRadius;
  if (exceeded.length === 0) return '';
  const why = exceeded.map(mdText).join('; ');
  return overridden
    ? `> [!WARNING]\n> **Blast radius exceeded, override given:** ${why}.`
    : `> [!CAUTION]\n> **Blast radius exceeded:** ${why}. This plan fails until the change is split into smaller pull requests, or someone with the authority to accept it adds the override (\`neo plan --allow-blast-radius\`).`;
}

function risksSection(risks: readonly Risk[], max: number): string {
  if (risks.length === 0) return '';
  const sorted = sortedRisks(risks);
  const lines = sorted.slice(0, max).map(riskItem);
  return ['#### Risks', '', ...lines].join('\n');
}

function customersTable(customers: readonly CustomerPlan[]): string {
  if (customers.length === 0) return '';
  const rows = customers.map((c) => [
    mdCode(c.customerId),
    c.risks.some((r) => !r.intended)
      ? `${c.kind} ${SEVERITY_ICONS[c.risks[0]?.severity ?? 'data-loss']}`
      : c.kind,
    mdText(tierChange(c)),
    beforeAfter(c.before?.priceUsd, c.after?.priceUsd),
    beforeAfter(c.before?.awsCostUsd, c.after?.awsCostUsd),
    resourceCounts(c),
  ]);
  return mdTable(['customer', 'change', 'plan tier', 'price / month', 'AWS est. / month', 'resources'], rows);
}

function details(customer: CustomerPlan): string {
  const tagged = customer.changes.filter(tagsOnly);
  const rows = customer.changes.filter((c) => !tagsOnly(c)).flatMap(changeRows);
  const tags = tagChanges(tagged)
    .map((t) => `${mdCode(t.key)} ${mdCode(t.before)} → ${mdCode(t.after)}`)
    .join(', ');
  // Blank lines around every block: a paragraph right after a table would become a table row.
  const blocks = [
    rows.length === 0 ? '' : mdTable(['', 'resource', 'attribute', 'before', 'after'], rows),
    tags === '' ? '' : `Tags only on ${plural(tagged.length, 'resource')}: ${tags}`,
    unpriced(customer),
  ].filter((b) => b !== '');
  const summary = `<details><summary><b>${htmlText(customer.customerId)}</b> · ${customer.kind} · ${htmlText(resourceCounts(customer))}</summary>`;
  return [summary, ...blocks, '</details>'].join('\n\n');
}

function changeRows(change: ResourceChange): string[][] {
  const symbol = mdCode(ACTION_SYMBOLS[change.action]);
  const address = mdCode(change.address);
  if (change.action === 'create' || change.action === 'delete') {
    const summary = headlineOf(change) === '' ? '' : mdCode(headlineOf(change));
    return [
      [
        symbol,
        address,
        '',
        change.action === 'delete' ? summary : '',
        change.action === 'create' ? summary : '',
      ],
    ];
  }
  return change.attributes.map((a, i) => {
    const { before, after } = attributeSides(a);
    const forces = a.forcesReplacement ? ' **(forces replacement)**' : '';
    return [
      i === 0 ? symbol : '',
      i === 0 ? address : '',
      `${mdCode(a.path)}${forces}`,
      mdCode(before),
      mdCode(after),
    ];
  });
}

function unpriced(customer: CustomerPlan): string {
  const items = [...new Set([...(customer.before?.unpriced ?? []), ...(customer.after?.unpriced ?? [])])];
  return items.length === 0 ? '' : `AWS estimate leaves out: ${items.map(mdText).join(', ')}`;
}

function capacity(checks: readonly CapacityCheck[]): string {
  const shown = capacityWarnings(checks);
  if (shown.length === 0) return '';
  const lines = shown.map((c) => {
    const where = c.region === undefined ? 'account' : c.region;
    const verdict = c.level === 'exceeded' ? `**${capacityVerdict(c)}**` : capacityVerdict(c);
    return `- ${c.level === 'exceeded' ? '⛔' : '⚠️'} ${c.quota} in ${mdText(where)}: ${c.before} → ${c.after} of ${c.limit}, ${verdict}. Ask AWS for more (Service Quotas) and raise \`quotas\` in neo.yaml.`;
  });
  return ['#### Capacity', '', ...lines].join('\n');
}

/**
 * Drift of the compared customers: applying restores the spec, so it reverts what the change
 * does not adopt.
 */
function liveSection(live: LiveDrift | undefined, detailed: boolean): string {
  if (live === undefined) return '';
  const seen = `${cloudText(live.cloud)}, observed ${observedText(live.observedAt)}`;
  if (live.customers.length === 0) {
    return `No live drift in the ${plural(live.observed, 'customer')} compared (${seen}).`;
  }
  const { reverted, adopted } = liveOutcome(live);
  const effect =
    adopted === 0
      ? 'Applying this change restores the spec, so it also reverts the modified and missing resources below'
      : reverted === 0
        ? 'This change adopts what is live (its spec now says what the cloud holds), so applying it changes none of the modified and missing resources below'
        : 'Applying this change restores the spec, so it also reverts the modified and missing resources below that it does not adopt; those marked adopted stay as they are, since its spec now says what is live';
  const head = `#### Live drift\n\nThe cloud differs from the base for ${plural(live.customers.length, 'customer')} (${seen}). ${effect}; unmanaged ones are left alone.`;
  const body = detailed
    ? live.customers.map((c) => customerDriftDetails(c, true, adoptedAddresses(c))).join('\n\n')
    : live.customers
        .map((c) => `- ${mdCode(c.customerId)}: ${kindCounts(c.items)}${adoptedCount(c)}`)
        .join('\n');
  return `${head}\n\n${body}`;
}

/** ` (1 adopted by this change)`, or nothing. */
function adoptedCount(customer: LiveCustomerDrift): string {
  const n = adoptedAddresses(customer).size;
  return n === 0 ? '' : ` (${n.toLocaleString('en-US')} adopted by this change)`;
}

function footer(plan: Plan): string {
  const unchanged =
    plan.unchangedCustomers > 0
      ? `${plural(plan.unchangedCustomers, 'customer')} compared and unchanged · `
      : '';
  return `<sub>${unchanged}AWS estimates are fixed monthly list prices (instances, volumes, IPs, zones, databases); usage is not included.</sub>`;
}
