import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFleet } from './fleet.js';
import { runNeo } from './neo-run.js';

export interface Figure {
  benchmark: string;
  value: string;
  target: string;
  ok: boolean;
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
        target: '< 1000 ms',
        ok: wall < 1000,
      },
      {
        benchmark: 'validate peak memory (RSS)',
        value: `${peakMb.toFixed(0)} MB`,
        target: '< 1024 MB',
        ok: peakMb < 1024,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
