import type { BlastRadiusAcceptance } from '../plan/index.js';
import {
  findSticky,
  GITHUB_BODY_LIMIT,
  markerLine,
  type Publication,
  publishSticky,
  readMarker,
} from './sticky.js';
import type { CodeHost } from './types.js';

const KIND = 'plan';
/** Room for the marker, the footer and an outdated banner. */
const BUDGET = GITHUB_BODY_LIMIT - 1_500;

export interface PlanCommentFor {
  pullRequest: number;
  /** The commits the plan was computed for: the pull request's head and the base it merges into. */
  baseSha: string;
  headSha: string;
  runUrl?: string;
  /** What the plan accepted over the blast radius (the label was on the pull request). */
  accepted?: BlastRadiusAcceptance;
}

/** What a pull request's plan comment was computed for, and what it accepted. */
export interface ReviewedPlan {
  baseSha: string;
  headSha: string;
  accepted?: BlastRadiusAcceptance;
}

/** Renders the plan for a comment: within `maxChars`, pointing to `fullPlanAt` for what it leaves out. */
export type PlanRenderer = (options: { maxChars: number; fullPlanAt?: string }) => string;

/**
 * The comment body: the whole plan when it fits GitHub's limit; otherwise the compact plan,
 * which says what it left out and links to the run, whose summary and artifact hold it all.
 */
export function planCommentBody(
  render: PlanRenderer,
  at: PlanCommentFor,
): { body: string; overflowed: boolean } {
  const marker = markerLine({
    kind: KIND,
    fields: { base: at.baseSha, head: at.headSha, ...acceptedFields(at) },
  });
  // The accepted customers' names ride in the marker: the plan gets the room they leave.
  const budget = BUDGET - marker.length;
  const whole = render({ maxChars: Number.POSITIVE_INFINITY });
  const overflowed = whole.length > budget;
  const where =
    at.runUrl === undefined
      ? 'the job summary and the `neo-plan` artifact of this workflow run'
      : `the job summary and the \`neo-plan\` artifact of [this workflow run](${at.runUrl})`;
  const plan = overflowed ? render({ maxChars: budget, fullPlanAt: where }) : whole;
  const run = at.runUrl === undefined ? '' : ` · [workflow run](${at.runUrl})`;
  const footer = `<sub>Planned for head \`${short(at.headSha)}\` into base \`${short(at.baseSha)}\`; updated on every push${run}.</sub>`;
  return { body: `${marker}\n${plan.trimEnd()}\n\n${footer}\n`, overflowed };
}

/**
 * Before planning a newer commit: the comment of an older one says it is outdated, so nobody
 * merges on the strength of a plan for code that is no longer the pull request's.
 */
export async function markPlanOutdated(host: CodeHost, at: PlanCommentFor): Promise<boolean> {
  const found = await findSticky(host, at.pullRequest, KIND);
  const planned = found === undefined ? undefined : readMarker(found.body, KIND);
  if (found === undefined || planned === undefined || planned.fields.head === at.headSha) return false;
  const banner = `> [!WARNING]\n> **Outdated:** this plan is for \`${short(planned.fields.head ?? '')}\`. neo is planning \`${short(at.headSha)}\` now; this comment is replaced when it is done.`;
  if (found.body.includes(banner)) return false;
  const [marker, ...rest] = found.body.split('\n');
  const plan = rest.join('\n').replace(/^> \[!WARNING\]\n> \*\*Outdated:\*\*[^\n]*\n\n/, '');
  await host.updateComment(found.id, `${marker}\n${banner}\n\n${plan}`);
  return true;
}

/**
 * The plan the pull request's comment shows: the commits it was computed for and what it
 * accepted over the blast radius. Read from neo's own comment only (written with a bot's
 * token), so a person cannot write an acceptance into a comment of their own.
 */
export async function reviewedPlan(host: CodeHost, pullRequest: number): Promise<ReviewedPlan | undefined> {
  const found = await findSticky(host, pullRequest, KIND);
  const fields = found === undefined ? undefined : readMarker(found.body, KIND)?.fields;
  if (fields === undefined) return undefined;
  const reviewed: ReviewedPlan = { baseSha: fields.base ?? '', headSha: fields.head ?? '' };
  if (fields.accepts !== undefined)
    reviewed.accepted = {
      customers: new Map(
        fields.accepts
          .split(',')
          .filter(Boolean)
          .map((pair) => [pair.split(':')[0] ?? '', pair.split(':')[1] ?? ''] as const),
      ),
      stateMove: fields.state === 'moves',
    };
  return reviewed;
}

function acceptedFields(at: PlanCommentFor): Record<string, string> {
  if (at.accepted === undefined) return {};
  const accepts = [...at.accepted.customers]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, from]) => `${id}:${from}`)
    .join(',');
  return at.accepted.stateMove ? { accepts, state: 'moves' } : { accepts };
}

/** The one plan comment of the pull request: created, updated in place, or left as it is. */
export async function publishPlanComment(
  host: CodeHost,
  at: PlanCommentFor,
  body: string,
): Promise<{ publication: Publication; url: string }> {
  return publishSticky(host, at.pullRequest, body, await findSticky(host, at.pullRequest, KIND));
}

function short(sha: string): string {
  return /^[0-9a-f]{40}$/.test(sha) ? sha.slice(0, 7) : sha;
}
