/**
 * What a synthesized stack needs before the real Terraform can run it here, kept in one place.
 *
 * Two kinds, never mixed:
 * - **Provider version.** neo pins the provider its cdktf bindings were generated for (6.x); the
 *   offline mirror may hold another version (5.100.0 on these machines). The pin is rewritten,
 *   and, only when the mirror's major version is older, each construct that version lacks. The
 *   day the mirror holds neo's pin, this list is empty and the stack runs as synthesized.
 * - **Offline.** No AWS account and no S3 state bucket here: a Terraform override file (a file
 *   beside the stack, merged by Terraform itself; the stack is not edited) swaps the S3 backend
 *   for a local one and stops the provider from calling STS and the metadata service; `plan`
 *   runs with `-refresh=false`. None of this depends on the provider's version.
 */
import { createRequire } from 'node:module';
import { compareVersions } from './probe.js';

/** One change made to a stack, at a JSON path. */
export interface Rewrite {
  kind: VersionRewrite;
  path: readonly string[];
}

/** Every kind of version rewrite there is, with the provider major version that needs it. */
export const VERSION_REWRITES = {
  /** terraform.required_providers.aws.version: the version the mirror holds. */
  'provider pin': 'any other version',
  /** Provider 6 resources take `region`; in 5 a resource in another region needs an aliased provider. */
  'resource region → provider alias': 'major < 6',
  /** Provider 6 renamed DLM's cross_region_copy_rule.target to target_region. */
  'dlm target_region → target': 'major < 6',
} as const;

export type VersionRewrite = keyof typeof VERSION_REWRITES;

/** The provider version neo's stacks pin: the one its cdktf bindings were generated for. */
export function pinnedProviderVersion(): string {
  const manifest = createRequire(import.meta.url)('@cdktf/provider-aws/package.json') as {
    cdktf: { provider: { version: string } };
  };
  return manifest.cdktf.provider.version;
}

type Json = Record<string, unknown>;

interface Stack {
  terraform: { required_providers: { aws: { version: string } } };
  provider: { aws: Json[] };
  resource?: Record<string, Record<string, Json>>;
}

/**
 * The stack as the provider `version` accepts it, and every rewrite made (none when it is the
 * pin). `regions`: the platform's regions. With provider 5, each gets an aliased provider even
 * where no resource is left in it, so Terraform can still destroy what the state holds there
 * (provider 6 reaches every region from one configuration).
 */
export function adaptStack(
  json: string,
  version: string,
  regions: readonly string[] = [],
): { json: string; rewrites: Rewrite[] } {
  const stack = JSON.parse(json) as Stack;
  const rewrites: Rewrite[] = [];
  const pin = stack.terraform.required_providers.aws;
  if (pin.version !== version) {
    pin.version = version;
    rewrites.push({ kind: 'provider pin', path: ['terraform', 'required_providers', 'aws', 'version'] });
  }
  if (compareVersions(version, '6.0.0') < 0) {
    rewrites.push(...regionsToAliases(stack, regions), ...dlmTargets(stack));
  }
  return { json: rewrites.length === 0 ? json : JSON.stringify(stack), rewrites };
}

/** The alias a region's provider gets; the override file configures the same aliases. */
export function regionAlias(region: string): string {
  return `region_${region.replaceAll('-', '_')}`;
}

function regionsToAliases(stack: Stack, platformRegions: readonly string[]): Rewrite[] {
  const rewrites: Rewrite[] = [];
  const main = stack.provider.aws[0] ?? {};
  const regions = new Set(platformRegions.filter((r) => r !== main.region));
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const [name, attributes] of Object.entries(byName)) {
      if (typeof attributes.region !== 'string') continue;
      regions.add(attributes.region);
      attributes.provider = `aws.${regionAlias(attributes.region)}`;
      delete attributes.region;
      rewrites.push(
        { kind: 'resource region → provider alias', path: ['resource', type, name, 'region'] },
        { kind: 'resource region → provider alias', path: ['resource', type, name, 'provider'] },
      );
    }
  }
  const aliased = new Set(stack.provider.aws.map((p) => p.region));
  for (const region of [...regions].filter((r) => !aliased.has(r)).sort()) {
    const index = stack.provider.aws.push({ ...main, alias: regionAlias(region), region }) - 1;
    rewrites.push({ kind: 'resource region → provider alias', path: ['provider', 'aws', String(index)] });
  }
  return rewrites;
}

function dlmTargets(stack: Stack): Rewrite[] {
  const rewrites: Rewrite[] = [];
  for (const [name, policy] of Object.entries(stack.resource?.aws_dlm_lifecycle_policy ?? {})) {
    const base = ['resource', 'aws_dlm_lifecycle_policy', name];
    walk(policy, base, (node, path) => {
      if (!('target_region' in node)) return;
      node.target = node.target_region;
      delete node.target_region;
      rewrites.push(
        { kind: 'dlm target_region → target', path: [...path, 'target_region'] },
        { kind: 'dlm target_region → target', path: [...path, 'target'] },
      );
    });
  }
  return rewrites;
}

function walk(node: unknown, path: string[], visit: (node: Json, path: string[]) => void): void {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) walk(item, [...path, String(i)], visit);
  } else if (node !== null && typeof node === 'object') {
    visit(node as Json, path);
    for (const [key, value] of Object.entries(node)) walk(value, [...path, key], visit);
  }
}

/** The override file's name: Terraform merges `*_override.tf.json` over the stack. */
export const OFFLINE_OVERRIDE = 'offline_override.tf.json';

/** Provider settings that keep it from calling AWS before it plans. */
const OFFLINE_PROVIDER = {
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
};

/**
 * The override file for a stack: a local state file in the stack folder instead of the S3
 * bucket, and every provider configuration (the aliases too) kept offline.
 */
export function offlineOverride(adaptedJson: string): string {
  const stack = JSON.parse(adaptedJson) as Stack;
  const providers = stack.provider.aws.map((p) => ({
    ...(typeof p.alias === 'string' ? { alias: p.alias } : {}),
    ...OFFLINE_PROVIDER,
  }));
  return JSON.stringify({
    terraform: { backend: { local: { path: 'terraform.tfstate' } } },
    provider: { aws: providers },
  });
}

/** Arguments Terraform is run with here: `plan` must not read the (absent) cloud. */
export function offlineArgs(args: readonly string[]): string[] {
  return args[0] === 'plan' && !args.includes('-refresh=false')
    ? ['plan', '-refresh=false', ...args.slice(1)]
    : [...args];
}

/** Paths where two JSON values differ, to show that a rewrite touched nothing else. */
export function differingPaths(a: unknown, b: unknown, path: string[] = []): string[][] {
  if (a === b) return [];
  const bothObjects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object';
  if (!bothObjects || Array.isArray(a) !== Array.isArray(b)) return [path];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((key) => differingPaths((a as Json)[key], (b as Json)[key], [...path, key]));
}
