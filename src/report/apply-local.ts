import type { ChangeCounts } from '../diff/index.js';
import { countsText } from './plan-words.js';
import { type Paint, plain } from './style.js';
import { renderTable } from './table.js';

/** One customer's apply to the local cloud. */
export interface LocalApplyResult {
  customerId: string;
  status: 'active' | 'suspended' | 'decommissioned';
  counts?: ChangeCounts;
  /** Why the apply was refused or failed; nothing was written for this customer. */
  error?: string;
}

export function renderLocalApplyText(results: readonly LocalApplyResult[], paint: Paint = plain): string {
  const failed = results.filter((r) => r.error !== undefined);
  const changed = results.filter(
    (r) => r.counts !== undefined && countsText(r.counts) !== 'no resource changes',
  );
  const head =
    failed.length > 0
      ? paint(
          'red',
          `Applied ${results.length - failed.length} of ${results.length} customers to the local cloud; ${failed.length} failed`,
        )
      : changed.length === 0
        ? `No changes: the local cloud matches all ${results.length} customers`
        : `Applied ${results.length} customers to the local cloud: ${changed.length} changed`;
  const table = renderTable(
    ['customer', 'status', 'result'],
    results.map((r) => [
      r.customerId,
      r.status,
      r.error === undefined ? countsText(r.counts as ChangeCounts) : paint('red', 'failed'),
    ]),
    paint,
    { right: [] },
  );
  const errors = failed.map((r) => `${r.customerId}: ${r.error}`);
  return `${[head, '', table, ...(errors.length > 0 ? ['', ...errors] : [])].join('\n')}\n`;
}
