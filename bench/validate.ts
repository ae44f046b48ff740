import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFleet } from './fleet.js';
import { runNeo } from './neo-run.js';

export interface Figure {
  benchmark: string;
  value: string;
  /**
   * Where the figure comes from: timed or counted in this run; timed in this run but made of
   * the bench's stand-ins for AWS (latencies, buckets, pacing); or worked out from other figures.
   */
  kind: 'measured' | 'simulated' | 'computed';
  target: string;
  ok: boolean;
  /** Missing it fails the whole run, not just the row: a figure that proves a promise. */
  required?: boolean;
}

/** The memory target of docs/benchmarks.md, for every run measured under the probe. */
const PEAK_MEMORY_LIMIT_MB = 1024;

/** A run's peak resident memory against that target. */
export function peakMemory(benchmark: string, peakMb: number): Figure {
  return {
    benchmark,
    value: `${peakMb.toFixed(0)} MB`,
    kind: 'measured',
    target: `< ${PEAK_MEMORY_LIMIT_MB} MB`,
    ok: peakMb < PEAK_MEMORY_LIMIT_MB,
  };
}

const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/**
 * `neo validate` over a generated fleet, end to end as users run it: a fresh process each time
 * (Node start-up, schema compilation and all), median of several runs, and its peak memory.
 */
export async function benchValidate(projectRoot: string, customers: number): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'neo-bench-'));
  try {
    await writeFleet(projectRoot, dir, customers);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) times.push(runNeo(projectRoot, ['validate', '--root', dir]).ms);
    const { peakMb } = runNeo(projectRoot, ['validate', '--root', dir], { probe: true });
    const wall = median(times);
    return [
      {
        benchmark: `validate ${customers} customers (CLI, median of ${RUNS})`,
        value: `${wall.toFixed(0)} ms`,
        kind: 'measured',
        target: '< 1000 ms',
        ok: wall < 1000,
      },
      peakMemory('validate peak memory (RSS)', peakMb),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
