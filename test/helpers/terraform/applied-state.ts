/**
 * A Terraform state "as if applied", made from a real plan of a new customer: with no AWS account,
 * this is how the real Terraform gets a customer that already exists, so it can plan an update,
 * a replacement or a destruction of neo's own resources.
 *
 * Every value the plan knew is kept as Terraform planned it. What was "known after apply" is
 * filled in: a value the stack computes from other resources (`${aws_vpc.main.id}`, or a policy
 * naming a bucket's ARN) is computed from theirs, as Terraform would; the rest (ids, ARNs, IPs)
 * get made-up values of the right type from the provider's schema. The test of this state is
 * that Terraform plans no change on it for the same stack.
 */
import { createHash, randomUUID } from 'node:crypto';
import { idPrefix } from '../../../src/cloud/local/index.js';

type Json = Record<string, unknown>;

interface PlannedResource {
  address: string;
  /** `module.<name>` for a stack planned as a module of a larger root. */
  module_address?: string;
  mode: string;
  type: string;
  name: string;
  provider_name: string;
  change: { actions: string[]; after: Json; after_unknown: Json; after_sensitive?: unknown };
}

export interface PlanJson {
  terraform_version: string;
  resource_changes: PlannedResource[];
}

/** `terraform providers schema -json`, as much of it as the state needs. */
export interface ProviderSchemaJson {
  provider_schemas: Record<
    string,
    { resource_schemas: Record<string, { version: number; block: SchemaBlock }> }
  >;
}

interface SchemaBlock {
  attributes?: Record<string, { type?: unknown }>;
  block_types?: Record<string, { nesting_mode: string; block: SchemaBlock }>;
}

/** Stands for a value computed from other resources, until they are known. */
class Pending {
  constructor(readonly expression: unknown) {}
}

const ACCOUNT = '123456789012';

/**
 * The state after applying `plan`. `stacks` holds the stack of each module by module address
 * (`module.acme-corp`), or under '' when the stack is the root itself.
 */
export function appliedState(
  stacks: ReadonlyMap<string, string>,
  plan: PlanJson,
  schemas: ProviderSchemaJson,
): string {
  const configs = new Map(
    [...stacks].map(([module, json]) => [
      module,
      (JSON.parse(json) as { resource: Record<string, Record<string, Json>> }).resource,
    ]),
  );
  const configOf = (r: PlannedResource): Json =>
    configs.get(r.module_address ?? '')?.[r.type]?.[r.name] ?? {};
  const values = new Map<string, Json>();
  const created = plan.resource_changes.filter(
    (r) => r.mode === 'managed' && r.change.actions.includes('create'),
  );
  for (const r of created) {
    const schema = schemaOf(schemas, r);
    values.set(
      r.address,
      fill(r.change.after, r.change.after_unknown, configOf(r), schema.block, r, []) as Json,
    );
  }
  resolvePending(values);
  return JSON.stringify(
    {
      version: 4,
      terraform_version: plan.terraform_version,
      serial: 1,
      lineage: randomUUID(),
      outputs: {},
      resources: created.map((r) => {
        const alias = configOf(r).provider;
        return {
          ...(r.module_address === undefined ? {} : { module: r.module_address }),
          mode: 'managed',
          type: r.type,
          name: r.name,
          // A module's resources name the module's own provider configuration.
          provider: `${r.module_address === undefined ? '' : `${r.module_address}.`}provider["${r.provider_name}"]${
            typeof alias === 'string' ? alias.slice('aws'.length) : ''
          }`,
          instances: [
            {
              schema_version: schemaOf(schemas, r).version,
              attributes: values.get(r.address),
              sensitive_attributes: sensitivePaths(r.change.after_sensitive),
            },
          ],
        };
      }),
    },
    null,
    1,
  );
}

/**
 * The paths Terraform marks sensitive (the provider's schema says so, as for a database's
 * password), in the state's own form: without them the next plan sees the marks change.
 */
function sensitivePaths(marks: unknown, path: unknown[] = []): unknown[][] {
  if (marks === true) return [path];
  if (Array.isArray(marks)) {
    return marks.flatMap((m, i) =>
      sensitivePaths(m, [...path, { type: 'index', value: { value: i, type: 'number' } }]),
    );
  }
  if (marks !== null && typeof marks === 'object') {
    return Object.entries(marks).flatMap(([key, m]) =>
      sensitivePaths(m, [...path, { type: 'get_attr', value: key }]),
    );
  }
  return [];
}

function schemaOf(schemas: ProviderSchemaJson, r: PlannedResource): { version: number; block: SchemaBlock } {
  const schema = schemas.provider_schemas[r.provider_name]?.resource_schemas[r.type];
  if (schema === undefined) throw new Error(`the provider has no schema for ${r.type}`);
  return schema;
}

/** The planned value with every unknown part filled in (or Pending on other resources). */
function fill(
  after: unknown,
  unknown: unknown,
  config: unknown,
  schema: unknown,
  r: PlannedResource,
  path: string[],
): unknown {
  if (unknown === true) {
    if (config !== undefined && config !== null) return new Pending(config);
    return madeUp(typeAt(schema, path), path, r);
  }
  if (Array.isArray(unknown)) {
    const list = Array.isArray(after) ? after : [];
    const configs = Array.isArray(config) ? config : config === undefined ? [] : [config];
    return list.map((item, i) => fill(item, unknown[i], configs[i], schema, r, [...path, String(i)]));
  }
  if (unknown !== null && typeof unknown === 'object') {
    const object = { ...((after ?? {}) as Json) };
    for (const [key, inner] of Object.entries(unknown)) {
      const innerConfig = config !== null && typeof config === 'object' ? (config as Json)[key] : undefined;
      object[key] = fill(object[key], inner, innerConfig, schema, r, [...path, key]);
    }
    return object;
  }
  return after;
}

/** The schema type at a path of attribute names, block names and indexes. */
function typeAt(block: unknown, path: readonly string[]): unknown {
  let current = block as SchemaBlock | undefined;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as string;
    const attribute = current?.attributes?.[key];
    if (attribute !== undefined) return elementType(attribute.type, path.slice(i + 1));
    const nested = current?.block_types?.[key];
    if (nested === undefined) return undefined;
    if (i === path.length - 1) return { nesting: nested.nesting_mode };
    current = nested.block;
    if (/^\d+$/.test(path[i + 1] ?? '')) i++;
  }
  return undefined;
}

function elementType(type: unknown, rest: readonly string[]): unknown {
  let current = type;
  for (const key of rest) {
    if (!Array.isArray(current)) return undefined;
    const [kind, inner] = current as [string, unknown];
    current = kind === 'object' ? (inner as Json)[key] : inner;
  }
  return current;
}

/** A plausible value for what AWS decides and stacks refer to: ids, ARNs, addresses, zones. */
function madeUp(type: unknown, path: readonly string[], r: PlannedResource): unknown {
  const name = path.at(-1) ?? '';
  const hash = createHash('sha256')
    .update(`${r.address}/${path.join('.')}`)
    .digest('hex');
  if (Array.isArray(type)) {
    const [kind] = type as [string];
    if (name === 'name_servers')
      return [1, 2, 3, 4].map((n) => `ns-${n}${hash.slice(0, 3)}.awsdns-0${n}.org`);
    return kind === 'map' || kind === 'object' ? {} : [];
  }
  if (type !== null && typeof type === 'object' && 'nesting' in type) {
    // A whole nested block AWS fills in (an instance's cpu_options…): none, as in a sparse state.
    return type.nesting === 'single' || type.nesting === 'group' ? null : type.nesting === 'map' ? {} : [];
  }
  // The legacy SDK keeps zero values, not nulls, for what AWS leaves unset inside a block.
  const nested = path.length > 1;
  if (type === 'number') return nested ? 0 : null;
  if (type === 'bool') return nested ? false : null;
  if (name === 'volume_id') return `vol-0${hash.slice(0, 16)}`;
  if (name === 'id') return `${idPrefix(r.type)}-0${hash.slice(0, 16)}`;
  if (name === 'arn')
    return `arn:aws:${r.type.split('_')[1]}:us-east-2:${ACCOUNT}:${r.name}/${hash.slice(0, 12)}`;
  if (name.endsWith('_ip') || name === 'public_ip')
    return `198.51.100.${Number.parseInt(hash.slice(0, 2), 16) % 250}`;
  if (name === 'zone_id' || name === 'hosted_zone_id') return `Z0${hash.slice(0, 18).toUpperCase()}`;
  if (name === 'account_id' || name === 'owner_id') return ACCOUNT;
  // The S3 configuration resources store the owner they were given, "" when none: with a null
  // here, any later change of the resource would plan a replacement (RequiresReplace on it).
  if (name === 'expected_bucket_owner') return '';
  // Anything else stays empty, as in a state AWS filled sparsely: a made-up value could break
  // the provider's own checks (an SNS topic's FIFO throughput scope on a standard topic).
  return nested ? '' : null;
}

/** Computes every Pending value from the values it refers to, until none is left. */
function resolvePending(values: Map<string, Json>): void {
  for (let round = 0; round < 50; round++) {
    let pending = 0;
    let resolved = 0;
    for (const [address, value] of values) {
      values.set(
        address,
        replacePending(value, (p) => {
          const result = evaluate(p.expression, values, modulePrefix(address));
          if (result instanceof Pending || containsPending(result)) {
            pending++;
            return p;
          }
          resolved++;
          return result;
        }) as Json,
      );
    }
    if (pending === 0) return;
    if (resolved === 0) throw new Error(`${pending} values refer to each other in a cycle`);
  }
}

function replacePending(value: unknown, replace: (p: Pending) => unknown): unknown {
  if (value instanceof Pending) return replace(value);
  if (Array.isArray(value)) return value.map((v) => replacePending(v, replace));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replacePending(v, replace)]));
  }
  return value;
}

function containsPending(value: unknown): boolean {
  if (value instanceof Pending) return true;
  if (Array.isArray(value)) return value.some(containsPending);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsPending);
  return false;
}

/** `${type.name.attribute}` references: a string that is one of them takes the value's own type. */
const REFERENCE = /(?<!\$)\$\{([a-z0-9_]+\.[a-z0-9_]+)\.([a-z0-9_.]+)\}/g;

/** `module.acme-corp.` for `module.acme-corp.aws_vpc.main`: a stack's references stay inside its module. */
function modulePrefix(address: string): string {
  return /^((?:module\.[^.]+\.)*)/.exec(address)?.[1] ?? '';
}

function evaluate(expression: unknown, values: Map<string, Json>, prefix: string): unknown {
  if (typeof expression === 'string') {
    const whole = /^\$\{([a-z0-9_]+\.[a-z0-9_]+)\.([a-z0-9_.]+)\}$/.exec(expression);
    if (whole !== null) return lookup(values, prefix + (whole[1] as string), whole[2] as string);
    let waiting = false;
    const text = expression.replace(REFERENCE, (_, address: string, attribute: string) => {
      const value = lookup(values, prefix + address, attribute);
      if (value instanceof Pending || containsPending(value)) waiting = true;
      return String(value);
    });
    return waiting ? new Pending(expression) : text.replaceAll('$${', '${');
  }
  if (Array.isArray(expression)) return expression.map((e) => evaluate(e, values, prefix));
  if (expression !== null && typeof expression === 'object') {
    return Object.fromEntries(Object.entries(expression).map(([k, v]) => [k, evaluate(v, values, prefix)]));
  }
  return expression;
}

function lookup(values: Map<string, Json>, address: string, attribute: string): unknown {
  const resource = values.get(address);
  if (resource === undefined)
    throw new Error(`the stack refers to ${address}, which the plan does not create`);
  return attribute.split('.').reduce<unknown>((value, key) => (value as Json | undefined)?.[key], resource);
}
