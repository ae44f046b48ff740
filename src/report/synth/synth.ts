import { type Paint, plain } from '../style.js';
import { renderTable } from '../table.js';

export interface SynthRow {
  id: string;
  status: 'active' | 'suspended' | 'decommissioned';
  plan: string;
  resources: number;
  /** Taken from the cache rather than built. */
  cached: boolean;
  /** Where the stack was written, relative to where neo was run. */
  path: string;
}

export interface SynthReport {
  rows: SynthRow[];
  /** Customers whose stale stacks were removed from the output folder (their files are gone). */
  removed: string[];
  backend: 's3' | 'local';
  elapsedMs: number;
}

export function renderSynthText(report: SynthReport, paint: Paint = plain): string {
  const { rows } = report;
  const built = rows.filter((r) => !r.cached).length;
  const total = rows.reduce((sum, r) => sum + r.resources, 0);
  const seconds = (report.elapsedMs / 1000).toFixed(1);
  const head = `Synthesized ${rows.length} ${rows.length === 1 ? 'stack' : 'stacks'} (${built} built, ${rows.length - built} unchanged) in ${seconds} s · state backend: ${report.backend}`;
  const table = renderTable(
    ['customer', 'plan', 'status', 'resources', 'stack'],
    [
      ...rows.map((r) => [r.id, r.plan, r.status, String(r.resources), r.path]),
      ['total', '', '', String(total), ''],
    ],
    paint,
    { right: [3] },
  );
  const notes: string[] = [];
  if (rows.some((r) => r.status === 'decommissioned')) {
    notes.push(
      'A decommissioned customer keeps only its backup bucket, which expires its backups over the retention period.',
    );
  }
  if (report.removed.length > 0) {
    notes.push(`Removed the stacks of customers no longer in customers/: ${report.removed.join(', ')}.`);
  }
  return [paint('bold', head), '', table, ...notes.flatMap((note) => ['', note]), ''].join('\n');
}
