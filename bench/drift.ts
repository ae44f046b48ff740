import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { AppliedLedger } from '../src/apply/index.js';
import { s3Ledger } from '../src/apply/ledger/index.js';
import { runCli } from '../src/cli.js';
import { awsCloud, RATE_LIMITS } from '../src/cloud/aws/index.js';
import type { Cloud, DriftReport } from '../src/cloud/index.js';
import { LocalStore, localCloudRoot } from '../src/cloud/local/index.js';
import type { Io } from '../src/services/index.js';
import { defaultContext } from '../src/services/index.js';
import { accountOf, type StoredResource } from '../test/helpers/aws-account.js';
import { callAlongside, LEFT_FOR_OTHERS } from '../test/helpers/aws-alongside.js';
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
 * empty is throttled, as AWS would), and `neo drift --cloud aws` runs in-process against it,
 * while Terraform and a person in the console call the same buckets at what neo leaves them.
 * Figures: calls per service, throttling errors of neo and of the others (both must be 0), and
 * wall time against the floor neo's Route53 pacing sets (its calls at its rate).
 */
export async function benchDrift(projectRoot: string, customers: number): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'neo-bench-drift-'));
  try {
    await writeFleet(projectRoot, dir, customers);
    const applied = runNeo(projectRoot, ['apply', '--cloud', 'local', '--root', dir], { probe: true });
    const again = reapply(projectRoot, dir);
    const local = runNeo(projectRoot, ['drift', '--cloud', 'local', '--root', dir], { probe: true });
    const files = await new LocalStore(localCloudRoot(dir)).readCloud();
    const resources = files.flatMap((f) => f.resources);
    const clean = await sweep(dir, resources);
    const cleanDrifted = clean.report.customers.filter((c) => c.items.length > 0).length;
    if (cleanDrifted > 0 || clean.report.orphans.length > 0) {
      throw new Error(`a faithful copy must show no drift; ${cleanDrifted} customers drifted`);
    }
    // A tenth of the customers with their neo tags stripped (a tag policy gone wrong): the
    // observer finds those resources by their recorded ids, at the cost of calls by id.
    const stripped = new Set(clean.report.customers.filter((_, i) => i % 10 === 0).map((c) => c.customerId));
    const edited = await sweep(dir, withoutNeoTags(resources, stripped));
    const notTags = edited.report.customers.flatMap((c) =>
      c.items
        .filter((i) => i.kind !== 'modified' || i.change.attributes.some((a) => !a.path.startsWith('tags.')))
        .map(
          (i) => `${c.customerId} ${i.kind} ${i.address} ${i.change.attributes.map((a) => a.path).join(' ')}`,
        ),
    );
    const drifted = edited.report.customers.filter((c) => c.items.length > 0).map((c) => c.customerId);
    // A decommissioned customer keeps only buckets, which drift does not read: nothing to show.
    const outside = drifted.filter((id) => !stripped.has(id));
    if (notTags.length > 0 || outside.length > 0) {
      throw new Error(
        `stripped tags must show as tag changes of stripped customers only; drifted besides: ${outside.join(', ')}; ` +
          `not tags: ${notTags.slice(0, 5).join('; ')}`,
      );
    }
    return [
      {
        benchmark: `apply ${customers} customers to the local cloud (CLI, cold synth)`,
        value: seconds(applied.ms),
        kind: 'measured',
        target: '',
        ok: true,
      },
      peakMemory('  its peak memory (RSS, worker threads included)', applied.peakMb),
      {
        benchmark: '  again, nothing to apply (every stack hashed against the ledger)',
        value: seconds(again.unchanged.ms),
        kind: 'measured',
        target: '',
        ok: true,
      },
      {
        benchmark: '  again after 1 customer changed (applies exactly that one)',
        value: seconds(again.oneChanged.ms),
        kind: 'measured',
        target: '',
        ok: true,
      },
      {
        benchmark: 'neo drift --cloud local, no drift (CLI)',
        value: seconds(local.ms),
        kind: 'measured',
        target: '',
        ok: true,
      },
      peakMemory('  its peak memory (RSS)', local.peakMb),
      ...figures('drift sweep', clean),
      ...figures(`drift sweep, ${stripped.size} customers' neo tags stripped`, edited),
      {
        benchmark: `  S3 calls for the ledger and ${clean.report.customers.length} customers' recorded ids (${S3_LATENCY_MS} ms each, simulated)`,
        value: String(clean.ids.gets),
        kind: 'measured',
        target: '1 + 1 per customer',
        ok: clean.ids.gets <= clean.report.customers.length + 1,
      },
      {
        benchmark: '  time reading the recorded ids, before the sweep',
        value: seconds(clean.ids.ms),
        kind: 'simulated',
        target: '',
        ok: true,
      },
      {
        benchmark: '  extra calls to read recorded ids the tag filters missed',
        value: extraCalls(clean.calls, edited.calls),
        kind: 'measured',
        target: '',
        ok: true,
      },
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

interface Sweep {
  report: DriftReport;
  ms: number;
  calls: Record<string, number>;
  throttled: Record<string, number>;
  /** Terraform and the console, calling alongside the sweep. */
  others: { calls: Record<string, number>; throttled: Record<string, number> };
  /** S3 GETs of the ledger and the recorded ids, and the time reading the ids took. */
  ids: { gets: number; ms: number };
}

const REGIONS = ['us-east-2', 'us-east-1'];

/**
 * `neo drift --cloud aws` over mocked SDK clients serving `resources` as an AWS account, with
 * Terraform and the console calling the same account from the start of the sweep to its end.
 */
async function sweep(dir: string, resources: readonly StoredResource[]): Promise<Sweep> {
  const aws = mockAccount(accountOf(resources), { latencyMs: LATENCY_MS, buckets: AWS_BUCKETS });
  let ms = 0;
  const inner = awsCloud({ regions: REGIONS, ec2: aws.ec2, route53: aws.route53 });
  const timed: Cloud = {
    name: 'aws',
    async inventory(options) {
      const started = performance.now();
      const inventory = await inner.inventory(options);
      ms = performance.now() - started;
      return inventory;
    },
  };
  const bucket = bucketLedger(dir);
  const alongside = callAlongside(aws, LEFT_FOR_OTHERS, { regions: REGIONS });
  let others: Sweep['others'];
  let report: DriftReport;
  try {
    report = await driftInProcess(dir, timed, bucket.ledger);
  } finally {
    others = alongside.stop();
  }
  return { report, ms, calls: aws.calls, throttled: aws.throttled, others, ids: bucket.stats };
}

function withoutNeoTags(
  resources: readonly StoredResource[],
  customers: ReadonlySet<string>,
): StoredResource[] {
  return resources.map((r) =>
    customers.has(r.tags['neo:customer'] ?? '')
      ? { ...r, tags: Object.fromEntries(Object.entries(r.tags).filter(([key]) => !key.startsWith('neo:'))) }
      : r,
  );
}

/** `ec2 +6 (DescribeVpcs 2, …)`: per service, and per operation that grew. */
function extraCalls(before: Record<string, number>, after: Record<string, number>): string {
  const grown = Object.keys(after)
    .map((name) => [name, (after[name] ?? 0) - (before[name] ?? 0)] as const)
    .filter(([, n]) => n !== 0);
  const services = grown.filter(([name]) => !name.includes(':'));
  const operations = grown
    .filter(([name]) => name.includes(':'))
    .map(([name, n]) => `${name.split(':')[1]} +${n}`);
  const total = services.map(([name, n]) => `${name} +${n}`).join(', ') || '+0';
  return operations.length === 0 ? total : `${total} (${operations.join(', ')})`;
}

/** What a call to S3 costs from a runner in the bucket's region, roughly. */
const S3_LATENCY_MS = 20;

/**
 * The production ledger (`s3Ledger`) over a mocked bucket holding what the local apply wrote:
 * `customers/applied.json` and `customers/ids/<id>.json`. Counts its GETs and the time spent.
 */
function bucketLedger(root: string) {
  const client = new S3Client({
    region: 'us-east-2',
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'x' },
  });
  const local = localCloudRoot(root);
  const stats = { gets: 0, ms: 0 };
  mockClient(client)
    .on(GetObjectCommand)
    .callsFake(async (input: { Key: string }) => {
      stats.gets += 1;
      await new Promise((resolve) => setTimeout(resolve, S3_LATENCY_MS));
      const path = join(local, input.Key.replace(/^customers\//, ''));
      if (!existsSync(path)) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
      return { Body: { transformToString: async () => readFileSync(path, 'utf8') }, ETag: '"bench"' };
    });
  const ledger = s3Ledger({ client, bucket: 'neo-bench-state', key: 'customers/applied.json' });
  const timed: AppliedLedger = {
    ...ledger,
    readIds: async (ids) => {
      const started = performance.now();
      const read = await ledger.readIds(ids);
      stats.ms += performance.now() - started;
      return read;
    },
  };
  return { ledger: timed, stats };
}

async function driftInProcess(root: string, cloud: Cloud, ledger: AppliedLedger): Promise<DriftReport> {
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
    // The account is the local cloud's copy, ids included: what the local apply recorded holds.
    ledger: async () => ledger,
  });
  if (code === 1) throw new Error('neo drift failed on the generated fleet');
  return JSON.parse(out) as DriftReport;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const total = (counts: Record<string, number>) => (counts.ec2 ?? 0) + (counts.route53 ?? 0);

function figures(title: string, run: Sweep): Figure[] {
  const { calls, throttled, others } = run;
  const sweepMs = run.ms + run.ids.ms;
  const route53 = calls.route53 ?? 0;
  const ec2 = calls.ec2 ?? 0;
  const pace = RATE_LIMITS.route53;
  const perSecond = (pace.intervalCap * 1000) / pace.interval;
  const refill = AWS_BUCKETS.route53.perSecond;
  // neo draws on no burst: its last Route53 call starts when its last window opens.
  const floorMs = Math.max(0, Math.ceil(route53 / pace.intervalCap) - 1) * pace.interval;
  const operations = (prefix: string): Figure[] =>
    Object.entries(calls)
      .filter(([name]) => name.startsWith(`${prefix}:`))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, n]) => ({
        benchmark: `  ${name.slice(prefix.length + 1)}`,
        value: String(n),
        kind: 'measured',
        target: '',
        ok: true,
      }));
  const s = seconds;
  const { route53: r53, ec2: ec2Pace } = LEFT_FOR_OTHERS;
  return [
    {
      benchmark: `${title}: EC2 calls, 2 regions`,
      value: String(ec2),
      kind: 'measured',
      target: '~15',
      ok: ec2 <= 20,
    },
    ...operations('ec2'),
    {
      benchmark: `${title}: Route53 calls`,
      value: String(route53),
      kind: 'measured',
      target: '1 per zone + pages',
      ok: true,
    },
    ...operations('route53'),
    {
      benchmark: `${title}: neo's calls throttled (AWS's buckets)`,
      value: String(total(throttled)),
      kind: 'measured',
      target: '0',
      ok: total(throttled) === 0,
      required: true,
    },
    {
      benchmark:
        `  Terraform and the console alongside (Route53 ${r53.perSecond}/s, EC2 ${ec2Pace.perSecond}/s a region, ` +
        `bursts every ${r53.burst / r53.perSecond} s): calls, throttled`,
      value: `${total(others.calls)}, ${total(others.throttled)}`,
      kind: 'measured',
      target: '0 throttled',
      ok: total(others.calls) > 0 && total(others.throttled) === 0,
      required: true,
    },
    {
      benchmark: `  Route53 floor: ${route53} calls, ${perSecond} a second (${Math.round((perSecond / refill) * 100)} % of the ${refill}/s refill)`,
      value: s(floorMs),
      kind: 'computed',
      target: '',
      ok: true,
    },
    {
      benchmark: `${title}: wall time, recorded ids read included`,
      value: s(sweepMs),
      kind: 'simulated',
      target: `≤ ${s(floorMs * 1.1)} (1.1× floor)`,
      ok: sweepMs <= floorMs * 1.1,
    },
  ];
}
