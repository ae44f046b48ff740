import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RepositoryCommit } from './commits.js';
import type { CommandContext } from './context.js';

export type BaseStacks = { ok: true; stacks: Map<string, string> } | { ok: false; reason: string };

/**
 * The stacks of `ids` as the base commit's own code synthesizes them. When a pull request
 * changes neo itself, comparing both sides built with the new code would hide exactly what
 * the code change does; so the base commit is checked out in a temporary worktree, built
 * (reusing this checkout's node_modules) and asked for its stacks with its own `neo synth`.
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
    symlinkSync(join(root, 'node_modules'), join(baseRoot, 'node_modules'), 'dir');
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
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
    return { ok: true, stacks };
  } finally {
    await context.run('git', ['worktree', 'remove', '--force', worktree], { cwd: root });
    rmSync(worktree, { recursive: true, force: true });
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 300) ?? '';
}
