import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  directoryCache,
  type StackCache,
  type StackInputs,
  type StackJson,
  stackHash,
  synthCodeVersion,
  synthesizeFleet,
} from '../../src/synth/index.js';
import { inputsOf, synthFiles } from '../helpers/stacks.js';

/** A cache in memory that counts what it is asked. */
function memoryCache(): StackCache & { entries: Map<string, StackJson>; hits: number } {
  const entries = new Map<string, StackJson>();
  const cache = {
    entries,
    hits: 0,
    get(hash: string) {
      const found = entries.get(hash);
      if (found !== undefined) cache.hits++;
      return found;
    },
    set(hash: string, stack: StackJson) {
      entries.set(hash, stack);
    },
  };
  return cache;
}

const all = await inputsOf(synthFiles());

describe('synthesizing a fleet', () => {
  it('builds every stack once, then takes unchanged ones from the cache', async () => {
    const cache = memoryCache();
    const first = await synthesizeFleet(all, { cache, threads: 1 });
    expect(first.map((s) => s.cached)).toEqual(all.map(() => false));
    expect(first.map((s) => s.customerId)).toEqual(all.map((i) => i.customer.id));

    const second = await synthesizeFleet(all, { cache, threads: 1 });
    expect(second.every((s) => s.cached)).toBe(true);
    expect(second.map((s) => s.json)).toEqual(first.map((s) => s.json));
    expect(second.map((s) => s.resources)).toEqual(first.map((s) => s.resources));
  });

  it('rebuilds only the customer whose inputs changed', async () => {
    const cache = memoryCache();
    await synthesizeFleet(all, { cache, threads: 1 });
    const changed = all.map(
      (inputs): StackInputs =>
        inputs.customer.id === 'acme-corp'
          ? {
              ...inputs,
              customer: {
                ...inputs.customer,
                monitoring: { ...inputs.customer.monitoring, alertEmails: ['new@acme-example.com'] },
              },
            }
          : inputs,
    );
    const again = await synthesizeFleet(changed, { cache, threads: 1 });
    expect(again.filter((s) => !s.cached).map((s) => s.customerId)).toEqual(['acme-corp']);
    expect(again.find((s) => s.customerId === 'acme-corp')?.json).toContain('new@acme-example.com');
  });

  it('keys the cache on the inputs and the code version', () => {
    const [one, two] = all as [StackInputs, StackInputs];
    const code = synthCodeVersion();
    expect(code).toMatch(/^[0-9a-f]{64}$/);
    expect(synthCodeVersion()).toBe(code);
    expect(stackHash(one, code)).toBe(stackHash(structuredClone(one), code));
    expect(stackHash(one, code)).not.toBe(stackHash(two, code));
    expect(stackHash(one, code)).not.toBe(stackHash(one, `${code}x`));
  });
});

describe('directory cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'neo-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns what was stored, and nothing for an unknown hash', () => {
    const cache = directoryCache(join(dir, 'stacks'));
    expect(cache.get('a'.repeat(64))).toBeUndefined();
    cache.set('b'.repeat(64), { json: '{\n  "resource": {}\n}\n', resources: 3 });
    expect(directoryCache(join(dir, 'stacks')).get('b'.repeat(64))).toEqual({
      json: '{\n  "resource": {}\n}\n',
      resources: 3,
    });
    expect(readdirSync(join(dir, 'stacks'))).toEqual([`${'b'.repeat(64)}.tf.json`]);
  });

  it('prunes entries neither stored nor read since a date', () => {
    // Reads count as use at this cache's now, whatever the machine's date.
    const cache = directoryCache(join(dir, 'pruned'), () => new Date('2026-07-01T00:00:00Z'));
    const [old, used, fresh] = ['d', 'e', 'f'].map((c) => c.repeat(64)) as [string, string, string];
    for (const hash of [old, used, fresh]) cache.set(hash, { json: '{}\n', resources: 0 });
    const longAgo = new Date('2026-01-01T00:00:00Z');
    for (const hash of [old, used]) utimesSync(join(dir, 'pruned', `${hash}.tf.json`), longAgo, longAgo);
    cache.get(used);
    expect(cache.prune(new Date('2026-06-01T00:00:00Z'))).toBe(1);
    expect(cache.get(old)).toBeUndefined();
    expect(cache.get(used)).toBeDefined();
    expect(cache.get(fresh)).toBeDefined();
  });

  it('is only created when something is stored', () => {
    directoryCache(join(dir, 'never')).get('c'.repeat(64));
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});
