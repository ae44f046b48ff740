import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/plan/index.js';
import { commitAll, committedExample } from '../../helpers/git.js';
import { neo } from '../local-cloud.js';

/** A pull request that only pins (or re-pins) the Terraform provider checksums. */
describe('a pull request that changes .terraform.lock.hcl', () => {
  let root: string;
  let cleanup: () => void;
  beforeAll(async () => {
    const example = await committedExample();
    ({ dir: root, cleanup } = example);
    await example.git.checkoutLocalBranch('pin-providers');
    writeFileSync(
      join(root, '.terraform.lock.hcl'),
      [
        'provider "registry.terraform.io/hashicorp/aws" {',
        '  version     = "6.25.0"',
        '  constraints = "6.25.0"',
        '  hashes = ["h1:0000000000000000000000000000000000000000000="]',
        '}',
        '',
      ].join('\n'),
    );
    await commitAll(example.git, 'pin the provider checksums');
  });
  afterAll(() => cleanup());

  it('changes no customer, and says the checksums change as a security risk', async () => {
    const json = await neo(root, ['plan', '--format', 'json']);
    expect(json.err).toBe('');
    const plan = JSON.parse(json.out) as Plan;
    expect(plan.customers).toEqual([]);
    expect(plan.risks?.map((r) => [r.severity, r.code, r.address])).toEqual([
      ['security', 'provider-checksums-changed', '.terraform.lock.hcl'],
    ]);
    const text = await neo(root, ['plan']);
    expect(text.out).toContain(
      'No changes: nothing in this change touches a customer, but the provider checksums change: see the risks',
    );
  });
});
