import type { ApplyReport, CustomerApplyResult } from '../../apply/index.js';
import { firstThatFits, htmlText, mdCode, mdTable, mdText } from '../markdown.js';
import { countsText, plural, type Quote, SEVERITY_ICONS } from '../words.js';
import {
  applyHeadline,
  attemptsText,
  blocked,
  changesText,
  durationText,
  failedChecks,
  failureText,
  forgottenText,
  guardRefused,
  messageLines,
  overrideAdvice,
  recoveries,
  refusalAdvice,
  resultText,
  rollbackNote,
  runText,
  shardText,
  troubled,
  verificationText,
} from './words.js';

export interface ApplyMarkdownOptions {
  /** Largest body to produce (GitHub's limit is 65,536 characters; leave room for a marker). */
  maxChars?: number;
  /** Where the whole report is when detail had to be left out (e.g. "the apply job's log"). */
  fullReportAt?: string;
}

const MD: Quote = { code: mdCode, text: mdText };
// The icons of plan and drift comments: a refusal is the destroy guard stopping data loss.
const REFUSED = SEVERITY_ICONS['data-loss'];
const FAILED = '⛔';
const ALL = Number.POSITIVE_INFINITY;
/** Sections stay open while they fit on a screen; more than this many are collapsed. */
const OPEN_SECTIONS = 5;
/** A line of a cut error is cut too: one minified JSON line could fill the comment. */
const LINE_CHARS = 300;

interface Level {
  /** Customers with a table row; the others are listed by result. */
  rows: 'all' | 'changed' | 'troubled' | 'none';
  /** Customers without a row are named; otherwise counted. Troubled ones are always named. */
  names: boolean;
  /** Per refused or failed customer: a section, a line, or only the advice once. */
  detail: 'sections' | 'lines' | 'advice';
  /** Lines of each error shown in a section. */
  errorLines: number;
}

/** Error output goes first, then the rows of routine customers, then their names. */
const LEVELS: readonly Level[] = [
  { rows: 'all', names: true, detail: 'sections', errorLines: ALL },
  { rows: 'all', names: true, detail: 'sections', errorLines: 30 },
  { rows: 'changed', names: true, detail: 'sections', errorLines: 30 },
  { rows: 'troubled', names: true, detail: 'sections', errorLines: 10 },
  { rows: 'troubled', names: false, detail: 'sections', errorLines: 10 },
  { rows: 'troubled', names: false, detail: 'lines', errorLines: 0 },
  { rows: 'none', names: false, detail: 'advice', errorLines: 0 },
];

/**
 * What `neo apply` did as a GitHub comment or issue body: the headline, a row per customer, a
 * section per refused or failed customer with what to do. Degraded level by level to fit:
 * never a table cut in half, and it says what it left out.
 */
export function renderApplyMarkdown(report: ApplyReport, options: ApplyMarkdownOptions = {}): string {
  const max = options.maxChars ?? 60_000;
  const where = options.fullReportAt ?? 'the output of `neo apply --format json`';
  return firstThatFits(LEVELS, max, (level) => compose(report, level, where));
}

function compose(report: ApplyReport, level: Level, where: string): string {
  const rows = report.customers.filter((c) => hasRow(c, level.rows));
  const rest = report.customers.filter((c) => !hasRow(c, level.rows));
  return [
    `### neo apply · ${mdText(applyHeadline(report))}`,
    report.shard === undefined ? '' : `**${mdText(shardText(report))}**`,
    blastRadiusSection(report, level.names),
    blocked(report) ? plannedTable(rows) : resultTable(rows),
    unlisted(rest, level.names, blocked(report)),
    refusedSection(report, level),
    failedSection(report, level),
    forgottenSection(report, level.names),
    quoteBlock('NOTE', rollbackNote(report, MD)),
    notesSection(report.notes),
    leftOut(report, level, rest, where),
    `<sub>${mdText(runText(report))}</sub>`,
  ]
    .filter((part) => part !== '')
    .join('\n\n')
    .concat('\n');
}

function hasRow(customer: CustomerApplyResult, rows: Level['rows']): boolean {
  if (rows === 'all') return true;
  if (rows === 'changed') return customer.outcome !== 'unchanged';
  return rows === 'troubled' && troubled(customer);
}

function quoteBlock(kind: 'NOTE' | 'WARNING' | 'CAUTION', text: string): string {
  if (text === '') return '';
  return [`[!${kind}]`, ...text.split('\n')].map((line) => (line === '' ? '>' : `> ${line}`)).join('\n');
}

/** Over the limits: what was exceeded, who would lose data, and how to go ahead anyway. */
function blastRadiusSection(report: ApplyReport, names: boolean): string {
  const radius = report.blastRadius;
  if (radius === undefined || radius.exceeded.length === 0) return '';
  const why = radius.exceeded.map(mdText).join('; ');
  if (!blocked(report)) return quoteBlock('WARNING', `**Blast radius exceeded, override given:** ${why}.`);
  const lossy = radius.dataLossCustomers;
  const shown = names ? lossy : lossy.slice(0, 50);
  const more = lossy.length > shown.length ? ` and ${plural(lossy.length - shown.length, 'more')}` : '';
  const who =
    lossy.length === 0 ? '' : `\n\nCustomers that would lose data: ${shown.map(mdCode).join(', ')}${more}.`;
  const head = `**Nothing was applied: the change exceeds the blast-radius limits.** ${why}.`;
  return quoteBlock('CAUTION', `${head}${who}\n\n${overrideAdvice(report, MD)}`);
}

/** When nothing was applied, the rows say what the plans would have done. */
function plannedTable(customers: readonly CustomerApplyResult[]): string {
  if (customers.length === 0) return '';
  const rows = customers.map((c) => [
    mdCode(c.customerId),
    c.status,
    c.counts === undefined ? '—' : countsText(c.counts),
  ]);
  return mdTable(['customer', 'status', 'planned changes'], rows);
}

function resultTable(customers: readonly CustomerApplyResult[]): string {
  if (customers.length === 0) return '';
  const retried = customers.some((c) => c.attempts > 1);
  const rows = customers.map((c) => [
    mdCode(c.customerId),
    c.status,
    resultCell(c),
    changesText(c),
    verificationCell(c),
    ...(retried ? [attemptsText(c)] : []),
    durationText(c.durationMs),
  ]);
  const header = ['customer', 'status', 'result', 'changes', 'verification'];
  return mdTable([...header, ...(retried ? ['attempts'] : []), 'duration'], rows);
}

function resultCell(customer: CustomerApplyResult): string {
  if (customer.outcome === 'refused') return `${REFUSED} refused`;
  if (customer.outcome === 'failed') return `${FAILED} ${resultText(customer)}`;
  return resultText(customer);
}

function verificationCell(customer: CustomerApplyResult): string {
  const text = mdText(verificationText(customer));
  return failedChecks(customer).length > 0 ? `${FAILED} ${text}` : text;
}

/** Customers without a row, by result: troubled ones by name always, the others as the level allows. */
function unlisted(customers: readonly CustomerApplyResult[], names: boolean, planned: boolean): string {
  const groups = new Map<string, CustomerApplyResult[]>();
  for (const c of customers) {
    const key = planned ? 'planned' : groupKey(c);
    groups
      .set(key, groups.get(key) ?? [])
      .get(key)
      ?.push(c);
  }
  const lines: string[] = [];
  const counted: string[] = [];
  let unnamed = 0;
  for (const [key, list] of groups) {
    if (names || list.some(troubled)) {
      const ids = list.map((c) => mdCode(c.customerId)).join(', ');
      lines.push(`- ${key} (${plural(list.length, 'customer')}): ${ids}`);
    } else {
      counted.push(`${list.length.toLocaleString('en-US')} ${key}`);
      unnamed += list.length;
    }
  }
  if (unnamed > 0) lines.push(`- …and ${plural(unnamed, 'more customer')}: ${counted.join(', ')}`);
  return lines.join('\n');
}

function groupKey(customer: CustomerApplyResult): string {
  if (customer.outcome !== 'failed' && failedChecks(customer).length > 0)
    return `${FAILED} ${customer.outcome}, verification failed`;
  return resultCell(customer);
}

function refusedSection(report: ApplyReport, level: Level): string {
  const refused = report.customers.filter(guardRefused);
  if (refused.length === 0) return '';
  const advice = refusalAdvice('<id>', MD).join(' ');
  const title = `${REFUSED} Refused by the destroy guard`;
  if (level.detail === 'sections')
    return section(
      title,
      refused.map((c) => refusedDetails(c, openSections(report))),
    );
  if (level.detail === 'lines') return section(title, [refused.map(refusedLine).join('\n'), advice]);
  return section(title, [
    mostCommon(
      "Each customer's first refusal",
      refused.map((c) => c.refusals?.[0] ?? ''),
    ),
    advice,
  ]);
}

function section(title: string, blocks: readonly string[]): string {
  return [`#### ${title}`, ...blocks.filter((b) => b !== '')].join('\n\n');
}

/**
 * When there is no room for each customer, what happened to most of them: a thousand customers
 * failing the same way (an AWS outage, a broken module) read as one line.
 */
function mostCommon(intro: string, texts: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const text of texts) counts.set(text, (counts.get(text) ?? 0) + 1);
  const sorted = [...counts].sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
  const lines = sorted.slice(0, 10).map(([text, n]) => `- ${plural(n, 'customer')}: ${mdText(text)}`);
  const rest = sorted.length - 10;
  if (rest > 0) lines.push(`- …and ${plural(rest, 'other')}`);
  return `${intro}, the most common first:\n\n${lines.join('\n')}`;
}

function refusedDetails(customer: CustomerApplyResult, open: boolean): string {
  const reasons = customer.refusals ?? [];
  const summary = `${plural(reasons.length, 'refusal')} · nothing was applied`;
  return details(customer.customerId, summary, open, [
    reasons.map((r) => `- ${mdText(r)}`).join('\n'),
    refusalAdvice(customer.customerId, MD).join(' '),
  ]);
}

function refusedLine(customer: CustomerApplyResult): string {
  return `- ${mdCode(customer.customerId)}: ${(customer.refusals ?? []).map(mdText).join('; ')}`;
}

function failedSection(report: ApplyReport, level: Level): string {
  const failed = report.customers.filter((c) => c.outcome === 'failed');
  if (failed.length === 0) return '';
  const title = `${FAILED} Failed`;
  if (level.detail === 'sections')
    return section(
      title,
      failed.map((c) => failedDetails(report, c, openSections(report), level.errorLines)),
    );
  if (level.detail === 'lines') return section(title, [failed.map((c) => failedLine(report, c)).join('\n')]);
  const summaries = failed.map((c) => errorSummary(c.error?.message ?? ''));
  const apply = `neo apply --cloud ${report.cloud}`;
  return section(title, [
    mostCommon("Each customer's error", summaries),
    `Retry a customer with ${mdCode(`${apply} <id>`)}, or roll it back with ${mdCode(`${apply} --at <commit> <id>`)}.`,
  ]);
}

function failedDetails(
  report: ApplyReport,
  customer: CustomerApplyResult,
  open: boolean,
  lines: number,
): string {
  const commands = recoveries(report, customer).flatMap((r) => [
    `# ${r.label}${r.note === undefined ? '' : ` to ${r.note}`}`,
    r.command,
  ]);
  return details(customer.customerId, failureText(customer), open, [
    fenced(excerpt(messageLines(customer.error?.message ?? ''), lines), 'text'),
    fenced(commands, 'sh'),
  ]);
}

/** `- `lumen-analytics` failed at apply after 3 attempts: Error: …`; retry: `neo apply …`` */
function failedLine(report: ApplyReport, customer: CustomerApplyResult): string {
  const error = errorSummary(customer.error?.message ?? '');
  const commands = recoveries(report, customer).map((r) => `${r.label}: ${mdCode(r.command)}`);
  return `- ${mdCode(customer.customerId)} ${failureText(customer)}: ${mdText(error)}; ${commands.join('; ')}`;
}

/** Terraform frames its errors (`╷ │ Error: … ╵`): the `Error:` line is the one to quote. */
function errorSummary(message: string): string {
  const lines = messageLines(message).map((line) => line.replace(/^[│╷╵\s]+/, ''));
  const line = lines.find((l) => l.startsWith('Error')) ?? lines.find((l) => l !== '') ?? '';
  return line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS)}…` : line;
}

function forgottenSection(report: ApplyReport, names: boolean): string {
  const forgotten = report.customers.filter((c) => c.outcome === 'forgotten');
  if (forgotten.length === 0) return '';
  const who = names
    ? forgotten.map((c) => mdCode(c.customerId)).join(', ')
    : plural(forgotten.length, 'customer');
  return `#### Forgotten\n\n${who}: ${forgottenText(forgotten.length)}.`;
}

function notesSection(notes: readonly string[]): string {
  return notes.length === 0 ? '' : `#### Notes\n\n${notes.map((n) => `- ${mdText(n)}`).join('\n')}`;
}

/** Few troubled customers are shown open: the reader came for them. Many would bury the table. */
function openSections(report: ApplyReport): boolean {
  return (
    report.customers.filter((c) => c.outcome === 'refused' || c.outcome === 'failed').length <= OPEN_SECTIONS
  );
}

/** One customer's collapsible block; blank lines around each block keep markdown working inside. */
function details(customerId: string, summary: string, open: boolean, blocks: readonly string[]): string {
  const head = `<details${open ? ' open' : ''}><summary><b>${htmlText(customerId)}</b> · ${htmlText(summary)}</summary>`;
  return [head, ...blocks.filter((b) => b !== ''), '</details>'].join('\n\n');
}

/**
 * A fenced block that holds any text: the fence is longer than any backtick run inside, so a
 * message cannot close it early. Inside, nothing is markdown or HTML: no escaping needed.
 */
function fenced(lines: readonly string[], info: string): string {
  if (lines.length === 0) return '';
  const text = lines.join('\n');
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${text}\n${fence}`;
}

/** The first lines of an error (where Terraform says what failed), and how many were left out. */
function excerpt(lines: readonly string[], max: number): string[] {
  if (lines.length <= max) return [...lines];
  const kept = lines.slice(0, max).map((l) => (l.length > LINE_CHARS ? `${l.slice(0, LINE_CHARS)}…` : l));
  return [...kept, `… ${plural(lines.length - max, 'more line')}`];
}

function leftOut(
  report: ApplyReport,
  level: Level,
  rest: readonly CustomerApplyResult[],
  where: string,
): string {
  const left: string[] = [];
  if (rest.length > 0) left.push(`the rows of ${plural(rest.length, 'customer')}`);
  const unnamed = level.names ? 0 : rest.filter((c) => !troubled(c)).length;
  if (unnamed > 0) left.push(`the ids of ${plural(unnamed, 'customer')} without trouble`);
  const cut = report.customers.filter((c) => messageLines(c.error?.message ?? '').length > level.errorLines);
  if (level.detail === 'sections' && cut.length > 0)
    left.push(
      `error output beyond the first ${plural(level.errorLines, 'line')} of ${plural(cut.length, 'customer')}`,
    );
  if (level.detail !== 'sections') left.push('the full refusals and errors');
  if (left.length === 0) return '';
  return quoteBlock(
    'NOTE',
    `Left out to fit GitHub's comment size: ${left.join('; ')}. The full report is in ${where}.`,
  );
}
