import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { checkSync } from 'recheck';
import { describe, expect, it } from 'vitest';
import { GENERATED_TYPES, generateSpecTypes } from '../../scripts/generate-spec-types.js';
import { PROJECT_ROOT } from '../helpers/repository.js';

type Node = Record<string, unknown>;

const SCHEMA_DIR = join(PROJECT_ROOT, 'schemas');
const schemas = readdirSync(SCHEMA_DIR)
  .filter((f) => f.endsWith('.schema.json'))
  .map((file) => ({ file, schema: JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as Node }));

/** Every sub-schema with its JSON pointer. */
function walk(node: unknown, pointer: string, visit: (node: Node, pointer: string) => void): void {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) walk(item, `${pointer}/${i}`, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  visit(node as Node, pointer);
  for (const [key, value] of Object.entries(node)) walk(value, `${pointer}/${key}`, visit);
}

function collect<T>(
  pick: (node: Node, pointer: string) => T | undefined,
): Array<{ where: string; value: T }> {
  const found: Array<{ where: string; value: T }> = [];
  for (const { file, schema } of schemas) {
    walk(schema, '#', (node, pointer) => {
      const value = pick(node, pointer);
      if (value !== undefined) found.push({ where: `${file}${pointer}`, value });
    });
  }
  return found;
}

describe('schemas', () => {
  it('are JSON Schema 2020-12', () => {
    for (const { file, schema } of schemas) {
      expect(schema.$schema, file).toBe('https://json-schema.org/draft/2020-12/schema');
    }
  });

  it('give every property a description, so editors can show help', () => {
    const undocumented = collect((node, pointer) => {
      const properties = node.properties as Record<string, Node> | undefined;
      // if/then branches only restate properties declared (and described) beside them.
      if (properties === undefined || /\/(if|then)$/.test(pointer)) return undefined;
      const missing = Object.entries(properties).filter(([, p]) => typeof p.description !== 'string');
      return missing.length > 0 ? missing.map(([name]) => name) : undefined;
    });
    expect(undocumented).toEqual([]);
  });

  it('close every object with additionalProperties', () => {
    // Add-on settings are narrowed per kind by if/then in addons.schema.json.
    const narrowedElsewhere = ['addons.schema.json#/$defs/addon/properties/settings'];
    const open = collect((node, pointer) =>
      node.type === 'object' && node.additionalProperties === undefined && node.$ref === undefined
        ? pointer
        : undefined,
    ).filter(({ where }) => !narrowedElsewhere.includes(where));
    expect(open).toEqual([]);
  });

  it('use only patterns that run in linear time (checked by recheck)', () => {
    const patterns = collect((node) => (typeof node.pattern === 'string' ? node.pattern : undefined));
    expect(patterns.length).toBeGreaterThan(10);
    for (const { where, value } of patterns) {
      const result = checkSync(value, 'u');
      expect({
        where,
        status: result.status,
        complexity: result.status === 'safe' ? result.complexity.type : undefined,
      }).toEqual({
        where,
        status: 'safe',
        complexity: expect.stringMatching(/^(safe|linear|constant)$/),
      });
    }
  });

  it('would catch a catastrophic pattern (the checker is not a no-op)', () => {
    expect(checkSync('^(a+)+$', 'u').status).toBe('vulnerable');
    expect(checkSync('^([a-z0-9-]*[a-z0-9]*)*\\.x$', 'u').status).toBe('vulnerable');
  });

  it('use only formats whose checks run in linear time', () => {
    const formats = new Set(
      collect((node) => (typeof node.format === 'string' ? node.format : undefined)).map((f) => f.value),
    );
    expect([...formats].sort()).toEqual(['date', 'email']);
    const email = fullFormats.email as RegExp;
    expect(checkSync(email.source, email.flags).status).toBe('safe');
  });

  it('explain every pattern in words (patternErrorMessage)', () => {
    const unexplained = collect((node) =>
      typeof node.pattern === 'string' && typeof node.patternErrorMessage !== 'string'
        ? node.pattern
        : undefined,
    );
    expect(unexplained).toEqual([]);
  });
});

describe('generated TypeScript types', () => {
  it(`are up to date (run npm run generate after changing a schema): ${GENERATED_TYPES}`, async () => {
    const committed = readFileSync(join(PROJECT_ROOT, GENERATED_TYPES), 'utf8');
    expect(await generateSpecTypes(PROJECT_ROOT)).toBe(committed);
  });
});
