/**
 * A place to run the real Terraform on neo's stacks: a CLI configuration that installs the AWS
 * provider from the mirror found by the probe, a plugin cache, and stack folders prepared as
 * `adapt.ts` says. Every test file makes its own and disposes of it.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../repository.js';
import { adaptStack, OFFLINE_OVERRIDE, offlineOverride, type Rewrite } from './adapt.js';
import type { RealTerraform } from './probe.js';

/** Placeholder credentials: the provider wants some, and never uses them offline. */
export const OFFLINE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
  AWS_REGION: 'us-east-2',
};

export interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TerraformWorkspace {
  terraform: RealTerraform;
  root: string;
  pluginCacheDir: string;
  /** The environment Terraform runs in: the CLI configuration, placeholder credentials, no checkpoint. */
  env: Record<string, string>;
  /**
   * A folder holding the `terraform` shim that adapts a stack folder before running the real
   * binary: what `neo plan --terraform` runs as NEO_TERRAFORM, since it writes stacks itself.
   */
  shim: string;
  /** Writes the stack adapted for the provider, and the offline override; returns the folder. */
  stack(name: string, json: string): { dir: string; rewrites: Rewrite[] };
  /**
   * One root whose modules are the given stacks (by customer id), so one Terraform run
   * validates or plans a whole fleet: the provider starts once instead of once per stack.
   * Returns the root folder and each module's adapted stack by module address. The offline
   * override is for planning: `validate` needs no credentials, and in a module the override's
   * provider blocks draw a "redundant empty provider block" warning.
   */
  modules(
    name: string,
    stacks: ReadonlyMap<string, string>,
    use: 'validate' | 'plan',
  ): { dir: string; adapted: Map<string, string> };
  run(dir: string, args: readonly string[]): Promise<TerraformResult>;
  /** Runs and fails with Terraform's own output when the exit code is not 0. */
  ok(dir: string, args: readonly string[]): Promise<string>;
  dispose(): void;
}

/**
 * `regions`: the platform's regions (neo.yaml), which every adapted stack can reach (see
 * adaptStack).
 */
export function terraformWorkspace(
  terraform: RealTerraform,
  regions: readonly string[] = [],
): TerraformWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'neo-real-terraform-'));
  const pluginCacheDir = join(root, 'plugin-cache');
  mkdirSync(pluginCacheDir);
  const cliConfig = join(root, 'terraform.rc');
  writeFileSync(cliConfig, cliConfigText(terraform));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: root,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_PLUGIN_CACHE_DIR: pluginCacheDir,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    ...OFFLINE_CREDENTIALS,
  };
  const shim = writeShim(root, terraform, regions);
  const run = (dir: string, args: readonly string[]): Promise<TerraformResult> =>
    new Promise((resolve) => {
      execFile(
        terraform.binary,
        [...args],
        { cwd: dir, env, maxBuffer: 512 * 1024 * 1024 },
        (error, stdout, stderr) => {
          resolve({
            code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1,
            stdout,
            stderr,
          });
        },
      );
    });
  return {
    terraform,
    root,
    pluginCacheDir,
    env,
    shim,
    stack(name, json) {
      const dir = join(root, 'stacks', name);
      mkdirSync(dir, { recursive: true });
      const adapted = adaptStack(json, terraform.providerVersion, regions);
      writeFileSync(join(dir, 'main.tf.json'), adapted.json);
      writeFileSync(join(dir, OFFLINE_OVERRIDE), offlineOverride(adapted.json));
      return { dir, rewrites: adapted.rewrites };
    },
    modules(name, stacks, use) {
      const dir = join(root, 'stacks', name);
      const adapted = new Map<string, string>();
      const module: Record<string, { source: string }> = {};
      for (const [id, json] of stacks) {
        mkdirSync(join(dir, id), { recursive: true });
        const { json: stack } = adaptStack(json, terraform.providerVersion, regions);
        writeFileSync(join(dir, id, 'main.tf.json'), stack);
        if (use === 'plan') writeFileSync(join(dir, id, OFFLINE_OVERRIDE), offlineOverride(stack));
        adapted.set(`module.${id}`, stack);
        module[id] = { source: `./${id}` };
      }
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ module }));
      return { dir, adapted };
    },
    run,
    async ok(dir, args) {
      const result = await run(dir, args);
      if (result.code !== 0) {
        throw new Error(
          `terraform ${args.join(' ')} failed in ${dir} (exit ${result.code}):\n${readable(result.stderr + result.stdout)}`,
        );
      }
      return result.stdout;
    },
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * Terraform's output, short enough to read: its diagnostics quote lines of the minified stack,
 * which run to hundreds of kilobytes, so every line is cut and warnings are left out.
 */
function readable(output: string): string {
  const blocks = output.split(/\n(?=(?:Error|Warning): )/);
  const errors = blocks.filter((b) => !b.startsWith('Warning: '));
  return errors
    .join('\n')
    .split('\n')
    .map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line))
    .join('\n')
    .slice(0, 4000);
}

function cliConfigText(terraform: RealTerraform): string {
  return `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(terraform.mirror)}\n  }\n}\n`;
}

/**
 * The shim is the compiled `shim.ts` (the global setup builds it), behind a `terraform` file
 * that tells it where the real binary and the provider version are.
 */
function writeShim(root: string, terraform: RealTerraform, regions: readonly string[]): string {
  const bin = join(root, 'bin');
  mkdirSync(bin);
  const module = pathToFileURL(join(PROJECT_ROOT, 'dist/test/helpers/terraform/shim.js')).href;
  const file = join(bin, 'terraform');
  writeFileSync(
    file,
    [
      '#!/usr/bin/env node',
      // CommonJS (no package.json beside it): a dynamic import, not a top-level await.
      `import(${JSON.stringify(module)}).then(({ main }) =>`,
      `  main(${[terraform.binary, terraform.providerVersion, regions].map((v) => JSON.stringify(v)).join(', ')}));`,
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return bin;
}

/** PATH with the shim first, for a process that runs `terraform` by name. */
export function pathWithShim(workspace: TerraformWorkspace): string {
  return [workspace.shim, workspace.env.PATH].join(delimiter);
}
