import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFleet } from './fleet.js';
import type { Figure } from './validate.js';

interface Run {
  ms: number;
  peakMb: number;
  out: string;
}

/** `neo synth` in a fresh process under the memory probe: wall time and peak RSS (threads included). */
function synth(projectRoot: string, dir: string): Run {
  const main = join(projectRoot, 'dist/src/main.js');
  const probe = join(projectRoot, 'dist/bench/probe.js');
  const started = performance.now();
  const result = spawnSync(process.execPath, [probe, main, 'synth', '--root', dir], { encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`neo synth failed on the generated fleet:\n${result.stdout}${result.stderr}`);
  const peakMb = Number(JSON.parse(result.stderr.trim().split('\n').pop() ?? '{}').maxRssMb);
  return { ms, peakMb, out: result.stdout };
}

/**
 * `neo synth` over a generated fleet, as users run it: first with an empty cache (every stack
 * built), then after one customer file changed (one stack built, the rest from the cache).
 */
export async function benchSynth(projectRoot: string, customers: number): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'neo-bench-synth-'));
  try {
    await writeFleet(projectRoot, dir, customers);
    const cold = synth(projectRoot, dir);
    const file = join(dir, 'customers/customer-0001.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/cpu: \d+/, 'cpu: 55'));
    const warm = synth(projectRoot, dir);
    if (!warm.out.includes(`(1 built, ${customers - 1} unchanged)`)) {
      throw new Error(`expected exactly one stack rebuilt, got:\n${warm.out.split('\n')[0]}`);
    }
    const resources = Number(/^total\s+(\d+)/m.exec(cold.out)?.[1] ?? Number.NaN);
    return [
      {
        benchmark: `synth ${customers} customers, empty cache (CLI)`,
        value: `${(cold.ms / 1000).toFixed(1)} s`,
        target: '< 25 s',
        ok: cold.ms < 25_000,
      },
      {
        benchmark: `  resources synthesized`,
        value: resources.toLocaleString('en-US'),
        target: '',
        ok: true,
      },
      {
        benchmark: 'synth peak memory (RSS, threads included)',
        value: `${cold.peakMb.toFixed(0)} MB`,
        target: '< 1024 MB',
        ok: cold.peakMb < 1024,
      },
      {
        benchmark: `re-synth, 1 of ${customers} changed (CLI)`,
        value: `${(warm.ms / 1000).toFixed(2)} s`,
        target: '< 2 s',
        ok: warm.ms < 2000,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
