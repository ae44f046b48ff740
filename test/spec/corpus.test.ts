import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchemas, validateRepository } from '../../src/spec/index.js';
import { exampleFiles, memorySource, PROJECT_ROOT } from '../helpers/repository.js';

/**
 * The spec corpus: each folder under test/fixtures/specs/invalid/ holds files laid over the
 * example repository and `expected.txt`, the exact diagnostics that must come out — every one
 * of them, at its line and column, and nothing else.
 */
const CORPUS = join(PROJECT_ROOT, 'test/fixtures/specs/invalid');
const schemas = loadSchemas();

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function render(d: {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
}): string {
  return `${d.file}:${d.line}:${d.column} ${d.severity}: ${d.message}`;
}

describe('the example repository', () => {
  it('is valid, without warnings', async () => {
    const { diagnostics, files } = await validateRepository(memorySource(exampleFiles()), { schemas });
    expect(diagnostics.map(render)).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(13);
  });
});

describe('invalid spec corpus', () => {
  const cases = readdirSync(CORPUS).sort();

  it.each(cases)('%s', async (name) => {
    const dir = join(CORPUS, name);
    const files = exampleFiles() as Map<string, string>;
    for (const path of filesUnder(dir)) {
      const repoPath = relative(dir, path).split('\\').join('/');
      if (repoPath !== 'expected.txt') files.set(repoPath, readFileSync(path, 'utf8'));
    }
    const expected = readFileSync(join(dir, 'expected.txt'), 'utf8').trim().split('\n');
    const { diagnostics } = await validateRepository(memorySource(files), { schemas });
    expect(diagnostics.map(render)).toEqual(expected);
  });

  it('covers many kinds of mistakes', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });
});
