import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diff, type ResourceChange } from '../../src/diff/index.js';
import { emptyGraph, graphFromTerraform } from '../../src/graph/index.js';
import { inputsOf, synthFiles } from '../helpers/stacks.js';
import { actions, realPlan, seedState } from '../helpers/terraform/plans.js';
import { realTerraform, terraformProbe } from '../helpers/terraform/provided.js';
import { CONTROL, edited, SCENARIOS, stackOf } from '../helpers/terraform/scenarios.js';
import { type TerraformWorkspace, terraformWorkspace } from '../helpers/terraform/workspace.js';

/**
 * For every scenario (a change people make to an existing customer), neo's plan (base stack
 * against head stack) must name the same resources with the same actions as the real Terraform
 * planning the head stack against the base's applied state.
 */
const probe = terraformProbe();
/** neo.yaml's regions: a decommissioned customer's alarms and topics in us-east-1 are destroyed too. */
const PLATFORM_REGIONS = ['us-east-2', 'us-east-1'];

describe.skipIf(!probe.found)("neo's plan agrees with the real Terraform's", () => {
  let ws: TerraformWorkspace;
  /** Stacks by module: each scenario's customer before and after the change, and the control. */
  const base = new Map<string, string>();
  const head = new Map<string, string>();
  const created = new Map<string, ResourceChange[]>();
  const changed = new Map<string, ResourceChange[]>();

  beforeAll(async () => {
    ws = terraformWorkspace(realTerraform(), PLATFORM_REGIONS);
    const files = synthFiles();
    base.set('control', await stackOf(files, CONTROL));
    head.set('control', base.get('control') as string);
    for (const scenario of SCENARIOS) {
      base.set(scenario.name, await stackOf(files, scenario.customer));
      head.set(scenario.name, await stackOf(edited(files, scenario), scenario.customer));
    }
    // Two roots planned side by side: Terraform keeps about one core busy, these machines have two.
    const modules = [...base.keys()];
    const halves = [modules.filter((_, i) => i % 2 === 0), modules.filter((_, i) => i % 2 === 1)];
    const pickers = halves.map(
      (half) => (stacks: Map<string, string>) => new Map(half.map((m) => [m, stacks.get(m) as string])),
    );
    const roots = pickers.map((pick, i) => ws.modules(`agreement-${i}`, pick(base), 'plan'));
    // One init at a time: Terraform's plugin cache is not safe for two installs at once.
    for (const root of roots) await ws.ok(root.dir, ['init', '-input=false', '-no-color']);
    await Promise.all(
      roots.map(async (root, i) => {
        const pick = pickers[i] as (stacks: Map<string, string>) => Map<string, string>;
        const before = await realPlan(ws, root.dir);
        await seedState(ws, root.dir, root.adapted, before);
        ws.modules(`agreement-${i}`, pick(head), 'plan');
        const after = await realPlan(ws, root.dir);
        for (const [module, changes] of before.byCustomer) created.set(module, changes);
        for (const [module, changes] of after.byCustomer) changed.set(module, changes);
      }),
    );
  }, 300_000);
  afterAll(() => ws?.dispose());

  it('covers every customer of the examples and fixtures', async () => {
    const customers = (await inputsOf(synthFiles())).map((i) => i.customer.id).sort();
    expect([...new Set(SCENARIOS.map((s) => s.customer))].sort()).toEqual(customers);
  });

  it('for every new customer: Terraform creates exactly the resources neo plans to create', () => {
    expect(created.size).toBe(base.size);
    for (const [module, json] of base) {
      const neo = actions(diff(emptyGraph(), graphFromTerraform(json)));
      expect(Object.values(neo).every((a) => a === 'create')).toBe(true);
      expect(actions(created.get(module) ?? []), module).toEqual(neo);
    }
  });

  it('plans no change for a customer whose spec did not change (the applied state is faithful)', () => {
    expect(changed.get('control')?.length).toBeGreaterThan(50);
    expect(actions(changed.get('control') ?? [])).toEqual({});
  });

  it.each(SCENARIOS.map((s) => [s.name, s.customer]))(
    '%s (%s): the same resources, the same actions',
    (module) => {
      const neo = actions(
        diff(graphFromTerraform(base.get(module) as string), graphFromTerraform(head.get(module) as string)),
      );
      const terraform = actions(changed.get(module) ?? []);
      expect(Object.keys(terraform).length, 'the scenario changes something').toBeGreaterThan(0);
      expect(neo).toEqual(terraform);
    },
  );
});
