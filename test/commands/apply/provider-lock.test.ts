import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fileLedger } from '../../../src/apply/index.js';
import type { Io } from '../../../src/services/index.js';
import { type CommandContext, defaultContext } from '../../../src/services/index.js';
import { type FakeTerraform, fakeTerraform } from '../../helpers/fake-terraform.js';
import { exampleFiles, writeTree } from '../../helpers/repository.js';
import { neo } from '../local-cloud.js';

/**
 * `neo apply --cloud aws` and the repository's `.terraform.lock.hcl`: with it, Terraform may
 * install only the provider packages whose checksums it lists; without it, the report says so.
 */
const LOCK = `# This file is maintained automatically by "terraform init".
provider "registry.terraform.io/hashicorp/aws" {
  version     = "6.21.0"
  constraints = "~> 6.0"
  hashes = [
    "h1:3kCkFq0ZnSg0vRxCw6yYhK0FfUu2dPZtqkz5gJ0gQ0c=",
    "zh:0c5d3a8e2b1f4c7a9e6d8f4b2a1c3d5e0c5d3a8e2b1f4c7a9e6d8f4b2a1c3d5e",
  ]
}
`;
const UNCHECKED =
  'No .terraform.lock.hcl in the repository: provider packages are not checked against pinned checksums';

let root: string;
let cleanup: () => void;
let fake: FakeTerraform;

beforeAll(async () => {
  ({ dir: root, cleanup } = await writeTree(exampleFiles()));
});
afterAll(() => cleanup());
beforeEach(() => {
  fake = fakeTerraform();
});
afterEach(() => {
  fake.dispose();
  rmSync(join(root, '.terraform.lock.hcl'), { force: true });
});

const context = (io: Io): CommandContext => ({
  ...defaultContext(io),
  ledger: async () => fileLedger(join(fake.root, 'applied.json')),
  sleep: async () => undefined,
});

const applyAcme = () => neo(root, ['apply', '--cloud', 'aws', 'acme-corp'], context, fake.env);
const inits = () => fake.invocations().filter((i) => i.command === 'init');

describe('neo apply --cloud aws and the provider checksums', () => {
  it('says in its report that provider packages were not checked when the repository pins none', async () => {
    const run = await applyAcme();
    expect(run.code).toBe(0);
    expect(run.out).toContain(UNCHECKED);
    expect(inits().map((i) => i.argv.includes('-lockfile=readonly'))).toEqual([false]);
  });

  it("runs Terraform with the repository's lock file, read-only, and says nothing of it", async () => {
    writeFileSync(join(root, '.terraform.lock.hcl'), LOCK);
    const run = await applyAcme();
    expect(run.code).toBe(0);
    expect(run.out).not.toContain(UNCHECKED);
    expect(inits().map((i) => i.argv.includes('-lockfile=readonly'))).toEqual([true]);
    expect(readFileSync(join(root, '.neo/stacks/acme-corp/.terraform.lock.hcl'), 'utf8')).toBe(LOCK);
  });
});
