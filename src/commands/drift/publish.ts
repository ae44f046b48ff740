import type { DriftReport } from '../../cloud/index.js';
import { type DriftSync, gitDriftBranches, syncDriftPullRequests } from '../../github/index.js';
import type { CommandContext } from '../../services/index.js';
import { EXIT, isGitHubError, openGitHub } from '../../services/index.js';

/** Brings the drift pull requests and the orphans issue in line with the report. */
export async function openDriftPullRequests(
  context: CommandContext,
  root: string,
  report: DriftReport,
  options: { scope: 'all' | ReadonlySet<string>; base: string },
): Promise<number> {
  const { io } = context;
  let sync: DriftSync;
  try {
    const { host } = await openGitHub(context);
    const branches = gitDriftBranches({ git: context.git, root, base: options.base });
    sync = await syncDriftPullRequests(host, branches, { report, ...options });
  } catch (error) {
    if (!isGitHubError(error) && !isGitError(error)) throw error;
    io.stderr.write(`neo drift: ${(error as Error).message}\n`);
    return EXIT.failed;
  }
  io.stderr.write(describeSync(sync));
  return sync.failed.length > 0 ? EXIT.failed : EXIT.ok;
}

/** `Drift pull requests: 1 opened (#12 acme-corp), 1 unchanged (#9 kestrel-legal)…` */
export function describeSync(sync: DriftSync): string {
  const list = (refs: ReadonlyArray<{ number: number; customerId: string }>) =>
    refs.map((r) => `#${r.number} ${r.customerId}`).join(', ');
  const parts = (['opened', 'updated', 'unchanged', 'closed'] as const)
    .filter((what) => sync[what].length > 0)
    .map((what) => `${sync[what].length} ${what} (${list(sync[what])})`);
  const lines = [`Drift pull requests: ${parts.length === 0 ? 'none open, none needed' : parts.join(', ')}`];
  for (const closed of sync.closed.filter((c) => c.branchKept))
    lines.push(`  #${closed.number}: branch kept, it has commits neo did not write`);
  if (sync.orphans !== undefined)
    lines.push(
      `Orphaned resources issue #${sync.orphans.number} ${sync.orphans.action}: ${sync.orphans.url}`,
    );
  for (const failure of sync.failed) lines.push(`✖ ${failure.customerId}: ${failure.message}`);
  return `${lines.join('\n')}\n`;
}

/** simple-git's failures (a push refused, no remote): a setup problem, not a bug. */
function isGitError(error: unknown): boolean {
  return error instanceof Error && error.constructor.name === 'GitError';
}
