import { join } from 'node:path';
import { type TerraformRunner, terraformRunner } from '../apply/index.js';
import type { CommandContext } from './context.js';

/** Terraform waits this long for a state lock held by another run before failing (then retried). */
const LOCK_TIMEOUT = '5m';

/**
 * Terraform as `neo apply --cloud aws` and `neo plan --terraform` run it: the binary of
 * $NEO_TERRAFORM (terraform by default; tofu works), one plugin cache for every stack.
 */
export function terraformFor(root: string, context: CommandContext): TerraformRunner {
  const env = context.io.env;
  return terraformRunner(
    {
      binary: env.NEO_TERRAFORM ?? 'terraform',
      pluginCacheDir: env.TF_PLUGIN_CACHE_DIR ?? join(root, '.neo/terraform-plugins'),
      lockTimeout: LOCK_TIMEOUT,
      // Stacks pin the provider to an exact version and their folders start without a lock
      // file, which since Terraform 1.4 would bypass the plugin cache: one download per stack.
      env: { TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true', ...env },
    },
    context.run,
  );
}

export function toolName(product: 'terraform' | 'tofu', version: string): string {
  return `${product === 'tofu' ? 'OpenTofu' : 'Terraform'} ${version}`;
}
