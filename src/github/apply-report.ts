import { GITHUB_BODY_LIMIT, markerLine, neoMarker, publishSticky, readMarker } from './sticky.js';
import type { CodeHost, Issue, PullRequest } from './types.js';

export const APPLY_FAILED_LABEL = 'apply-failed';
const REPORT_KIND = 'apply';
const FAILURE_KIND = 'apply-failure';
const BUDGET = GITHUB_BODY_LIMIT - 1_500;

export interface ApplyRun {
  /** The commit applied. */
  commit: string;
  runUrl?: string;
  /** Something was refused, failed or failed its check: people must act. */
  troubled: boolean;
  /** Only planned: nothing to report on the pull request or in an issue. */
  dryRun: boolean;
  /** Every customer was found as last applied: nothing was applied, refused or failed. */
  idle: boolean;
  /** Renders the report within `maxChars`, pointing to `fullReportAt` for what it leaves out. */
  render(options: { maxChars: number; fullReportAt?: string }): string;
}

export interface ApplyPublication {
  pullRequest?: { number: number; url: string };
  failureIssue?: { number: number; url: string; action: 'opened' | 'updated' | 'closed' };
}

/** The pull request merged as `commit`, if the commit came from one (not a direct push). */
export async function mergedPullRequest(host: CodeHost, commit: string): Promise<PullRequest | undefined> {
  // Only a merged one: an open pull request that happens to contain the commit decides nothing.
  return (await host.pullRequestsOf(commit)).find((pr) => pr.merged);
}

/**
 * Reports an apply: its table as a comment on the merged pull request, and a failure issue
 * that names each customer, the error and the command to retry, so recovery never depends on
 * someone reading a log. The issue is updated while applies keep failing and closed by the
 * first apply in which every customer succeeds (failed customers are always retried, so that
 * apply caught them up).
 */
export async function publishApplyReport(
  host: CodeHost,
  run: ApplyRun,
  pullRequest: PullRequest | undefined,
): Promise<ApplyPublication> {
  if (run.dryRun) return {};
  const published: ApplyPublication = {};
  const where = run.runUrl === undefined ? "the apply job's log" : `[the apply job's log](${run.runUrl})`;
  const report = run.render({ maxChars: BUDGET, fullReportAt: where });
  if (pullRequest !== undefined) {
    const body = `${markerLine({ kind: REPORT_KIND, fields: { commit: run.commit } })}\n${report}${runLine(run)}`;
    // A re-run of the same commit's apply replaces its report; another commit's apply is new.
    // Searched by commit: the first report on the pull request may be another commit's.
    const found = (await host.comments(pullRequest.number)).find(
      (c) => neoMarker(c, REPORT_KIND)?.fields.commit === run.commit,
    );
    // A re-run that found nothing to do keeps the report of what this commit's apply did.
    const { url } =
      found !== undefined && run.idle
        ? { url: found.url }
        : await publishSticky(host, pullRequest.number, body, found);
    published.pullRequest = { number: pullRequest.number, url };
  }
  const open = (await host.openIssues([APPLY_FAILED_LABEL])).find(
    (i) => neoMarker(i, FAILURE_KIND) !== undefined,
  );
  if (run.troubled) published.failureIssue = await reportFailure(host, run, report, open, pullRequest);
  else if (open !== undefined) {
    await host.createComment(
      open.number,
      `Resolved: the apply of \`${run.commit.slice(0, 7)}\` succeeded for every customer${run.runUrl ? ` ([workflow run](${run.runUrl}))` : ''}. Closing.`,
    );
    await host.updateIssue(open.number, { state: 'closed' });
    published.failureIssue = { number: open.number, url: open.url, action: 'closed' };
  }
  return published;
}

async function reportFailure(
  host: CodeHost,
  run: ApplyRun,
  report: string,
  open: Issue | undefined,
  pullRequest: PullRequest | undefined,
): Promise<NonNullable<ApplyPublication['failureIssue']>> {
  const from = pullRequest === undefined ? '' : ` (merged in #${pullRequest.number})`;
  const body = [
    markerLine({ kind: FAILURE_KIND, fields: { commit: run.commit } }),
    `The apply of \`${run.commit.slice(0, 7)}\`${from} did not finish for every customer. Every customer listed below is retried by the next apply (any push to the default branch, or re-running the workflow); this issue is closed by the first apply that succeeds for all of them.`,
    '',
    report.trimEnd(),
    runLine(run).trim(),
  ].join('\n');
  const title = `neo apply: ${titleOf(report)}`;
  if (open === undefined) {
    const issue = await host.createIssue({ title, body, labels: [APPLY_FAILED_LABEL] });
    return { number: issue.number, url: issue.url, action: 'opened' };
  }
  if (open.body !== body || open.title !== title) await host.updateIssue(open.number, { title, body });
  if (readMarker(open.body, FAILURE_KIND)?.fields.commit !== run.commit) {
    await host.createComment(
      open.number,
      `Still failing at \`${run.commit.slice(0, 7)}\`${from}: the description is updated.`,
    );
  }
  return { number: open.number, url: open.url, action: 'updated' };
}

/** The report's headline (`### neo apply · …`) as an issue title. */
function titleOf(report: string): string {
  const headline = report.split('\n', 1)[0]?.replace(/^#+\s*neo apply\s*·\s*/, '') ?? '';
  return headline.replace(/\\/g, '').slice(0, 200) || 'failed';
}

function runLine(run: ApplyRun): string {
  return run.runUrl === undefined ? '' : `\n<sub>[workflow run](${run.runUrl})</sub>\n`;
}
