import { hashOf } from './shard.js';

/** neo.yaml's `rollout`, defaults applied. */
export interface RolloutSettings {
  /** The first wave: a number of customers, or a share of the affected ones. */
  firstWave: { customers: number } | { percent: number };
  /** Each following wave is this many times the one before, rounded up. */
  growth: number;
  /** Minutes to wait once a wave is applied and verified. */
  pauseMinutes: number;
}

/** What neo.yaml's `rollout` leaves out: doubling, no pause; a first wave is always given. */
export const DEFAULT_ROLLOUT = { growth: 2, pauseMinutes: 0 } as const;

/** From neo.yaml as written: without a `rollout`, every change applies in one wave, as before. */
export function rolloutSettings(
  written:
    | { firstWave?: number; firstWavePercent?: number; growth?: number; pauseMinutes?: number }
    | undefined,
): RolloutSettings | undefined {
  if (written === undefined) return undefined;
  const firstWave =
    written.firstWavePercent === undefined
      ? { customers: written.firstWave ?? 1 }
      : { percent: written.firstWavePercent };
  return {
    firstWave,
    growth: written.growth ?? DEFAULT_ROLLOUT.growth,
    pauseMinutes: written.pauseMinutes ?? DEFAULT_ROLLOUT.pauseMinutes,
  };
}

/**
 * The waves a rollout applies, first to last, each a list of customer ids. Canary customers
 * come first, then the rest in an order drawn from a hash of their ids: the same on every runner
 * and every run, and spread over the fleet rather than alphabetical (a first wave of `a…`
 * customers would sample one corner of it). A change that fits in the first wave is one wave;
 * without rollout settings, every change is.
 */
export function waves(
  affected: readonly string[],
  rollout: RolloutSettings | undefined,
  canaries: ReadonlySet<string>,
): string[][] {
  const order = [...new Set(affected)].sort(byRolloutOrder(canaries));
  if (order.length === 0) return [];
  if (rollout === undefined) return [order];
  const result: string[][] = [];
  let size = firstWaveSize(rollout, order.length);
  for (let start = 0; start < order.length; start += size) {
    if (result.length > 0) size = Math.max(size, Math.ceil(size * rollout.growth));
    result.push(order.slice(start, start + size));
  }
  return result;
}

function firstWaveSize(rollout: RolloutSettings, affected: number): number {
  const { firstWave } = rollout;
  const size =
    'customers' in firstWave ? firstWave.customers : Math.ceil((affected * firstWave.percent) / 100);
  return Math.max(1, size);
}

function byRolloutOrder(canaries: ReadonlySet<string>): (a: string, b: string) => number {
  const ranks = new Map<string, number>();
  const rankOf = (id: string): number => {
    const known = ranks.get(id);
    if (known !== undefined) return known;
    const rank = hashOf(`rollout:${id}`);
    ranks.set(id, rank);
    return rank;
  };
  return (a, b) => {
    const canary = Number(canaries.has(b)) - Number(canaries.has(a));
    if (canary !== 0) return canary;
    return rankOf(a) - rankOf(b) || (a < b ? -1 : a > b ? 1 : 0);
  };
}
