import type { TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';

/** A generated provider resource class: what `provision` needs to know about it. */
export interface ResourceClass<Config, R extends TerraformResource> {
  new (scope: Construct, id: string, config: Config): R;
  readonly tfResourceType: string;
}

/** Whether a provider resource type takes `tags` (read off the generated class, not a hand-kept list). */
export function isTaggable(kind: { prototype: object }): boolean {
  return Object.getOwnPropertyDescriptor(kind.prototype, 'tags') !== undefined;
}

/**
 * Adds a resource under a flat, readable address (`aws_instance.server`, not cdktf's
 * path-and-hash id): addresses are what reviewers read in plans and what the drift observer
 * finds again through the `neo:resource` tag, so they must not move when constructs are
 * reorganized.
 */
export function provision<Config extends object, R extends TerraformResource>(
  scope: Construct,
  kind: ResourceClass<Config, R>,
  name: string,
  config: Config,
): R {
  const tagged = isTaggable(kind)
    ? {
        ...config,
        tags: {
          ...(config as { tags?: Record<string, string> }).tags,
          'neo:resource': `${kind.tfResourceType}.${name}`,
        },
      }
    : config;
  const resource = new kind(scope, `${kind.tfResourceType}.${name}`, escapeLiterals(tagged));
  resource.overrideLogicalId(name);
  return resource;
}

/** cdktf's marker for a reference inside a string; it becomes `${aws_….attribute}` at synth. */
const TOKEN = /\$\{(?!TfToken\[)/g;

/**
 * Terraform reads `${` and `%{` in every string as its own template syntax, and cdktf passes
 * strings through as they are: a TXT record or an e-mail address holding `${file("…")}` would be
 * evaluated by Terraform. Every literal string of a resource (keys included) is escaped here,
 * once, for all constructs; cdktf's reference markers are left to become references.
 */
export function escapeLiterals<T>(value: T): T {
  // Function replacers: in a replacement string, `$$` would itself mean one `$`.
  if (typeof value === 'string') return value.replace(TOKEN, () => '$${').replace(/%\{/g, () => '%%{') as T;
  if (Array.isArray(value)) return value.map(escapeLiterals) as T;
  // Only plain data: cdktf objects (resources in dependsOn, lifecycle helpers) stay as they are.
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype)
    return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [escapeLiterals(k), escapeLiterals(v)]),
  ) as T;
}

/** A Terraform name part from free text (an e-mail, a CIDR, a record name): [a-z0-9_] only. */
export function namePart(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Hands out names made from free text, each once: `a.b@x.com` and `A_B@x.com` read the same
 * after `namePart`, so the second becomes `…_2` instead of failing the synth.
 */
export function uniqueNames(): (base: string) => string {
  const taken = new Set<string>();
  return (base) => {
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    return name;
  };
}
