import type { ApplyReport, CustomerApplyResult, CustomerOutcome } from '../../apply/index.js';
import { type Paint, plain, type Style } from '../style.js';
import { renderTable } from '../table.js';
import { clean, countsText, TERMINAL } from '../words.js';
import {
  applyHeadline,
  attemptsText,
  blocked,
  changesText,
  durationText,
  failedChecks,
  failureText,
  forgottenText,
  messageLines,
  overrideAdvice,
  type Recovery,
  recoveries,
  refusalAdvice,
  resultText,
  rollbackNote,
  runText,
  shardText,
  tally,
  verificationText,
} from './words.js';

const OUTCOME_STYLES: Record<CustomerOutcome, Style> = {
  applied: 'green',
  unchanged: 'dim',
  refused: 'yellow',
  failed: 'red',
  forgotten: 'cyan',
  planned: 'green',
};

/**
 * What `neo apply` did, for a terminal: the headline, a row per customer, then what to do about
 * each refused or failed customer, with the commands to copy.
 */
export function renderApplyText(report: ApplyReport, paint: Paint = plain): string {
  const out = [...headLines(report, paint), ''];
  const radius = blastRadiusLines(report, paint);
  if (radius.length > 0) out.push(...radius, '');
  out.push(...(blocked(report) ? plannedTable(report, paint) : resultTable(report, paint)));
  // Grouped as in the markdown: what the guard stopped, what broke, what neo let go.
  // Held back by the blast radius: the section above says why, for all of them at once.
  for (const outcome of ['refused', 'failed', 'forgotten'] as const)
    for (const customer of report.customers.filter((c) => c.outcome === outcome && c.heldBack !== true))
      out.push('', ...customerLines(report, customer, paint));
  const rollback = rollbackNote(report, TERMINAL);
  if (rollback !== '') out.push('', paint('yellow', `note: ${rollback}`));
  if (report.notes.length > 0) out.push('', ...report.notes.map((n) => paint('yellow', `note: ${clean(n)}`)));
  return `${out.join('\n').trimEnd()}\n`;
}

function headLines(report: ApplyReport, paint: Paint): string[] {
  const t = tally(report.customers);
  const style: Style =
    blocked(report) || t.failed > 0 || t.unverified > 0 ? 'red' : t.refused > 0 ? 'yellow' : 'bold';
  return [
    `${paint('bold', 'neo apply ·')} ${paint(style, clean(applyHeadline(report)))}`,
    paint('dim', runText(report)),
    ...(report.shard === undefined ? [] : [paint('bold', clean(shardText(report)))]),
  ];
}

/** As `neo plan` says it: each exceeded limit, who would lose data, and how to go ahead. */
function blastRadiusLines(report: ApplyReport, paint: Paint): string[] {
  const radius = report.blastRadius;
  if (radius === undefined || radius.exceeded.length === 0) return [];
  if (!blocked(report))
    return radius.exceeded.map((limit) =>
      paint('yellow', `blast radius exceeded (override given): ${clean(limit)}`),
    );
  const lossy = radius.dataLossCustomers.map(clean).join(', ');
  return [
    ...radius.exceeded.map((limit) => paint('red', `BLAST RADIUS EXCEEDED: ${clean(limit)}`)),
    ...(lossy === '' ? [] : [`  customers that would lose data: ${lossy}`]),
    `  ${overrideAdvice(report, TERMINAL)}`,
  ];
}

/** When nothing was applied, the rows say what the plans would have done. */
function plannedTable(report: ApplyReport, paint: Paint): string[] {
  if (report.customers.length === 0) return [];
  const rows = report.customers.map((c) => [
    clean(c.customerId),
    c.status,
    c.counts === undefined ? '—' : countsText(c.counts),
  ]);
  return [renderTable(['customer', 'status', 'planned changes'], rows, paint, { right: [] })];
}

function resultTable(report: ApplyReport, paint: Paint): string[] {
  if (report.customers.length === 0) return [];
  const retried = report.customers.some((c) => c.attempts > 1);
  const header = ['customer', 'status', 'result', 'changes', 'verification'];
  if (retried) header.push('attempts');
  header.push('duration');
  const rows = report.customers.map((c) => [
    clean(c.customerId),
    c.status,
    resultText(c),
    changesText(c),
    clean(verificationText(c)),
    ...(retried ? [attemptsText(c)] : []),
    durationText(c.durationMs),
  ]);
  const right = retried ? [header.length - 2, header.length - 1] : [header.length - 1];
  const [head = '', ...lines] = renderTable(header, rows, paint, { right }).split('\n');
  // Whole rows are painted: colour codes inside a cell would throw the column widths off.
  return [head, ...lines.map((line, i) => paintRow(line, report.customers[i], paint))];
}

function paintRow(line: string, customer: CustomerApplyResult | undefined, paint: Paint): string {
  if (customer === undefined) return line;
  return paint(failedChecks(customer).length > 0 ? 'red' : OUTCOME_STYLES[customer.outcome], line);
}

function customerLines(report: ApplyReport, customer: CustomerApplyResult, paint: Paint): string[] {
  switch (customer.outcome) {
    case 'refused':
      return refusedLines(customer, paint);
    case 'failed':
      return failedLines(report, customer, paint);
    case 'forgotten':
      return [`${paint('bold', clean(customer.customerId))} · forgotten: ${forgottenText(1)}`];
    default:
      return [];
  }
}

function refusedLines(customer: CustomerApplyResult, paint: Paint): string[] {
  const id = clean(customer.customerId);
  return [
    `${paint('bold', id)} · ${paint('yellow', 'refused by the destroy guard')}: nothing was applied`,
    ...(customer.refusals ?? []).map((reason) => `  - ${clean(reason)}`),
    ...refusalAdvice(customer.customerId, TERMINAL).map((sentence) => `  ${sentence}`),
  ];
}

/** The error as Terraform wrote it, indented, then the commands to recover with. */
function failedLines(report: ApplyReport, customer: CustomerApplyResult, paint: Paint): string[] {
  const message = messageLines(customer.error?.message ?? '').map((line) => `  ${line}`.trimEnd());
  const commands = recoveries(report, customer);
  const width = Math.max(...commands.map((r) => r.label.length)) + 1;
  const note = (r: Recovery) => (r.note === undefined ? '' : paint('dim', `  # ${r.note}`));
  return [
    `${paint('bold', clean(customer.customerId))} · ${paint('red', failureText(customer))}`,
    ...message,
    ...commands.map((r) => `  ${paint('dim', `${r.label}:`.padEnd(width))}  ${clean(r.command)}${note(r)}`),
  ];
}
