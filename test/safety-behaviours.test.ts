import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './helpers/repository.js';

/**
 * docs/safety-behaviours.md lists every safety behaviour the documentation promises with the
 * tests that prove it. This keeps that list true: a test renamed, moved or deleted fails here
 * instead of leaving a promise without proof.
 */
const PAGE = 'docs/safety-behaviours.md';
const HEADER = ['behaviour', 'promised in', 'proved by'];

interface Row {
  line: number;
  cells: string[];
}

interface TestReference {
  path: string;
  title: string;
}

/** The body rows of every table on the page with the three columns, each with its line number. */
function tableRows(markdown: string): Row[] {
  const rows: Row[] = [];
  let inTable = false;
  markdown.split('\n').forEach((text, index) => {
    if (!text.startsWith('|')) {
      inTable = false;
      return;
    }
    const cells = text
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((cell) => cell.trim());
    if (cells.join('|') === HEADER.join('|')) inTable = true;
    else if (inTable && !cells.every((cell) => /^-+$/.test(cell))) rows.push({ line: index + 1, cells });
  });
  return rows;
}

/** `` `test/x.test.ts` › title `` entries, one per `<br>`-separated part of the cell. */
function references(cell: string): Array<TestReference | { unreadable: string }> {
  return cell.split('<br>').map((part) => {
    const match = /^`(test\/[^`]+\.test\.ts)` › (.+)$/.exec(part.trim());
    return match ? { path: match[1] as string, title: match[2] as string } : { unreadable: part };
  });
}

/** A title is in a file when the file holds it as a string literal, in any of its quotes. */
function holdsTitle(source: string, title: string): boolean {
  return ["'", '"', '`'].some((quote) => {
    const escaped = title.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`);
    return source.includes(`${quote}${title}${quote}`) || source.includes(`${quote}${escaped}${quote}`);
  });
}

/** What is wrong with the tables, one line each; `read` answers undefined for a missing file. */
function tableProblems(markdown: string, read: (path: string) => string | undefined): string[] {
  const problems: string[] = [];
  for (const { line, cells } of tableRows(markdown)) {
    const at = `line ${line}`;
    if (cells.length !== HEADER.length) {
      problems.push(`${at}: ${cells.length} cells, not ${HEADER.length}`);
      continue;
    }
    cells.forEach((cell, column) => {
      if (cell === '') problems.push(`${at}: the ${HEADER[column]} cell is empty`);
    });
    if (cells[1] !== '' && !/\]\([^)]+\.md(#[^)]*)?\)/.test(cells[1] as string))
      problems.push(`${at}: "promised in" links to no page`);
    if (cells[2] === '') continue;
    for (const reference of references(cells[2] as string)) {
      if ('unreadable' in reference) {
        problems.push(`${at}: "${reference.unreadable}" is not \`test/….test.ts\` › title`);
        continue;
      }
      const source = read(reference.path);
      if (source === undefined) problems.push(`${at}: ${reference.path} does not exist`);
      else if (!holdsTitle(source, reference.title))
        problems.push(`${at}: ${reference.path} has no test titled "${reference.title}"`);
    }
  }
  return problems;
}

const readTest = (path: string) => {
  const file = join(PROJECT_ROOT, path);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};

describe('the safety behaviours and their tests (docs/safety-behaviours.md)', () => {
  const page = readFileSync(join(PROJECT_ROOT, PAGE), 'utf8');
  const rows = tableRows(page);

  it('lists behaviours, each under every table section the page has', () => {
    const sections = page.split('\n').filter((line) => line.startsWith('## '));
    expect(sections.length).toBeGreaterThan(0);
    const tables = page.split(/^## /m).slice(1);
    for (const table of tables) {
      expect(tableRows(table).length, table.split('\n')[0]).toBeGreaterThan(0);
    }
  });

  it('has no empty cell, and names only test files that exist and titles that are in them', () => {
    expect(tableProblems(page, readTest)).toEqual([]);
  });

  it('lists each behaviour once', () => {
    const behaviours = rows.map((row) => row.cells[0]);
    expect(behaviours.filter((b, i) => behaviours.indexOf(b) !== i)).toEqual([]);
  });

  it('finds an empty cell, a missing file, an unreadable entry and a title not in its file (the check can fail)', () => {
    const broken = [
      '| behaviour | promised in | proved by |',
      '| --- | --- | --- |',
      '| The guard refuses a server replacement. |  | `test/apply/guard.test.ts` › refuses replacing an active server |',
      '| Retries wait. | [operating.md](operating.md#when-an-apply-fails) | `test/apply/retries.test.ts` › waits |',
      '| Retries wait 15 s. | [operating.md](operating.md) | `test/apply/retry.test.ts` › waits 10 s<br>retry.test.ts: waits |',
      '| Rows stay whole. | [commands.md](commands.md) |',
    ].join('\n');
    expect(tableProblems(broken, readTest)).toEqual([
      'line 3: the promised in cell is empty',
      'line 4: test/apply/retries.test.ts does not exist',
      'line 5: test/apply/retry.test.ts has no test titled "waits 10 s"',
      'line 5: "retry.test.ts: waits" is not `test/….test.ts` › title',
      'line 6: 2 cells, not 3',
    ]);
  });

  it.each([
    ['single quotes', "it('keeps backups', () => {})", 'keeps backups', true],
    [
      'double quotes around an apostrophe',
      `it("keeps a customer's backups", () => {})`,
      "keeps a customer's backups",
      true,
    ],
    [
      'an escaped apostrophe',
      "it('keeps a customer\\'s backups', () => {})",
      "keeps a customer's backups",
      true,
    ],
    [
      'a table-driven case name',
      "  ['refuses replacing an active server', active],",
      'refuses replacing an active server',
      true,
    ],
    ['only a part of a title', "it('keeps backups for 30 days', () => {})", 'keeps backups', false],
    ['the words outside a string', '// keeps backups', 'keeps backups', false],
  ])('tells whether a file holds a title: %s', (_case, source, title, held) => {
    expect(holdsTitle(source, title)).toBe(held);
  });
});
