import type { Paint } from './style.js';

export interface TableOptions {
  /** Columns aligned right (numbers); by default only the last one. */
  right?: readonly number[];
}

/** A plain-text table with a dim upper-case header; columns two spaces apart, no trailing spaces. */
export function renderTable(
  header: string[],
  rows: string[][],
  paint: Paint,
  options: TableOptions = {},
): string {
  const right = new Set(options.right ?? [header.length - 1]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (right.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [paint('dim', line(header.map((h) => h.toUpperCase()))), ...rows.map(line)].join('\n');
}
