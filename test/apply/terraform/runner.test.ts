import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PLAN_FILE,
  type TerraformError,
  type TerraformSettings,
  terraformRunner,
} from '../../../src/apply/terraform/runner.js';
import { parseTerraformPlan } from '../../../src/apply/terraform/terraform-plan.js';
import { countActions } from '../../../src/diff/index.js';
import { defaultContext } from '../../../src/services/index.js';
import {
  type FakeCommand,
  type FakeTerraform,
  FIXTURES,
  fakeTerraform,
  TERRAFORM_ERRORS,
} from '../../helpers/fake-terraform.js';
import { captureIo } from '../../helpers/io.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';
const AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: SECRET,
  AWS_REGION: 'eu-central-1',
};
/** A real plan of one of neo's stacks: records added, changed and removed, every resource's tags updated. */
const OWN_PLAN = join(FIXTURES, 'neo/records-alarms-budget-tags-acme-corp.json');
const ERRORED = join(FIXTURES, 'opentofu-plan-error.json');

let fake: FakeTerraform;
beforeEach(() => {
  fake = fakeTerraform();
});
afterEach(() => fake.dispose());

/** A runner over the real fake executable, run the way neo runs programs. */
function runner(settings: Partial<TerraformSettings> = {}) {
  const run = defaultContext(captureIo(fake.root)).run;
  return terraformRunner(
    {
      binary: 'terraform',
      pluginCacheDir: fake.pluginCacheDir,
      lockTimeout: '5m',
      env: { ...fake.env, ...AWS_ENV },
      ...settings,
    },
    run,
  );
}

/** The TerraformError a promise rejects with (fails the test if it resolves or throws something else). */
async function failure(promise: Promise<unknown>): Promise<TerraformError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).name).toBe('TerraformError');
  return error as TerraformError;
}

function argvOf(command: string): string[][] {
  return fake
    .invocations()
    .filter((i) => i.command === command)
    .map((i) => i.argv);
}

describe('version', () => {
  it.each([
    { binary: 'terraform', version: '1.10.5', product: 'terraform' },
    { binary: 'terraform', version: '1.14.2', product: 'terraform' },
    { binary: 'terraform', version: '2.0.0', product: 'terraform' },
    { binary: 'tofu', version: '1.10.0', product: 'tofu' },
  ])('$binary $version is accepted as $product', async ({ binary, version, product }) => {
    fake.scenario({ version });
    await expect(runner({ binary }).version()).resolves.toEqual({ product, version });
  });

  it.each([
    {
      binary: 'terraform',
      version: '1.9.8',
      message:
        '"terraform" is Terraform 1.9.8; neo needs Terraform ≥ 1.10, for the S3 backend\'s use_lockfile state ' +
        'locking. Upgrade it, or set NEO_TERRAFORM to a newer one.',
    },
    {
      binary: 'tofu',
      version: '1.8.3',
      message:
        '"tofu" is OpenTofu 1.8.3; neo needs OpenTofu ≥ 1.10, for the S3 backend\'s use_lockfile state ' +
        'locking. Upgrade it, or set NEO_TERRAFORM to a newer one.',
    },
  ])('$binary $version is too old', async ({ binary, version, message }) => {
    fake.scenario({ version });
    const error = await failure(runner({ binary }).version());
    expect({ step: error.step, transient: error.transient, message: error.message }).toEqual({
      step: 'version',
      transient: undefined,
      message,
    });
  });

  it.each([
    { binary: 'terraform-not-installed', path: undefined },
    { binary: '/nonexistent/bin/terraform', path: undefined },
    // Found by name only through PATH: without the fake's folder (or any Terraform) on it.
    { binary: 'terraform', path: '/nonexistent/bin' },
  ])('a missing $binary (PATH $path) says what to install or set', async ({ binary, path }) => {
    const env = path === undefined ? { ...fake.env, ...AWS_ENV } : { ...fake.env, ...AWS_ENV, PATH: path };
    const error = await failure(runner({ binary, env }).version());
    expect(error.step).toBe('version');
    expect(error.transient).toBeUndefined();
    expect(error.message).toBe(
      `Cannot run "${binary}": it is not installed, not on PATH or not executable. neo needs Terraform ≥ 1.10 ` +
        '(or OpenTofu ≥ 1.10): install it, or set NEO_TERRAFORM to its path.',
    );
  });

  it('is asked once per runner, also by init, plan and apply, and creates the plugin cache', async () => {
    const terraform = runner();
    const stack = fake.stack('c-0001');
    expect(existsSync(fake.pluginCacheDir)).toBe(false);
    await terraform.version();
    await terraform.version();
    await terraform.init(stack);
    await terraform.apply(stack, (await terraform.plan(stack)).planFile);
    expect(fake.invocations().map((i) => i.command)).toEqual(['version', 'init', 'plan', 'show', 'apply']);
    expect(argvOf('version')).toEqual([['version', '-json']]);
    expect(existsSync(fake.pluginCacheDir)).toBe(true);
  });
});

describe('init', () => {
  it('runs without prompts or colour, in the stack, with the automation environment', async () => {
    const stack = fake.stack('c-0001');
    await runner().init(stack);
    const [init] = fake.invocations().filter((i) => i.command === 'init');
    expect(init).toMatchObject({
      argv: ['init', '-input=false', '-no-color'],
      cwd: stack,
      stack: 'c-0001',
      code: 0,
      env: {
        TF_IN_AUTOMATION: '1',
        TF_INPUT: '0',
        CHECKPOINT_DISABLE: '1',
        TF_PLUGIN_CACHE_DIR: fake.pluginCacheDir,
      },
      awsEnvNames: ['AWS_ACCESS_KEY_ID', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY'],
    });
    expect(existsSync(join(stack, '.terraform'))).toBe(true);
  });

  it("with the repository's lock file, copies it into the stack and keeps Terraform from changing it", async () => {
    const stack = fake.stack('c-0003');
    const lockFile = join(fake.root, 'repository.terraform.lock.hcl');
    writeFileSync(lockFile, '# pinned provider checksums\n');
    await runner({ lockFile }).init(stack);
    expect(argvOf('init')).toEqual([['init', '-input=false', '-no-color', '-lockfile=readonly']]);
    expect(readFileSync(join(stack, '.terraform.lock.hcl'), 'utf8')).toBe('# pinned provider checksums\n');
  });

  it('fails with Terraform’s own error in a directory without configuration', async () => {
    const stack = fake.stack('c-0002');
    renameSync(join(stack, 'main.tf.json'), join(stack, 'main.tf.json.bak'));
    const error = await failure(runner().init(stack));
    expect({ step: error.step, transient: error.transient, message: error.message }).toEqual({
      step: 'init',
      transient: undefined,
      message:
        'terraform init failed in c-0002: Error: No configuration files. fake terraform: init found no *.tf or ' +
        '*.tf.json file in the working directory.',
    });
  });

  it('names a stack directory that does not exist, rather than blaming the binary', async () => {
    const missing = join(fake.root, 'stacks', 'c-0404');
    const error = await failure(runner().init(missing));
    expect(error.step).toBe('init');
    expect(error.message).toBe(`terraform init cannot run: the directory ${missing} does not exist.`);
  });
});

describe('plan', () => {
  it('saves the plan in the stack, then reads it back with show -json', async () => {
    const stack = fake.stack('c-0001');
    fake.scenario({ stacks: { 'c-0001': { plan: OWN_PLAN } } });
    const terraform = runner();
    await terraform.init(stack);
    const { plan, planFile } = await terraform.plan(stack);
    expect(planFile).toBe(join(stack, PLAN_FILE));
    expect(argvOf('plan')).toEqual([
      ['plan', '-input=false', '-no-color', '-lock-timeout=5m', `-out=${planFile}`],
    ]);
    expect(argvOf('show')).toEqual([['show', '-json', '-no-color', planFile]]);
    expect(countActions(plan.changes)).toEqual({
      create: 3,
      update: 54,
      replace: 0,
      delete: 3,
      forget: 0,
      'no-op': 27,
    });
    // Exactly what the parser makes of the fixture (its own tests check that in detail).
    expect(plan).toEqual(parseTerraformPlan(readFileSync(OWN_PLAN, 'utf8'), stack));
    expect(plan.drift).toEqual([]);
    expect({
      errored: plan.errored,
      formatVersion: plan.formatVersion,
      terraformVersion: plan.terraformVersion,
    }).toEqual({ errored: false, formatVersion: '1.2', terraformVersion: '1.11.4' });
  });

  it('without a fixture: a plan with no changes', async () => {
    const stack = fake.stack('c-0001');
    const terraform = runner();
    await terraform.init(stack);
    const { plan } = await terraform.plan(stack);
    expect(plan).toEqual({
      changes: [],
      drift: [],
      errored: false,
      formatVersion: '1.2',
      terraformVersion: '1.10.5',
    });
  });

  it('refuses an errored plan, permanently, and leaves no plan file to apply', async () => {
    const stack = fake.stack('c-0001');
    fake.scenario({ stacks: { 'c-0001': { plan: ERRORED } } });
    const terraform = runner();
    await terraform.init(stack);
    const error = await failure(terraform.plan(stack));
    expect({ step: error.step, transient: error.transient, message: error.message }).toEqual({
      step: 'plan',
      transient: undefined,
      message:
        'terraform plan for c-0001 is errored: Terraform could not finish planning, so it must not be applied.',
    });
    expect(existsSync(join(stack, PLAN_FILE))).toBe(false);
  });

  it('removes the previous plan before planning, so a failed plan leaves nothing to apply', async () => {
    const stack = fake.stack('c-0001');
    const terraform = runner();
    await terraform.init(stack);
    await terraform.plan(stack);
    fake.scenario({ default: { failures: { plan: [{ stderr: TERRAFORM_ERRORS.permanent }] } } });
    await failure(terraform.plan(stack));
    expect(existsSync(join(stack, PLAN_FILE))).toBe(false);
  });

  it('a show that prints no plan is a show failure', async () => {
    const stack = fake.stack('c-0001');
    fake.scenario({ default: { failures: { show: [{ code: 0, stdout: 'Error: not JSON at all' }] } } });
    const terraform = runner();
    await terraform.init(stack);
    const error = await failure(terraform.plan(stack));
    expect({ step: error.step, transient: error.transient, message: error.message }).toEqual({
      step: 'show',
      transient: undefined,
      message: `Terraform plan from ${stack} is not JSON (it starts "Error: not JSON at all"): expected the output of \`terraform show -json <planfile>\``,
    });
  });
});

describe('apply', () => {
  it('applies exactly the saved plan', async () => {
    const stack = fake.stack('c-0001');
    fake.scenario({ stacks: { 'c-0001': { plan: OWN_PLAN } } });
    const terraform = runner();
    await terraform.init(stack);
    const { planFile } = await terraform.plan(stack);
    await terraform.apply(stack, planFile);
    expect(argvOf('apply')).toEqual([['apply', '-input=false', '-no-color', '-lock-timeout=5m', planFile]]);
    expect(readFileSync(join(stack, 'terraform.tfstate.applied'), 'utf8')).toBe(
      readFileSync(OWN_PLAN, 'utf8'),
    );
  });

  it('fails when given another stack’s plan', async () => {
    const [one, two] = [fake.stack('c-0001'), fake.stack('c-0002')];
    const terraform = runner();
    await Promise.all([terraform.init(one), terraform.init(two)]);
    const { planFile } = await terraform.plan(one);
    const error = await failure(terraform.apply(two, planFile));
    expect({ step: error.step, transient: error.transient, message: error.message }).toEqual({
      step: 'apply',
      transient: undefined,
      message: `terraform apply failed in c-0002: Error: Saved plan does not match the given state. fake terraform: ${planFile} is not a plan of c-0002.`,
    });
    expect(existsSync(join(two, 'terraform.tfstate.applied'))).toBe(false);
  });
});

/** Runs init, plan and apply until `step`, which the scenario makes fail once. */
async function failAt(step: FakeCommand, stderr: string): Promise<TerraformError> {
  const stack = fake.stack('c-0001');
  fake.scenario({ default: { failures: { [step]: [{ stderr }] } } });
  const terraform = runner();
  const steps = async () => {
    await terraform.init(stack);
    await terraform.apply(stack, (await terraform.plan(stack)).planFile);
  };
  const error = await failure(steps());
  // The failure was used up: the same steps now succeed, as a retry would.
  await steps();
  return error;
}

const DYNAMODB_LOCK = `
Error: Error acquiring the state lock

Error message: operation error DynamoDB: PutItem, https response error StatusCode: 400, RequestID: 8QJ1S0B5T6O9N4R3I2K7E8L0G5VV4KQNSO5AEMVJF66Q9ASUAAJG, ConditionalCheckFailedException: The conditional request failed
Lock Info:
  ID:        1f0e7c3a-5b2d-4e9f-8a6c-0d1b2c3e4f5a
  Path:      neo-terraform-state/customers/c-0001/terraform.tfstate
  Operation: OperationTypePlan
  Who:       deploy@ci-runner-3
  Version:   1.10.5
  Created:   2025-06-02 09:10:41.987654321 +0000 UTC
  Info:
`;

const EC2_RATE_LIMIT = `
Error: reading EC2 Instance (i-0a1b2c3d4e5f60718): operation error EC2: DescribeInstances, exceeded maximum number of attempts, 25, https response error StatusCode: 503, RequestID: 2f8e1c4d-9b3a-4e7f-8c2d-6a5b4c3d2e1f, api error RequestLimitExceeded: Request limit exceeded.
`;

const WAITER_TIMEOUT = `
Error: waiting for EC2 Instance (i-0fedcba9876543210) create: timeout while waiting for state to become 'running' (last state: 'pending', timeout: 10m0s)
`;

const HOSTED_ZONE = `
Error: reading Route 53 Hosted Zone (Z0123456789ABCDEFGHIJ): operation error Route 53: GetHostedZone, https response error StatusCode: 404, RequestID: 7d6c5b4a-3e2f-1a0b-9c8d-7e6f5a4b3c2d, NoSuchHostedZone: No hosted zone found with ID: Z0123456789ABCDEFGHIJ
`;

const PROVIDER_DOWNLOAD = `
Error: Failed to query available provider packages

Could not retrieve the list of available versions for provider hashicorp/aws: no available releases match the given constraints ~> 9.0
`;

describe('transient failures', () => {
  it.each([
    { step: 'plan', what: 'S3 lock file held', stderr: TERRAFORM_ERRORS.stateLock, transient: 'state-lock' },
    { step: 'apply', what: 'S3 lock file held', stderr: TERRAFORM_ERRORS.stateLock, transient: 'state-lock' },
    { step: 'plan', what: 'DynamoDB lock held', stderr: DYNAMODB_LOCK, transient: 'state-lock' },
    {
      step: 'plan',
      what: 'Route 53 throttling',
      stderr: TERRAFORM_ERRORS.throttling,
      transient: 'throttling',
    },
    { step: 'apply', what: 'EC2 request limit', stderr: EC2_RATE_LIMIT, transient: 'throttling' },
    {
      step: 'apply',
      what: 'an instance not visible yet',
      stderr: TERRAFORM_ERRORS.eventualConsistency,
      transient: 'eventual-consistency',
    },
    { step: 'apply', what: 'a waiter timeout', stderr: WAITER_TIMEOUT, transient: 'eventual-consistency' },
    {
      step: 'apply',
      what: 'a new hosted zone not visible yet',
      stderr: HOSTED_ZONE,
      transient: 'eventual-consistency',
    },
    { step: 'apply', what: 'a wrong AMI', stderr: TERRAFORM_ERRORS.permanent, transient: undefined },
    {
      step: 'apply',
      what: 'a wrong AMI beside throttling',
      stderr: TERRAFORM_ERRORS.throttling + TERRAFORM_ERRORS.permanent,
      transient: undefined,
    },
    { step: 'init', what: 'no matching provider', stderr: PROVIDER_DOWNLOAD, transient: undefined },
  ] as const)('$step: $what is $transient', async ({ step, stderr, transient }) => {
    const error = await failAt(step, stderr);
    expect({ step: error.step, transient: error.transient }).toEqual({ step, transient });
  });
});

describe('messages', () => {
  it.each([
    {
      what: 'a permanent error, without the configuration excerpt',
      step: 'apply',
      stderr: TERRAFORM_ERRORS.permanent,
      message:
        'terraform apply failed in c-0001: Error: creating EC2 Instance: operation error EC2: RunInstances, https ' +
        'response error StatusCode: 400, RequestID: 5e3b1f0c-7a2d-4b8e-9c6f-1d0e2f3a4b5c, api error ' +
        "InvalidAMIID.NotFound: The image id '[ami-0abc]' does not exist. with aws_instance.server, on main.tf.json " +
        'line 1, in resource.aws_instance.server.',
    },
    {
      what: 'a state lock, with who holds it',
      step: 'plan',
      stderr: TERRAFORM_ERRORS.stateLock,
      message:
        'terraform plan failed in c-0001: Error: Error acquiring the state lock. Error message: operation error S3: ' +
        'PutObject, https response error StatusCode: 412, RequestID: 7QXJ4W2B9M1HZK6D, HostID: ' +
        '3mOqW6vUeYy0Nf8b2cQ1pL5rT9sKdA7xZgHjE4iVnB0=, api error PreconditionFailed: At least one of the ' +
        'pre-conditions you specified did not hold Lock Info: ID: 9db590f1-b6fe-c5f2-2678-8804f089deba Path: ' +
        'neo-terraform-state/customers/c-0001/terraform.tfstate Operation: OperationTypeApply Who: ' +
        'deploy@ci-runner-7 Version: 1.10.5 Created: 2025-06-02 09:14:07.123456789 +0000 UTC Info. Terraform ' +
        'acquires a state lock to protect the state from being written by multiple users at the same time. ' +
        'Please resolve the issue above and try again. For most commands, you can disable locking with the ' +
        '"-lock=false" flag, but this is not recommended.',
    },
    {
      what: 'only the errors: no colours, frames or warnings',
      step: 'plan',
      stderr:
        '\u001b[33m╷\u001b[0m\n\u001b[33m│\u001b[0m \u001b[1m\u001b[33mWarning: \u001b[0m\u001b[1mDeprecated attribute\u001b[0m\n' +
        '\u001b[33m│\u001b[0m\n\u001b[33m│\u001b[0m The attribute "vpc" is deprecated.\n\u001b[33m╵\u001b[0m\n' +
        '\u001b[31m╷\u001b[0m\n\u001b[31m│\u001b[0m \u001b[1m\u001b[31mError: \u001b[0m\u001b[1mInvalid count argument\u001b[0m\n' +
        '\u001b[31m│\u001b[0m\n\u001b[31m│\u001b[0m The "count" value depends on resource attributes that cannot be determined\n' +
        '\u001b[31m│\u001b[0m until apply.\n\u001b[31m╵\u001b[0m\n',
      message:
        'terraform plan failed in c-0001: Error: Invalid count argument. The "count" value depends on resource ' +
        'attributes that cannot be determined until apply.',
    },
    {
      what: 'the whole output when Terraform printed no Error block',
      step: 'apply',
      stderr: 'panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV]\n',
      message:
        'terraform apply failed in c-0001: panic: runtime error: invalid memory address or nil pointer dereference ' +
        '[signal SIGSEGV].',
    },
    {
      what: 'what the run function reports when Terraform printed nothing',
      step: 'init',
      stderr: '',
      message: 'terraform init failed in c-0001: Command failed: terraform init -input=false -no-color.',
    },
  ] as const)('$what', async ({ step, stderr, message }) => {
    const error = await failAt(step, stderr);
    expect(error.message).toBe(message);
  });

  it('caps a long output at 2,000 characters', async () => {
    const block = (n: number) => `\nError: failure ${n}\n\n${'x'.repeat(300)}\n`;
    const error = await failAt('plan', Array.from({ length: 10 }, (_, n) => block(n)).join(''));
    const prefix = 'terraform plan failed in c-0001: ';
    expect(error.message.startsWith(`${prefix}Error: failure 0. ${'x'.repeat(300)}. Error: failure 1.`)).toBe(
      true,
    );
    expect(error.message.length).toBe(prefix.length + 2_000);
    expect(error.message.endsWith('…')).toBe(true);
  });
});

describe('secrets', () => {
  it('never reach a message or the log, even when Terraform prints them', async () => {
    const stack = fake.stack('c-0001');
    const leaky = `\nError: configuring Terraform AWS Provider: invalid secret_key "${SECRET}"\n`;
    // Long enough that the 2,000-character cap falls inside the secret.
    const long = `\nError: ${'y'.repeat(1_985)} ${SECRET}\n`;
    fake.scenario({ default: { failures: { init: [{ stderr: leaky }], plan: [{ stderr: long }] } } });
    const terraform = runner();
    const messages = [(await failure(terraform.init(stack))).message];
    await terraform.init(stack);
    messages.push((await failure(terraform.plan(stack))).message);
    expect(messages).toEqual([
      'terraform init failed in c-0001: Error: configuring Terraform AWS Provider: invalid secret_key "[redacted]".',
      `terraform plan failed in c-0001: Error: ${'y'.repeat(1_985)} [redac…`,
    ]);
    for (const message of messages) expect(message).not.toContain(SECRET.slice(0, 6));
    const log = readFileSync(fake.logFile, 'utf8');
    expect(log).not.toContain(SECRET);
    expect(log).not.toContain(AWS_ENV.AWS_ACCESS_KEY_ID);
    expect(new Set(fake.invocations().map((i) => i.awsEnvNames.join(',')))).toEqual(
      new Set(['AWS_ACCESS_KEY_ID,AWS_REGION,AWS_SECRET_ACCESS_KEY']),
    );
  });
});

describe('concurrency', () => {
  const STACKS = ['c-0001', 'c-0002', 'c-0003', 'c-0004'];

  it('runs one init at a time (the plugin cache is not safe for concurrent use) but plans in parallel', async () => {
    const dirs = STACKS.map((name) => fake.stack(name));
    fake.scenario({ default: { delayMs: 250 }, rendezvous: { command: 'plan', count: 2 } });
    const terraform = runner();
    await Promise.all(dirs.map((dir) => terraform.init(dir)));
    await Promise.all(dirs.map((dir) => terraform.plan(dir)));
    expect(argvOf('version')).toHaveLength(1);
    expect(argvOf('init')).toHaveLength(4);
    expect(fake.maxConcurrent('init')).toBe(1);
    expect(fake.maxConcurrent('plan')).toBeGreaterThan(1);
  });

  it('a failed init does not hold up the others', async () => {
    const dirs = STACKS.map((name) => fake.stack(name));
    fake.scenario({ stacks: { 'c-0002': { failures: { init: [{ stderr: TERRAFORM_ERRORS.permanent }] } } } });
    const terraform = runner();
    const results = await Promise.allSettled(dirs.map((dir) => terraform.init(dir)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(
      fake
        .invocations()
        .filter((i) => i.command === 'init')
        .map((i) => i.stack),
    ).toEqual(STACKS);
  });
});
