import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli.js';
import { awsCloud, RATE_LIMITS } from '../src/cloud/aws/index.js';
import type { Cloud, DriftReport } from '../src/cloud/index.js';
import { LocalStore, localCloudRoot } from '../src/cloud/local/index.js';
import type { Io } from '../src/services/index.js';
import { defaultContext } from '../src/services/index.js';
import { accountOf } from '../test/helpers/aws-account.js';
import { AWS_BUCKETS, mockAccount } from '../test/helpers/aws-mock.js';
import { writeFleet } from './fleet.js';
import { runNeo } from './neo-run.js';
import { type Figure, peakMemory } from './validate.js';

/** What a call costs against real AWS from a runner in the same region, roughly: large EC2 pages are slow. */
const LATENCY_MS = { ec2: 250, route53: 80 };

/**
 * The nightly drift sweep over a generated fleet: the fleet is applied to the local cloud (so
 * the account is a faithful copy of every stack), that copy is served by mocked SDK clients with
 * AWS's filtering, pagination, per-call latency and token buckets (a call finding its bucket
 * empty is throttled, as AWS would), and `neo drift --cloud aws` runs in-process against it.
 * Figures: calls per service, throttling errors, and wall time against the floor the Route53
 * bucket sets (calls beyond its burst, at its refill rate).
 */
export async function benchDrift(projectRoot: string, customers: number): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'neo-bench-drift-'));
  try {
    await writeFleet(projectRoot, dir, customers);
    const applied = runNeo(projectRoot, ['apply', '--cloud', 'local', '--root', dir], { probe: true });
    const again = reapply(projectRoot, dir);
    const local = runNeo(projectRoot, ['drift', '--cloud', 'local', '--root', dir], { probe: true });
    const files = await new LocalStore(localCloudRoot(dir)).readCloud();
    const account = accountOf(files.flatMap((f) => f.resources));
    const aws = mockAccount(account, { latencyMs: LATENCY_MS, buckets: AWS_BUCKETS });
    let sweepMs = 0;
    const inner = awsCloud({ regions: ['us-east-2', 'us-east-1'], ec2: aws.ec2, route53: aws.route53 });
    const timed: Cloud = {
      name: 'aws',
      async inventory(options) {
        const started = performance.now();
        const inventory = await inner.inventory(options);
        sweepMs = performance.now() - started;
        return inventory;
      },
    };
    const report = await driftInProcess(dir, timed);
    const drifted = report.customers.filter((c) => c.items.length > 0).length;
    if (drifted > 0 || report.orphans.length > 0) {
      throw new Error(`a faithful copy must show no drift; ${drifted} customers drifted`);
    }
    return [
      {
        benchmark: `apply ${customers} customers to the local cloud (CLI, cold synth)`,
        value: seconds(applied.ms),
        target: '',
        ok: true,
      },
      peakMemory('  its peak memory (RSS, worker threads included)', applied.peakMb),
      {
        benchmark: '  again, nothing to apply (every stack hashed against the ledger)',
        value: seconds(again.unchanged.ms),
        target: '',
        ok: true,
      },
      {
        benchmark: '  again after 1 customer changed (applies exactly that one)',
        value: seconds(again.oneChanged.ms),
        target: '',
        ok: true,
      },
      {
        benchmark: 'neo drift --cloud local, no drift (CLI)',
        value: seconds(local.ms),
        target: '',
        ok: true,
      },
      peakMemory('  its peak memory (RSS)', local.peakMb),
      ...figures(sweepMs, aws.calls, aws.throttled),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What a merge costs neo before any Terraform runs: every stack synthesized (from the cache) and
 * hashed against its record. Checked to apply nothing, then exactly the one customer changed.
 */
function reapply(projectRoot: string, dir: string) {
  const unchanged = runNeo(projectRoot, ['apply', '--cloud', 'local', '--root', dir]);
  if (!unchanged.out.includes('Nothing to apply'))
    throw new Error(`expected nothing to apply:\n${unchanged.out}`);
  const file = join(dir, 'customers/customer-0001.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/memory: 90/, 'memory: 95'));
  const oneChanged = runNeo(projectRoot, ['apply', '--cloud', 'local', '--root', dir]);
  if (!/Applied 1 customer to the local cloud/.test(oneChanged.out))
    throw new Error(`expected exactly customer-0001 applied:\n${oneChanged.out}`);
  return { unchanged, oneChanged };
}

async function driftInProcess(root: string, cloud: Cloud): Promise<DriftReport> {
  let out = '';
  const io: Io = {
    cwd: root,
    env: {},
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => process.stderr.write(text) },
  };
  const code = await runCli(['drift', '--cloud', 'aws', '--format', 'json'], io, {
    ...defaultContext(io),
    cloud: async () => cloud,
  });
  if (code === 1) throw new Error('neo drift failed on the generated fleet');
  return JSON.parse(out) as DriftReport;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function figures(
  sweepMs: number,
  calls: Record<string, number>,
  throttled: Record<string, number>,
): Figure[] {
  const route53 = calls.route53 ?? 0;
  const ec2 = calls.ec2 ?? 0;
  const bucket = AWS_BUCKETS.route53;
  const floorMs = (Math.max(0, route53 - bucket.capacity) / bucket.perSecond) * 1000;
  const ratio = sweepMs / floorMs;
  const operations = (prefix: string): Figure[] =>
    Object.entries(calls)
      .filter(([name]) => name.startsWith(`${prefix}:`))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, n]) => ({
        benchmark: `  ${name.slice(prefix.length + 1)}`,
        value: String(n),
        target: '',
        ok: true,
      }));
  const s = seconds;
  return [
    {
      benchmark: 'drift sweep: EC2 calls, 2 regions',
      value: String(ec2),
      target: '~15',
      ok: ec2 <= 20,
    },
    ...operations('ec2'),
    {
      benchmark: 'drift sweep: Route53 calls',
      value: String(route53),
      target: '1 per zone + pages',
      ok: true,
    },
    ...operations('route53'),
    {
      benchmark: 'drift sweep: throttling errors (AWS buckets)',
      value: String((throttled.ec2 ?? 0) + (throttled.route53 ?? 0)),
      target: '0',
      ok: (throttled.ec2 ?? 0) + (throttled.route53 ?? 0) === 0,
    },
    {
      benchmark: `drift sweep: wall time (Route53 floor ${s(floorMs)}: burst ${bucket.capacity}, then ${bucket.perSecond}/s; neo paces ${RATE_LIMITS.route53.intervalCap}/s)`,
      value: s(sweepMs),
      target: `≤ ${s(floorMs * 1.2)} (1.2×)`,
      ok: ratio <= 1.2,
    },
  ];
}
