import type { Attributes, ResourceGraph } from '../graph/index.js';

/**
 * One resource as a cloud reports it, before neo knows which customer stack it belongs to.
 * Both clouds produce these (the `aws` readers from SDK responses, the `local` cloud from its
 * files), and everything after that is shared: which customer, which address, which ids are
 * references. That is what makes the local cloud a faithful stand-in.
 */
export interface CloudResource {
  /** Terraform resource type, e.g. `aws_instance`. */
  type: string;
  /** The cloud's own id (`i-0abc…`, a hosted zone id, `Z123_www.example.com_A` for a record). */
  id: string;
  /** Region of a regional resource; undefined for global ones (Route53). */
  region?: string;
  tags: Record<string, string>;
  /**
   * What the cloud holds, under Terraform's attribute names and value shapes, limited to
   * `OBSERVED_ATTRIBUTES` of the type. References to other resources are raw cloud values
   * (`subnet-0abc…`, a public IP), not tokens.
   */
  attributes: Attributes;
  /**
   * Computed values other resources refer to (`id`, `arn`, `public_ip`, `allocation_id`,
   * `zone_id`): how raw values are turned back into `${address.attribute}` tokens.
   */
  exports: Record<string, string>;
  /**
   * Raw ids of what contains this resource, to attribute it to a customer when it carries no
   * `neo:` tags (a console-launched instance in a customer's VPC).
   */
  scope: { vpc?: string; zone?: string; securityGroup?: string; instance?: string };
}

/** Everything a cloud saw in one sweep. */
export interface Inventory {
  resources: CloudResource[];
  /** API calls made, per service (`ec2`, `route53`), for reports and the benchmark. */
  calls: Record<string, number>;
}

export interface ObserveOptions {
  /** Called as listings progress, for a progress line on a terminal. */
  onProgress?: (progress: { done: number; total: number; what: string }) => void;
  /**
   * Resources neo applied, by cloud id: read by id when the bulk listings (which find
   * resources by their `neo:` tags) did not return them, so an edited tag does not hide one.
   */
  recorded?: readonly RecordedResource[];
}

/** One resource as the ledger recorded it after an apply. */
export interface RecordedResource {
  type: string;
  id: string;
  /** The customer's region; undefined for global resources (Route53). */
  region?: string;
}

/**
 * What was applied, per customer id: the cloud id of each address (the ledger's `ids`), or
 * undefined for a customer applied before ids were recorded (found by its tags, as before).
 */
export type AppliedIds = ReadonlyMap<string, ReadonlyMap<string, string> | undefined>;

/** A cloud neo reads from and, for the local cloud, writes to. */
export interface Cloud {
  readonly name: 'aws' | 'local';
  /** Reads every resource neo may own, across all customers, in bulk. */
  inventory(options?: ObserveOptions): Promise<Inventory>;
}

/** What the cloud holds for one customer, in the desired graph's shape. */
export interface ObservedCustomer {
  id: string;
  /**
   * Addressed resources: tagged `neo:resource`, matched by identity (a route, a record), or
   * unmanaged ones under a generated `type.unmanaged_<id>` address. Raw ids of the customer's
   * known resources are `${address.attribute}` tokens, as in the desired graph.
   */
  graph: ResourceGraph;
  /** Addresses in `graph` that neo did not create (no `neo:resource` tag, no identity match). */
  unmanaged: Set<string>;
  /** Cloud id of every address in `graph`. */
  cloudIds: Map<string, string>;
  /** Known never to have been applied: no record, and nothing of it in the cloud. */
  notApplied?: true;
}

/** Resources tagged for a customer id that has no customer file: a billing leak. */
export interface OrphanedResource {
  customerId: string;
  type: string;
  id: string;
  region?: string;
  address?: string;
}

export interface Observation {
  customers: Map<string, ObservedCustomer>;
  orphans: OrphanedResource[];
  calls: Record<string, number>;
}
