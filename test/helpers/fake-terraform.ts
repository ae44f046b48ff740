import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { AwsAccount } from './aws-account.js';
import { accountOfStates } from './fake-account.js';
import { type StateJson, stateBefore } from './fake-terraform/apply-plan.mjs';
import { PROJECT_ROOT, TERRAFORM_PLANS } from './repository.js';

/** Real `terraform show -json` plans (SOURCES.md there says where each comes from). */
export const FIXTURES: string = TERRAFORM_PLANS;

/** Where the fake `terraform` and `tofu` live. */
const FAKE_BIN = join(PROJECT_ROOT, 'test/helpers/fake-terraform');

export type FakeCommand = 'version' | 'init' | 'plan' | 'show' | 'apply';

/** One scripted failure: what the command prints and its exit code (default 1). */
export interface FakeFailure {
  code?: number;
  stderr?: string;
  stdout?: string;
}

export interface FakeStack {
  /** Absolute path of a plan JSON fixture; default: a plan with no changes. */
  plan?: string;
  /**
   * Absolute path of the stack's state before any apply (`show -json` of it); default: the state
   * the plan was made against (its `prior_state`), or none.
   */
  state?: string;
  /** Planned changes (by address) that apply does not make, though it reports success. */
  leaveOut?: string[];
  /** Values (by address) that apply leaves otherwise than planned: `{ state: 'stopped' }`. */
  override?: Record<string, Record<string, unknown>>;
  /** Every command in the stack sleeps this long first, so overlapping runs can be seen. */
  delayMs?: number;
  /** The Nth run of a command fails with its Nth entry; later runs succeed. */
  failures?: Partial<Record<FakeCommand, FakeFailure[]>>;
}

export interface FakeScenario {
  /** What `version` prints; default 1.10.5. */
  version?: string;
  /** Default: the name the fake was run as. */
  product?: 'terraform' | 'tofu';
  /** By stack directory name (the customer id). */
  stacks?: Record<string, FakeStack>;
  /** For stacks not listed; a listed stack's keys override these. */
  default?: FakeStack;
  /**
   * The first `count` runs of `command` wait for each other (up to 10 s): overlap a test can
   * count on, however slowly the machine starts processes.
   */
  rendezvous?: { command: FakeCommand; count: number };
}

/** One run of the fake, as it logged it. Times are epoch milliseconds with fractions. */
export interface FakeInvocation {
  argv: string[];
  command: string;
  stack: string;
  cwd: string;
  startedAt: number;
  endedAt: number;
  pid: number;
  code: number;
  /** Absent keys were not set. */
  env: {
    TF_IN_AUTOMATION?: string;
    TF_INPUT?: string;
    CHECKPOINT_DISABLE?: string;
    TF_PLUGIN_CACHE_DIR?: string;
  };
  /** Names of the AWS_* variables it saw; the values are never logged. */
  awsEnvNames: string[];
}

export interface FakeTerraform {
  /** Directory to prepend to PATH; binary names `terraform` and `tofu`. */
  binDir: string;
  /** env for TerraformSettings.env / io.env: PATH with binDir first, plus the FAKE_* variables. */
  env: Record<string, string>;
  /** A fresh temporary directory, removed by dispose(). */
  root: string;
  /** A plugin cache path under root that does not exist yet. */
  pluginCacheDir: string;
  /** The raw invocation log, to search for leaks. */
  logFile: string;
  /** Creates `<root>/stacks/<name>/main.tf.json` and returns the stack directory. */
  stack(name: string, config?: unknown): string;
  /** Replaces the scenario and restarts the failure counters. */
  scenario(s: FakeScenario): void;
  /** Recorded invocations, in the order they finished. */
  invocations(): FakeInvocation[];
  /** Max number of simultaneously running invocations of a command (from startedAt/endedAt). */
  maxConcurrent(command?: string): number;
  /**
   * Each stack's state now: what its last apply left, else what the scenario says it held before
   * (for the stacks the scenario lists).
   */
  states(): Map<string, StateJson>;
  /** The AWS account those states make: what the cloud holds now, for a mocked AWS. */
  account(): AwsAccount;
  dispose(): void;
}

export function fakeTerraform(): FakeTerraform {
  const root = mkdtempSync(join(tmpdir(), 'neo-fake-terraform-'));
  const state = join(root, 'state');
  const logFile = join(root, 'invocations.jsonl');
  const scenarioFile = join(root, 'scenario.json');
  writeFileSync(scenarioFile, '{}');
  const invocations = (): FakeInvocation[] => readLog(logFile);
  const states = () => stackStates(state, JSON.parse(readFileSync(scenarioFile, 'utf8')) as FakeScenario);
  return {
    binDir: FAKE_BIN,
    env: {
      PATH: [FAKE_BIN, process.env.PATH].filter(Boolean).join(delimiter),
      FAKE_TERRAFORM_SCENARIO: scenarioFile,
      FAKE_TERRAFORM_LOG: logFile,
      FAKE_TERRAFORM_STATE: state,
    },
    root,
    pluginCacheDir: join(root, 'plugin-cache'),
    logFile,
    stack(name, config = { terraform: {}, resource: {} }) {
      const dir = join(root, 'stacks', name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config));
      return dir;
    },
    scenario(s) {
      writeFileSync(scenarioFile, JSON.stringify(s));
      rmSync(join(state, 'counters'), { recursive: true, force: true });
    },
    invocations,
    maxConcurrent: (command) =>
      maxOverlap(
        invocations().filter((invocation) => command === undefined || invocation.command === command),
      ),
    states,
    account: () => accountOfStates(states().values()),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The same choice as the fake's own (its `currentState`), for every stack it knows of. */
function stackStates(stateDir: string, scenario: FakeScenario): Map<string, StateJson> {
  const states = new Map<string, StateJson>();
  for (const [stack, settings] of Object.entries(scenario.stacks ?? {})) {
    const { state, plan } = { ...scenario.default, ...settings };
    if (state !== undefined) states.set(stack, readJson(state) as StateJson);
    else if (plan !== undefined) states.set(stack, stateBefore(readJson(plan), stack));
  }
  const applied = join(stateDir, 'stacks');
  if (existsSync(applied)) {
    for (const name of readdirSync(applied).filter((n) => n.endsWith('.json'))) {
      states.set(
        decodeURIComponent(name.slice(0, -'.json'.length)),
        readJson(join(applied, name)) as StateJson,
      );
    }
  }
  return states;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function readLog(logFile: string): FakeInvocation[] {
  let text: string;
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as FakeInvocation);
}

/** Sweeps start and end times; an end at the very moment of a start does not count as overlap. */
function maxOverlap(invocations: readonly FakeInvocation[]): number {
  const events = invocations.flatMap((i) => [
    { at: i.startedAt, delta: 1 },
    { at: i.endedAt, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let running = 0;
  let max = 0;
  for (const { delta } of events) {
    running += delta;
    max = Math.max(max, running);
  }
  return max;
}

/** Terraform's stderr for common failures, as it prints them with -no-color (ids made up). */
export const TERRAFORM_ERRORS = {
  /** S3 backend with use_lockfile: another run holds `<key>.tflock`. */
  stateLock: `
Error: Error acquiring the state lock

Error message: operation error S3: PutObject, https response error StatusCode: 412, RequestID: 7QXJ4W2B9M1HZK6D, HostID: 3mOqW6vUeYy0Nf8b2cQ1pL5rT9sKdA7xZgHjE4iVnB0=, api error PreconditionFailed: At least one of the pre-conditions you specified did not hold
Lock Info:
  ID:        9db590f1-b6fe-c5f2-2678-8804f089deba
  Path:      neo-terraform-state/customers/c-0001/terraform.tfstate
  Operation: OperationTypeApply
  Who:       deploy@ci-runner-7
  Version:   1.10.5
  Created:   2025-06-02 09:14:07.123456789 +0000 UTC
  Info:


Terraform acquires a state lock to protect the state from being written
by multiple users at the same time. Please resolve the issue above and try
again. For most commands, you can disable locking with the "-lock=false"
flag, but this is not recommended.
`,
  /** Route 53 rate limit, after the AWS SDK's own retries. */
  throttling: `
Error: reading Route 53 Record (Z0123456789ABCDEFGHIJ_www.example.com_A): operation error Route 53: ListResourceRecordSets, exceeded maximum number of attempts, 25, https response error StatusCode: 400, RequestID: 1b0c4a52-6f0e-4e0c-9d55-2f4f3c1a9e77, api error Throttling: Rate exceeded

  with aws_route53_record.www,
  on main.tf.json line 1, in resource.aws_route53_record.www:
   1: {"resource":{"aws_route53_record":{"www":{"name":"www.example.com","type":"A"}}}}

`,
  /** An EIP associated with an instance EC2 does not show yet, right after creating it. */
  eventualConsistency: `
Error: associating EC2 EIP (eipalloc-0a1b2c3d4e5f60718): operation error EC2: AssociateAddress, https response error StatusCode: 400, RequestID: 0c5d3a8e-2b1f-4c7a-9e6d-8f4b2a1c3d5e, api error InvalidInstanceID.NotFound: The instance ID 'i-0fedcba9876543210' does not exist

  with aws_eip_association.server,
  on main.tf.json line 1, in resource.aws_eip_association.server:
   1: {"resource":{"aws_eip_association":{"server":{"allocation_id":"eipalloc-0a1b2c3d4e5f60718"}}}}

`,
  /** A wrong AMI: retrying cannot help. */
  permanent: `
Error: creating EC2 Instance: operation error EC2: RunInstances, https response error StatusCode: 400, RequestID: 5e3b1f0c-7a2d-4b8e-9c6f-1d0e2f3a4b5c, api error InvalidAMIID.NotFound: The image id '[ami-0abc]' does not exist

  with aws_instance.server,
  on main.tf.json line 1, in resource.aws_instance.server:
   1: {"resource":{"aws_instance":{"server":{"ami":"ami-0abc","instance_type":"t3.micro"}}}}

`,
};
