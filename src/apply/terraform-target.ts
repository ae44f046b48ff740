import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DatabaseProtection, databasesLeaving } from './database-protection.js';
import type { ApplyTarget, PlannedStack } from './target.js';
import type { TerraformRunner } from './terraform/runner.js';

/**
 * AWS through Terraform, one stack folder per customer (`.neo/stacks/<id>/main.tf.json`, where
 * `neo synth` writes them too): init once per run, plan to a saved plan file, and apply exactly
 * that file, so what runs is what the destroy guard judged. A database it deletes or replaces
 * has its deletion protection lifted first (`protection`), right before that apply.
 */
export function terraformTarget(
  runner: TerraformRunner,
  stacksDir: string,
  protection?: DatabaseProtection,
): ApplyTarget {
  const planFiles = new WeakMap<PlannedStack, string>();
  const initialized = new Set<string>();
  return {
    cloud: 'aws',
    plan: async (stack) => {
      const dir = join(stacksDir, stack.customerId);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'main.tf.json'), stack.json);
      await runner.version();
      if (!initialized.has(dir)) {
        await runner.init(dir);
        initialized.add(dir);
      }
      const { plan, planFile } = await runner.plan(dir);
      const planned: PlannedStack = { stack, changes: plan.changes };
      planFiles.set(planned, planFile);
      return planned;
    },
    apply: async (planned) => {
      const planFile = planFiles.get(planned);
      if (planFile === undefined) throw new Error(`${planned.stack.customerId}: no saved plan to apply`);
      // The destroy guard allowed these deletions: only now may their protection go.
      for (const { identifier } of databasesLeaving(planned)) {
        if (protection === undefined)
          throw new Error(
            `${planned.stack.customerId}: deleting database ${identifier} needs its deletion protection lifted, and this run cannot`,
          );
        await protection.lift(planned.stack.graph.region, identifier);
      }
      await runner.apply(join(stacksDir, planned.stack.customerId), planFile);
    },
    // The state keeps what is left (the backup bucket) until its retention ends; nothing to run.
    forget: async () => undefined,
    ids: (customerId) => runner.stateIds(join(stacksDir, customerId)),
  };
}
