import { LedgerError } from '../apply/index.js';
import type { DriftReport } from '../cloud/index.js';
import type { ResourceGraph } from '../graph/index.js';
import type { PlanInputs } from '../plan/index.js';
import type { Customer } from '../spec/index.js';
import { type CloudName, type CloudSettings, isCloudError, type LedgerLocation } from './clouds.js';
import type { CommandContext } from './context.js';
import { observeDrift } from './live-drift.js';

/** What the cloud says of the customers a plan compares, or why it could not be read. */
export type PlanLiveDrift =
  | {
      report: DriftReport;
      /** Customers observed: those that exist at base. */
      observed: number;
      /** Each compared customer's graph at head, to see what the change adopts. */
      heads: Map<string, ResourceGraph | undefined>;
    }
  | { leftOut: string };

/**
 * The live drift of every compared customer that exists at base. A cloud that cannot be read
 * (no credentials, denied access) is `leftOut` with the reason: the change part of a plan never
 * depends on cloud access.
 */
export async function planLiveDrift(
  inputs: PlanInputs,
  settings: CloudSettings & { cloud: CloudName; ledger?: LedgerLocation },
  context: CommandContext,
): Promise<PlanLiveDrift> {
  const existing = inputs.compared.flatMap((c) => (c.before === undefined ? [] : [c.before]));
  const customers: Customer[] = existing.map((side) => side.customer);
  try {
    const cloud = await context.cloud(settings.cloud, settings);
    const ledger = settings.ledger && (await context.ledger(settings.cloud, settings.ledger));
    const report = await observeDrift({
      cloud,
      customers,
      graphs: new Map(existing.map((side) => [side.customer.id, side.graph])),
      known: new Set(inputs.customersAfter.map((c) => c.id).concat(customers.map((c) => c.id))),
      sweep: false,
      ...(ledger === undefined ? {} : { ledger }),
      observedAt: context.now(),
      io: context.io,
    });
    const heads = new Map(inputs.compared.map((c) => [c.customerId, c.after?.graph]));
    return { report, observed: customers.length, heads };
  } catch (error) {
    if (!isCloudError(error) && !(error instanceof LedgerError)) throw error;
    return { leftOut: error.message };
  }
}
