import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fileLedger } from '../../../src/apply/index.js';
import type { Io } from '../../../src/services/index.js';
import { CloudUnavailableError, type CommandContext, defaultContext } from '../../../src/services/index.js';
import {
  type FakeScenario,
  type FakeTerraform,
  FIXTURES,
  fakeTerraform,
  TERRAFORM_ERRORS,
} from '../../helpers/fake-terraform.js';
import { exampleFiles, writeTree } from '../../helpers/repository.js';
import { neo } from '../local-cloud.js';

/**
 * `neo apply --cloud aws` retrying what Terraform failed with for a moment, with the command's
 * own retry policy: only the waits are taken over (recorded, not slept). The fake terraform
 * replays real plans of neo's stacks and fails on cue. Reading the cloud back after the apply
 * has tests of its own; here the cloud cannot be read, so the run says it was not verified.
 */
const NOT_READ_BACK = 'the verification is not what these tests look at';
let root: string;
let cleanup: () => void;
let fake: FakeTerraform;
let sleeps: number[];
let lifts: string[];
/** Runs at each wait between tries, as if the world moved on meanwhile. */
let duringWait: (() => void) | undefined;

beforeAll(async () => {
  const tree = await writeTree(exampleFiles());
  root = tree.dir;
  cleanup = tree.cleanup;
});
afterAll(() => cleanup());
beforeEach(() => {
  fake = fakeTerraform();
  sleeps = [];
  lifts = [];
  duringWait = undefined;
});
afterEach(() => fake.dispose());

const ledgerFile = () => join(fake.root, 'applied.json');

function context(io: Io): CommandContext {
  return {
    ...defaultContext(io),
    ledger: async () => fileLedger(ledgerFile()),
    sleep: async (ms) => {
      sleeps.push(ms);
      duringWait?.();
    },
    databaseProtection: async () => ({
      lift: async (region, identifier) => void lifts.push(`${region} ${identifier}`),
    }),
    cloud: async () => {
      throw new CloudUnavailableError(NOT_READ_BACK);
    },
  };
}

/** A tag, alarm and record change to acme-corp: nothing in it loses data. */
const HARMLESS = join(FIXTURES, 'neo/records-alarms-budget-tags-acme-corp.json');
/** A zone move: the server, its data volume and its database replaced. */
const ZONE_MOVE = join(FIXTURES, 'neo/suspend-and-move-zone-lumen-analytics.json');

interface Reported {
  customers: Array<{ customerId: string; outcome: string; attempts: number; refusals?: string[] }>;
}

async function applyAcme(scenario: FakeScenario) {
  fake.scenario(scenario);
  const run = await neo(
    root,
    ['apply', '--cloud', 'aws', '--format', 'json', 'acme-corp'],
    context,
    fake.env,
  );
  const report = JSON.parse(run.out) as Reported;
  return { code: run.code, customer: report.customers.find((c) => c.customerId === 'acme-corp') };
}

const runsOf = (command: string) => fake.invocations().filter((i) => i.command === command).length;
const recorded = () =>
  existsSync(ledgerFile())
    ? Object.keys((JSON.parse(readFileSync(ledgerFile(), 'utf8')) as { customers: object }).customers)
    : [];

describe('neo apply --cloud aws retries what fails for a moment', () => {
  it.each([
    ['a state lock held by another run', TERRAFORM_ERRORS.stateLock],
    ['Route 53 throttling', TERRAFORM_ERRORS.throttling],
    ['an instance EC2 does not show yet (eventual consistency)', TERRAFORM_ERRORS.eventualConsistency],
  ])('waits 15 s, then 30 s, after %s, planning again before each new try', async (_what, stderr) => {
    const { code, customer } = await applyAcme({
      stacks: { 'acme-corp': { plan: HARMLESS, failures: { apply: [{ stderr }, { stderr }] } } },
    });
    expect(code).toBe(0);
    expect(customer).toMatchObject({ outcome: 'applied', attempts: 3 });
    expect(sleeps).toEqual([15_000, 30_000]);
    // A saved plan is stale after a failed apply: each try plans again.
    expect(runsOf('plan')).toBe(3);
    expect(runsOf('apply')).toBe(3);
    expect(recorded()).toEqual(['acme-corp']);
  });

  it('gives up after the fourth try, having waited 15, 30 and 60 s, and records nothing', async () => {
    const lock = { stderr: TERRAFORM_ERRORS.stateLock };
    const { code, customer } = await applyAcme({
      stacks: { 'acme-corp': { plan: HARMLESS, failures: { apply: [lock, lock, lock, lock] } } },
    });
    expect(code).toBe(1);
    expect(customer).toMatchObject({ outcome: 'failed', attempts: 4 });
    expect(sleeps).toEqual([15_000, 30_000, 60_000]);
    expect(runsOf('apply')).toBe(4);
    expect(recorded()).toEqual([]);
  });

  it('never retries a permanent failure', async () => {
    const { code, customer } = await applyAcme({
      stacks: {
        'acme-corp': { plan: HARMLESS, failures: { apply: [{ stderr: TERRAFORM_ERRORS.permanent }] } },
      },
    });
    expect(code).toBe(1);
    expect(customer).toMatchObject({ outcome: 'failed', attempts: 1 });
    expect(sleeps).toEqual([]);
    expect(runsOf('apply')).toBe(1);
  });

  it("runs the destroy guard again on a retry's new plan, and applies nothing it refuses", async () => {
    // While neo waits out the lock, the run holding it changes what the next plan holds.
    duringWait = () => fake.scenario({ stacks: { 'acme-corp': { plan: ZONE_MOVE } } });
    const { code, customer } = await applyAcme({
      stacks: {
        'acme-corp': { plan: HARMLESS, failures: { apply: [{ stderr: TERRAFORM_ERRORS.stateLock }] } },
      },
    });
    expect(code).toBe(1);
    expect(customer?.outcome).toBe('refused');
    expect(customer?.refusals).toContain(
      'aws_instance.server would be replaced (because of subnet_id), with its data (server): if that is intended, add server to allowDataLoss in customers/acme-corp.yaml, or decommission the customer',
    );
    expect(sleeps).toEqual([15_000]);
    expect(runsOf('plan')).toBe(2);
    // Only the first try, which failed, reached terraform apply; the refused plan never did.
    expect(runsOf('apply')).toBe(1);
    expect(lifts).toEqual([]);
    expect(recorded()).toEqual([]);
  });
});
