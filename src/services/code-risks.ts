import { LOCK_FILE } from '../apply/index.js';
import type { Risk } from '../diff/index.js';
import type { ChangedFile } from '../plan/index.js';
import type { BaseStacks } from './base-stacks.js';

const PACKAGE_FILES = new Set(['package.json', 'package-lock.json']);

/**
 * A change to neo's packages is a risk of its own, whatever the stacks show: code nobody here
 * wrote runs in every plan and apply from the merge on. It says whether the plan below shows
 * what the new packages do to the stacks.
 */
export function packageRisks(codeChanged: readonly string[], baseCode: BaseStacks | undefined): Risk[] {
  const files = codeChanged.filter((path) => PACKAGE_FILES.has(path));
  if (files.length === 0) return [];
  const packages = baseCode?.ok === true ? baseCode.packages : undefined;
  const shown =
    packages?.kind === 'own'
      ? 'Each side below is built with its own packages, so what they change in AWS is shown.'
      : packages?.kind === 'same'
        ? 'The installed packages stay the same (package-lock.json did not change), but package.json scripts run in CI.'
        : `What the new packages change in AWS is not shown: both sides are built with them (${packages?.kind === 'head' ? packages.reason : baseCode?.ok === false ? baseCode.reason : 'no base commit to build'}).`;
  return [
    {
      severity: 'security',
      code: 'packages-changed',
      address: files.includes('package-lock.json') ? 'package-lock.json' : 'package.json',
      reason: `neo's packages change (${files.join(', ')}): their code runs in every plan and apply from the merge on, with the apply's credentials; read the package diff before approving. ${shown}`,
    },
  ];
}

/**
 * The provider checksums decide which Terraform provider packages every apply runs, with the
 * write role's credentials: a change to them never changes a stack, so no customer shows it.
 */
export function providerLockRisks(changed: readonly ChangedFile[]): Risk[] {
  const lock = changed.find((file) => file.path === LOCK_FILE);
  if (lock === undefined) return [];
  const what =
    lock.change === 'deleted'
      ? 'are no longer pinned: applies would run whatever provider package the registry or the plugin cache holds'
      : 'change: every apply from the merge on runs the provider packages they name';
  return [
    {
      severity: 'security',
      code: 'provider-checksums-changed',
      address: LOCK_FILE,
      reason: `The Terraform provider checksums (${LOCK_FILE}) ${what}, with the apply's credentials; check each version and hash against the provider's signed SHA256SUMS before approving.`,
    },
  ];
}
