import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFleet } from './fleet.js';
import { runNeo } from './neo-run.js';
import { type Figure, peakMemory } from './validate.js';

/** `neo synth` in a fresh process under the memory probe: wall time and peak RSS (threads included). */
function synth(projectRoot: string, dir: string) {
  return runNeo(projectRoot, ['synth', '--root', dir], { probe: true });
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
        kind: 'measured',
        target: '< 25 s',
        ok: cold.ms < 25_000,
      },
      {
        benchmark: `  resources synthesized`,
        value: resources.toLocaleString('en-US'),
        kind: 'measured',
        target: '',
        ok: true,
      },
      peakMemory('synth peak memory (RSS, threads included)', cold.peakMb),
      {
        benchmark: `re-synth, 1 of ${customers} changed (CLI)`,
        value: `${(warm.ms / 1000).toFixed(2)} s`,
        kind: 'measured',
        target: '< 2 s',
        ok: warm.ms < 2000,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
