import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LOCK_FILE, type TerraformRunner, terraformRunner } from '../apply/index.js';
import type { CommandContext } from './context.js';

/** Terraform waits this long for a state lock held by another run before failing (then retried). */
const LOCK_TIMEOUT = '5m';

/**
 * Terraform as `neo apply --cloud aws` and `neo plan --terraform` run it: the binary of
 * $NEO_TERRAFORM (terraform by default; tofu works), one plugin cache for every stack.
 */
export function terraformFor(root: string, context: CommandContext): TerraformRunner {
  const env = context.io.env;
  const lockFile = providerLock(root);
  return terraformRunner(
    {
      binary: env.NEO_TERRAFORM ?? 'terraform',
      pluginCacheDir: env.TF_PLUGIN_CACHE_DIR ?? join(root, '.neo/terraform-plugins'),
      lockTimeout: LOCK_TIMEOUT,
      // With the repository's lock file, Terraform takes a provider from the plugin cache only
      // if its checksum is listed. Without one, each stack would start without a lock file,
      // which since Terraform 1.4 bypasses the cache (one download per stack) unless told that
      // it may trust whatever the cache holds: that is what the lock file is for.
      env: lockFile === undefined ? { TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true', ...env } : env,
      ...(lockFile === undefined ? {} : { lockFile }),
    },
    context.run,
  );
}

/** The repository's `.terraform.lock.hcl`, if it has one. */
export function providerLock(root: string): string | undefined {
  const path = join(root, LOCK_FILE);
  return existsSync(path) ? path : undefined;
}

/** Said wherever Terraform runs without the repository's provider checksums. */
export const UNLOCKED_PROVIDERS =
  `No ${LOCK_FILE} in the repository: provider packages are not checked against pinned checksums, ` +
  'so a tampered package in the plugin cache or the registry would run. Commit one ' +
  '(docs/installing.md#provider-checksums).';

export function toolName(product: 'terraform' | 'tofu', version: string): string {
  return `${product === 'tofu' ? 'OpenTofu' : 'Terraform'} ${version}`;
}
