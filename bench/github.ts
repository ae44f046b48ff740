import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import type { CustomerDrift, DriftReport } from '../src/cloud/index.js';
import {
  gitDriftBranches,
  gitHubHost,
  syncDriftPullRequests,
  WRITE_SPACING_MS,
} from '../src/github/index.js';
import { startFakeGitHub } from '../test/helpers/fake-github.js';
import { driftFixture } from '../test/report/drift/drift-fixture.js';
import type { Figure } from './validate.js';

const DRIFTED = 50;

/**
 * Drift pull requests for a fleet in which 50 customers drifted, against the fake GitHub (real
 * Octokit over HTTP) and a real bare repository: the requests one night costs, what the next
 * night with the same drift costs (it should write nothing), and the time GitHub's pacing of
 * content-creating requests adds on top (750 ms between writes), which the fake does not wait.
 */
export async function benchGitHub(_projectRoot: string, customers: number): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'neo-bench-github-'));
  const github = await startFakeGitHub({ bareRepo: join(dir, 'origin.git') });
  try {
    const root = await repository(dir);
    const waits: number[] = [];
    const pacing = {
      clock: () => performance.now(),
      now: () => new Date(),
      sleep: async (ms: number) => {
        waits.push(ms);
      },
      log: () => {},
    };
    const host = await gitHubHost(
      { token: 'bench', repository: 'neo-hosting/platform', apiUrl: github.url },
      pacing,
    );
    const branches = gitDriftBranches({ git: async (d) => simpleGit({ baseDir: d }), root, base: 'main' });
    const report = fleetReport(customers);
    const night = async () => {
      const from = github.requests.length;
      const started = performance.now();
      const sync = await syncDriftPullRequests(host, branches, { report, scope: 'all', base: 'main' });
      const requests = github.requests.slice(from);
      const writes = requests.filter((r) => r.method !== 'GET').length;
      return { sync, ms: performance.now() - started, requests: requests.length, writes };
    };
    const first = await night();
    const second = await night();
    const paced = (first.writes * WRITE_SPACING_MS) / 1000;
    return [
      {
        benchmark: `drift PRs, ${DRIFTED} of ${customers} customers drifted: requests (writes)`,
        value: `${first.requests} (${first.writes})`,
        kind: 'measured',
        target: `${DRIFTED} PRs opened`,
        ok: first.sync.opened.length === DRIFTED && first.sync.failed.length === 0,
      },
      {
        benchmark: '  its time (git commits and pushes, fake API)',
        value: `${(first.ms / 1000).toFixed(1)} s`,
        kind: 'measured',
        target: '',
        ok: true,
      },
      {
        benchmark: '  plus the pacing of writes on GitHub (writes × 750 ms)',
        value: `${paced.toFixed(1)} s`,
        kind: 'computed',
        target: '< 80 writes/min',
        ok: true,
      },
      {
        benchmark: '  the next night, same drift: requests (writes)',
        value: `${second.requests} (${second.writes})`,
        kind: 'measured',
        target: '0 writes',
        ok: second.writes === 0 && second.sync.unchanged.length === DRIFTED,
      },
    ];
  } finally {
    await github.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A clone of a bare "origin" with the fleet's customer files on main. */
async function repository(dir: string): Promise<string> {
  const bare = join(dir, 'origin.git');
  await simpleGit().raw(['init', '--bare', '--initial-branch=main', bare]);
  const root = join(dir, 'platform');
  mkdirSync(join(root, 'customers'), { recursive: true });
  const git = simpleGit({ baseDir: root });
  await git.init(['--initial-branch=main']);
  await git.addConfig('user.name', 'neo bench');
  await git.addConfig('user.email', 'neo-bench@example.com');
  writeFileSync(join(root, 'README.md'), 'platform\n');
  await git.add(['-A']);
  await git.commit('platform');
  await git.addRemote('origin', bare);
  await git.push('origin', 'main');
  return root;
}

/** The fixture's first drifted customer, copied to 50 customers; the rest of the fleet without drift. */
function fleetReport(customers: number): DriftReport {
  const fixture = driftFixture();
  const template = fixture.customers.find((c) => c.items.length > 0) as CustomerDrift;
  const ids = Array.from({ length: customers }, (_, i) => `customer-${String(i).padStart(4, '0')}`);
  return {
    ...fixture,
    orphans: [],
    customers: ids.map((id, i) => ({
      customerId: id,
      file: `customers/${id}.yaml`,
      items:
        i % Math.floor(customers / DRIFTED) === 0 && i / Math.floor(customers / DRIFTED) < DRIFTED
          ? template.items
          : [],
    })),
  };
}
