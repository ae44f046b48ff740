import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, synthesizeAll } from '../helpers/stacks.js';
import {
  adaptStack,
  differingPaths,
  pinnedProviderVersion,
  VERSION_REWRITES,
} from '../helpers/terraform/adapt.js';
import {
  coveringFleet,
  type FleetCustomer,
  fleetDimensions,
  fleetFiles,
} from '../helpers/terraform/fleet.js';
import { terraformProbe } from '../helpers/terraform/provided.js';
import { type TerraformWorkspace, terraformWorkspace } from '../helpers/terraform/workspace.js';

const dimensions = fleetDimensions();
const fleet = coveringFleet(dimensions);
const probe = terraformProbe();

let stacks: Map<string, Stack>;
beforeAll(async () => {
  stacks = await synthesizeAll(fleetFiles(fleet));
}, 120_000);

describe('the covering fleet', () => {
  const seen = (pick: (c: FleetCustomer) => string[]) => [...new Set(fleet.flatMap(pick))].sort();

  it.each([
    ['os', (c: FleetCustomer) => [c.os]],
    ['panel', (c: FleetCustomer) => [c.panel]],
    ['tier', (c: FleetCustomer) => [c.tier]],
    ['dns', (c: FleetCustomer) => [c.dns]],
    ['status', (c: FleetCustomer) => [c.status]],
    [
      'addonOnTier',
      (c: FleetCustomer) => (c.status === 'decommissioned' ? [] : c.addons.map((a) => `${c.tier}/${a}`)),
    ],
  ] as const)('has every %s', (dimension, pick) => {
    expect(dimensions[dimension].length).toBeGreaterThan(1);
    expect(seen(pick)).toEqual([...dimensions[dimension]].sort());
  });
});

describe('adapting a stack to the provider version at hand', () => {
  it('changes nothing when the provider is the version neo pins', () => {
    for (const stack of stacks.values()) {
      expect(adaptStack(stack.json, pinnedProviderVersion())).toEqual({ json: stack.json, rewrites: [] });
    }
  });

  it('is done once: an adapted stack needs nothing more (the shim adapts before every command)', () => {
    for (const stack of stacks.values()) {
      const once = adaptStack(stack.json, '5.100.0', ['us-east-2', 'us-east-1']).json;
      expect(adaptStack(once, '5.100.0', ['us-east-2', 'us-east-1'])).toEqual({ json: once, rewrites: [] });
    }
  });

  it('changes only the pin for another version of the same major', () => {
    const [major] = pinnedProviderVersion().split('.');
    const { rewrites } = adaptStack(fleetStack(stacks).json, `${major}.999.0`);
    expect(rewrites.map((r) => r.kind)).toEqual(['provider pin']);
  });

  it('rewrites exactly the listed paths for provider 5, and only of the listed kinds', () => {
    const kinds = new Set<string>();
    for (const stack of stacks.values()) {
      const { json, rewrites } = adaptStack(stack.json, '5.100.0');
      const rewritten = new Set(rewrites.map((r) => r.path.join('.')));
      const changed = differingPaths(JSON.parse(stack.json), JSON.parse(json)).map((p) => p.join('.'));
      expect(changed.sort(), stack.id).toEqual([...rewritten].sort());
      for (const r of rewrites) kinds.add(r.kind);
    }
    // Every kind on the list is still needed by some stack, so the list never outgrows its use.
    expect([...kinds].sort()).toEqual(Object.keys(VERSION_REWRITES).sort());
  });
});

describe.skipIf(!probe.found)('terraform validate, with the real provider', () => {
  let ws: TerraformWorkspace;
  beforeAll(() => {
    if (probe.found) ws = terraformWorkspace(probe.terraform);
  });
  afterAll(() => ws?.dispose());

  /** The diagnostics of validating these stacks as modules of one root, but the expected one. */
  async function validate(name: string, fleetStacks: Map<string, string>): Promise<string[]> {
    const { dir } = ws.modules(name, fleetStacks, 'validate');
    await ws.ok(dir, ['init', '-input=false', '-no-color']);
    const result = await ws.run(dir, ['validate', '-json', '-no-color']);
    const report = JSON.parse(result.stdout) as {
      valid: boolean;
      diagnostics: Array<{ severity: string; summary: string; detail: string }>;
    };
    const problems = report.diagnostics
      // Each stack names the S3 backend; as a module of the fleet's root it has none to use.
      .filter((d) => d.summary !== 'Backend configuration ignored')
      .map((d) => `${d.severity}: ${d.summary}: ${d.detail}`);
    expect(report.valid).toBe(!problems.some((p) => p.startsWith('error')));
    return problems;
  }

  it('accepts the stack of every customer of the covering fleet, and only those', async () => {
    expect(stacks.size).toBe(fleet.length);
    // Beside them, one stack with an attribute the provider does not have: the check can fail.
    const broken = JSON.parse(fleetStack(stacks).json);
    broken.resource.aws_vpc.main.enable_classiclink = true;
    const modules = new Map([...stacks].map(([id, s]) => [id, s.json]));
    modules.set('broken', JSON.stringify(broken));
    expect(await validate('fleet', modules)).toEqual([
      expect.stringMatching(
        /^error: Extraneous JSON object property: No argument or block type is named "enable_classiclink"/,
      ),
    ]);
  }, 180_000);
});

function fleetStack(stacks: Map<string, Stack>): Stack {
  const first = stacks.values().next().value;
  if (first === undefined) throw new Error('the fleet is empty');
  return first;
}
