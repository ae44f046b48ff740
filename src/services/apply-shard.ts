import {
  type ApplyJob,
  type ApplyTarget,
  applyCustomers,
  type PlannedStack,
  type RunResult,
  type RunSettings,
  type TargetStack,
} from '../apply/index.js';
import { blocks } from '../plan/index.js';
import { inShard, type Shard } from '../rollout/index.js';

/** A shard's run: its own customers' results, judged over every affected customer. */
export interface ShardRun extends RunResult {
  /** Affected customers this shard applied. */
  customers: number;
  /** Affected customers the other shards hold. */
  elsewhere: number;
}

/**
 * Applies the shard's part of the affected customers. Every affected customer is planned first
 * (a plan changes nothing), so the blast radius is measured over the whole run as if unsharded:
 * ten shards each under the limits must not let a fleet-wide change through between them. The
 * shard's own customers are then applied from those same plans, not planned a second time.
 */
export async function applyShard(
  jobs: readonly ApplyJob[],
  settings: RunSettings,
  shard: Shard,
): Promise<ShardRun> {
  const mine = jobs.filter((j) => inShard(j.customer.id, shard));
  const counts = { customers: mine.length, elsewhere: jobs.length - mine.length };
  const target = plannedOnce(settings.target);
  const whole = await applyCustomers(jobs, { ...settings, target, dryRun: true });
  const own = (results: RunResult['results']) => results.filter((r) => inShard(r.customerId, shard));
  const radius = whole.blastRadius === undefined ? {} : { blastRadius: whole.blastRadius };
  if (settings.dryRun === true || (whole.blastRadius !== undefined && blocks(whole.blastRadius)))
    return { results: own(whole.results), ...radius, ...counts };
  // The whole run is within the limits (or accepted over them), so this part of it is too. A
  // customer whose plan failed is left failed: its change was never counted in the radius.
  const failed = own(whole.results).filter((r) => r.outcome === 'failed');
  const unplanned = new Set(failed.map((r) => r.customerId));
  const run = await applyCustomers(
    mine.filter((j) => !unplanned.has(j.customer.id)),
    { ...settings, target },
  );
  const results = [...run.results, ...failed].sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
  return { results, ...radius, ...counts };
}

/**
 * A target that answers each stack's next plan from the one made before it, once: the apply
 * then applies exactly what was judged. A retry after a failed apply plans afresh, as it must.
 */
function plannedOnce(target: ApplyTarget): ApplyTarget {
  const plans = new Map<TargetStack, PlannedStack>();
  return {
    cloud: target.cloud,
    plan: async (stack) => {
      const made = plans.get(stack);
      if (made !== undefined) {
        plans.delete(stack);
        return made;
      }
      const planned = await target.plan(stack);
      plans.set(stack, planned);
      return planned;
    },
    apply: (planned) => target.apply(planned),
    forget: (customerId) => target.forget(customerId),
    ids: (customerId) => target.ids(customerId),
  };
}
