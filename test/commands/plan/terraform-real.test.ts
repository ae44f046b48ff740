import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/plan/index.js';
import { defaultContext } from '../../../src/services/index.js';
import { commitAll, committedExample } from '../../helpers/git.js';
import { PROJECT_ROOT } from '../../helpers/repository.js';
import { stackLookup } from '../../helpers/stacks.js';
import { realPlan, seedState } from '../../helpers/terraform/plans.js';
import { realTerraform, terraformProbe } from '../../helpers/terraform/provided.js';
import {
  pathWithShim,
  type TerraformWorkspace,
  terraformWorkspace,
} from '../../helpers/terraform/workspace.js';
import { editFile, neo } from '../local-cloud.js';

const probe = terraformProbe();

/**
 * `neo plan --terraform` as a reviewer runs it, with the real Terraform and provider: neo writes
 * the stacks, inits, plans and reads `show -json` itself. The `terraform` it runs is the shim of
 * the real-Terraform helpers (the provider pin and the offline settings, nothing else). One
 * branch adds a customer and moves an existing customer's network, whose applied state is in
 * place: Terraform must agree with neo on both.
 */
describe.skipIf(!probe.found)('neo plan --terraform with the real Terraform', () => {
  let ws: TerraformWorkspace;
  let root: string;
  let cleanup: () => void;
  let plan: Plan;
  let exit: { code: number; err: string };

  beforeAll(async () => {
    ws = terraformWorkspace(realTerraform(), ['us-east-2', 'us-east-1']);
    const example = await committedExample();
    ({ dir: root, cleanup } = example);
    await seedCustomer('acme-corp');
    await example.git.checkoutLocalBranch('feature');
    copyFileSync(
      join(PROJECT_ROOT, 'test/fixtures/synth/customers/ferrous-games.yaml'),
      join(root, 'customers/ferrous-games.yaml'),
    );
    editFile(root, 'customers/acme-corp.yaml', 'cidr: 10.20.0.0/16', 'cidr: 10.21.0.0/16');
    await commitAll(example.git, 'ferrous-games joins; acme-corp moves to a new network');
    const env = { ...ws.env, PATH: pathWithShim(ws), TF_PLUGIN_CACHE_DIR: ws.pluginCacheDir };
    const result = await neo(
      root,
      ['plan', '--base', 'main', '--terraform', '--format', 'json'],
      defaultContext,
      env,
    );
    exit = { code: result.code, err: result.err };
    plan = JSON.parse(result.out) as Plan;
  }, 240_000);
  afterAll(() => {
    ws?.dispose();
    cleanup?.();
  });

  /** acme-corp as applied from main: its state where `neo plan --terraform` plans it. */
  async function seedCustomer(id: string): Promise<void> {
    const { dir } = ws.stack(id, (await stackLookup())(id).json);
    await ws.ok(dir, ['init', '-input=false', '-no-color']);
    const adapted = new Map([['', readFileSync(join(dir, 'main.tf.json'), 'utf8')]]);
    await seedState(ws, dir, adapted, await realPlan(ws, dir));
    mkdirSync(join(root, '.neo/stacks', id), { recursive: true });
    copyFileSync(join(dir, 'terraform.tfstate'), join(root, '.neo/stacks', id, 'terraform.tfstate'));
  }

  it('names the Terraform that checked the plan', () => {
    expect(exit).toEqual({ code: 0, err: '' });
    expect(plan.terraform?.tool).toBe(`Terraform ${realTerraform().version}`);
  });

  it('agrees on the new customer: everything created', () => {
    const check = plan.terraform?.customers.find((c) => c.customerId === 'ferrous-games');
    expect(check?.error).toBeUndefined();
    expect(check?.disagreements).toEqual([]);
    expect(check?.terraform).toEqual(check?.neo);
    expect(check?.neo.create).toBeGreaterThan(80);
  });

  it('agrees on the moved network: the same replacements, rippling to the server', () => {
    const check = plan.terraform?.customers.find((c) => c.customerId === 'acme-corp');
    expect(check?.error).toBeUndefined();
    expect(check?.disagreements).toEqual([]);
    // neo's plan leaves out what does not change; Terraform counts it.
    expect({ ...check?.terraform, 'no-op': 0 }).toEqual(check?.neo);
    expect(check?.neo['no-op']).toBe(0);
    const acme = plan.customers.find((c) => c.customerId === 'acme-corp');
    const replaced = acme?.changes.filter((c) => c.action === 'replace').map((c) => c.address);
    expect(replaced).toEqual(
      expect.arrayContaining(['aws_vpc.main', 'aws_subnet.public_a', 'aws_instance.server']),
    );
  });
});
