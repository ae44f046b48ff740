import type { CustomerDrift, DriftItem } from '../cloud/index.js';
import type { ChangeCounts, ResourceChange, Risk } from '../diff/index.js';

/** A customer as the business sees it, on one side of the plan. */
export interface CustomerFacts {
  status: 'active' | 'suspended' | 'decommissioned';
  planTier: string;
  region: string;
  /** What the customer is billed per month (0 unless active). */
  priceUsd: number;
  /** Estimated fixed monthly AWS cost of the stack (see src/plan/prices.ts). */
  awsCostUsd: number;
  /** What the cost estimate could not price. */
  unpriced: string[];
}

export type CustomerChangeKind =
  | 'added'
  | 'changed'
  | 'suspended'
  | 'resumed'
  | 'decommissioned'
  | 'removed'
  | 'unchanged';

export interface CustomerPlan {
  customerId: string;
  /** The spec file, e.g. customers/acme-corp.yaml. */
  file: string;
  kind: CustomerChangeKind;
  before?: CustomerFacts;
  after?: CustomerFacts;
  /** The digest of the stack the plan started from (as the ledger records applied ones). */
  beforeStack?: string;
  /** Every change except no-ops, in address order. */
  changes: ResourceChange[];
  counts: ChangeCounts;
  /** The risks of all changes, worst first. */
  risks: Risk[];
}

export interface CapacityCheck {
  /** `hosted zones` is account-wide; the others are per region. */
  quota: 'VPCs' | 'Elastic IPs' | 'hosted zones';
  region?: string;
  before: number;
  after: number;
  limit: number;
  level: 'ok' | 'near' | 'exceeded';
}

export interface BlastRadiusLimits {
  maxDataLossCustomers: number;
  maxChangedPercent: number;
  minChangedCustomers: number;
}

export interface BlastRadius {
  limits: BlastRadiusLimits;
  /** Existing customers with data-loss changes. */
  dataLossCustomers: string[];
  /** Existing customers with any change. */
  changedCustomers: number;
  existingCustomers: number;
  /** Which limits are exceeded, in words; empty when within limits. */
  exceeded: string[];
  /** The override was given, so exceeding does not fail the plan. */
  overridden: boolean;
  /** Where the state moves, in words, when the change moves it (one of `exceeded`). */
  stateMove?: string;
  /** Judged with an acceptance: the changed customers it did not cover, which alone exceed. */
  unaccepted?: string[];
}

/**
 * What a reviewed plan over the limits accepted (the `allow-blast-radius` label on its pull
 * request): the existing customers it showed changing, and whether it moved the state.
 */
export interface BlastRadiusAcceptance {
  /** Customer id → the start of the digest of the stack the plan changed it from. */
  customers: ReadonlyMap<string, string>;
  stateMove: boolean;
}

export interface PlanSide {
  /** As the user named it (a ref, `working tree`). */
  label: string;
  commit?: string;
}

/** Everything `neo plan` found, as data: renderers turn it into text, markdown or JSON. */
export interface Plan {
  formatVersion: 1;
  environment: string;
  /** Absent on a first run: everything is created. */
  base?: PlanSide;
  head: PlanSide;
  /** Customers with changes, in id order. */
  customers: CustomerPlan[];
  /** Customers that were compared and found unchanged. */
  unchangedCustomers: number;
  totals: PlanTotals;
  capacity: CapacityCheck[];
  blastRadius: BlastRadius;
  /** Risks of the change as a whole, outside any one customer (neo's packages change). */
  risks?: Risk[];
  /** Things a reviewer must know that are not changes (e.g. neo's own code changed). */
  notes: string[];
  /** With `--cloud`: how the live cloud differs from the base, for the customers compared. */
  live?: LiveDrift;
  /** With `--terraform`: Terraform's own plan of each changed customer, beside neo's. */
  terraform?: TerraformCheck;
}

/**
 * Terraform plans against the live state, neo against the base commit: they should agree, and
 * where they do not (a replacement neo did not predict above all) a reviewer must look.
 */
export interface TerraformCheck {
  /** `Terraform 1.10.5`, `OpenTofu 1.10.2`. */
  tool: string;
  customers: TerraformCustomerCheck[];
}

export interface TerraformCustomerCheck {
  customerId: string;
  neo: ChangeCounts;
  /** Absent when Terraform could not plan: see `error`. */
  terraform?: ChangeCounts;
  error?: string;
  /** Where the two plans differ, worst first; empty when they agree. */
  disagreements: string[];
}

/**
 * Drift of the compared customers against the base side: applying the merge makes the cloud
 * match head, so it also reverts these live changes, unless the change itself adopts them (its
 * spec says what is live: `adoptedByChange`).
 */
export interface LiveDrift {
  cloud: 'aws' | 'local';
  observedAt: string;
  /** Customers observed (those that exist at base). */
  observed: number;
  /** Only the customers with drift. */
  customers: LiveCustomerDrift[];
}

export interface LiveCustomerDrift extends CustomerDrift {
  items: LiveDriftItem[];
}

export interface LiveDriftItem extends DriftItem {
  /**
   * The head's spec says what is live (a modified resource's differing attributes, a missing
   * resource gone), so applying leaves it as it is rather than reverting it. Such an item has
   * no risks of restoring the spec: nothing is restored.
   */
  adoptedByChange?: true;
}

export interface PlanTotals {
  kinds: Record<Exclude<CustomerChangeKind, 'unchanged'>, number>;
  resources: ChangeCounts;
  revenueUsd: { before: number; after: number };
  awsCostUsd: { before: number; after: number };
}
