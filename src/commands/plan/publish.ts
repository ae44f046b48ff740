import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  CodeHostError,
  markPlanOutdated,
  type PlanCommentFor,
  planCommentBody,
  publishPlanComment,
} from '../../github/index.js';
import { acceptanceOf, type Plan } from '../../plan/index.js';
import {
  renderDiagnosticsJson,
  renderDiagnosticsMarkdown,
  renderPlanJson,
  renderPlanMarkdown,
} from '../../report/index.js';
import type { CommandContext } from '../../services/index.js';
import { type GitHubSession, openGitHub, UsageError, writeStepSummary } from '../../services/index.js';
import type { Diagnostic } from '../../spec/index.js';

export interface PlanOutputs {
  /** Post the plan as the pull request's comment. */
  comment: boolean;
  /** `--pr`: the pull request, outside a pull_request event. */
  pullRequest?: number;
  /** `--out`: a file for the whole plan as JSON (the workflow uploads it as an artifact). */
  out?: string;
}

/**
 * Where a plan goes besides stdout: the pull request's one plan comment, the job summary and a
 * JSON file. Created before planning, so an older plan is marked outdated while this one runs.
 */
export class PlanPublisher {
  private constructor(
    private readonly context: CommandContext,
    private readonly outputs: PlanOutputs,
    private readonly session: GitHubSession | undefined,
  ) {}

  static async open(context: CommandContext, outputs: PlanOutputs): Promise<PlanPublisher> {
    if (!outputs.comment) {
      if (outputs.pullRequest !== undefined) throw new UsageError('--pr goes with --comment');
      return new PlanPublisher(context, outputs, undefined);
    }
    const session = await openGitHub(context, outputs.pullRequest);
    if (session.run.pullRequest === undefined)
      throw new UsageError(
        '--comment needs a pull request: run it on a pull_request event, or pass --pr <number>',
      );
    return new PlanPublisher(context, outputs, session);
  }

  /** The pull request's base commit and branch, the default `--base` of a pull request's plan. */
  get base(): { sha: string; ref: string } | undefined {
    const pr = this.session?.run.pullRequest;
    return pr?.baseSha ? { sha: pr.baseSha, ref: pr.baseRef } : undefined;
  }

  /** The working tree of a pull request's run is its merge commit: named after the pull request. */
  get headLabel(): string | undefined {
    const pr = this.session?.run.pullRequest;
    return pr === undefined ? undefined : `pull request #${pr.number}`;
  }

  /** Says on the current comment that a newer commit is being planned. */
  async begin(): Promise<void> {
    const at = this.commentFor();
    const session = this.session;
    if (session === undefined || at === undefined || at.headSha === '') return;
    await this.guard(() => markPlanOutdated(session.host, at));
  }

  async planned(plan: Plan): Promise<void> {
    await writeStepSummary(this.context, (maxChars) => renderPlanMarkdown(plan, { maxChars }));
    await this.writeOut(() => renderPlanJson(plan));
    const at = this.commentFor(plan);
    if (at === undefined) return;
    const { body, overflowed } = planCommentBody((options) => renderPlanMarkdown(plan, options), at);
    if (overflowed && this.outputs.out === undefined)
      this.warn(
        'the plan is too long for a comment and --out is not given: the comment points to the job summary',
      );
    await this.publish(at, body);
  }

  async invalid(diagnostics: readonly Diagnostic[], checked: number): Promise<void> {
    await writeStepSummary(this.context, (maxChars) => renderDiagnosticsMarkdown(diagnostics, { maxChars }));
    await this.writeOut(() => renderDiagnosticsJson(diagnostics, checked));
    const at = this.commentFor();
    if (at === undefined) return;
    const { body } = planCommentBody((options) => renderDiagnosticsMarkdown(diagnostics, options), at);
    await this.publish(at, body);
  }

  private async writeOut(json: () => string): Promise<void> {
    if (this.outputs.out === undefined) return;
    await mkdir(dirname(this.outputs.out), { recursive: true });
    await writeFile(this.outputs.out, json());
  }

  private async publish(at: PlanCommentFor, body: string): Promise<void> {
    const session = this.session as GitHubSession;
    await this.guard(async () => {
      const { publication, url } = await publishPlanComment(session.host, at, body);
      this.context.io.stderr.write(`neo plan: plan comment ${publication}: ${url}\n`);
    });
  }

  /** A fork's read-only token cannot comment: the plan stays in the job summary, and the job passes. */
  private async guard(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      const fork = this.session?.run.pullRequest?.fork === true;
      if (fork && error instanceof CodeHostError && error.forbidden) {
        this.warn(`${error.message}. The plan is in the job summary instead.`);
        return;
      }
      throw error;
    }
  }

  private commentFor(plan?: Plan): PlanCommentFor | undefined {
    const run = this.session?.run;
    if (run?.pullRequest === undefined) return undefined;
    const { number, baseSha, headSha } = run.pullRequest;
    const at: PlanCommentFor = {
      pullRequest: number,
      baseSha: baseSha || plan?.base?.commit || 'none',
      headSha: headSha || plan?.head.commit || '',
    };
    if (run.runUrl !== undefined) at.runUrl = run.runUrl;
    const accepted = plan === undefined ? undefined : acceptanceOf(plan);
    if (accepted !== undefined) at.accepted = accepted;
    return at;
  }

  private warn(message: string): void {
    this.context.io.stderr.write(`neo plan: warning: ${message}\n`);
  }
}
