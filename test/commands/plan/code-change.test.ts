import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli.js';
import type { Plan } from '../../../src/plan/index.js';
import { type CommandContext, defaultContext, type Io } from '../../../src/services/index.js';
import { commitAll, initRepository } from '../../helpers/git.js';
import { captureIo } from '../../helpers/io.js';
import { exampleFiles, PROJECT_ROOT, writeTree } from '../../helpers/repository.js';

/** Lives in the synthesizer; a base commit with an older value stands for an older neo. */
const INPUTS = 'src/synth/inputs.ts';
const CURRENT = "ManagedBy: 'neo'";

/**
 * A hosting company's repository with neo's source in it, as the product is installed: the
 * base commit carries an older synthesizer, the branch upgrades it.
 */
describe('a pull request that changes neo itself', () => {
  let dir: string;
  let cleanup: () => void;

  beforeAll(async () => {
    ({ dir, cleanup } = await writeTree(exampleFiles()));
    for (const path of ['src', 'schemas', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) {
      cpSync(join(PROJECT_ROOT, path), join(dir, path), { recursive: true });
    }
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, '.gitignore'), 'node_modules\ndist\n.neo\n');
    const current = readFileSync(join(dir, INPUTS), 'utf8');
    expect(current).toContain(CURRENT);
    writeFileSync(join(dir, INPUTS), current.replace(CURRENT, "ManagedBy: 'neo-1'"));
    const git = await initRepository(dir);
    await commitAll(git, 'neo 1');
    await git.checkoutLocalBranch('upgrade');
    writeFileSync(join(dir, INPUTS), current);
    await commitAll(git, 'neo 2');
  }, 60_000);
  afterAll(() => cleanup());

  it('builds the base side with the base commit’s code and shows what the upgrade changes', async () => {
    const io = captureIo(dir);
    const code = await runCli(['plan', '--format', 'json', '--allow-blast-radius'], io, defaultContext(io));
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const plan = JSON.parse(io.out()) as Plan;
    expect(plan.customers.map((c) => c.customerId)).toEqual(
      [...exampleFiles().keys()]
        .filter((p) => p.startsWith('customers/'))
        .map((p) => p.slice('customers/'.length, -'.yaml'.length))
        .sort(),
    );
    const tags = plan.customers.flatMap((c) => c.changes.flatMap((r) => r.attributes.map((a) => a.path)));
    expect(new Set(tags.map((p) => p.replace(/^root_block_device\./, '')))).toEqual(
      new Set(['tags.ManagedBy']),
    );
    expect(plan.notes.join(' ')).toContain("the base side was built with the base commit's code");
  }, 120_000);
});

describe('a code change neo cannot build at the base commit', () => {
  it('plans with the new code on both sides and says what that leaves out', async () => {
    const files = exampleFiles().set('src/notes.md', 'first draft\n');
    const { dir, cleanup } = await writeTree(files);
    try {
      const git = await initRepository(dir);
      await commitAll(git, 'first');
      writeFileSync(join(dir, 'src/notes.md'), 'second draft\n');
      const io = captureIo(dir);
      const code = await runCli(['plan', '--format', 'json', '--allow-blast-radius'], io, defaultContext(io));
      expect(code).toBe(0);
      const plan = JSON.parse(io.out()) as Plan;
      expect(plan.customers).toEqual([]);
      expect(plan.unchangedCustomers).toBe(7);
      expect(plan.notes.join(' ')).toContain('the base commit has no tsconfig.build.json');
      expect(plan.notes.join(' ')).toContain('not what the code change does');
    } finally {
      cleanup();
    }
  }, 60_000);
});

/**
 * Installs as `npm ci` would, without the network: every package is this checkout's, but for
 * one file of the AWS provider, rewritten — the tampered build a lockfile change can bring.
 * Only the folders on the way to that file are real; everything else links to node_modules.
 */
function tamperedInstall(dir: string): void {
  const TAMPERED = '@cdktf/provider-aws/lib/vpc/index.js';
  const real = join(PROJECT_ROOT, 'node_modules');
  const parts = TAMPERED.split('/');
  const layer = (from: string, to: string, depth: number) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) {
      if (entry === parts[depth] && depth < parts.length - 1)
        layer(join(from, entry), join(to, entry), depth + 1);
      else if (entry === parts[depth]) {
        const source = readFileSync(join(from, entry), 'utf8');
        const changed = source.replace(
          'enable_dns_hostnames: cdktf.booleanToTerraform(this._enableDnsHostnames)',
          'enable_dns_hostnames: cdktf.booleanToTerraform(false)',
        );
        expect(changed).not.toBe(source);
        writeFileSync(join(to, entry), changed);
      } else symlinkSync(join(from, entry), join(to, entry));
    }
  };
  layer(real, join(dir, 'node_modules'), 0);
  writeFileSync(join(dir, 'node_modules/.package-lock.json'), readFileSync(join(dir, 'package-lock.json')));
}

describe("a pull request that changes neo's packages", () => {
  let dir: string;
  let cleanup: () => void;
  const installs: string[] = [];
  /** `npm ci` answered by `install` (in the folder npm was asked to install in); the rest runs for real. */
  const withInstall =
    (install: (cwd: string) => number) =>
    (io: Io): CommandContext => {
      const context = defaultContext(io);
      return {
        ...context,
        run: async (file, args, options) => {
          if (file !== 'npm') return context.run(file, args, options);
          installs.push(`${args.join(' ')} in ${options.cwd.slice(dir.length + 1)}`);
          const code = install(options.cwd);
          return {
            code,
            stdout: '',
            stderr: code === 0 ? '' : 'npm error code ENOTFOUND registry.npmjs.org',
          };
        },
      };
    };
  const plan = async (install: (cwd: string) => number) => {
    const io = captureIo(dir);
    const code = await runCli(
      ['plan', '--format', 'json', '--allow-blast-radius'],
      io,
      withInstall(install)(io),
    );
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    return JSON.parse(io.out()) as Plan;
  };

  beforeAll(async () => {
    ({ dir, cleanup } = await writeTree(exampleFiles()));
    for (const path of [
      'src',
      'schemas',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
    ]) {
      cpSync(join(PROJECT_ROOT, path), join(dir, path), { recursive: true });
    }
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, '.gitignore'), 'node_modules\ndist\n.neo\n');
    const lock = readFileSync(join(dir, 'package-lock.json'), 'utf8');
    // The base commit's lockfile differs (an older resolution); the branch brings today's.
    writeFileSync(
      join(dir, 'package-lock.json'),
      lock.replace('"lockfileVersion": 3', '"lockfileVersion": 3, "neo": "base"'),
    );
    const git = await initRepository(dir);
    await commitAll(git, 'neo with the old packages');
    await git.checkoutLocalBranch('packages');
    writeFileSync(join(dir, 'package-lock.json'), lock);
    await commitAll(git, 'neo with new packages');
  }, 60_000);
  afterAll(() => cleanup());

  it('installs the base lockfile for the base side, so what the packages change is shown, and lists the change as a risk', async () => {
    const shown = await plan((cwd) => {
      tamperedInstall(cwd);
      return 0;
    });
    expect(installs).toEqual([
      expect.stringMatching(
        /^ci --ignore-scripts --no-audit --no-fund in \.neo\/cache\/packages\/[0-9a-f]{16}$/,
      ),
    ]);
    // Every customer with a network; the decommissioned one has none left.
    expect(shown.customers).toHaveLength(6);
    expect(shown.unchangedCustomers).toBe(1);
    const paths = shown.customers.flatMap((c) => c.changes.flatMap((r) => r.attributes.map((a) => a.path)));
    expect(new Set(paths)).toEqual(new Set(['enable_dns_hostnames']));
    expect(shown.risks).toEqual([
      {
        severity: 'security',
        code: 'packages-changed',
        address: 'package-lock.json',
        reason:
          "neo's packages change (package-lock.json): their code runs in every plan and apply from the merge on, with the apply's credentials; read the package diff before approving. Each side below is built with its own packages, so what they change in AWS is shown.",
      },
    ]);
    expect(shown.notes.join(' ')).toContain("built with the base commit's code and its own packages");
  }, 180_000);

  it('reuses that install while the base lockfile is the same', async () => {
    installs.length = 0;
    const again = await plan(() => {
      throw new Error('installed twice');
    });
    expect(installs).toEqual([]);
    expect(again.customers).toHaveLength(6);
  }, 180_000);

  it('says plainly that the package change is not shown when the base lockfile cannot be installed', async () => {
    rmSync(join(dir, '.neo/cache/packages'), { recursive: true, force: true });
    const unseen = await plan(() => 1);
    expect(unseen.customers).toEqual([]);
    expect(unseen.risks?.[0]?.reason).toContain(
      'What the new packages change in AWS is not shown: both sides are built with them (npm ci of the base lockfile failed: npm error code ENOTFOUND registry.npmjs.org)',
    );
    expect(unseen.notes.join(' ')).toContain('not what the package change does');
    expect(existsSync(join(dir, '.neo/cache/packages'))).toBe(true);
    expect(readdirSync(join(dir, '.neo/cache/packages'))).toEqual([]);
  }, 180_000);
});
