import type { GraphResource, Leaf, ResourceGraph } from '../../graph/index.js';
import type { ResourceChange, Risk } from '../changes.js';
import type { DataKind } from '../data-bearing.js';

/** What risk rules know about one customer's change. */
export interface RiskContext {
  customerId: string;
  before: ResourceGraph;
  after: ResourceGraph;
  /** Every change of the customer, by address. */
  changes: ReadonlyMap<string, ResourceChange>;
  /** The customer's resources existed before (so new ones are not part of a fresh setup). */
  existed: boolean;
  /** The spec asks for the customer's resources to go (status: decommissioned). */
  decommissioning: boolean;
  /** The spec asks for the server to stop (status: suspended). */
  suspending: boolean;
  /** The kinds of data the spec accepts losing (`allowDataLoss`). */
  allowDataLoss: readonly DataKind[];
}

export type RiskRule = (change: ResourceChange, context: RiskContext) => Risk[];

/** The resource as it is before, or after, the change. */
export function sideOf(
  context: RiskContext,
  change: ResourceChange,
  side: 'before' | 'after',
): GraphResource | undefined {
  return context[side].resources.get(change.address);
}

/** A leaf of the change, on one side; undefined when absent, sensitive or unchanged. */
export function changed(change: ResourceChange, path: string): { before?: Leaf; after?: Leaf } | undefined {
  return change.attributes.find((a) => a.path === path);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

export function isGone(change: ResourceChange): boolean {
  return change.action === 'delete' || change.action === 'replace';
}
