import { describe, expect, it } from 'vitest';
import { MAX_SHARDS, parseShard, shardOf } from '../../src/rollout/index.js';

/** Customer ids as a large fleet has them: a business name and a number. */
const FLEET = Array.from({ length: 1000 }, (_, i) => {
  const names = ['bakery', 'dental', 'legal', 'media', 'studio', 'travel', 'analytics', 'garage'];
  return `${names[i % names.length]}-${String(i).padStart(4, '0')}`;
});

describe('shardOf', () => {
  it.each([1, 2, 3, 10, 64])('puts each of 1,000 customers in exactly one of %i shards', (count) => {
    for (const id of FLEET) {
      const shard = shardOf(id, count);
      expect(Number.isInteger(shard) && shard >= 1 && shard <= count).toBe(true);
      expect(shardOf(id, count)).toBe(shard);
    }
  });

  it.each([
    [2, 0.1],
    [4, 0.15],
    [10, 0.3],
  ])('spreads 1,000 customers over %i shards within ±%d of an even share', (count, tolerance) => {
    const sizes = new Array<number>(count).fill(0);
    for (const id of FLEET) sizes[shardOf(id, count) - 1] = (sizes[shardOf(id, count) - 1] ?? 0) + 1;
    const even = FLEET.length / count;
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(FLEET.length);
    for (const size of sizes) expect(Math.abs(size - even)).toBeLessThanOrEqual(even * tolerance);
  });

  it('moves no customer when others are added or removed', () => {
    const before = new Map(FLEET.slice(0, 500).map((id) => [id, shardOf(id, 10)]));
    const after = new Map(FLEET.map((id) => [id, shardOf(id, 10)]));
    for (const [id, shard] of before) expect(after.get(id)).toBe(shard);
  });

  it('puts customers whose ids differ by one letter in different shards as often as any others', () => {
    const neighbours = FLEET.slice(0, 200).filter(
      (id, i) => shardOf(id, 2) !== shardOf(FLEET[i + 1] ?? id, 2),
    );
    expect(neighbours.length).toBeGreaterThan(70);
    expect(neighbours.length).toBeLessThan(130);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %d shards', (count) => {
    expect(() => shardOf('acme-corp', count)).toThrow(RangeError);
  });
});

describe('parseShard', () => {
  it.each([
    ['1/1', { index: 1, count: 1 }],
    ['1/2', { index: 1, count: 2 }],
    ['2/2', { index: 2, count: 2 }],
    [' 7/10 ', { index: 7, count: 10 }],
    [`${MAX_SHARDS}/${MAX_SHARDS}`, { index: MAX_SHARDS, count: MAX_SHARDS }],
    ['0/2', { problem: 'K counts from 1 to N (2)' }],
    ['3/2', { problem: 'K counts from 1 to N (2)' }],
    ['1/0', { problem: `N is the number of shards, from 1 to ${MAX_SHARDS}` }],
    ['1/257', { problem: `N is the number of shards, from 1 to ${MAX_SHARDS}` }],
    ['2', { problem: 'use K/N, the K-th of N shards, e.g. 1/4' }],
    ['1-2', { problem: 'use K/N, the K-th of N shards, e.g. 1/4' }],
    ['1/2/3', { problem: 'use K/N, the K-th of N shards, e.g. 1/4' }],
    ['one/two', { problem: 'use K/N, the K-th of N shards, e.g. 1/4' }],
    ['', { problem: 'use K/N, the K-th of N shards, e.g. 1/4' }],
  ])('reads %j', (text, expected) => {
    expect(parseShard(text)).toEqual(expected);
  });
});
