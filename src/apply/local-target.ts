import PQueue from 'p-queue';
import type { LocalPlan, LocalStore } from '../cloud/local/index.js';
import { databasesLeaving } from './database-protection.js';
import type { ApplyTarget, PlannedStack, TargetStack } from './target.js';

type LocalModule = typeof import('../cloud/local/index.js');

/**
 * The local cloud as an apply target. Every customer's apply reads and writes the same cloud
 * folder, so applies (not plans) run one at a time, each re-planned at its turn.
 */
export function localTarget(local: LocalModule, store: LocalStore): ApplyTarget {
  const turns = new PQueue({ concurrency: 1 });
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => turns.add(work);
  return {
    cloud: 'local',
    plan: async (stack: TargetStack): Promise<PlannedStack> => {
      const plan: LocalPlan = await local.planLocal(store, stack.customerId, stack.graph);
      return { stack, changes: plan.changes };
    },
    apply: (planned) =>
      oneAtATime(async () => {
        const { stack } = planned;
        const leaving = databasesLeaving(planned).map((db) => db.address);
        await local.liftDeletionProtection(store, stack.customerId, leaving);
        await (await local.planLocal(store, stack.customerId, stack.graph)).write();
      }),
    forget: (customerId) => oneAtATime(() => store.removeState(customerId)),
    ids: async (customerId) =>
      Object.fromEntries(
        Object.entries((await store.readState(customerId)).resources).map(([address, { id }]) => [
          address,
          id,
        ]),
      ),
  };
}
