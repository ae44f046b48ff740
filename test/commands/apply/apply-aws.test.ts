import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileLedger } from '../../../src/apply/index.js';
import type { Io } from '../../../src/services/index.js';
import { type CommandContext, defaultContext } from '../../../src/services/index.js';
import { mockedAwsCloud } from '../../helpers/aws-mock.js';
import {
  type FakeScenario,
  type FakeTerraform,
  FIXTURES,
  fakeTerraform,
  TERRAFORM_ERRORS,
} from '../../helpers/fake-terraform.js';
import { commitAll, initRepository } from '../../helpers/git.js';
import { exampleFiles, writeTree } from '../../helpers/repository.js';
import { edited, SCENARIOS } from '../../helpers/terraform/scenarios.js';
import { editFile, neo } from '../local-cloud.js';

const fixture = (name: string) => join(FIXTURES, name);

/**
 * `neo apply --cloud aws` against the fake terraform, which replays real plan fixtures. The
 * ledger is a file instead of the S3 object; the cloud read back for the verification is a
 * mocked AWS account holding the fake's stacks' states: what each held before, as its applies
 * changed it.
 */
let root: string;
let fake: FakeTerraform;
let cleanup: () => void;
let sleeps: number[];
/** Databases whose deletion protection the apply lifted, as `region identifier`. */
let lifts: string[];

/** acme-corp's file as its recorded plan was made from (records, alarms, budget, tags edited). */
const ACME_EDITED = SCENARIOS.find((s) => s.name === 'records-alarms-budget-tags');

beforeEach(async () => {
  if (ACME_EDITED === undefined) throw new Error('no scenario records-alarms-budget-tags');
  const tree = await writeTree(edited(exampleFiles(), ACME_EDITED));
  root = tree.dir;
  cleanup = tree.cleanup;
  fake = fakeTerraform();
  sleeps = [];
  lifts = [];
});
afterEach(() => {
  fake.dispose();
  cleanup();
});

const ledgerFile = () => join(fake.root, 'applied.json');
const ledger = () =>
  existsSync(ledgerFile())
    ? (JSON.parse(readFileSync(ledgerFile(), 'utf8')) as { customers: Record<string, { stackHash: string }> })
        .customers
    : {};

function context(io: Io): CommandContext {
  return {
    ...defaultContext(io),
    ledger: async () => fileLedger(ledgerFile()),
    sleep: async (ms) => void sleeps.push(ms),
    databaseProtection: async () => ({
      lift: async (region, identifier) => void lifts.push(`${region} ${identifier}`),
    }),
    cloud: async () => mockedAwsCloud(fake.account()),
  };
}

const apply = (args: string[] = [], scenario?: FakeScenario) => {
  if (scenario !== undefined) fake.scenario(scenario);
  return neo(root, ['apply', '--cloud', 'aws', ...args], context, fake.env);
};

/** `acme-corp active refused …` → [id, status, result]. */
const rows = (out: string) =>
  out
    .split('\n')
    .map((line) =>
      /^([a-z0-9-]+) +(active|suspended|decommissioned|removed) +(applied|unchanged|refused|forgotten|failed at [a-z]+)/.exec(
        line,
      ),
    )
    .flatMap((m) => (m ? [[m[1], m[2], m[3]]] : []));

const runs = (command: string) =>
  fake
    .invocations()
    .filter((i) => i.command === command)
    .map((i) => i.stack)
    .sort();

/**
 * A run touching every kind of plan: each example customer gets its own real plan or failure.
 * The plans of neo's own stacks (neo/, made with the real Terraform) stand for the customers
 * they were made for; other projects' plans cover what neo's never have (imports, an errored
 * plan, a resource deleted outside Terraform).
 */
const MIXED: FakeScenario = {
  default: { delayMs: 60 },
  stacks: {
    // Records added, changed and removed; every resource's cost-centre tag updated (the
    // repository holds acme-corp's file as edited for it).
    'acme-corp': { plan: fixture('neo/records-alarms-budget-tags-acme-corp.json') },
    // One log group to create, two imports, and nothing of a customer's own: it fails verification.
    'bluefin-bakery': { plan: fixture('cds-snc-aws-import-tf1.7.json') },
    'kestrel-legal': { plan: fixture('opentofu-plan-error.json') },
    // Suspended and moved to another zone: server, data volume and database replaced.
    'lumen-analytics': { plan: fixture('neo/suspend-and-move-zone-lumen-analytics.json') },
    'nordlicht-media': { failures: { plan: [{ stderr: TERRAFORM_ERRORS.stateLock }] } },
    // Decommissioned: destroying the server and its data is what the spec asks.
    'orchid-studio': { plan: fixture('neo/decommission-nordlicht-media.json') },
    'tidewater-travel': {
      plan: fixture('cds-snc-aws-import-tf1.7.json'),
      failures: { apply: [{ stderr: TERRAFORM_ERRORS.permanent }] },
    },
  },
};

describe('neo apply --cloud aws, with a fake terraform replaying real plans', () => {
  it('plans every customer, applies what passes the guard, and keeps going past failures', async () => {
    // The first two plans wait for each other, so the limit of 2 is seen reached, not only kept.
    const result = await apply(['--concurrency', '2'], {
      ...MIXED,
      rendezvous: { command: 'plan', count: 2 },
    });
    expect(result.err).toBe('');
    expect(result.code).toBe(1);
    expect(rows(result.out)).toEqual([
      ['acme-corp', 'active', 'applied'],
      ['bluefin-bakery', 'active', 'applied'],
      ['kestrel-legal', 'suspended', 'failed at plan'],
      ['lumen-analytics', 'active', 'refused'],
      ['nordlicht-media', 'active', 'unchanged'],
      ['orchid-studio', 'decommissioned', 'applied'],
      ['tidewater-travel', 'active', 'failed at apply'],
    ]);
    expect(result.out.split('\n')[0]).toBe(
      'neo apply · Applied 3 of 7 customers to aws: 1 unchanged, 1 refused, 2 failed, 1 failed verification',
    );
    // The imports plan holds no network, server or address of the customer's: none is there.
    expect(result.out).toMatch(
      /^bluefin-bakery +active +applied .*server: aws_vpc\.main is missing; address: aws_eip\.server is missing/m,
    );
    // The destroy guard explains; the failures say how to recover.
    expect(result.out).toContain(
      'aws_instance.server would be replaced (because of subnet_id), with its data (server): if that is intended, add server to allowDataLoss in customers/lumen-analytics.yaml, or decommission the customer',
    );
    expect(result.out).toContain('retry:  neo apply --cloud aws tidewater-travel');
    expect(result.out).toContain("InvalidAMIID.NotFound: The image id '[ami-0abc]' does not exist");

    // Each stack: one init, its plan; only what passed the guard was applied, from its saved plan.
    expect(runs('init')).toEqual(Object.keys(MIXED.stacks ?? {}));
    expect(runs('apply')).toEqual(['acme-corp', 'bluefin-bakery', 'orchid-studio', 'tidewater-travel']);
    // The decommissioned customer's database (the replayed plan's) lost its protection just
    // before its apply, in the stack's region; lumen-analytics's, refused, kept it.
    expect(lifts).toEqual(['us-east-1 neo-production-nordlicht-media']);
    for (const run of fake.invocations().filter((i) => i.command === 'apply')) {
      expect(run.argv.at(-1)).toBe(join(root, '.neo/stacks', run.stack, 'neo.tfplan'));
      expect(run.argv).toContain('-lock-timeout=5m');
    }
    expect(fake.maxConcurrent('plan')).toBe(2);
    // The state lock was waited out once, then the plan went through.
    expect(runs('plan').filter((s) => s === 'nordlicht-media')).toHaveLength(2);
    expect(sleeps).toEqual([15_000]);
    expect(Object.keys(ledger())).toEqual([
      'acme-corp',
      'bluefin-bakery',
      'nordlicht-media',
      'orchid-studio',
    ]);
  });

  it('verifies what it applied by reading the cloud back', async () => {
    const result = await apply(['acme-corp', 'orchid-studio', '--format', 'json'], MIXED);
    const report = JSON.parse(result.out) as {
      customers: Array<{
        customerId: string;
        verification: Array<{ what: string; ok: boolean; detail: string }>;
      }>;
    };
    expect(report.customers.map((c) => [c.customerId, c.verification])).toEqual([
      [
        'acme-corp',
        [
          { what: 'server', ok: true, detail: 'running' },
          { what: 'address', ok: true, detail: 'Elastic IP attached' },
          { what: 'dns', ok: true, detail: '8 DNS records in sync' },
        ],
      ],
      // Decommissioned: nothing of it is left to check.
      ['orchid-studio', []],
    ]);
    expect(result.code).toBe(0);
  });

  it('fails a customer whose server the apply left stopped', async () => {
    const result = await apply(['acme-corp'], {
      stacks: {
        'acme-corp': {
          plan: fixture('neo/records-alarms-budget-tags-acme-corp.json'),
          override: { 'aws_ec2_instance_state.server': { state: 'stopped' } },
        },
      },
    });
    expect(result.code).toBe(1);
    expect(result.out).toMatch(
      /^acme-corp +active +applied .*server: aws_ec2_instance_state\.server: state is stopped, the stack says running/m,
    );
  });

  it('never shows a secret of the plan (a database password) in any format', async () => {
    // Another project's plan: neo's own keep no password in plain text. Its apply fails (the fake
    // applies none of the types neo's stacks never hold), so the failure is shown too.
    const plan = fixture('checkov-aws-mixed-0.12.json');
    expect(readFileSync(plan, 'utf8')).toContain('Aa1234321Bb');
    for (const format of ['text', 'markdown', 'json']) {
      const result = await apply(['lumen-analytics', '--format', format], {
        stacks: { 'lumen-analytics': { plan } },
      });
      expect(result.out).toContain('lumen-analytics');
      expect(result.out).toContain("not a resource type of neo's stacks");
      expect(result.out).not.toContain('Aa1234321Bb');
    }
  });

  it('applies nothing the second time, and catches up a failed customer on the next run', async () => {
    const first = await apply([], {
      stacks: { 'kestrel-legal': { plan: fixture('opentofu-plan-error.json') } },
    });
    expect(rows(first.out).filter(([, , r]) => r !== 'unchanged')).toEqual([
      ['kestrel-legal', 'suspended', 'failed at plan'],
    ]);
    const planned = runs('plan').length;

    const second = await apply([], {});
    expect(rows(second.out)).toEqual([['kestrel-legal', 'suspended', 'unchanged']]);
    expect(second.code).toBe(0);
    expect(runs('plan').length).toBe(planned + 1);

    const third = await apply([], {});
    expect(third.out.split('\n')[0]).toBe(
      'neo apply · Nothing to apply: all 7 customers are as last applied to aws',
    );
    expect(runs('plan').length).toBe(planned + 1);
  });

  it("offers the retry and the rollback to the commit applied before when a customer's apply fails", async () => {
    const git = await initRepository(root);
    const first = await commitAll(git, 'customers');
    expect((await apply(['acme-corp'], {})).code).toBe(0);
    editFile(root, 'customers/acme-corp.yaml', 'cpu: 70', 'cpu: 60');
    await commitAll(git, 'acme-corp: alert at 60 % CPU');
    const failed = await apply([], {
      stacks: {
        'acme-corp': {
          plan: fixture('cds-snc-aws-import-tf1.7.json'),
          failures: { apply: [{ stderr: TERRAFORM_ERRORS.permanent }] },
        },
      },
    });
    expect(failed.code).toBe(1);
    expect(rows(failed.out).find(([id]) => id === 'acme-corp')).toEqual([
      'acme-corp',
      'active',
      'failed at apply',
    ]);
    expect(failed.out).toContain('retry:      neo apply --cloud aws acme-corp');
    expect(failed.out).toContain(`roll back:  neo apply --cloud aws --at ${first.slice(0, 12)} acme-corp`);
  });

  it('names the missing binary and what to install, once', async () => {
    const result = await neo(root, ['apply', '--cloud', 'aws'], context, { PATH: '/nonexistent/bin' });
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(result.err).toMatch(/^neo apply: .*terraform.*1\.10/);
    expect(Object.keys(ledger())).toEqual([]);
  });

  it.each([
    ['terraform', 'Terraform 1.10.5'],
    ['tofu', 'OpenTofu 1.10.5'],
  ])('runs %s as NEO_TERRAFORM says, and says so', async (binary, says) => {
    fake.scenario({});
    const result = await neo(root, ['apply', '--cloud', 'aws', 'acme-corp'], context, {
      ...fake.env,
      NEO_TERRAFORM: binary,
    });
    expect(result.code).toBe(0);
    expect(result.out).toContain(`note: Applied with ${says}.`);
  });
});
