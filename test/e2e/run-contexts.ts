import type { data } from '@actions/expressions';
import type { WorkflowTemplate } from '@actions/workflow-parser';
import { type Json, toData } from './expressions.js';

/**
 * The contexts GitHub gives a run that do not change while it runs (`github`, `inputs`, `vars`,
 * `secrets`, `runner`), built as GitHub builds them, fork pull requests included.
 */

/** The repository's settings, as Settings › Secrets and variables holds them. */
export interface Repository {
  /** `owner/name`. */
  fullName: string;
  /** Repository and environment variables. */
  variables: Record<string, string>;
  /** Secret names: the runner holds no secret values, only a stand-in for each. */
  secrets: string[];
}

export interface WorkflowEvent {
  /** `push`, `pull_request`, `schedule`, `workflow_dispatch`. */
  name: string;
  ref: string;
  sha: string;
  /** What GitHub sends as the event (`GITHUB_EVENT_PATH`, `github.event`). */
  payload: Record<string, Json>;
}

export interface RunSettings {
  repository: Repository;
  event: WorkflowEvent;
  /** `github.token`: the job's GITHUB_TOKEN (a fork pull request's is read-only). */
  token: string;
  runId: number;
  apiUrl: string;
  workspace: string;
  /** `RUNNER_TEMP`. */
  temp: string;
}

export const SERVER_URL = 'https://github.example';

/**
 * A pull request from another repository: GitHub gives its run no secrets (but the read-only
 * token), no variables, and no OIDC token.
 */
export function fromFork(settings: RunSettings): boolean {
  if (settings.event.name !== 'pull_request') return false;
  const pull = settings.event.payload.pull_request as { head: { repo: { full_name: string } } };
  return pull.head.repo.full_name !== settings.repository.fullName;
}

export function githubContext(settings: RunSettings, job: string): data.ExpressionData {
  const { repository, event } = settings;
  const pull = event.payload.pull_request as { head: { ref: string }; base: { ref: string } } | undefined;
  return toData(
    {
      event_name: event.name,
      event: event.payload,
      ref: event.ref,
      ref_name: event.ref.replace(/^refs\/(heads|tags)\//, ''),
      head_ref: pull?.head.ref ?? '',
      base_ref: pull?.base.ref ?? '',
      sha: event.sha,
      repository: repository.fullName,
      repository_owner: repository.fullName.split('/')[0],
      run_id: String(settings.runId),
      token: settings.token,
      workspace: settings.workspace,
      server_url: SERVER_URL,
      api_url: settings.apiUrl,
      job,
    },
    'github',
  );
}

/** Declared `workflow_dispatch` inputs: typed on a manual run, null on any other event. */
export function inputsContext(settings: RunSettings, template: WorkflowTemplate): data.ExpressionData {
  const declared = template.events.workflow_dispatch?.inputs ?? {};
  const manual = settings.event.name === 'workflow_dispatch';
  const given = (settings.event.payload.inputs ?? {}) as Record<string, Json>;
  const values: Record<string, Json> = {};
  for (const [name, input] of Object.entries(declared)) {
    const value = given[name] ?? input.default;
    values[name] = !manual
      ? undefined
      : input.type === 'boolean'
        ? String(value) === 'true'
        : String(value ?? '');
  }
  return toData(values, 'inputs');
}

export function varsContext(settings: RunSettings): data.ExpressionData {
  const fork = fromFork(settings);
  return toData(
    Object.fromEntries(
      Object.entries(settings.repository.variables).map(([k, v]) => [k, fork ? undefined : v]),
    ),
    'vars',
  );
}

/** Each secret's value names it; `onRead` learns which secrets an expression read. */
export function secretsContext(settings: RunSettings, onRead: (name: string) => void): data.ExpressionData {
  const fork = fromFork(settings);
  const values: Record<string, Json> = { GITHUB_TOKEN: settings.token };
  for (const name of settings.repository.secrets) values[name] = fork ? undefined : `secret value of ${name}`;
  return toData(values, 'secrets', onRead);
}

export function runnerContext(settings: RunSettings): data.ExpressionData {
  return toData({ os: 'Linux', arch: 'X64', name: 'e2e runner', temp: settings.temp }, 'runner');
}

/** The `GITHUB_*` and `RUNNER_*` variables every step gets. */
export function runnerEnv(settings: RunSettings, job: string, eventPath: string): Record<string, string> {
  const { repository, event } = settings;
  return {
    GITHUB_REPOSITORY: repository.fullName,
    GITHUB_REPOSITORY_OWNER: repository.fullName.split('/')[0] ?? '',
    GITHUB_API_URL: settings.apiUrl,
    GITHUB_SERVER_URL: SERVER_URL,
    GITHUB_RUN_ID: String(settings.runId),
    GITHUB_JOB: job,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: event.sha,
    GITHUB_REF: event.ref,
    GITHUB_WORKSPACE: settings.workspace,
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: settings.temp,
  };
}
