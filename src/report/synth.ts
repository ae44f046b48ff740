import { type Paint, plain } from './style.js';
import { renderTable } from './table.js';

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
  const notes = rows.some((r) => r.status === 'decommissioned')
    ? [
        '',
        'A decommissioned customer keeps only its backup bucket, which expires its backups over the retention period.',
      ]
    : [];
  return [paint('bold', head), '', table, ...notes, ''].join('\n');
}
