import type { Repository, WorkflowEvent } from './run-contexts.js';

/** The events that start neo's workflows, with the payload fields GitHub sends and they read. */

/** The settings docs/installing.md has an installation make. */
export function installedRepository(fullName: string): Repository {
  return {
    fullName,
    variables: {
      NEO_AWS_REGION: 'us-east-2',
      NEO_READ_ROLE_ARN: 'arn:aws:iam::123456789012:role/neo-read',
      NEO_APPLY_ROLE_ARN: 'arn:aws:iam::123456789012:role/neo-apply',
      NEO_APP_ID: '1043817',
    },
    secrets: ['NEO_APP_PRIVATE_KEY'],
  };
}

const repo = (fullName: string, fork: boolean) => ({ full_name: fullName, fork });

export interface PullRequestEventInput {
  repository: string;
  number: number;
  base: { ref: string; sha: string };
  head: { ref: string; sha: string };
  /** GitHub's test merge of head into base: what the run checks out. */
  merge: string;
  labels: string[];
  /** `owner/name` of the fork the head comes from; unset for a branch of the repository. */
  fork?: string;
}

/** `pull_request` (`synchronize`): a push to the pull request's branch. */
export function pullRequestEvent(input: PullRequestEventInput): WorkflowEvent {
  const base = repo(input.repository, false);
  const pullRequest = {
    number: input.number,
    base: { ...input.base, repo: base },
    head: { ...input.head, repo: input.fork === undefined ? base : repo(input.fork, true) },
    labels: input.labels.map((name) => ({ name })),
  };
  return {
    name: 'pull_request',
    ref: `refs/pull/${input.number}/merge`,
    sha: input.merge,
    payload: { action: 'synchronize', number: input.number, pull_request: pullRequest, repository: base },
  };
}

const MAIN = 'refs/heads/main';

export function pushEvent(repository: string, sha: string, ref = MAIN): WorkflowEvent {
  return {
    name: 'push',
    ref,
    sha,
    payload: { ref, after: sha, head_commit: { id: sha }, repository: repo(repository, false) },
  };
}

/** A manual run (`workflow_dispatch`): GitHub sends the inputs as text. */
export function dispatchEvent(
  repository: string,
  sha: string,
  inputs: Record<string, string>,
  ref = MAIN,
): WorkflowEvent {
  return {
    name: 'workflow_dispatch',
    ref,
    sha,
    payload: { ref, inputs, repository: repo(repository, false) },
  };
}

export function scheduleEvent(repository: string, sha: string, cron: string): WorkflowEvent {
  return {
    name: 'schedule',
    ref: MAIN,
    sha,
    payload: { schedule: cron, repository: repo(repository, false) },
  };
}
