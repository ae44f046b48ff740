import type { ApplyReport } from '../../apply/index.js';
import {
  type ApplyRun,
  type CodeHost,
  mergedPullRequest,
  type PullRequest,
  plannedCommits,
  publishApplyReport,
} from '../../github/index.js';
import { mdText, renderApplyMarkdown, renderDiagnosticsMarkdown } from '../../report/index.js';
import type { CommandContext } from '../../services/index.js';
import { type GitHubSession, openGitHub, writeStepSummary } from '../../services/index.js';
import type { Diagnostic } from '../../spec/index.js';

/** The label on a merged pull request that accepts its blast radius at apply time. */
export const ALLOW_BLAST_RADIUS_LABEL = 'allow-blast-radius';

type Render = (options: { maxChars: number; fullReportAt?: string }) => string;
type Outcome = Pick<ApplyRun, 'troubled' | 'dryRun' | 'idle'>;
/** Invalid specs, or a run stopped before planning: people must act. */
const STOPPED: Outcome = { troubled: true, dryRun: false, idle: false };

/**
 * Where an apply's result goes besides stdout: the job summary, and with `--comment` the merged
 * pull request and the failure issue. Opened before applying, so a missing token fails the run
 * before anything changes rather than leaving an apply nobody hears about.
 */
export class ApplyPublisher {
  private constructor(
    private readonly context: CommandContext,
    private readonly session: GitHubSession | undefined,
    private readonly commit: string | undefined,
    /** The pull request merged as the commit applied. */
    readonly pullRequest: PullRequest | undefined,
  ) {}

  static async open(
    context: CommandContext,
    comment: boolean,
    checkedOut: () => Promise<string | undefined>,
  ): Promise<ApplyPublisher> {
    if (!comment) return new ApplyPublisher(context, undefined, undefined, undefined);
    const session = await openGitHub(context);
    const sha = session.run.commit ?? (await checkedOut());
    const pr = sha === undefined ? undefined : await mergedPullRequest(session.host, sha);
    const publisher = new ApplyPublisher(context, session, sha, pr);
    if (pr !== undefined) publisher.reviewNote = await reviewNote(session.host, pr);
    return publisher;
  }

  /** Set when what was merged is not what the pull request's plan comment showed. */
  reviewNote: string | undefined;

  /** The merged pull request carries the label that accepts its blast radius. */
  get blastRadiusAccepted(): boolean {
    return this.pullRequest?.labels.includes(ALLOW_BLAST_RADIUS_LABEL) === true;
  }

  async applied(report: ApplyReport, troubled: boolean): Promise<void> {
    const render: Render = (options) => renderApplyMarkdown(report, options);
    const idle = !troubled && report.customers.length === 0;
    await this.publish(render, { troubled, dryRun: report.dryRun === true, idle });
  }

  async invalid(diagnostics: readonly Diagnostic[]): Promise<void> {
    await this.publish(
      (options) => renderDiagnosticsMarkdown(diagnostics, { ...options, command: 'apply' }),
      STOPPED,
    );
  }

  /** The run stopped before any customer was planned (no Terraform, no ledger, no cloud). */
  async stopped(message: string): Promise<void> {
    const text = [
      '### neo apply · stopped before applying anything',
      '',
      mdText(message),
      '',
      'Every affected customer is applied by the next run once this is fixed: re-run the workflow.',
      '',
    ].join('\n');
    await this.publish(() => text, STOPPED);
  }

  private async publish(render: Render, outcome: Outcome): Promise<void> {
    const { dryRun } = outcome;
    await writeStepSummary(this.context, (maxChars) => render({ maxChars }));
    if (this.session === undefined) return;
    if (this.commit === undefined) {
      this.say('no commit to report on: GITHUB_SHA is not set and no commit is checked out');
      return;
    }
    const { host, run } = this.session;
    const published = await publishApplyReport(
      host,
      {
        commit: this.commit,
        ...outcome,
        render,
        ...(run.runUrl === undefined ? {} : { runUrl: run.runUrl }),
      },
      this.pullRequest,
    );
    if (published.pullRequest !== undefined)
      this.say(`apply report on #${published.pullRequest.number}: ${published.pullRequest.url}`);
    else if (!dryRun)
      this.say(`${this.commit.slice(0, 7)} came from no pull request: the report is in the job summary`);
    const issue = published.failureIssue;
    if (issue !== undefined) this.say(`failure issue #${issue.number} ${issue.action}: ${issue.url}`);
  }

  private say(message: string): void {
    this.context.io.stderr.write(`neo apply: ${message}\n`);
  }
}

/**
 * A plan is tied to the commits it was computed for: the apply says so when the pull request
 * was merged at a head its plan comment does not show (a push merged before its plan ran, or
 * a plan that failed). Branch protection requiring the plan check normally rules this out; the
 * apply goes ahead either way, since it plans afresh and the destroy guard judges what it does.
 */
async function reviewNote(host: CodeHost, pr: PullRequest): Promise<string | undefined> {
  const planned = await plannedCommits(host, pr.number);
  if (planned === undefined)
    return `#${pr.number} has no plan comment: this change was applied without a plan reviewed on the pull request.`;
  if (pr.headSha === '' || planned.headSha === pr.headSha) return undefined;
  return `The plan comment on #${pr.number} is for ${planned.headSha.slice(0, 7)}, but #${pr.number} was merged at ${pr.headSha.slice(0, 7)}: what was applied was not the plan reviewers saw.`;
}
