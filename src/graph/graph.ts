/**
 * A customer's resources as data: `address → {type, name, attributes}`. Desired graphs come from
 * synthesized Terraform JSON; observed graphs (from the cloud) have the same shape, so one diff
 * serves both "what does this change do" and "what drifted". References between resources stay
 * as Terraform tokens (`${aws_vpc.main.id}`).
 */
export type Scalar = string | number | boolean | null;
export type AttributeValue = Scalar | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = { [key: string]: AttributeValue };

export interface GraphResource {
  /** `type.name`, e.g. `aws_instance.server`. */
  address: string;
  type: string;
  name: string;
  /** As configured, without Terraform meta-arguments (lifecycle, depends_on, provider). */
  attributes: Attributes;
  /** Attribute names whose changes Terraform ignores (`lifecycle.ignore_changes`). */
  ignoreChanges: string[];
  /** `lifecycle.prevent_destroy`: Terraform refuses to destroy it. */
  preventDestroy: boolean;
}

export interface ResourceGraph {
  /** The region resources are created in unless they name their own. */
  region: string | undefined;
  resources: Map<string, GraphResource>;
}

/** Terraform JSON as the synthesizer writes it (only the parts a graph needs). */
interface TerraformJson {
  provider?: { aws?: Array<{ region?: string; default_tags?: Array<{ tags?: Record<string, string> }> }> };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
}

const META_ARGUMENTS = new Set([
  'lifecycle',
  'depends_on',
  'provider',
  'count',
  'for_each',
  'provisioner',
  'connection',
]);

/** Resource types of global AWS services: they have no region of their own. */
const GLOBAL_TYPE = /^aws_(iam_|route53_|budgets_|cloudfront_)/;

/**
 * The graph of one stack. Provider-level facts Terraform folds into each resource are made
 * explicit, so that changing them shows where it lands: the region becomes each regional
 * resource's `region`, and `default_tags` merge into the `tags` of every resource that has tags (as AWS stores
 * them; Terraform calls the merged map `tags_all`).
 */
export function graphFromTerraform(source: string | object): ResourceGraph {
  const config = (typeof source === 'string' ? JSON.parse(source) : source) as TerraformJson;
  const provider = config.provider?.aws?.[0];
  const region = provider?.region;
  const defaultTags = provider?.default_tags?.[0]?.tags ?? {};
  const resources = new Map<string, GraphResource>();
  for (const [type, byName] of Object.entries(config.resource ?? {})) {
    for (const [name, body] of Object.entries(byName)) {
      const address = `${type}.${name}`;
      const attributes: Attributes = {};
      for (const [key, value] of Object.entries(body)) {
        if (!META_ARGUMENTS.has(key)) attributes[key] = value as AttributeValue;
      }
      if (region !== undefined && !GLOBAL_TYPE.test(type) && attributes.region === undefined) {
        attributes.region = region;
      }
      if (isRecord(attributes.tags)) attributes.tags = { ...defaultTags, ...attributes.tags };
      const lifecycle = (body.lifecycle ?? {}) as { ignore_changes?: string[]; prevent_destroy?: boolean };
      resources.set(address, {
        address,
        type,
        name,
        attributes,
        ignoreChanges: lifecycle.ignore_changes ?? [],
        preventDestroy: lifecycle.prevent_destroy === true,
      });
    }
  }
  return { region, resources };
}

export function emptyGraph(): ResourceGraph {
  return { region: undefined, resources: new Map() };
}

function isRecord(value: unknown): value is Record<string, AttributeValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
