import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RepositoryCommit } from './commits.js';
import type { CommandContext } from './context.js';

/**
 * The packages the base side was built with: the same lockfile as this checkout (`same`), its
 * own install of the base lockfile (`own`), or, that install failing, this checkout's (`head`,
 * so what the package change does is not shown).
 */
export type BasePackages = { kind: 'same' } | { kind: 'own' } | { kind: 'head'; reason: string };

export type BaseStacks =
  | { ok: true; stacks: Map<string, string>; packages: BasePackages }
  | { ok: false; reason: string };

const LOCKFILE = 'package-lock.json';

/**
 * The stacks of `ids` as the base commit's own code synthesizes them. When a pull request
 * changes neo itself, comparing both sides built with the new code would hide exactly what
 * the code change does; so the base commit is checked out in a temporary worktree, built
 * and asked for its stacks with its own `neo synth`. With the same lockfile it reuses this
 * checkout's node_modules; with another, it installs the base lockfile (scripts off, cached by
 * the lockfile's hash), since a package change is a code change nobody here wrote.
 */
export async function stacksWithBaseCode(
  root: string,
  base: RepositoryCommit,
  ids: readonly string[],
  context: CommandContext,
): Promise<BaseStacks> {
  const worktree = mkdtempSync(join(tmpdir(), 'neo-base-'));
  const added = await context.run('git', ['worktree', 'add', '--detach', '--force', worktree, base.commit], {
    cwd: root,
  });
  try {
    if (added.code !== 0) return { ok: false, reason: `git worktree add failed: ${firstLine(added.stderr)}` };
    const baseRoot = join(worktree, base.prefix);
    if (!existsSync(join(baseRoot, 'tsconfig.build.json'))) {
      return { ok: false, reason: 'the base commit has no tsconfig.build.json to build neo with' };
    }
    const packages = await installBasePackages(root, baseRoot, context);
    const modules = packages.kind === 'own' ? packagesDir(root, baseRoot) : root;
    symlinkSync(join(modules, 'node_modules'), join(baseRoot, 'node_modules'), 'dir');
    const tsc = join(modules, 'node_modules/typescript/bin/tsc');
    const built = await context.run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: baseRoot });
    if (built.code !== 0)
      return {
        ok: false,
        reason: `neo at the base commit does not build: ${firstLine(built.stdout || built.stderr)}`,
      };
    const out = join(worktree, '.neo-base-stacks');
    const synth = await context.run(
      process.execPath,
      [join(baseRoot, 'dist/src/main.js'), 'synth', '--root', baseRoot, '--out', out, ...ids],
      { cwd: baseRoot },
    );
    if (synth.code !== 0)
      return {
        ok: false,
        reason: `neo synth at the base commit failed: ${firstLine(synth.stdout || synth.stderr)}`,
      };
    const stacks = new Map<string, string>();
    for (const id of ids) {
      const file = join(out, id, 'main.tf.json');
      if (!existsSync(file))
        return { ok: false, reason: `neo synth at the base commit wrote no stack for ${id}` };
      stacks.set(id, readFileSync(file, 'utf8'));
    }
    return { ok: true, stacks, packages };
  } finally {
    await context.run('git', ['worktree', 'remove', '--force', worktree], { cwd: root });
    rmSync(worktree, { recursive: true, force: true });
  }
}

/** Where the base lockfile's packages are installed: one folder per lockfile, kept between runs. */
function packagesDir(root: string, baseRoot: string): string {
  const hash = createHash('sha256')
    .update(readFileSync(join(baseRoot, LOCKFILE)))
    .digest('hex');
  return join(root, '.neo/cache/packages', hash.slice(0, 16));
}

async function installBasePackages(
  root: string,
  baseRoot: string,
  context: CommandContext,
): Promise<BasePackages> {
  const lock = (dir: string) =>
    existsSync(join(dir, LOCKFILE)) ? readFileSync(join(dir, LOCKFILE), 'utf8') : '';
  if (lock(baseRoot) === lock(root)) return { kind: 'same' };
  if (lock(baseRoot) === '') return { kind: 'head', reason: `the base commit has no ${LOCKFILE}` };
  const dir = packagesDir(root, baseRoot);
  // npm writes this file last: its presence means a whole install.
  if (existsSync(join(dir, 'node_modules/.package-lock.json'))) return { kind: 'own' };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', LOCKFILE]) copyFileSync(join(baseRoot, file), join(dir, file));
  const installed = await context.run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: dir,
  });
  if (installed.code === 0 && existsSync(join(dir, 'node_modules/.package-lock.json')))
    return { kind: 'own' };
  rmSync(dir, { recursive: true, force: true });
  return {
    kind: 'head',
    reason: `npm ci of the base lockfile failed: ${firstLine(installed.stderr || installed.stdout)}`,
  };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 300) ?? '';
}
