/**
 * Finds the real Terraform and an AWS provider it can install without asking the registry, so
 * the tests that run it know whether they can. Run once per test run, by the global setup.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** What the real-Terraform tests run: the binary, and where the AWS provider comes from. */
export interface RealTerraform {
  /** Absolute path of the binary. */
  binary: string;
  version: string;
  /** The AWS provider version Terraform installs: the mirror's newest. */
  providerVersion: string;
  /** A filesystem mirror in the unpacked layout: `<mirror>/registry.terraform.io/hashicorp/aws/<version>/<os_arch>/`. */
  mirror: string;
}

export type TerraformProbe = { found: true; terraform: RealTerraform } | { found: false; reason: string };

/** Set by `.ci/run`: there the real-Terraform tests must run, so a missing Terraform fails the run. */
export const REQUIRE_VARIABLE = 'NEO_REQUIRE_TERRAFORM';
/** A mirror folder to use before the usual places (`npm run provider-mirror` makes one). */
export const MIRROR_VARIABLE = 'NEO_TERRAFORM_PROVIDER_MIRROR';

const MINIMUM = [1, 10] as const;
const AWS_PATH = ['registry.terraform.io', 'hashicorp', 'aws'];

/** Where provider mirrors are usually kept: Terraform's own implied local mirrors, and /opt. */
function mirrorCandidates(env: NodeJS.ProcessEnv): string[] {
  const home = env.HOME ?? homedir();
  const data = (env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share').split(delimiter);
  return [
    ...(env[MIRROR_VARIABLE] ? [env[MIRROR_VARIABLE]] : []),
    ...mirrorsInCliConfig(env.TF_CLI_CONFIG_FILE),
    join(home, '.terraform.d/plugins'),
    join(home, '.local/share/terraform/plugins'),
    ...data.map((dir) => join(dir, 'terraform/plugins')),
    '/opt/tf-plugins',
    '/opt/terraform/plugins',
  ];
}

/** `filesystem_mirror { path = "…" }` blocks of an existing CLI configuration. */
function mirrorsInCliConfig(file: string | undefined): string[] {
  if (file === undefined || !existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/filesystem_mirror\s*\{[^}]*path\s*=\s*"([^"]+)"/g)].map((m) => m[1] as string);
}

function newestAwsProvider(mirror: string): string | undefined {
  const dir = join(mirror, ...AWS_PATH);
  if (!existsSync(dir)) return undefined;
  const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
  const versions = readdirSync(dir).filter(
    (v) => /^\d+\.\d+\.\d+$/.test(v) && existsSync(join(dir, v, platform)),
  );
  return versions.sort(compareVersions).at(-1);
}

export function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) {
    const d = (x?.[i] ?? 0) - (y?.[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * Looks for `terraform` ≥ 1.10 on PATH and an AWS provider in a filesystem mirror: the tests
 * never download (a run must not depend on the registry, and a download per test folder would
 * cost a gigabyte).
 */
export function probeTerraform(env: NodeJS.ProcessEnv): TerraformProbe {
  const binary = onPath('terraform', env);
  if (binary === undefined) return { found: false, reason: 'terraform is not on PATH' };
  let version: string;
  try {
    const out = execFileSync(binary, ['version', '-json'], {
      encoding: 'utf8',
      env: { ...env, CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    version = (JSON.parse(out) as { terraform_version: string }).terraform_version;
  } catch (error) {
    return { found: false, reason: `${binary} version -json failed: ${(error as Error).message}` };
  }
  if (compareVersions(version, MINIMUM.join('.')) < 0) {
    return {
      found: false,
      reason: `${binary} is Terraform ${version}; these tests need ≥ ${MINIMUM.join('.')}`,
    };
  }
  for (const mirror of mirrorCandidates(env)) {
    const providerVersion = newestAwsProvider(mirror);
    if (providerVersion !== undefined) {
      return { found: true, terraform: { binary, version, providerVersion, mirror } };
    }
  }
  return {
    found: false,
    reason:
      `Terraform ${version} is installed, but no hashicorp/aws provider mirror was found ` +
      `(make one with npm run provider-mirror, or set ${MIRROR_VARIABLE})`,
  };
}
