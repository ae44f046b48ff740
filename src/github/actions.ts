import { readFileSync } from 'node:fs';

/** What a GitHub Actions run tells neo through its environment and event payload. */
export interface ActionsRun {
  /** `owner/name`. */
  repository: string;
  apiUrl: string;
  /** A link to this run (its summary and artifacts), when known. */
  runUrl?: string;
  /** The commit the run is for (`GITHUB_SHA`). */
  commit?: string;
  /** Set on `pull_request` events. */
  pullRequest?: PullRequestEvent;
  /** The file the job summary is appended to. */
  stepSummary?: string;
}

export interface PullRequestEvent {
  number: number;
  /** The branch it merges into. */
  baseRef: string;
  baseSha: string;
  headSha: string;
  /** From a fork: the token is read-only and no secrets are given. */
  fork: boolean;
  labels: string[];
}

type Env = Readonly<Record<string, string | undefined>>;

/** A GitHub setting neo needs is missing or wrong: the message says what to set. */
export class GitHubSetupError extends Error {
  override readonly name = 'GitHubSetupError';
}

/** The token neo acts with: `NEO_GITHUB_TOKEN` (a GitHub App's) first, then the job's own. */
export function gitHubToken(env: Env): string {
  const token = env.NEO_GITHUB_TOKEN || env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token)
    throw new GitHubSetupError(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, shown as written
      'no GitHub token: set GITHUB_TOKEN (in a workflow step: env: GITHUB_TOKEN: ${{ github.token }}) or NEO_GITHUB_TOKEN',
    );
  return token;
}

/** Reads the run from `GITHUB_*` variables and `GITHUB_EVENT_PATH`; `--pr` stands in for the event. */
export function actionsRun(env: Env, pullRequestNumber?: number): ActionsRun {
  const repository = env.GITHUB_REPOSITORY;
  if (repository === undefined || !/^[\w.-]+\/[\w.-]+$/.test(repository))
    throw new GitHubSetupError(
      `GITHUB_REPOSITORY is ${repository === undefined ? 'not set' : JSON.stringify(repository)}: run in GitHub Actions, or set it to owner/name`,
    );
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const event = readEvent(env.GITHUB_EVENT_PATH);
  const pullRequest = pullRequestOf(event, repository);
  const run: ActionsRun = { repository, apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com' };
  if (env.GITHUB_RUN_ID) run.runUrl = `${server}/${repository}/actions/runs/${env.GITHUB_RUN_ID}`;
  if (env.GITHUB_SHA) run.commit = env.GITHUB_SHA;
  if (env.GITHUB_STEP_SUMMARY) run.stepSummary = env.GITHUB_STEP_SUMMARY;
  if (pullRequestNumber !== undefined) {
    run.pullRequest = {
      number: pullRequestNumber,
      baseRef: '',
      baseSha: '',
      headSha: '',
      fork: false,
      labels: [],
    };
    if (pullRequest?.number === pullRequestNumber) run.pullRequest = pullRequest;
  } else if (pullRequest !== undefined) run.pullRequest = pullRequest;
  return run;
}

function readEvent(path: string | undefined): Record<string, unknown> | undefined {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new GitHubSetupError(`GITHUB_EVENT_PATH ${path}: ${(error as Error).message}`);
  }
}

function pullRequestOf(
  event: Record<string, unknown> | undefined,
  repository: string,
): PullRequestEvent | undefined {
  const pr = event?.pull_request as
    | {
        number: number;
        base: { sha: string; ref: string };
        head: { sha: string; repo?: { full_name?: string } | null };
        labels?: Array<{ name: string }>;
      }
    | undefined;
  if (pr === undefined) return undefined;
  return {
    number: pr.number,
    baseRef: pr.base.ref,
    baseSha: pr.base.sha,
    headSha: pr.head.sha,
    fork: pr.head.repo?.full_name !== repository,
    labels: (pr.labels ?? []).map((l) => l.name),
  };
}
