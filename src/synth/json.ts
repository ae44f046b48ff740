import type { TerraformStack } from 'cdktf';

/** A synthesized stack: its Terraform JSON and how many resources it declares. */
export interface StackJson {
  json: string;
  resources: number;
}

/**
 * The stack as Terraform JSON, byte-identical for the same input: cdktf's `//` metadata
 * (construct paths, its version) is dropped and keys are sorted at every level.
 */
export function terraformJson(stack: TerraformStack): StackJson {
  const config = normalize(stack.toTerraform()) as TerraformConfig;
  return { json: `${JSON.stringify(config, null, 2)}\n`, resources: resourceCount(config) };
}

type TerraformConfig = { resource?: Record<string, Record<string, unknown>> };

function resourceCount(config: TerraformConfig): number {
  return Object.values(config.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value)
    .filter(([key]) => key !== '//')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, normalize(inner)]));
}
