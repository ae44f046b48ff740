import type { Leaf } from '../graph/index.js';

/** What Terraform will do to one resource. */
/**
 * `forget`: Terraform stops managing the resource and leaves it in AWS (a `removed` block with
 * `destroy = false`), as for the backups of a customer whose file is deleted.
 */
export type Action = 'create' | 'update' | 'replace' | 'delete' | 'forget' | 'no-op';

/** One attribute of a resource, before and after. Values are absent where unset or sensitive. */
export interface AttributeChange {
  /** Flattened path: `instance_type`, `tags.Name`, `policy.Statement[0].Action`. */
  path: string;
  before?: Leaf;
  after?: Leaf;
  /** Only known once applied: it refers to a resource that is being replaced. */
  afterUnknown?: true;
  /** A secret or user data: the values are left out on purpose. */
  sensitive?: true;
  /** This change alone makes Terraform replace the resource. */
  forcesReplacement?: true;
}

/** Ordered by how much a reviewer must care; the order is the severity. */
export const RISK_SEVERITIES = ['data-loss', 'security', 'customer-visible'] as const;
export type RiskSeverity = (typeof RISK_SEVERITIES)[number];

export interface Risk {
  severity: RiskSeverity;
  /** Stable identifier for tooling, e.g. `server-replaced`, `admin-port-open`. */
  code: string;
  /** The resource it is about. */
  address: string;
  /** The consequence in words, for the people reviewing the plan. */
  reason: string;
  /** Follows from what the spec asks for (e.g. decommissioning), rather than a side effect. */
  intended?: true;
}

export interface ResourceChange {
  address: string;
  type: string;
  name: string;
  action: Action;
  /**
   * create: every attribute (after); delete: every attribute (before); update and replace: the
   * attributes that change.
   */
  attributes: AttributeChange[];
  /** For a replacement: what forces it (attribute paths, or `<type> is unknown to neo`). */
  replacedBecause?: string[];
  /** Terraform will refuse to destroy it (`prevent_destroy`), so the apply fails. */
  destroyRefused?: true;
  risks: Risk[];
}

export type ChangeCounts = Record<Action, number>;

export function countActions(changes: readonly ResourceChange[]): ChangeCounts {
  const counts: ChangeCounts = { create: 0, update: 0, replace: 0, delete: 0, forget: 0, 'no-op': 0 };
  for (const change of changes) counts[change.action]++;
  return counts;
}

/** Orders risks worst first (the order of RISK_SEVERITIES). */
export function bySeverity(a: Risk, b: Risk): number {
  return RISK_SEVERITIES.indexOf(a.severity) - RISK_SEVERITIES.indexOf(b.severity);
}

export function worstSeverity(risks: readonly Risk[]): RiskSeverity | undefined {
  return RISK_SEVERITIES.find((s) => risks.some((r) => r.severity === s));
}
