import { lstatSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_FILE, type TerraformRunner, terraformRunner } from '../../../src/apply/terraform/runner.js';
import { countActions } from '../../../src/diff/index.js';
import { defaultContext } from '../../../src/services/index.js';
import { captureIo } from '../../helpers/io.js';
import { type Stack, stackLookup } from '../../helpers/stacks.js';
import { realPlan, seedState } from '../../helpers/terraform/plans.js';
import { realTerraform, terraformProbe } from '../../helpers/terraform/provided.js';
import {
  OFFLINE_CREDENTIALS,
  type TerraformWorkspace,
  terraformWorkspace,
} from '../../helpers/terraform/workspace.js';

const probe = terraformProbe();

/**
 * neo's Terraform runner against the real binary and the real AWS provider: init with the
 * shared plugin cache, plan to a plan file, show -json, the plan reader, and the redaction of
 * secrets in Terraform's own error output. (Apply needs an AWS account: the fake covers it.)
 */
describe.skipIf(!probe.found)('terraformRunner with the real Terraform', () => {
  let ws: TerraformWorkspace;
  let runner: TerraformRunner;
  let stackOf: (id: string) => Stack;
  beforeAll(async () => {
    ws = terraformWorkspace(realTerraform());
    stackOf = await stackLookup();
    runner = terraformRunner(
      {
        binary: realTerraform().binary,
        pluginCacheDir: ws.pluginCacheDir,
        lockTimeout: '1m',
        env: { ...ws.env, TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true' },
      },
      defaultContext(captureIo(ws.root)).run,
    );
  }, 60_000);
  afterAll(() => ws?.dispose());

  it('reads the version of the binary', async () => {
    await expect(runner.version()).resolves.toEqual({
      product: 'terraform',
      version: realTerraform().version,
    });
  });

  it('installs the provider once into the plugin cache, which every stack links to', async () => {
    const stacks = ['acme-corp', 'kestrel-legal'].map((id) => ws.stack(id, stackOf(id).json).dir);
    await Promise.all(stacks.map((dir) => runner.init(dir)));
    const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
    const provider = join('registry.terraform.io/hashicorp/aws', realTerraform().providerVersion, platform);
    const cached = join(ws.pluginCacheDir, provider);
    expect(lstatSync(cached).isDirectory() || lstatSync(cached).isSymbolicLink()).toBe(true);
    for (const dir of stacks) {
      const installed = join(dir, '.terraform/providers', provider);
      expect(lstatSync(installed).isSymbolicLink(), dir).toBe(true);
      expect(readlinkSync(installed)).toBe(cached);
    }
  }, 120_000);

  it("plans a new customer to a plan file that creates exactly the stack's resources", async () => {
    const stack = stackOf('acme-corp');
    const { dir } = ws.stack('acme-corp', stack.json);
    await runner.init(dir);
    const { plan, planFile } = await runner.plan(dir);
    expect(planFile).toBe(join(dir, PLAN_FILE));
    expect(plan.errored).toBe(false);
    expect(plan.terraformVersion).toBe(realTerraform().version);
    const addresses = stack.entries().map(([address]) => address);
    expect(countActions(plan.changes)).toMatchObject({
      create: addresses.length,
      update: 0,
      replace: 0,
      delete: 0,
    });
    expect(plan.changes.map((c) => c.address).sort()).toEqual(addresses.sort());
    // The reader keeps the values Terraform knows and drops the sensitive ones.
    const vpc = plan.changes.find((c) => c.address === 'aws_vpc.main');
    expect(vpc?.attributes).toContainEqual({ path: 'cidr_block', after: '10.20.0.0/16' });
  }, 120_000);

  it("keeps a secret of the environment out of Terraform's error, as it reports it", async () => {
    const secret = OFFLINE_CREDENTIALS.AWS_SECRET_ACCESS_KEY;
    const stack = JSON.parse(stackOf('kestrel-legal').json);
    // A secret pasted where it does not belong: the provider's error quotes the value back.
    stack.resource.aws_vpc.main.cidr_block = secret;
    const { dir } = ws.stack('kestrel-legal-typo', JSON.stringify(stack));
    await runner.init(dir);
    const error = await runner.plan(dir).then(
      () => undefined,
      (e: unknown) => e as Error & { step?: string },
    );
    expect(error?.name).toBe('TerraformError');
    expect(error?.step).toBe('plan');
    expect(error?.message).toMatch(/^terraform plan failed in kestrel-legal-typo: Error: /);
    expect(error?.message).toContain('expected cidr_block to contain a valid Value, got: [redacted]');
    expect(error?.message).not.toContain(secret);
    expect(error?.message).not.toContain(secret.slice(0, 20));
  }, 120_000);

  it('reads the cloud id of every resource from the state, and none from an empty one', async () => {
    const { dir } = ws.stack('bluefin-bakery', stackOf('bluefin-bakery').json);
    await runner.init(dir);
    await expect(runner.stateIds(dir)).resolves.toEqual({});
    const adapted = new Map([['', readFileSync(join(dir, 'main.tf.json'), 'utf8')]]);
    await seedState(ws, dir, adapted, await realPlan(ws, dir));
    // What the state file holds, read apart from Terraform: each instance's `id` attribute.
    const state = JSON.parse(readFileSync(join(dir, 'terraform.tfstate'), 'utf8')) as {
      resources: { mode: string; type: string; name: string; instances: { attributes: { id: string } }[] }[];
    };
    const expected = Object.fromEntries(
      state.resources
        .filter((r) => r.mode === 'managed')
        .map((r) => [`${r.type}.${r.name}`, r.instances[0]?.attributes.id]),
    );
    const ids = await runner.stateIds(dir);
    expect(ids).toEqual(expected);
    expect(Object.keys(ids)).toContain('aws_vpc.main');
    expect(ids['aws_vpc.main']).toMatch(/^vpc-/);
  }, 120_000);

  it("installs only a provider package whose checksum the repository's lock file lists", async () => {
    const { dir } = ws.stack('orchid-studio', stackOf('orchid-studio').json);
    const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
    // The lock file a platform team commits, made here from the offline mirror.
    await ws.ok(dir, [
      'providers',
      'lock',
      `-fs-mirror=${realTerraform().mirror}`,
      `-platform=${platform}`,
      'registry.terraform.io/hashicorp/aws',
    ]);
    const pinned = join(ws.root, 'pinned.terraform.lock.hcl');
    writeFileSync(pinned, readFileSync(join(dir, '.terraform.lock.hcl'), 'utf8'));
    const locked = (lockFile: string) =>
      terraformRunner(
        {
          binary: realTerraform().binary,
          pluginCacheDir: ws.pluginCacheDir,
          lockTimeout: '1m',
          env: ws.env,
          lockFile,
        },
        defaultContext(captureIo(ws.root)).run,
      );
    await locked(pinned).init(dir);
    expect(readFileSync(join(dir, '.terraform.lock.hcl'), 'utf8')).toBe(readFileSync(pinned, 'utf8'));

    // The same lock file with another checksum: the package found (cache or mirror) is refused.
    const tampered = join(ws.root, 'tampered.terraform.lock.hcl');
    writeFileSync(tampered, readFileSync(pinned, 'utf8').replace(/"h1:[A-Za-z0-9+/]{10}/, '"h1:AAAAAAAAAA'));
    rmSync(join(dir, '.terraform'), { recursive: true, force: true });
    const error = await locked(tampered)
      .init(dir)
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(error?.message).toMatch(/terraform init failed in orchid-studio: .*(checksum|does not match)/i);
  }, 120_000);
});
