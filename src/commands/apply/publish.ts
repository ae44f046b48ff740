import type { ApplyReport } from '../../apply/index.js';
import {
  type ApplyRun,
  mergedPullRequest,
  type PullRequest,
  publishApplyReport,
  type ReviewedPlan,
  reviewedPlan,
} from '../../github/index.js';
import type { BlastRadiusAcceptance } from '../../plan/index.js';
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
    if (pr !== undefined) {
      const reviewed = await reviewedPlan(session.host, pr.number);
      publisher.reviewNote = reviewNote(pr, reviewed);
      publisher.label = labelAcceptance(pr, reviewed);
    }
    return publisher;
  }

  /** Set when what was merged is not what the pull request's plan comment showed. */
  reviewNote: string | undefined;

  /**
   * What the `allow-blast-radius` label on the merged pull request accepts (`acceptance`), or
   * why it accepts nothing (`refused`). Empty without the label.
   */
  label: { acceptance?: BlastRadiusAcceptance; refused?: string } = {};

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
function reviewNote(pr: PullRequest, planned: ReviewedPlan | undefined): string | undefined {
  if (planned === undefined)
    return `#${pr.number} has no plan comment: this change was applied without a plan reviewed on the pull request.`;
  if (pr.headSha === '' || planned.headSha === pr.headSha) return undefined;
  return `The plan comment on #${pr.number} is for ${planned.headSha.slice(0, 7)}, but #${pr.number} was merged at ${pr.headSha.slice(0, 7)}: what was applied was not the plan reviewers saw.`;
}

/**
 * The label accepts a blast radius only as it was reviewed: it was on the pull request when the
 * plan of the head that was merged was posted (that plan records what it accepted), it is still
 * there, and the pull request was merged into the default branch. Then it accepts what that
 * plan showed, not changes held back before it.
 */
export function labelAcceptance(
  pr: PullRequest,
  reviewed: ReviewedPlan | undefined,
): ApplyPublisher['label'] {
  if (!pr.labels.includes(ALLOW_BLAST_RADIUS_LABEL)) return {};
  const refused = (why: string) => ({
    refused: `The label ${ALLOW_BLAST_RADIUS_LABEL} on #${pr.number} accepts nothing: ${why}.`,
  });
  if (!pr.base.isDefault)
    return refused(`#${pr.number} was merged into ${pr.base.branch}, not the default branch`);
  if (reviewed === undefined || pr.headSha === '' || reviewed.headSha !== pr.headSha)
    return refused(`no plan of the merged head ${pr.headSha.slice(0, 7)} was posted on #${pr.number}`);
  if (reviewed.accepted === undefined)
    return refused(
      `the plan of the merged head was posted without it, or within the limits, so no reviewer saw a change over the blast radius accepted`,
    );
  return { acceptance: reviewed.accepted };
}
