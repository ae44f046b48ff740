import { graphFromTerraform, type ResourceGraph } from '../../src/graph/index.js';
import { synthesizeStack } from '../../src/synth/index.js';
import { inputsOf, synthFiles, type TerraformConfig } from '../helpers/stacks.js';

/** Terraform JSON `resource` blocks: type → name → arguments. */
export type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** A Terraform reference, written as the synthesizer writes it: `${aws_vpc.main.id}`. */
export function ref(expression: string): string {
  return `\${${expression}}`;
}

/** The graph of a small hand-written stack in us-east-2, so tests read like Terraform. */
export function graphOf(resource: Resources, region = 'us-east-2'): ResourceGraph {
  return graphFromTerraform({ provider: { aws: [{ region }] }, resource });
}

/**
 * The synthesized Terraform JSON of one example or fixture customer, after an optional edit of its
 * YAML file (a spec change as a person would write it). One synthesis per call.
 */
export async function synthesizeCustomer(
  id: string,
  editSpec: (yaml: string) => string = (yaml) => yaml,
): Promise<TerraformConfig> {
  const files = synthFiles();
  const path = `customers/${id}.yaml`;
  const yaml = files.get(path);
  if (yaml === undefined) throw new Error(`no customer file ${path}`);
  const edited = editSpec(yaml);
  if (edited !== yaml) files.set(path, edited);
  const inputs = (await inputsOf(files)).find((i) => i.customer.id === id);
  if (inputs === undefined) throw new Error(`${id} has no stack`);
  return JSON.parse(synthesizeStack(inputs).json) as TerraformConfig;
}

/** `text` with `search` replaced, failing loudly when the fixture no longer contains it. */
export function replaced(text: string, search: string, replacement: string): string {
  if (!text.includes(search)) throw new Error(`the fixture no longer contains ${JSON.stringify(search)}`);
  return text.replace(search, replacement);
}

/** One resource of a Terraform JSON config, for editing a copy; throws when the config lacks it. */
export function resourceIn(config: { resource: Resources }, address: string): Record<string, unknown> {
  const [type = '', name = ''] = address.split('.');
  const found = config.resource[type]?.[name];
  if (found === undefined) throw new Error(`the config has no ${address}`);
  return found;
}

/** Removes one resource from a Terraform JSON config; throws when the config lacks it. */
export function removeResource(config: { resource: Resources }, address: string): void {
  const [type = '', name = ''] = address.split('.');
  resourceIn(config, address);
  const byName = config.resource[type] ?? {};
  delete byName[name];
  if (Object.keys(byName).length === 0) delete config.resource[type];
}

/** Adds (or overwrites) one resource of a Terraform JSON config. */
export function addResource(
  config: { resource: Resources },
  address: string,
  body: Record<string, unknown>,
): void {
  const [type = '', name = ''] = address.split('.');
  const byName = config.resource[type] ?? {};
  byName[name] = body;
  config.resource[type] = byName;
}
