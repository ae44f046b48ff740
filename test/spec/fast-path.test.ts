import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { customerYaml } from '../../bench/fleet.js';
import { parseSpecFile } from '../../src/spec/index.js';
import { exampleFiles, PROJECT_ROOT } from '../helpers/repository.js';

/**
 * Plain files are read by the fast parser, everything else (and every file with a problem) by
 * the positional one. They must agree on the data of every file the fast path accepts.
 */
const encode = (text: string) => new TextEncoder().encode(text);

function bothWays(text: string) {
  const fast = parseSpecFile('x.yaml', encode(text));
  const positional = parseSpecFile('x.yaml', encode(text), { fast: false });
  return { fast, positional };
}

/** What a parse produced, without its source (which holds a closure). */
function outcome(result: ReturnType<typeof parseSpecFile>) {
  return result.ok ? { ok: true, data: result.data } : result;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : name.endsWith('.yaml') ? [path] : [];
  });
}

describe('fast and positional parsers agree', () => {
  const corpus = [
    ...[...exampleFiles()].map(([path, text]) => [path, text] as const),
    ...filesUnder(join(PROJECT_ROOT, 'test/fixtures/specs')).map(
      (path) => [path, readFileSync(path, 'utf8')] as const,
    ),
  ];

  it.each(corpus)('%s', (_path, text) => {
    const { fast, positional } = bothWays(text);
    if (fast.ok && fast.fast) {
      expect(positional.ok).toBe(true);
      if (positional.ok) expect(fast.data).toEqual(positional.data);
    } else {
      expect(outcome(fast)).toEqual(outcome(positional));
    }
  });

  it('on a generated fleet', () => {
    let random = 7;
    const rand = () => {
      random = (random * 16807) % 2147483647;
      return random / 2147483647;
    };
    for (let i = 0; i < 200; i++) {
      const { fast, positional } = bothWays(customerYaml(i, rand).yaml);
      expect(fast.ok && fast.fast).toBe(true);
      if (fast.ok && positional.ok) expect(fast.data).toEqual(positional.data);
    }
  });

  it.each([
    'a: NO',
    'a: yes',
    'a: 0o17',
    'a: 017',
    'a: 0x1F',
    'a: 0b101',
    'a: 1_000',
    'a: 1e3',
    'a: .inf',
    'a: -.Inf',
    'a: .NaN',
    'a: ~',
    'a: Null',
    'a: TRUE',
    'a: tRUE',
    'a: +12',
    'a: -.5',
    'a: 2001-01-01',
    'a: 12:30',
    'a: 123456789012345678901234567890',
    'a: "\\u00e9\\x41\\t"',
    "a: 'it''s'",
    'a: |\n  x\n  y\n',
    'a: >-\n  x\n  y\n',
    'a: [1, "2", c]',
    'a: x\n  y',
    '1: x',
    'true: x',
    '"": x',
    'null: x',
    '~: x',
    '<<: {a: 1}',
    '__proto__: {x: 1}',
    'a: &x 1\nb: *x',
    'a: !!str 1',
  ])('on %j', (text) => {
    const { fast, positional } = bothWays(`${text}\n`);
    if (fast.ok && fast.fast) {
      expect(positional.ok && positional.data).toEqual(fast.data);
    } else {
      expect(outcome(fast)).toEqual(outcome(positional));
    }
  });
});
