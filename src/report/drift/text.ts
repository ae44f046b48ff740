import type { CustomerDrift, DriftItem, DriftReport, OrphanedResource } from '../../cloud/index.js';
import type { Risk } from '../../diff/index.js';
import { type Paint, plain, type Style } from '../style.js';
import { renderTable } from '../table.js';
import { clean, plural, SEVERITY_WORDS, TERMINAL } from '../words.js';
import {
  attributeDrifts,
  customerRisks,
  driftFooter,
  driftHeadline,
  type ItemKind,
  itemVerdict,
  KIND_WIDTH,
  keyAttributes,
  kindCounts,
  NOTHING_ADOPTED,
  notApplied,
  notAppliedLine,
  orphanGroups,
  orphanReason,
  regionText,
} from './words.js';

const KIND_STYLES: Record<ItemKind, Style> = { modified: 'yellow', missing: 'red', unmanaged: 'cyan' };

/**
 * Drift for a terminal: the drifted customers, risks first, an item per line with its attributes
 * aligned below, then the orphans per missing customer file, then where and when it was seen.
 */
export function renderDriftText(report: DriftReport, paint: Paint = plain): string {
  const out = [paint('bold', `neo drift · ${driftHeadline(report)}`), ''];
  for (const customer of report.customers.filter((c) => c.items.length > 0))
    out.push(...customerDriftLines(customer, paint), '');
  for (const [customerId, orphans] of orphanGroups(report.orphans))
    out.push(...orphanLines(customerId, orphans, paint), '');
  const waiting = notApplied(report);
  if (waiting.length > 0) out.push(clean(notAppliedLine(waiting, TERMINAL)), '');
  out.push(paint('dim', clean(driftFooter(report))));
  return `${out.join('\n')}\n`;
}

/**
 * One customer's drift: headline, risks, an item per line (also used inside a plan, whose change
 * may have `adopted` some items: addresses).
 */
export function customerDriftLines(
  customer: CustomerDrift,
  paint: Paint,
  adopted: ReadonlySet<string> = NOTHING_ADOPTED,
): string[] {
  const head = `${paint('bold', clean(customer.customerId))} · ${kindCounts(customer.items)} · fix in ${clean(customer.file)}`;
  return [
    head,
    ...riskLines(customerRisks(customer), paint),
    ...customer.items.flatMap((item) =>
      itemLines(item, customer.customerId, paint, adopted.has(item.address)),
    ),
  ];
}

function riskLines(risks: readonly Risk[], paint: Paint): string[] {
  const labels = risks.map((r) => `${SEVERITY_WORDS[r.severity]}${r.intended ? ' (as asked)' : ''}`);
  const width = Math.max(0, ...labels.map((l) => l.length));
  return risks.map((risk, i) => {
    const label = paint(risk.severity === 'data-loss' ? 'red' : 'yellow', (labels[i] ?? '').padEnd(width));
    return `  ${label}  ${clean(risk.reason)}`;
  });
}

function itemLines(item: DriftItem, customerId: string, paint: Paint, adopted: boolean): string[] {
  const id = item.cloudId === undefined ? '' : ` (${clean(item.cloudId)})`;
  const kind = paint(KIND_STYLES[item.kind], item.kind.padEnd(KIND_WIDTH));
  const lines = [
    `  ${kind}  ${clean(item.address)}${id}: ${itemVerdict(item, customerId, TERMINAL, adopted)}`,
  ];
  // Continuation lines start under the address.
  const indent = ' '.repeat(KIND_WIDTH + 4);
  const key = keyAttributes(item);
  if (key !== '') lines.push(paint('dim', `${indent}${clean(key)}`));
  return [...lines, ...attributeLines(item, indent, paint, adopted)];
}

/** `instance_type  spec t3.medium → live t3.large`, paths and spec values aligned per item. */
function attributeLines(item: DriftItem, indent: string, paint: Paint, adopted: boolean): string[] {
  const drifts = attributeDrifts(item, adopted).map((d) => ({
    ...d,
    path: clean(d.path),
    spec: clean(d.spec),
    live: clean(d.live),
  }));
  const pathWidth = Math.max(0, ...drifts.map((d) => d.path.length));
  const specWidth = Math.max(0, ...drifts.map((d) => d.spec.length));
  return drifts.map((d) => {
    const forces = d.forcesReplacement ? paint('red', '  # forces replacement') : '';
    return `${indent}${d.path.padEnd(pathWidth)}  spec ${d.spec.padEnd(specWidth)} → live ${d.live}${forces}`;
  });
}

function orphanLines(customerId: string, orphans: readonly OrphanedResource[], paint: Paint): string[] {
  const head = `${paint('bold', `orphaned · ${clean(customerId)}`)} · ${plural(orphans.length, 'resource')} ${orphanReason(customerId, TERMINAL)}`;
  const rows = orphans.map((o) => [clean(o.type), clean(o.id), clean(regionText(o))]);
  const table = renderTable(['type', 'id', 'region'], rows, paint, { right: [] });
  return [head, ...table.split('\n').map((line) => `  ${line}`)];
}
