import type { AppliedRecord } from '../apply/index.js';
import { type BlastRadiusLimits, DEFAULT_BLAST_RADIUS, stateMove } from '../plan/index.js';
import { LAYOUT, type PlatformSpec, parseSpecFile } from '../spec/index.js';
import type { CloudName } from './clouds.js';
import type { CommandContext } from './context.js';

/** What the apply is held to, from the platform as it was last applied. */
export interface AppliedBefore {
  /** The blast radius of the commit applied before: a merged change cannot lower its own. */
  limits: BlastRadiusLimits;
  /** Where the state moved since then, in words (see stateMove). */
  stateMove?: string;
  notes: string[];
}

/**
 * The limits and the state's place as of the last commit applied (the newest in the ledger),
 * read through git. Without a ledger (a first apply, or a state that moved so its ledger is
 * elsewhere), the history of neo.yaml tells: if an earlier commit kept the state somewhere
 * else and a ledger is there, the state moved without being copied first.
 */
export async function appliedBefore(
  root: string,
  head: PlatformSpec,
  applied: ReadonlyMap<string, AppliedRecord>,
  cloud: CloudName,
  context: CommandContext,
): Promise<AppliedBefore> {
  const git = await context.git(root);
  const inRepo = await git.checkIsRepo().catch(() => false);
  const ownLimits = { ...DEFAULT_BLAST_RADIUS, ...head.blastRadius };
  if (!inRepo) return { limits: ownLimits, notes: [] };
  const last = newestCommit(applied);
  if (last !== undefined) {
    const platform = await platformAt(context, root, last);
    if (platform === undefined) {
      return {
        limits: ownLimits,
        notes: [
          `The commit applied before (${last.slice(0, 12)}) is not in this clone: the blast radius is this commit's.`,
        ],
      };
    }
    const move = stateMove(platform.stateBackend, head.stateBackend);
    return {
      limits: { ...DEFAULT_BLAST_RADIUS, ...platform.blastRadius },
      ...(move === undefined ? {} : { stateMove: move }),
      notes: [],
    };
  }
  // The local cloud keeps its ledger in the repository's folder, wherever stateBackend points.
  if (cloud === 'local') return { limits: ownLimits, notes: [] };
  for (const commit of await neoYamlHistory(context, root)) {
    const platform = await platformAt(context, root, commit);
    if (platform === undefined || stateMove(platform.stateBackend, head.stateBackend) === undefined) continue;
    const ledger = await context
      .ledger(cloud, { root, stateBackend: platform.stateBackend })
      .then((l) => l.read())
      .catch(() => undefined);
    // A ledger that cannot be read is taken as one that exists: moving state is never assumed safe.
    if (ledger !== undefined && ledger.size === 0) continue;
    const move = stateMove(platform.stateBackend, head.stateBackend) as string;
    return { limits: { ...DEFAULT_BLAST_RADIUS, ...platform.blastRadius }, stateMove: move, notes: [] };
  }
  return { limits: ownLimits, notes: [] };
}

function newestCommit(applied: ReadonlyMap<string, AppliedRecord>): string | undefined {
  let newest: AppliedRecord | undefined;
  for (const record of applied.values()) {
    if (record.commit === undefined || record.rollback) continue;
    if (newest === undefined || record.appliedAt > newest.appliedAt) newest = record;
  }
  return newest?.commit;
}

/** The commits that changed neo.yaml, newest first (HEAD's own change included). */
async function neoYamlHistory(context: CommandContext, root: string): Promise<string[]> {
  const git = await context.git(root);
  const out = await git.raw(['log', '--format=%H', '--', LAYOUT.platform]).catch(() => '');
  return out.split('\n').filter((line) => line !== '');
}

async function platformAt(
  context: CommandContext,
  root: string,
  commit: string,
): Promise<PlatformSpec | undefined> {
  const git = await context.git(root);
  const prefix = (await git.raw(['rev-parse', '--show-prefix']).catch(() => '')).trim();
  const text = await git.raw(['show', `${commit}:${prefix}${LAYOUT.platform}`]).catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = parseSpecFile(LAYOUT.platform, new TextEncoder().encode(text));
  return parsed.ok ? (parsed.data as PlatformSpec) : undefined;
}
