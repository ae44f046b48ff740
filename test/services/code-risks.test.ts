import { describe, expect, it } from 'vitest';
import type { ChangedFile } from '../../src/plan/index.js';
import { providerLockRisks } from '../../src/services/code-risks.js';

describe('providerLockRisks', () => {
  it.each<[string, ChangedFile[], string | undefined]>([
    ['no lock file change', [{ path: 'customers/acme-corp.yaml', change: 'modified' }], undefined],
    [
      'new checksums',
      [{ path: '.terraform.lock.hcl', change: 'modified' }],
      "The Terraform provider checksums (.terraform.lock.hcl) change: every apply from the merge on runs the provider packages they name, with the apply's credentials; check each version and hash against the provider's signed SHA256SUMS before approving.",
    ],
    [
      'the lock file deleted',
      [{ path: '.terraform.lock.hcl', change: 'deleted' }],
      "The Terraform provider checksums (.terraform.lock.hcl) are no longer pinned: applies would run whatever provider package the registry or the plugin cache holds, with the apply's credentials; check each version and hash against the provider's signed SHA256SUMS before approving.",
    ],
    [
      'a lock file in a subfolder (not the one neo uses)',
      [{ path: 'old/.terraform.lock.hcl', change: 'added' }],
      undefined,
    ],
  ])('%s', (_name, changed, reason) => {
    const risks = providerLockRisks(changed);
    expect(risks.map((r) => r.reason)).toEqual(reason === undefined ? [] : [reason]);
    for (const risk of risks)
      expect(risk).toMatchObject({ severity: 'security', code: 'provider-checksums-changed' });
  });
});
