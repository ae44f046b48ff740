import { configDefaults, defineConfig } from 'vitest/config';
// @ts-expect-error: a plain JavaScript module without types, shared with Stryker.
import { GROUPS } from './stryker.config.mjs';

interface Group {
  tests: string[];
  exclude?: string[];
  testTimeout?: number;
}

/**
 * The tests `npm run mutate` runs against each mutant of a group (stryker.config.mjs): the
 * in-process unit tests of that group's files.
 */
const name = process.env.NEO_MUTATE_GROUP ?? 'apply';
const group = (GROUPS as Record<string, Group | undefined>)[name];
if (group === undefined) throw new Error(`NEO_MUTATE_GROUP=${name} is no group of stryker.config.mjs`);

export default defineConfig({
  test: {
    include: group.tests,
    exclude: [...configDefaults.exclude, ...(group.exclude ?? [])],
    testTimeout: group.testTimeout ?? 30_000,
  },
});
