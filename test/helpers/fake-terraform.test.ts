import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resourcesOf, stateIds } from './fake-terraform/apply-plan.mjs';
import { type FakeTerraform, FIXTURES, fakeTerraform } from './fake-terraform.js';

/** The fake `terraform` as neo's runner drives it, one process per command. */
let fake: FakeTerraform;
beforeEach(() => {
  fake = fakeTerraform();
});
afterEach(() => fake.dispose());

const CREATE = join(FIXTURES, 'neo/create-acme-corp.json');

function terraform(dir: string, ...args: string[]) {
  const run = spawnSync(join(fake.binDir, 'terraform'), args, {
    cwd: dir,
    env: { ...process.env, ...fake.env },
    encoding: 'utf8',
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

const LOCK = ['-input=false', '-lock-timeout=5m'];

/** init, plan and apply, as neo runs them; the apply's result. */
function planAndApply(dir: string) {
  if (terraform(dir, 'init', '-input=false').code !== 0) throw new Error('init failed');
  const plan = terraform(dir, 'plan', ...LOCK, '-out=neo.tfplan');
  if (plan.code !== 0) throw new Error(`plan failed: ${plan.err}`);
  return terraform(dir, 'apply', ...LOCK, 'neo.tfplan');
}

describe('the fake terraform apply', () => {
  it('changes the state show -json prints, which the mocked account holds', () => {
    const dir = fake.stack('acme-corp');
    fake.scenario({ stacks: { 'acme-corp': { plan: CREATE } } });
    expect(terraform(dir, 'init', '-input=false').code).toBe(0);
    // A new customer's plan was made against an empty state.
    expect(JSON.parse(terraform(dir, 'show', '-json').out)).toEqual({ format_version: '1.0' });
    expect(fake.account().regions.size).toBe(0);

    expect(planAndApply(dir)).toMatchObject({ code: 0, out: '\nApply complete!\n' });
    const ids = stateIds(JSON.parse(terraform(dir, 'show', '-json').out));
    expect(Object.keys(ids)).toHaveLength(84);
    const instances = fake.account().regions.get('us-east-2')?.instances ?? [];
    expect(instances.map((i) => i.InstanceId)).toContain(ids['aws_instance.server']);
    expect(fake.account().zones.map((z) => z.zone.Id)).toContain(
      `/hostedzone/${ids['aws_route53_zone.main']}`,
    );
  });

  it('refuses a saved plan made against another state than the stack holds, as Terraform does', () => {
    const dir = fake.stack('acme-corp');
    fake.scenario({ stacks: { 'acme-corp': { plan: CREATE } } });
    expect(planAndApply(dir).code).toBe(0);
    const held = fake.states().get('acme-corp');
    const again = planAndApply(dir);
    expect(again.code).toBe(1);
    expect(again.err).toContain('Error: Saved plan is stale');
    expect(fake.states().get('acme-corp')).toEqual(held);
  });

  it("fails a plan of resources neo's stacks never hold, and changes nothing", () => {
    const dir = fake.stack('lumen-analytics');
    fake.scenario({ stacks: { 'lumen-analytics': { plan: join(FIXTURES, 'checkov-aws-mixed-0.12.json') } } });
    const result = planAndApply(dir);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/not a resource type of neo's stacks: .*aws_lambda_function/);
    expect(resourcesOf(fake.states().get('lumen-analytics'))).toEqual([]);
  });
});
