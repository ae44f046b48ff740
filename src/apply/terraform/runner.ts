import { access, copyFile, mkdir, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import PQueue from 'p-queue';
import type { TerraformPlan } from '../types.js';
import {
  classifyTransient,
  redact,
  secretValues,
  summarizeErrors,
  TerraformError,
  type TerraformStep,
} from './errors.js';
import { parseStateIds } from './state-ids.js';
import { parseTerraformPlan, TerraformPlanError } from './terraform-plan.js';

export { TerraformError, type TerraformStep, type TransientKind } from './errors.js';

export interface TerraformSettings {
  /** `terraform`, `tofu`, or a path. */
  binary: string;
  /**
   * TF_PLUGIN_CACHE_DIR: providers downloaded once for every stack. Created if missing; made
   * absolute, because Terraform runs in each stack's own directory.
   */
  pluginCacheDir: string;
  /** -lock-timeout for plan and apply, e.g. '5m'. */
  lockTimeout: string;
  /** The environment Terraform runs in (PATH, AWS credentials…): the caller's io.env. */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * The repository's `.terraform.lock.hcl`: copied into every stack before `init
   * -lockfile=readonly`, so Terraform installs (or takes from the plugin cache) only provider
   * packages whose checksums it lists, and never rewrites it.
   */
  lockFile?: string;
}

export interface RunOptions {
  cwd: string;
  env?: Readonly<Record<string, string | undefined>>;
}

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion; a non-zero exit is a result (CommandContext.run). */
export type RunProgram = (
  file: string,
  args: readonly string[],
  options: RunOptions,
) => Promise<ProcessResult>;

export interface TerraformVersion {
  product: 'terraform' | 'tofu';
  version: string;
}

/** Terraform for one stack directory at a time; any number of stacks may be planned at once. */
export interface TerraformRunner {
  /**
   * `version -json`; a TerraformError if the binary is missing or older than 1.10. Checked once
   * per runner (init, plan and apply check it first).
   */
  version(): Promise<TerraformVersion>;
  /** `init`, with the backend from the stack's own settings. One init at a time per runner. */
  init(stackDir: string): Promise<void>;
  /**
   * `plan -out=<stackDir>/neo.tfplan`, then `show -json` of it. An errored plan is a
   * TerraformError (step `plan`), never a plan to apply.
   */
  plan(stackDir: string): Promise<{ plan: TerraformPlan; planFile: string }>;
  /** Applies exactly the saved plan. */
  apply(stackDir: string, planFile: string): Promise<void>;
  /** `show -json` of the stack's state, reduced to each managed address's cloud id. */
  stateIds(stackDir: string): Promise<Record<string, string>>;
}

/** S3 state locking without DynamoDB (`use_lockfile`) came in Terraform 1.10 and OpenTofu 1.10. */
export const MINIMUM_VERSION = { major: 1, minor: 10 } as const;

/** The saved plan inside each stack directory: what `apply` applies. */
export const PLAN_FILE = 'neo.tfplan';

/** Terraform's dependency lock file: at the repository's root, and copied into each stack. */
export const LOCK_FILE = '.terraform.lock.hcl';

export function terraformRunner(settings: TerraformSettings, run: RunProgram): TerraformRunner {
  const name = basename(settings.binary);
  const pluginCacheDir = resolve(settings.pluginCacheDir);
  const env = {
    ...settings.env,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    TF_PLUGIN_CACHE_DIR: pluginCacheDir,
  };
  const secrets = secretValues(settings.env);
  const lockTimeout = `-lock-timeout=${settings.lockTimeout}`;
  // Terraform documents the plugin cache as unsafe for concurrent use: two inits installing the
  // same provider can leave a corrupt copy for every stack (hashicorp/terraform#31964). Inits
  // are short once the cache is warm; plan and apply only read providers, so they run in parallel.
  const inits = new PQueue({ concurrency: 1 });
  let checked: Promise<TerraformVersion> | undefined;

  /** Runs one command in `cwd` (a stack, or the plugin cache for `version`); non-zero exit: TerraformError. */
  async function exec(step: TerraformStep, cwd: string, args: string[]): Promise<ProcessResult> {
    const result = await run(settings.binary, args, { cwd, env });
    if (result.code !== 0) throw await failure(step, cwd, result);
    return result;
  }

  async function failure(step: TerraformStep, cwd: string, result: ProcessResult): Promise<TerraformError> {
    // Node reports a missing working directory as the program's own ENOENT: tell them apart.
    if (cannotSpawn(result)) {
      if (await exists(cwd)) return notInstalled(settings.binary);
      return new TerraformError(step, `${name} ${step} cannot run: the directory ${cwd} does not exist.`);
    }
    const output = result.stderr.trim() === '' ? result.stdout : result.stderr;
    const where = cwd === pluginCacheDir ? '' : ` in ${basename(cwd)}`;
    const summary = summarizeErrors(output, secrets) || `exit code ${result.code}, no output.`;
    return new TerraformError(step, `${name} ${step} failed${where}: ${summary}`, classifyTransient(output));
  }

  async function checkVersion(): Promise<TerraformVersion> {
    await mkdir(pluginCacheDir, { recursive: true }).catch((error: Error) => {
      throw new TerraformError(
        'version',
        `Cannot create the plugin cache ${pluginCacheDir}: ${error.message}`,
      );
    });
    const { stdout } = await exec('version', pluginCacheDir, ['version', '-json']);
    const found = parseVersion(stdout);
    if (found === undefined) {
      throw new TerraformError(
        'version',
        `"${name} version -json" printed no version: is it Terraform or OpenTofu?`,
      );
    }
    if (!isSupported(found.version)) throw tooOld(settings.binary, found);
    return found;
  }

  function version(): Promise<TerraformVersion> {
    // Only success is kept: a binary installed after a failed check is found on the next call.
    checked ??= checkVersion().catch((error: unknown) => {
      checked = undefined;
      throw error;
    });
    return checked;
  }

  async function show(stackDir: string, planFile: string): Promise<TerraformPlan> {
    const { stdout } = await exec('show', stackDir, ['show', '-json', '-no-color', planFile]);
    try {
      return parseTerraformPlan(stdout, stackDir);
    } catch (error) {
      if (!(error instanceof TerraformPlanError)) throw error;
      throw new TerraformError('show', redact(error.message, secrets));
    }
  }

  return {
    version,

    async init(stackDir) {
      await version();
      const { lockFile } = settings;
      if (lockFile !== undefined) await copyFile(lockFile, join(stackDir, LOCK_FILE));
      const args = [
        'init',
        '-input=false',
        '-no-color',
        ...(lockFile === undefined ? [] : ['-lockfile=readonly']),
      ];
      await inits.add(() => exec('init', stackDir, args));
    },

    async plan(stackDir) {
      await version();
      const planFile = join(resolve(stackDir), PLAN_FILE);
      // A failed plan must not leave the previous run's plan behind to be applied by mistake.
      await rm(planFile, { force: true });
      await exec('plan', stackDir, ['plan', '-input=false', '-no-color', lockTimeout, `-out=${planFile}`]);
      const plan = await show(stackDir, planFile);
      if (plan.errored) {
        await rm(planFile, { force: true });
        throw new TerraformError(
          'plan',
          `${name} plan for ${basename(stackDir)} is errored: Terraform could not finish planning, so it must not be applied.`,
        );
      }
      return { plan, planFile };
    },

    async apply(stackDir, planFile) {
      await version();
      // A saved plan is applied without a prompt and exactly as reviewed: no -auto-approve needed.
      await exec('apply', stackDir, ['apply', '-input=false', '-no-color', lockTimeout, planFile]);
    },

    async stateIds(stackDir) {
      await version();
      const { stdout } = await exec('show', stackDir, ['show', '-json', '-no-color']);
      try {
        return parseStateIds(stdout, stackDir);
      } catch (error) {
        if (!(error instanceof TerraformPlanError)) throw error;
        throw new TerraformError('show', redact(error.message, secrets));
      }
    },
  };
}

/** `spawn terraform ENOENT` (not found) or `EACCES` (not executable), as Node reports them. */
function cannotSpawn(result: ProcessResult): boolean {
  return result.code !== 0 && /\bspawn\b.*\b(?:ENOENT|EACCES)\b/.test(result.stderr);
}

function notInstalled(binary: string): TerraformError {
  return new TerraformError(
    'version',
    `Cannot run "${binary}": it is not installed, not on PATH or not executable. neo needs Terraform ≥ 1.10 ` +
      '(or OpenTofu ≥ 1.10): install it, or set NEO_TERRAFORM to its path.',
  );
}

function tooOld(binary: string, found: TerraformVersion): TerraformError {
  const product = found.product === 'tofu' ? 'OpenTofu' : 'Terraform';
  return new TerraformError(
    'version',
    `"${binary}" is ${product} ${found.version}; neo needs ${product} ≥ 1.10, for the S3 backend's ` +
      'use_lockfile state locking. Upgrade it, or set NEO_TERRAFORM to a newer one.',
  );
}

/**
 * Both print `terraform_version`; only Terraform prints `terraform_outdated` (OpenTofu dropped
 * the upgrade check), which tells the products apart without a second command.
 */
function parseVersion(stdout: string): TerraformVersion | undefined {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (json === null || typeof json !== 'object') return undefined;
  const fields = json as Record<string, unknown>;
  if (typeof fields.terraform_version !== 'string') return undefined;
  return {
    product: 'terraform_outdated' in fields ? 'terraform' : 'tofu',
    version: fields.terraform_version,
  };
}

/** 1.10.0 and later; a pre-release of 1.10 counts, since it has use_lockfile too. */
function isSupported(version: string): boolean {
  const match = /^v?(\d+)\.(\d+)\./.exec(version);
  if (match === null) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > MINIMUM_VERSION.major || (major === MINIMUM_VERSION.major && minor >= MINIMUM_VERSION.minor);
}

/** Runs tasks one after another, in call order; a failed task does not stop the next one. */
async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
