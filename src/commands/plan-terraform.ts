import { join } from 'node:path';
import PQueue from 'p-queue';
import { terraformTarget } from '../apply/index.js';
import { crossCheck, type Plan, type TerraformCustomerCheck } from '../plan/index.js';
import type { CommandContext } from '../services/index.js';
import { customerStacks, terraformFor, toolName } from '../services/index.js';
import { type Customer, resolveCustomers, type SpecRepository } from '../spec/index.js';

/** Stacks planned by Terraform at once. */
const CONCURRENCY = 4;

/**
 * `neo plan --terraform`: Terraform plans each changed customer's head stack against its live
 * state, and its counts are set beside neo's. Without Terraform, the plan says so and stays
 * as it is; a customer Terraform cannot plan shows its error.
 */
export async function addTerraformCheck(
  plan: Plan,
  root: string,
  head: SpecRepository,
  context: CommandContext,
): Promise<void> {
  const runner = terraformFor(root, context);
  let tool: string;
  try {
    const { product, version } = await runner.version();
    tool = toolName(product, version);
  } catch (error) {
    plan.notes.push(`Terraform cross-check left out: ${(error as Error).message}`);
    return;
  }
  const checked = plan.customers.filter((c) => c.after !== undefined && c.kind !== 'unchanged');
  const byId = new Map(resolveCustomers(head).map((c) => [c.id, c]));
  const stacks = await customerStacks(
    root,
    head,
    checked.map((c) => byId.get(c.customerId) as Customer),
  );
  const target = terraformTarget(runner, join(root, '.neo/stacks'));
  const queue = new PQueue({ concurrency: CONCURRENCY });
  const customers = await Promise.all(
    checked.map((customer, i) =>
      queue.add(async (): Promise<TerraformCustomerCheck> => {
        const { stack } = stacks[i] as (typeof stacks)[number];
        try {
          return crossCheck(customer, (await target.plan(stack)).changes);
        } catch (error) {
          return {
            customerId: customer.customerId,
            neo: customer.counts,
            error: (error as Error).message,
            disagreements: [],
          };
        }
      }),
    ),
  );
  plan.terraform = { tool, customers };
  if (customers.some((c) => c.disagreements.length > 0)) {
    plan.notes.push(
      'Terraform plans from the live state and neo from the base commit: live drift of a customer also shows as a disagreement (see neo drift).',
    );
  }
}
