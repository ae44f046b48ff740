import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSchemas, resolveCustomers, validateRepository } from '../../src/spec/index.js';
import { type StackInputs, type StateBackend, stackInputs, synthesizeStack } from '../../src/synth/index.js';
import { exampleFiles, memorySource, PROJECT_ROOT } from './repository.js';

/** Customers beside the example's, so every OS, panel, DNS mode and add-on kind is covered. */
const SYNTH_FIXTURES = join(PROJECT_ROOT, 'test/fixtures/synth/customers');

export function synthFiles(): Map<string, string> {
  const files = exampleFiles();
  for (const name of readdirSync(SYNTH_FIXTURES)) {
    files.set(`customers/${name}`, readFileSync(join(SYNTH_FIXTURES, name), 'utf8'));
  }
  return files;
}

export async function inputsOf(
  files: ReadonlyMap<string, string>,
  backend: StateBackend = { kind: 's3' },
): Promise<StackInputs[]> {
  const { repository, diagnostics } = await validateRepository(memorySource(files), {
    schemas: loadSchemas(),
  });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`fixture specs are invalid: ${JSON.stringify(errors)}`);
  return stackInputs(repository, resolveCustomers(repository), () => backend);
}

export type Attributes = Record<string, unknown>;

export interface TerraformConfig {
  provider: { aws: Array<{ region: string; default_tags: Array<{ tags: Record<string, string> }> }> };
  terraform: { backend: Record<string, Record<string, unknown>>; required_version: string };
  resource: Record<string, Record<string, Attributes>>;
  output: Record<string, { value: unknown }>;
}

/** A synthesized stack, parsed, with lookups by Terraform address. */
export class Stack {
  readonly config: TerraformConfig;

  constructor(
    readonly inputs: StackInputs,
    readonly json: string,
  ) {
    this.config = JSON.parse(json) as TerraformConfig;
  }

  get id(): string {
    return this.inputs.customer.id;
  }

  /** Resources of one type, by name. */
  all(type: string): Record<string, Attributes> {
    return this.config.resource[type] ?? {};
  }

  /** One resource; throws when the stack lacks it, so a test says which. */
  get(address: string): Attributes {
    const [type = '', name = ''] = address.split('.');
    const found = this.all(type)[name];
    if (found === undefined) throw new Error(`${this.id} has no ${address}`);
    return found;
  }

  has(address: string): boolean {
    const [type = '', name = ''] = address.split('.');
    return this.all(type)[name] !== undefined;
  }

  /** Every resource as [address, type, attributes]. */
  entries(): Array<[string, string, Attributes]> {
    return Object.entries(this.config.resource ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, attrs]): [string, string, Attributes] => [
        `${type}.${name}`,
        type,
        attrs,
      ]),
    );
  }

  get defaultTags(): Record<string, string> {
    return this.config.provider.aws[0]?.default_tags[0]?.tags ?? {};
  }
}

export async function synthesizeAll(
  files: ReadonlyMap<string, string> = synthFiles(),
): Promise<Map<string, Stack>> {
  const stacks = new Map<string, Stack>();
  for (const inputs of await inputsOf(files))
    stacks.set(inputs.customer.id, new Stack(inputs, synthesizeStack(inputs).json));
  return stacks;
}

/** Every fixture customer's stack, synthesized once per test file, looked up by customer id. */
export async function stackLookup(): Promise<(id: string) => Stack> {
  const stacks = await synthesizeAll();
  return (id) => {
    const stack = stacks.get(id);
    if (stack === undefined) throw new Error(`no fixture customer ${id}`);
    return stack;
  };
}
