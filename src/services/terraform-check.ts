import { join } from 'node:path';
import PQueue from 'p-queue';
import { terraformTarget } from '../apply/index.js';
import { crossCheck, type Plan, type TerraformCustomerCheck } from '../plan/index.js';
import { type Customer, resolveCustomers, type SpecRepository } from '../spec/index.js';
import type { CommandContext } from './context.js';
import { customerStacks } from './stacks.js';
import { terraformFor, toolName } from './terraform.js';

/** Stacks planned by Terraform at once. */
const CONCURRENCY = 4;

/** Terraform's plan of each changed customer beside neo's, or why Terraform could not run. */
export type TerraformChecks = { tool: string; customers: TerraformCustomerCheck[] } | { leftOut: string };

/**
 * `neo plan --terraform`: Terraform plans each changed customer's head stack against its live
 * state, to set its counts beside neo's. Without Terraform, it is `leftOut` with the reason; a
 * customer Terraform cannot plan shows its error.
 */
export async function terraformChecks(
  plan: Plan,
  root: string,
  head: SpecRepository,
  context: CommandContext,
): Promise<TerraformChecks> {
  const runner = terraformFor(root, context);
  let tool: string;
  try {
    const { product, version } = await runner.version();
    tool = toolName(product, version);
  } catch (error) {
    return { leftOut: (error as Error).message };
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
  return { tool, customers };
}
