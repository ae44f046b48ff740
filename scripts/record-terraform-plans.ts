// npm run record-plans: real `terraform show -json` plans of neo's own stacks, for the tests that
// read Terraform's plans (test/fixtures/terraform-plans/neo/, whose README says how they are made).
// Needs the real Terraform and an AWS provider, found as the tests find them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../test/helpers/repository.js';
import { synthFiles } from '../test/helpers/stacks.js';
import { type RealPlan, realPlan, seedState } from '../test/helpers/terraform/plans.js';
import { probeTerraform } from '../test/helpers/terraform/probe.js';
import { edited, SCENARIOS, stackOf } from '../test/helpers/terraform/scenarios.js';
import { terraformWorkspace } from '../test/helpers/terraform/workspace.js';

const OUT = join(PROJECT_ROOT, 'test/fixtures/terraform-plans/neo');
const PLATFORM_REGIONS = ['us-east-2', 'us-east-1'];

/** The plans recorded: a new customer, and changes to existing ones, by scenario name. */
const CHANGES = [
  'records-alarms-budget-tags',
  'network-cidr-and-resume',
  'decommission',
  'suspend-and-move-zone',
];

async function main(): Promise<void> {
  const probe = probeTerraform(process.env);
  if (!probe.found) throw new Error(`no real Terraform: ${probe.reason}`);
  const ws = terraformWorkspace(probe.terraform, PLATFORM_REGIONS);
  const files = synthFiles();
  mkdirSync(OUT, { recursive: true });
  try {
    const created = await planOf(ws, 'acme-corp', await stackOf(files, 'acme-corp'));
    write('create-acme-corp.json', created);
    for (const name of CHANGES) {
      const scenario = SCENARIOS.find((s) => s.name === name);
      if (scenario === undefined) throw new Error(`no scenario ${name}`);
      const base = await stackOf(files, scenario.customer);
      const before = await planOf(ws, name, base);
      const { dir } = ws.stack(name, base);
      await seedState(ws, dir, new Map([['', readFileSync(join(dir, 'main.tf.json'), 'utf8')]]), before);
      ws.stack(name, await stackOf(edited(files, scenario), scenario.customer));
      write(`${name}-${scenario.customer}.json`, await realPlan(ws, dir));
    }
  } finally {
    ws.dispose();
  }
  console.log(`Terraform ${probe.terraform.version}, hashicorp/aws ${probe.terraform.providerVersion}`);
}

/** A new customer's plan: the stack written, initialised and planned. */
async function planOf(
  ws: ReturnType<typeof terraformWorkspace>,
  name: string,
  stack: string,
): Promise<RealPlan> {
  const { dir } = ws.stack(name, stack);
  await ws.ok(dir, ['init', '-input=false', '-no-color']);
  return realPlan(ws, dir);
}

function write(name: string, plan: RealPlan): void {
  writeFileSync(join(OUT, name), plan.text);
  console.log(`wrote ${join('test/fixtures/terraform-plans/neo', name)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
