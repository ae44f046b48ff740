/**
 * Escaping for text that goes into a GitHub comment. Everything a user wrote (ids, domains,
 * record values, tags) passes through one of these, so it cannot mention people, link issues,
 * open HTML, close a <details> or break out of a table cell or code span.
 */

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * What GitHub turns into a mention or an issue link: `@name`, `#12` and `GH-12`. A zero-width
 * space after the marker keeps the text as it reads and stops the link.
 */
const LINKED = /([@#](?=\w)|\bGH-(?=\d))/gi;

/** Prose: HTML and markdown punctuation escaped, mentions and issue links defused. */
export function mdText(value: string): string {
  return oneLine(value)
    .replace(/[&<>"]/g, (c) => HTML_ENTITIES[c] ?? c)
    .replace(/[\\`*_[\]|~!]/g, (c) => `\\${c}`)
    .replace(LINKED, `$1${ZERO_WIDTH_SPACE}`);
}

/**
 * An inline code span that holds any string: the fence is longer than any run of backticks
 * inside, and pipes are escaped because GitHub splits table rows before it parses code spans.
 * Code spans are never scanned for mentions, links or HTML.
 */
export function mdCode(value: string): string {
  const text = oneLine(value).replace(/\|/g, '\\|');
  if (text === '') return '` `';
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || /^ .* $/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Text inside an HTML element (<summary>): entities only. */
export function htmlText(value: string): string {
  return oneLine(value)
    .replace(/[&<>"]/g, (c) => HTML_ENTITIES[c] ?? c)
    .replace(LINKED, `$1${ZERO_WIDTH_SPACE}`);
}

export function mdTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Line breaks and other control characters would end a table row or a list item. */
function oneLine(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
  return value.replace(/\r?\n/g, ' ↵ ').replace(/[\u0000-\u001f\u007f]/g, '�');
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * The first rendering, from the most detailed level down, that fits in `max` characters; the
 * last one when none does. Comments degrade by leaving detail out, never by cutting text.
 */
export function firstThatFits<L>(levels: readonly L[], max: number, render: (level: L) => string): string {
  let last = '';
  for (const level of levels) {
    last = render(level);
    if (last.length <= max) return last;
  }
  return last;
}
