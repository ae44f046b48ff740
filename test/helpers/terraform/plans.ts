/**
 * Real Terraform plans of neo's stacks, read the way neo reads them, grouped by customer.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTerraformPlan } from '../../../src/apply/index.js';
import type { Action, ResourceChange } from '../../../src/diff/index.js';
import { appliedState, type PlanJson, type ProviderSchemaJson } from './applied-state.js';
import type { TerraformWorkspace } from './workspace.js';

export interface RealPlan {
  /** `terraform show -json` as printed. */
  text: string;
  json: PlanJson;
  /** neo's reading of it, by customer (the module name; '' for a plain stack). */
  byCustomer: Map<string, ResourceChange[]>;
}

/** Plans the folder (offline: `-refresh=false`) to a plan file and shows it as JSON. */
export async function realPlan(ws: TerraformWorkspace, dir: string): Promise<RealPlan> {
  await ws.ok(dir, ['plan', '-refresh=false', '-input=false', '-no-color', '-out=neo.tfplan']);
  const text = await ws.ok(dir, ['show', '-json', '-no-color', 'neo.tfplan']);
  const byCustomer = new Map<string, ResourceChange[]>();
  for (const change of parseTerraformPlan(text, dir).changes) {
    const match = /^module\.([^.]+)\.(.+)$/.exec(change.address);
    const customer = match?.[1] ?? '';
    const local = { ...change, address: match?.[2] ?? change.address };
    byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), local]);
  }
  return { text, json: JSON.parse(text) as PlanJson, byCustomer };
}

/** Every address with the action planned for it, no-ops left out. */
export function actions(changes: readonly ResourceChange[]): Record<string, Action> {
  return Object.fromEntries(
    changes
      .filter((c) => c.action !== 'no-op')
      .map((c) => [c.address, c.action] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/**
 * Writes the state that applying `plan` (a plan of new customers) would leave in the root, so
 * the next plan starts from customers that exist.
 */
export async function seedState(
  ws: TerraformWorkspace,
  dir: string,
  adapted: ReadonlyMap<string, string>,
  plan: RealPlan,
): Promise<void> {
  const schemas = JSON.parse(await ws.ok(dir, ['providers', 'schema', '-json'])) as ProviderSchemaJson;
  writeFileSync(join(dir, 'terraform.tfstate'), appliedState(adapted, plan.json, schemas));
}
