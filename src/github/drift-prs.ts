import { createHash } from 'node:crypto';
import type { CustomerDrift, DriftReport } from '../cloud/index.js';
import {
  driftPullRequestTitle,
  foreignCommitsNote,
  kindCounts,
  renderDriftPullRequestBody,
  renderDriftRecord,
  renderOrphansMarkdown,
} from '../report/index.js';
import { LAYOUT } from '../spec/index.js';
import { markerLine, neoMarker, readMarker } from './sticky.js';
import type { CodeHost, PullRequest } from './types.js';

export const DRIFT_LABEL = 'drift';
export const DRIFT_BRANCH_PREFIX = 'neo/drift/';
const PR_KIND = 'drift';
const RECORD_KIND = 'drift-record';
const ORPHANS_KIND = 'orphans';

/** The git side of drift pull requests: one branch per customer, written by neo. */
export interface DriftBranches {
  /** Fetches the base and every drift branch, once per run. */
  fetch(): Promise<void>;
  /** Writes one file in a commit on the branch and pushes it: on top of the branch, or, when
   * `fresh`, on the base (replacing a leftover branch without an open pull request). */
  write(update: BranchUpdate): Promise<void>;
  /** Commits on the branch that neo did not write: a person keeping the live state. */
  othersCommits(branch: string): Promise<number>;
}

export interface BranchUpdate {
  branch: string;
  path: string;
  content: string;
  message: string;
  fresh: boolean;
}

export interface DriftSyncInput {
  report: DriftReport;
  /** The customers this run observed; drift pull requests of others are left alone. */
  scope: 'all' | ReadonlySet<string>;
  /** The branch drift pull requests merge into. */
  base: string;
}

export interface DriftPullRequestRef {
  customerId: string;
  number: number;
  url: string;
}

export interface DriftSync {
  opened: DriftPullRequestRef[];
  updated: DriftPullRequestRef[];
  unchanged: DriftPullRequestRef[];
  closed: Array<DriftPullRequestRef & { branchKept: boolean }>;
  failed: Array<{ customerId: string; message: string }>;
  orphans?: { number: number; url: string; action: 'opened' | 'updated' | 'unchanged' | 'closed' };
}

/**
 * One pull request per drifted customer, never two: opened with a commit of the customer's
 * drift record, updated in place (a new commit and description) when the drift changes, left
 * alone while it stays the same, and closed with a comment once the drift is gone. Open pull
 * requests are listed once for the whole run, and one customer's failure does not stop the rest.
 */
export async function syncDriftPullRequests(
  host: CodeHost,
  branches: DriftBranches,
  input: DriftSyncInput,
): Promise<DriftSync> {
  const sync: DriftSync = { opened: [], updated: [], unchanged: [], closed: [], failed: [] };
  const open = new Map<string, PullRequest>();
  /** Pull requests a person opened from a neo/drift/ branch: never neo's to update or close. */
  const foreign = new Map<string, PullRequest>();
  for (const pr of await host.openPullRequests(DRIFT_BRANCH_PREFIX)) {
    (pr.author.bot ? open : foreign).set(pr.branch.slice(DRIFT_BRANCH_PREFIX.length), pr);
  }
  const drifted = input.report.customers.filter((c) => c.items.length > 0);
  if (drifted.length > 0 || open.size > 0) await branches.fetch();
  const context = { cloud: input.report.cloud, observedAt: input.report.observedAt };
  for (const drift of drifted) {
    const theirs = foreign.get(drift.customerId);
    if (theirs !== undefined) {
      sync.failed.push({
        customerId: drift.customerId,
        message: `${theirs.branch} has pull request #${theirs.number} by ${theirs.author.login}, which neo did not open: neo leaves it alone; close it (or rename its branch) and the next run opens neo's own`,
      });
      continue;
    }
    try {
      await syncCustomer(host, branches, drift, open.get(drift.customerId), input.base, context, sync);
    } catch (error) {
      sync.failed.push({ customerId: drift.customerId, message: (error as Error).message });
    }
  }
  const stillDrifted = new Set(drifted.map((c) => c.customerId));
  for (const [customerId, pr] of open) {
    if (stillDrifted.has(customerId) || !inScope(input.scope, customerId)) continue;
    try {
      sync.closed.push(await closeResolved(host, branches, customerId, pr, input.report));
    } catch (error) {
      sync.failed.push({ customerId, message: (error as Error).message });
    }
  }
  sync.closed.sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
  if (input.scope === 'all') {
    try {
      sync.orphans = await syncOrphansIssue(host, input.report);
    } catch (error) {
      sync.failed.push({ customerId: 'orphaned resources issue', message: (error as Error).message });
    }
  }
  return sync;
}

async function syncCustomer(
  host: CodeHost,
  branches: DriftBranches,
  drift: CustomerDrift,
  pr: PullRequest | undefined,
  base: string,
  context: { cloud: DriftReport['cloud']; observedAt: string },
  sync: DriftSync,
): Promise<void> {
  const fingerprint = driftFingerprint(drift);
  const fields = { customer: drift.customerId, fingerprint };
  const title = driftPullRequestTitle(drift);
  const body = `${markerLine({ kind: PR_KIND, fields })}\n${renderDriftPullRequestBody(drift, context)}`;
  const ref = (number: number, url: string) => ({ customerId: drift.customerId, number, url });
  // A label lost (removed by hand, or its request failed) is put back, drift or not.
  if (pr !== undefined && !pr.labels.includes(DRIFT_LABEL)) await host.addLabels(pr.number, [DRIFT_LABEL]);
  if (pr !== undefined && readMarker(pr.body, PR_KIND)?.fields.fingerprint === fingerprint) {
    sync.unchanged.push(ref(pr.number, pr.url));
    return;
  }
  const branch = `${DRIFT_BRANCH_PREFIX}${drift.customerId}`;
  // A branch without a pull request that someone committed to (kept when its pull request
  // closed) is theirs: neo does not overwrite it, it says what to do.
  if (pr === undefined && (await branches.othersCommits(branch)) > 0)
    throw new Error(
      `branch ${branch} has commits neo did not write and no open pull request: open a pull request from it, or delete it, and the next run takes over`,
    );
  // Building on someone's commits is how a person keeps the live state; the reviewer is told.
  const others = pr === undefined ? 0 : await branches.othersCommits(branch);
  await branches.write({
    branch,
    path: `${LAYOUT.driftDir}/${drift.customerId}.md`,
    content: `${markerLine({ kind: RECORD_KIND, fields })}\n${renderDriftRecord(drift, context)}`,
    message: `Drift record of ${drift.customerId}: ${kindCounts(drift.items)}`,
    fresh: pr === undefined,
  });
  if (pr === undefined) {
    const created = await host.createPullRequest({ title, body, branch, base, labels: [DRIFT_LABEL] });
    sync.opened.push(ref(created.number, created.url));
  } else {
    await host.updatePullRequest(pr.number, { title, body: body + foreignCommitsNote(others) });
    sync.updated.push(ref(pr.number, pr.url));
  }
}

async function closeResolved(
  host: CodeHost,
  branches: DriftBranches,
  customerId: string,
  pr: PullRequest,
  report: DriftReport,
): Promise<DriftPullRequestRef & { branchKept: boolean }> {
  const known = report.customers.some((c) => c.customerId === customerId);
  const others = await branches.othersCommits(pr.branch);
  const why = known
    ? `The drift of ${customerId} is gone: the cloud matches the spec again (observed ${report.observedAt}).`
    : `${customerId} has no customer file any more, so there is no drift to restore.`;
  const kept =
    others > 0
      ? ` The branch \`${pr.branch}\` is kept: it has ${others === 1 ? 'a commit' : `${others} commits`} neo did not write.`
      : ` Its branch is deleted.`;
  await host.createComment(pr.number, `${why} Closing this pull request.${kept}`);
  await host.updatePullRequest(pr.number, { state: 'closed' });
  if (others === 0) await host.deleteBranch(pr.branch);
  return { customerId, number: pr.number, url: pr.url, branchKept: others > 0 };
}

/** One tracking issue for resources billed to customers without a file, kept up to date. */
async function syncOrphansIssue(host: CodeHost, report: DriftReport): Promise<DriftSync['orphans']> {
  const open = (await host.openIssues([DRIFT_LABEL])).find((i) => neoMarker(i, ORPHANS_KIND) !== undefined);
  if (report.orphans.length === 0) {
    if (open === undefined) return undefined;
    await host.createComment(
      open.number,
      `No orphaned resources any more (observed ${report.observedAt}). Closing.`,
    );
    await host.updateIssue(open.number, { state: 'closed' });
    return { number: open.number, url: open.url, action: 'closed' };
  }
  const ids = report.orphans.map((o) => `${o.customerId}/${o.type}/${o.id}`).sort();
  const fingerprint = digest(ids.join('\n'));
  const customers = new Set(report.orphans.map((o) => o.customerId)).size;
  const title = `Orphaned resources: ${report.orphans.length} of ${customers} ${customers === 1 ? 'customer' : 'customers'} without a file`;
  const body = `${markerLine({ kind: ORPHANS_KIND, fields: { fingerprint } })}\n${renderOrphansMarkdown(report)}`;
  if (open === undefined) {
    const issue = await host.createIssue({ title, body, labels: [DRIFT_LABEL] });
    return { number: issue.number, url: issue.url, action: 'opened' };
  }
  if (readMarker(open.body, ORPHANS_KIND)?.fields.fingerprint === fingerprint)
    return { number: open.number, url: open.url, action: 'unchanged' };
  await host.updateIssue(open.number, { title, body });
  return { number: open.number, url: open.url, action: 'updated' };
}

/** What drifted, not when it was seen: the same drift tomorrow changes nothing on GitHub. */
export function driftFingerprint(drift: CustomerDrift): string {
  return digest(JSON.stringify(drift.items));
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function inScope(scope: DriftSyncInput['scope'], customerId: string): boolean {
  return scope === 'all' || scope.has(customerId);
}
