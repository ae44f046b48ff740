// npm run provider-mirror [-- <folder>]: the hashicorp/aws provider version neo pins, installed
// once into a local filesystem mirror (default ~/.terraform.d/plugins, where Terraform and the
// real-Terraform tests look), so the tests run offline. Needs Terraform and the registry, once.
//
// `terraform init` with a plugin cache unpacks the provider in the mirror's own layout
// (registry.terraform.io/hashicorp/aws/<version>/<os_arch>/), so the cache is the mirror.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pinnedProviderVersion } from '../test/helpers/terraform/adapt.js';

const mirror = resolve(process.argv[2] ?? join(homedir(), '.terraform.d/plugins'));
const version = pinnedProviderVersion();
const work = mkdtempSync(join(tmpdir(), 'neo-provider-mirror-'));
try {
  mkdirSync(mirror, { recursive: true });
  writeFileSync(
    join(work, 'main.tf.json'),
    JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version } } } }),
  );
  execFileSync('terraform', ['init', '-input=false', '-no-color', '-backend=false'], {
    cwd: work,
    stdio: 'inherit',
    env: { ...process.env, TF_PLUGIN_CACHE_DIR: mirror, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' },
  });
  console.log(`hashicorp/aws ${version} is in ${mirror}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
