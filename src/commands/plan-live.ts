import { adoptedDrift, type Plan, type PlanInputs, withAdoptedRisks } from '../plan/index.js';
import type { CommandContext } from '../services/index.js';
import { type CloudName, type CloudSettings, isCloudError, observeDrift } from '../services/index.js';
import type { Customer } from '../spec/index.js';

/**
 * Adds to the plan the live drift of every compared customer that exists at base, marking what
 * the change adopts (its head says what is live) rather than reverts. A cloud that cannot be
 * read (no credentials, denied access) leaves the plan offline with a note: the change part of
 * a plan never depends on cloud access.
 */
export async function addLiveDrift(
  plan: Plan,
  inputs: PlanInputs,
  settings: CloudSettings & { cloud: CloudName },
  context: CommandContext,
): Promise<void> {
  const existing = inputs.compared.flatMap((c) => (c.before === undefined ? [] : [c.before]));
  const customers: Customer[] = existing.map((side) => side.customer);
  const heads = new Map(inputs.compared.map((c) => [c.customerId, c.after?.graph]));
  try {
    const cloud = await context.cloud(settings.cloud, settings);
    const report = await observeDrift({
      cloud,
      customers,
      graphs: new Map(existing.map((side) => [side.customer.id, side.graph])),
      known: new Set(inputs.customersAfter.map((c) => c.id).concat(customers.map((c) => c.id))),
      sweep: false,
      observedAt: context.now(),
      io: context.io,
    });
    plan.live = {
      cloud: report.cloud,
      observedAt: report.observedAt,
      observed: customers.length,
      customers: report.customers
        .filter((c) => c.items.length > 0)
        .map((c) => adoptedDrift(c, heads.get(c.customerId))),
    };
    plan.customers = withAdoptedRisks(plan.customers, plan.live.customers);
  } catch (error) {
    if (!isCloudError(error)) throw error;
    plan.notes.push(`Live drift left out: ${error.message}`);
  }
}
