import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFleet } from './fleet.js';
import { type NeoRun, runNeo } from './neo-run.js';
import { type Figure, peakMemory } from './validate.js';

const COLD_RUNS = 3;
const WARM_RUNS = 2;
/** The customer the pull request changes (scale → titan, a larger plan tier). */
const EDITED = 'customer-0001';

function git(dir: string, args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A repository of its own in `dir`, with an identity so the benchmark needs no global config. */
function initRepository(dir: string): void {
  git(dir, ['init', '--quiet', '--initial-branch=main']);
  git(dir, ['config', 'user.name', 'neo bench']);
  git(dir, ['config', 'user.email', 'neo-bench@example.com']);
  git(dir, ['config', 'commit.gpgsign', 'false']);
}

function commitAll(dir: string, message: string): void {
  git(dir, ['add', '-A']);
  git(dir, ['commit', '--quiet', '--no-verify', '-m', message]);
}

/**
 * `neo plan --format json` in a fresh process under the memory probe, run from the clone as CI
 * runs it (no --root: the root is found from the working directory), checked to plan exactly
 * the one changed customer against the merge-base with origin/main.
 */
function plan(projectRoot: string, clone: string): NeoRun {
  const cwd = process.cwd();
  process.chdir(clone); // runNeo spawns with the current directory; its paths are absolute.
  try {
    const run = runNeo(projectRoot, ['plan', '--format', 'json'], { probe: true });
    const parsed = JSON.parse(run.out) as {
      base?: { label: string };
      customers: { customerId: string; kind: string }[];
    };
    const customers = parsed.customers ?? [];
    if (
      parsed.base?.label !== 'origin/main' ||
      customers.length !== 1 ||
      customers[0]?.customerId !== EDITED ||
      customers[0]?.kind !== 'changed'
    ) {
      throw new Error(
        `expected a plan against origin/main with exactly ${EDITED} changed, got base ${parsed.base?.label} and ${JSON.stringify(customers.map((c) => [c.customerId, c.kind]))}`,
      );
    }
    return run;
  } finally {
    process.chdir(cwd);
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/**
 * `neo plan` for a pull request that changes one customer of the fleet, as CI runs it: a fresh
 * clone of the branch with an empty `.neo/` cache (cdktf loads and both sides' stacks are
 * synthesized), several times over (the cache deleted in between), then again with the cache
 * filled, as a developer re-running it would.
 */
export async function benchPlan(projectRoot: string, customers: number): Promise<Figure[]> {
  if (customers < 2) throw new Error(`the plan benchmark edits ${EDITED}: NEO_BENCH_CUSTOMERS must be ≥ 2`);
  const dir = mkdtempSync(join(tmpdir(), 'neo-bench-plan-'));
  try {
    const origin = join(dir, 'origin');
    const clone = join(dir, 'clone');
    await writeFleet(projectRoot, origin, customers);
    writeFileSync(join(origin, '.gitignore'), '.neo/\n');
    initRepository(origin);
    commitAll(origin, 'fleet');
    git(origin, ['switch', '--quiet', '--create', 'feature']);
    const file = join(origin, `customers/${EDITED}.yaml`);
    const yaml = readFileSync(file, 'utf8');
    if (!/^plan: scale$/m.test(yaml)) throw new Error(`expected ${EDITED} on the scale plan`);
    writeFileSync(file, yaml.replace(/^plan: scale$/m, 'plan: titan'));
    commitAll(origin, `${EDITED}: scale → titan`);
    git(origin, ['switch', '--quiet', 'main']); // the remote's HEAD, hence the clone's origin/HEAD
    // --no-local: objects arrive packed, as from a remote, not hard-linked loose objects.
    git(dir, ['clone', '--quiet', '--no-local', '--branch', 'feature', origin, clone]);

    const cold: NeoRun[] = [];
    for (let run = 0; run < COLD_RUNS; run++) {
      rmSync(join(clone, '.neo'), { recursive: true, force: true });
      cold.push(plan(projectRoot, clone));
    }
    const warm: NeoRun[] = [];
    for (let run = 0; run < WARM_RUNS; run++) warm.push(plan(projectRoot, clone));

    const peakMb = Math.max(...[...cold, ...warm].map((r) => r.peakMb));
    const row = (benchmark: string, r: NeoRun): Figure => ({
      benchmark,
      value: seconds(r.ms),
      kind: 'measured',
      target: '< 2 s',
      ok: r.ms < 2000,
    });
    return [
      ...cold.map((r, i) =>
        row(
          i === 0
            ? `plan, PR changing 1 of ${customers}, fresh clone, empty cache (CLI)`
            : `  again, .neo/ deleted (${i + 1} of ${COLD_RUNS})`,
          r,
        ),
      ),
      ...warm.map((r, i) =>
        row(i === 0 ? 'plan again, cache filled (CLI)' : `  again (${i + 1} of ${WARM_RUNS})`, r),
      ),
      peakMemory('plan peak memory (RSS, threads included)', peakMb),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
