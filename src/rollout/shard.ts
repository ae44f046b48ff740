import { createHash } from 'node:crypto';

/** The K-th of N partitions of a run's customers, 1-based as people count: `--shard 2/4`. */
export interface Shard {
  index: number;
  count: number;
}

/** The most runners one apply is spread over: a GitHub Actions matrix holds at most 256 jobs. */
export const MAX_SHARDS = 256;

/**
 * The shard (1 to `count`) a customer belongs to. A hash of the id modulo the count: each
 * customer's shard depends on its own id and the count alone, so adding or removing customers
 * moves no other customer, and every runner of a run computes the same partition without
 * talking to the others. Changing the count reshuffles most customers, which costs nothing: no
 * state is kept per shard, each run's runners all share one count.
 */
export function shardOf(customerId: string, count: number): number {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`a shard count is a whole number ≥ 1, not ${count}`);
  return (hashOf(`shard:${customerId}`) % count) + 1;
}

export function inShard(customerId: string, shard: Shard): boolean {
  return shardOf(customerId, shard.count) === shard.index;
}

/** 48 bits of SHA-256: spread evenly, and exact in a JavaScript number. */
export function hashOf(text: string): number {
  return createHash('sha256').update(text).digest().readUIntBE(0, 6);
}

/** Reads `K/N` as given to `--shard`; a reason instead when it is not one. */
export function parseShard(text: string): Shard | { problem: string } {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(text.trim());
  if (match === null) return { problem: `use K/N, the K-th of N shards, e.g. 1/4` };
  const [index, count] = [Number(match[1]), Number(match[2])];
  if (count < 1 || count > MAX_SHARDS)
    return { problem: `N is the number of shards, from 1 to ${MAX_SHARDS}` };
  if (index < 1 || index > count) return { problem: `K counts from 1 to N (${count})` };
  return { index, count };
}
