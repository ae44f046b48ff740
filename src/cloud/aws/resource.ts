import type { Attributes, AttributeValue } from '../../graph/index.js';
import { CUSTOMER_TAG, RESOURCE_TAG } from '../attribution.js';
import type { CloudResource } from '../types.js';

/** The tag keys that mark what neo created or what belongs to a customer. */
export const NEO_TAG_KEYS = [CUSTOMER_TAG, RESOURCE_TAG] as const;

export interface AwsTag {
  Key?: string | undefined;
  Value?: string | undefined;
}

/** An attribute AWS may leave out; `cloudResource` drops what is undefined. */
export type MaybeValue = AttributeValue | undefined | { [key: string]: MaybeValue };

export interface ResourceParts {
  region?: string | undefined;
  tags?: Record<string, string>;
  attributes: Record<string, MaybeValue>;
  exports?: Record<string, string | undefined>;
  scope?: { [K in keyof CloudResource['scope']]?: string | undefined };
}

/**
 * A CloudResource holding only what AWS returned: Terraform would read an absent value as
 * unset, so an empty string or `null` in its place would show as drift.
 */
export function cloudResource(type: string, id: string, parts: ResourceParts): CloudResource {
  const tags = parts.tags ?? {};
  const attributes = defined({ ...parts.attributes, tags: hasAny(tags) ? tags : undefined }) as Attributes;
  const resource: CloudResource = {
    type,
    id,
    tags,
    attributes,
    exports: defined({ id, ...parts.exports }) as Record<string, string>,
    scope: defined(parts.scope ?? {}) as CloudResource['scope'],
  };
  if (parts.region !== undefined) resource.region = parts.region;
  return resource;
}

/**
 * AWS tags as a record, as Terraform holds them: without the `aws:` tags AWS adds itself (a
 * CloudFormation stack name), which Terraform ignores too.
 */
export function tagRecord(tags: readonly AwsTag[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { Key, Value } of tags ?? []) {
    if (Key !== undefined && !Key.startsWith('aws:')) record[Key] = Value ?? '';
  }
  return record;
}

export function hasNeoTag(tags: readonly AwsTag[] | undefined): boolean {
  return (tags ?? []).some((tag) => (NEO_TAG_KEYS as readonly (string | undefined)[]).includes(tag.Key));
}

/** `arn:aws:ec2:<region>:<account>:<kind>/<id>`, when the account is known. */
export function ec2Arn(
  region: string,
  account: string | undefined,
  kind: string,
  id: string,
): string | undefined {
  return account === undefined ? undefined : `arn:aws:ec2:${region}:${account}:${kind}/${id}`;
}

function defined(record: Record<string, MaybeValue>): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    result[key] = isPlainObject(value) ? defined(value) : value;
  }
  return result;
}

function isPlainObject(value: MaybeValue): value is { [key: string]: MaybeValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasAny(record: object): boolean {
  return Object.keys(record).length > 0;
}
