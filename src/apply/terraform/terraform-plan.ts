import type { Action, AttributeChange, ResourceChange } from '../../diff/index.js';
import type { Attributes } from '../../graph/index.js';
import { flatten, isSensitive, type Leaf, sameLeaf } from '../../graph/index.js';
import type { TerraformPlan } from '../types.js';

/** The plan is not `terraform show -json` output of a plan file. */
export class TerraformPlanError extends Error {
  override readonly name = 'TerraformPlanError';
}

/** One `resource_changes` / `resource_drift` entry: only the fields this parser reads. */
interface PlannedResource {
  address?: unknown;
  module_address?: unknown;
  mode?: unknown;
  type?: unknown;
  name?: unknown;
  index?: unknown;
  action_reason?: unknown;
  change?: {
    actions?: unknown;
    before?: unknown;
    after?: unknown;
    before_sensitive?: unknown;
    after_sensitive?: unknown;
    after_unknown?: unknown;
    replace_paths?: unknown;
  };
}

/** Terraform's action lists, joined with commas. `read` (data sources) is left out on purpose. */
const ACTIONS = new Map<string, Action>([
  ['create', 'create'],
  ['update', 'update'],
  ['delete,create', 'replace'],
  // create_before_destroy: the same replacement, in the other order.
  ['create,delete', 'replace'],
  ['delete', 'delete'],
  ['no-op', 'no-op'],
  ['forget', 'forget'],
]);

/** Why Terraform replaces a resource when no attribute path says so (`action_reason`). */
const REPLACE_REASONS = new Map<string, string>([
  ['replace_because_tainted', 'tainted'],
  ['replace_by_request', 'requested (-replace)'],
  ['replace_because_cannot_update', 'cannot update in place'],
  ['replace_by_triggers', 'replace_triggered_by'],
]);

/**
 * `terraform show -json <planfile>` (Terraform or OpenTofu, any format_version) as neo's change
 * data. Sensitive values are dropped here, so nothing downstream can print them. `source` names
 * where the text came from (a stack directory) in error messages.
 */
export function parseTerraformPlan(text: string, source?: string): TerraformPlan {
  const what = source === undefined ? 'Terraform plan' : `Terraform plan from ${source}`;
  const plan = parseJson(text, what);
  if (plan === null || typeof plan !== 'object' || Array.isArray(plan))
    throw new TerraformPlanError(`${what} is not a plan: expected a JSON object, got ${kindOf(plan)}`);
  const fields = plan as Record<string, unknown>;
  if (typeof fields.format_version !== 'string')
    throw new TerraformPlanError(
      `${what} is not a plan: it has no format_version (expected the output of \`terraform show -json <planfile>\`)`,
    );
  return {
    // A refresh-only or errored plan has no resource_changes at all.
    changes: resourceChanges(fields.resource_changes, 'resource_changes', what),
    drift: resourceChanges(fields.resource_drift, 'resource_drift', what),
    errored: fields.errored === true,
    formatVersion: fields.format_version,
    ...(typeof fields.terraform_version === 'string' ? { terraformVersion: fields.terraform_version } : {}),
  };
}

function parseJson(text: string, what: string): unknown {
  if (text.trim() === '')
    throw new TerraformPlanError(
      `${what} is empty: expected the output of \`terraform show -json <planfile>\``,
    );
  try {
    return JSON.parse(text);
  } catch {
    // Only the start is quoted: enough to recognise an error message or a binary plan file,
    // too little to echo a secret from a truncated plan.
    const start = JSON.stringify(text.trimStart().slice(0, 30));
    throw new TerraformPlanError(
      `${what} is not JSON (it starts ${start}): expected the output of \`terraform show -json <planfile>\``,
    );
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function resourceChanges(entries: unknown, key: string, what: string): ResourceChange[] {
  if (entries === undefined || entries === null) return [];
  if (!Array.isArray(entries)) throw new TerraformPlanError(`${what}: ${key} is not a list`);
  const changes: ResourceChange[] = [];
  for (const [i, entry] of entries.entries()) {
    if (entry === null || typeof entry !== 'object')
      throw new TerraformPlanError(`${what}: ${key}[${i}] is not an object`);
    const change = resourceChange(entry as PlannedResource, `${key}[${i}]`, what);
    if (change !== undefined) changes.push(change);
  }
  return changes;
}

/** One entry as a ResourceChange; undefined for data sources, which neo does not manage. */
function resourceChange(entry: PlannedResource, where: string, what: string): ResourceChange | undefined {
  const { change } = entry;
  if (typeof entry.type !== 'string' || typeof entry.name !== 'string')
    throw new TerraformPlanError(`${what}: ${where} has no type or name`);
  const name = `${entry.name}${indexSuffix(entry.index)}`;
  const address =
    typeof entry.address === 'string' ? entry.address : builtAddress(entry.module_address, entry.type, name);
  if (change === null || typeof change !== 'object' || !Array.isArray(change.actions))
    throw new TerraformPlanError(`${what}: ${address} (${where}) has no change.actions`);
  if (entry.mode === 'data' || isRead(change.actions)) return undefined;
  const action = ACTIONS.get(change.actions.join(','));
  if (action === undefined)
    throw new TerraformPlanError(`${what}: ${address} has unknown actions ${JSON.stringify(change.actions)}`);

  const forcing = action === 'replace' ? replacePaths(change.replace_paths) : [];
  const because = forcing.length > 0 ? forcing : replaceReason(entry.action_reason);
  return {
    address,
    type: entry.type,
    name,
    action,
    attributes: attributeChanges(change, forcing),
    ...(action === 'replace' && because.length > 0 ? { replacedBecause: because } : {}),
    risks: [],
  };
}

function isRead(actions: unknown[]): boolean {
  return actions.length === 1 && actions[0] === 'read';
}

/** `[0]` for count, `["a"]` for for_each, nothing for a single resource. */
function indexSuffix(index: unknown): string {
  if (typeof index === 'number') return `[${index}]`;
  if (typeof index === 'string') return `[${JSON.stringify(index)}]`;
  return '';
}

/** Terraform 1.0 wrote resource_drift entries without `address`: built from its parts instead. */
function builtAddress(moduleAddress: unknown, type: string, name: string): string {
  const prefix = typeof moduleAddress === 'string' && moduleAddress !== '' ? `${moduleAddress}.` : '';
  return `${prefix}${type}.${name}`;
}

/** `replace_paths` in flatten's path syntax: `root_block_device[0].volume_size`, `tags.Name`. */
function replacePaths(paths: unknown): string[] {
  if (!Array.isArray(paths)) return [];
  return paths.filter((p): p is unknown[] => Array.isArray(p) && p.length > 0).map(joinPath);
}

function joinPath(parts: unknown[]): string {
  return parts
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? `${part}` : `.${part}`))
    .join('');
}

function replaceReason(reason: unknown): string[] {
  if (typeof reason !== 'string' || !reason.startsWith('replace_')) return [];
  return [REPLACE_REASONS.get(reason) ?? reason];
}

/**
 * Like neo's own diff: a create lists every attribute it sets, a delete every attribute it had,
 * anything else the attributes that change. A value only known after apply counts as a change.
 */
function attributeChanges(
  change: NonNullable<PlannedResource['change']>,
  forcing: string[],
): AttributeChange[] {
  const before = leaves(change.before);
  const after = leaves(change.after);
  const unknown = markedPaths(change.after_unknown);
  const secret = [...markedPaths(change.before_sensitive), ...markedPaths(change.after_sensitive)];
  const paths = new Set([...before.keys(), ...after.keys()]);
  // Terraform leaves unknown values out of `after`: an unknown attribute that was not set
  // before has no leaf on either side, so its own path stands for it.
  for (const path of unknown) if (path !== '' && ![...paths].some((p) => overlaps(p, path))) paths.add(path);

  const attributes: AttributeChange[] = [];
  for (const path of [...paths].sort()) {
    const afterUnknown = unknown.some((u) => overlaps(path, u));
    if (!afterUnknown && sameLeaf(before.get(path), after.get(path))) continue;
    attributes.push({
      path,
      ...values(path, before.get(path), afterUnknown ? undefined : after.get(path), secret),
      ...(afterUnknown ? { afterUnknown: true as const } : {}),
      ...(forcing.some((f) => overlaps(path, f)) ? { forcesReplacement: true as const } : {}),
    });
  }
  return attributes;
}

/** The values, or only `sensitive` when Terraform marks them so or neo takes them for secrets. */
function values(
  path: string,
  before: Leaf | undefined,
  after: Leaf | undefined,
  secret: string[],
): Pick<AttributeChange, 'before' | 'after' | 'sensitive'> {
  if (isSensitive(path) || secret.some((s) => overlaps(path, s))) return { sensitive: true };
  return { ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) };
}

/**
 * A resource's values as flattened leaves. Terraform writes every attribute of the schema,
 * null when unset; neo's graphs leave unset attributes out, so nulls are dropped.
 */
function leaves(value: unknown): Map<string, Leaf> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return new Map();
  return new Map([...flatten(value as Attributes)].filter(([, leaf]) => leaf !== null));
}

/**
 * The paths a `*_sensitive` or `after_unknown` value marks `true`. It mirrors the resource's
 * value (objects, arrays, `true` leaves) or is a bare `true` for the whole value, path ''.
 */
function markedPaths(mark: unknown, path = ''): string[] {
  if (mark === true) return [path];
  if (Array.isArray(mark)) return mark.flatMap((inner, i) => markedPaths(inner, `${path}[${i}]`));
  if (mark !== null && typeof mark === 'object')
    return Object.entries(mark).flatMap(([key, inner]) =>
      markedPaths(inner, path === '' ? key : `${path}.${key}`),
    );
  return [];
}

/**
 * One path is the other or lies under it. Both ways, because flatten keeps a list of scalars as
 * one leaf (`cidr_blocks`) where a mark may name an element (`cidr_blocks[0]`), and parses JSON
 * documents into leaves (`policy.Statement[0].Effect`) where a mark names the attribute.
 */
function overlaps(a: string, b: string): boolean {
  return a === '' || b === '' || a === b || under(a, b) || under(b, a);
}

function under(path: string, parent: string): boolean {
  return path.startsWith(parent) && (path[parent.length] === '.' || path[parent.length] === '[');
}
