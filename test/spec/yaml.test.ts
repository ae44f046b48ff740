import { describe, expect, it } from 'vitest';
import { PARSE_LIMITS, parseSpecFile } from '../../src/spec/index.js';

const FILE = 'customers/hostile.yaml';
const text = (s: string) => new TextEncoder().encode(s);

function billionLaughs(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (const [name, prev] of [
    ['b', 'a'],
    ['c', 'b'],
    ['d', 'c'],
    ['e', 'd'],
    ['f', 'e'],
    ['g', 'f'],
  ]) {
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${lines.join('\n')}\n`;
}

function garbage(size: number): Uint8Array {
  // Deterministic bytes covering the whole range, as a binary file would.
  const bytes = new Uint8Array(size);
  let x = 2463534242;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** Each hostile input gives exactly one clean error at a known place. */
const HOSTILE: Array<{ name: string; input: Uint8Array; line: number; column: number; message: RegExp }> = [
  {
    name: 'alias bomb (billion laughs)',
    input: text(billionLaughs()),
    line: 1,
    column: 1,
    message: /aliases expand too much/,
  },
  {
    name: 'deep flow nesting (the ~10 KB [[[…1…]]] payload)',
    input: text(`${'['.repeat(5000)}1${']'.repeat(5000)}`),
    line: 1,
    column: expect.any(Number) as unknown as number,
    message: /nested more than 32 levels deep/,
  },
  {
    name: 'moderately deep nesting that the parser survives',
    input: text(`a: ${'['.repeat(40)}1${']'.repeat(40)}\n`),
    line: 1,
    column: 35,
    message: /nested more than 32 levels deep/,
  },
  {
    name: 'deep block nesting',
    input: text(`${'- '.repeat(3000)}1\n`),
    line: 1,
    column: expect.any(Number) as unknown as number,
    message: /nested more than 32 levels deep/,
  },
  {
    name: '1 MB file',
    input: text(`# padding\n${'a'.repeat(1024 * 1024)}\n`),
    line: 1,
    column: 1,
    message: /file is 1024 KB; spec files may be at most 256 KB/,
  },
  {
    name: 'duplicate keys',
    input: text('id: acme\nplan: core\nid: acme-two\n'),
    line: 3,
    column: 1,
    message: /^duplicate key `id` \(already set on line 1\): keep only one$/,
  },
  {
    name: 'two documents',
    input: text('id: a\n---\nid: b\n'),
    line: 2,
    column: 1,
    message: /exactly one YAML document/,
  },
  {
    name: '%YAML 1.1 directive',
    input: text('%YAML 1.1\n---\ncountry: NO\n'),
    line: 1,
    column: 1,
    message: /remove this directive/,
  },
  {
    name: '%TAG directive',
    input: text('%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n'),
    line: 1,
    column: 1,
    message: /remove this directive/,
  },
  {
    name: 'binary garbage',
    input: garbage(4096),
    line: expect.any(Number) as unknown as number,
    column: expect.any(Number) as unknown as number,
    message: /not valid UTF-8|binary file|control character/,
  },
  {
    name: 'invalid UTF-8 (Latin-1 bytes)',
    input: new Uint8Array([...text('contact:\n  name: M'), 0xfc, ...text('ller GmbH\n')]),
    line: 2,
    column: 10,
    message: /^file is not valid UTF-8: save it as UTF-8 text$/,
  },
  {
    name: 'NUL byte',
    input: text('id: acme\u0000\n'),
    line: 1,
    column: 9,
    message: /looks like a binary file/,
  },
  {
    name: 'right-to-left override in a value',
    input: text('id: acme\ncontact: { name: "Acme \u202Egpj.exe" }\n'),
    line: 2,
    column: 24,
    message: /invisible bidirectional control character U\+202E/,
  },
  {
    name: 'explicit !!binary tag',
    input: text('id: !!binary aGVsbG8=\n'),
    line: 1,
    column: 5,
    message: /without tags; remove the tag/,
  },
  {
    name: 'tab indentation',
    input: text('server:\n\tos: rocky-9\n'),
    line: 2,
    column: 1,
    message: /indent with spaces/,
  },
  {
    name: 'unquoted value with a colon',
    input: text('description: Busy stores: big\n'),
    line: 1,
    column: 14,
    message: /put the value in quotes/,
  },
  {
    name: 'empty file',
    input: text(''),
    line: 1,
    column: 1,
    message: /file is empty/,
  },
  {
    name: 'a list as key',
    input: text('? [a, b]\n: 1\n'),
    line: 1,
    column: 3,
    message: /keys must be plain names/,
  },
];

describe('parseSpecFile: hostile and broken input', () => {
  it.each(HOSTILE)('$name → one clean error', ({ input, line, column, message }) => {
    const result = parseSpecFile(FILE, input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toEqual({
      file: FILE,
      line,
      column,
      severity: 'error',
      message: expect.stringMatching(message),
    });
  });

  it('keeps the size limit at 256 KB', () => {
    expect(PARSE_LIMITS.maxBytes).toBe(256 * 1024);
  });
});

describe('parseSpecFile: YAML 1.2 core semantics', () => {
  const data = (source: string) => {
    const result = parseSpecFile(FILE, text(source));
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    return result.data;
  };

  it.each([
    ['country: NO', { country: 'NO' }],
    ['enabled: yes', { enabled: 'yes' }],
    ['mode: on', { mode: 'on' }],
    ['version: 8.0', { version: 8 }],
    ['version: "8.0"', { version: '8.0' }],
    ['port: 0x1F', { port: 31 }],
    ['octal: 0o17', { octal: 15 }],
    ['legacy_octal: 017', { legacy_octal: 17 }],
    ['date: 2026-11-02', { date: '2026-11-02' }],
    ['empty:', { empty: null }],
  ])('%s', (source, expected) => {
    expect(data(`${source}\n`)).toEqual(expected);
  });

  it('accepts a byte-order mark', () => {
    expect(data('\ufeffid: acme\n')).toEqual({ id: 'acme' });
  });

  it('keeps __proto__ as plain data', () => {
    const parsed = data('__proto__: { polluted: true }\n') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('allows a few aliases', () => {
    expect(data('a: &x [1, 2]\nb: *x\n')).toEqual({ a: [1, 2], b: [1, 2] });
  });

  it('reports every syntax error of a file at once', () => {
    const result = parseSpecFile(FILE, text('a: [1\nb: "x\nc: 1\n'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics.length).toBeGreaterThan(1);
  });
});
