// The CLI tests spawn dist/src/main.js and the worker-thread tests load dist/src/synth/worker.js:
// build once before any test, so they always run the code under test (about a second). Then look
// for the real Terraform once, for the tests that run it.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { probeTerraform, REQUIRE_VARIABLE } from './helpers/terraform/probe.js';

export default function setup(project: TestProject): void {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  const probe = probeTerraform(process.env);
  if (!probe.found) {
    if (process.env[REQUIRE_VARIABLE] === '1') {
      throw new Error(
        `The real-Terraform tests must run here (${REQUIRE_VARIABLE}=1), but ${probe.reason}. ` +
          'Install Terraform ≥ 1.10 and the hashicorp/aws provider (docs/contributing.md says how).',
      );
    }
    console.log(`Real-Terraform tests skipped: ${probe.reason}.`);
  } else {
    const { version, providerVersion, mirror } = probe.terraform;
    console.log(
      `Real-Terraform tests run Terraform ${version} with hashicorp/aws ${providerVersion} from ${mirror}.`,
    );
  }
  project.provide('terraform', probe);
}
