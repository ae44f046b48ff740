import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diff, emptyGraph, graphFromTerraform, type ResourceChange } from '../../src/diff/index.js';
import { synthesizeStack } from '../../src/synth/stack.js';
import { inputsOf, synthFiles } from '../helpers/stacks.js';
import { actions, realPlan, seedState } from '../helpers/terraform/plans.js';
import { realTerraform, terraformProbe } from '../helpers/terraform/provided.js';
import { type TerraformWorkspace, terraformWorkspace } from '../helpers/terraform/workspace.js';

/** A change a person makes to one customer's file, as text replacements. */
interface Scenario {
  name: string;
  customer: string;
  edits: Array<[from: string, to: string]>;
}

/**
 * The changes people make, on existing customers: a week of edits per customer (so one real plan
 * covers them all). For each, neo's plan (base stack against head stack) must name the same
 * resources with the same actions as the real Terraform planning the head stack against the
 * base's applied state.
 */
const SCENARIOS: Scenario[] = [
  {
    name: 'records-alarms-budget-tags',
    customer: 'acme-corp',
    edits: [
      [
        '{ name: blog, type: CNAME, values: [acme-example.com] }',
        '{ name: shop, type: CNAME, values: [acme-example.com] }',
      ],
      ['3pQm1x0Kc2vJ8bYtR6wZ', '9xTq4LmN0pRs7VwYb2Ce'],
      ['alertEmails: [ops@acme-example.com]', 'alertEmails: [oncall@acme-example.com]'],
      ['cpu: 80', 'cpu: 70'],
      ['monthlyUsd: 120', 'monthlyUsd: 150'],
      ['CostCenter: "4711"', 'CostCenter: "4712"'],
    ],
  },
  { name: 'tier-upgrade', customer: 'tidewater-travel', edits: [['plan: core', 'plan: scale']] },
  { name: 'admin-network', customer: 'bluefin-bakery', edits: [['192.0.2.0/28', '192.0.2.16/28']] },
  {
    name: 'network-cidr-and-resume',
    customer: 'kestrel-legal',
    edits: [
      ['172.16.8.0/22', '172.16.12.0/22'],
      ['status: suspended', 'status: active'],
    ],
  },
  {
    name: 'suspend-and-move-zone',
    customer: 'lumen-analytics',
    edits: [
      ['plan: scale', 'plan: scale\nstatus: suspended'],
      ['availabilityZone: us-east-2b', 'availabilityZone: us-east-2a'],
    ],
  },
  {
    name: 'decommission',
    customer: 'nordlicht-media',
    edits: [['plan: titan', 'plan: titan\nstatus: decommissioned']],
  },
  {
    // The golden image and first-boot script only apply to new servers (ignore_changes).
    name: 'addons-cancelled-and-os',
    customer: 'ferrous-games',
    edits: [
      [
        'addons: [storage-s3-250, rds-extra, redis-cache, storage-ebs-500, ram-cpu-upgrade-2x]',
        'addons: [storage-s3-250]',
      ],
      ['os: ubuntu-24.04', 'os: rocky-9'],
    ],
  },
  {
    name: 'panel-and-ssh-key',
    customer: 'open-door-coop',
    edits: [
      ['panel: cyberpanel', 'panel: cpanel'],
      ['IMP3opn620oCXvypMfvXDgnrGNztShcLCJ2ZB1p3IwgR', 'ID4KTDSaLqxgil7L2eXibMGavhBpyxRN86g72dOKn9QM'],
    ],
  },
  {
    name: 'addon-ordered-and-domain',
    customer: 'quarry-hill-dental',
    edits: [
      ['dns:\n', 'addons: [storage-ebs-100]\ndns:\n'],
      ['domain: quarry-hill-dental-example.com', 'domain: quarry-hill-example.com'],
    ],
  },
  { name: 'retention', customer: 'saltmarsh-records', edits: [['retentionDays: 60', 'retentionDays: 90']] },
  {
    name: 'decommissioned-retention',
    customer: 'orchid-studio',
    edits: [['status: decommissioned', 'status: decommissioned\nbackups: { retentionDays: 60 }']],
  },
];

/** A customer planned unchanged beside the scenarios: the applied state must plan no change. */
const CONTROL = 'nordlicht-media';

function edited(files: Map<string, string>, scenario: Scenario): Map<string, string> {
  const path = [...files.keys()].find((p) => p.endsWith(`/${scenario.customer}.yaml`));
  let text = path === undefined ? undefined : files.get(path);
  if (path === undefined || text === undefined) throw new Error(`no customer ${scenario.customer}`);
  for (const [from, to] of scenario.edits) {
    if (!text.includes(from)) throw new Error(`${scenario.name}: ${path} has no ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return new Map(files).set(path, text);
}

async function stackOf(files: Map<string, string>, customer: string): Promise<string> {
  const inputs = (await inputsOf(files)).find((i) => i.customer.id === customer);
  if (inputs === undefined) throw new Error(`no customer ${customer}`);
  return synthesizeStack(inputs).json;
}

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
    await Promise.all(
      halves.map(async (half, i) => {
        const pick = (stacks: Map<string, string>) => new Map(half.map((m) => [m, stacks.get(m) as string]));
        const root = ws.modules(`agreement-${i}`, pick(base), 'plan');
        await ws.ok(root.dir, ['init', '-input=false', '-no-color']);
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
