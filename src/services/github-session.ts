import { appendFile } from 'node:fs/promises';
import {
  type ActionsRun,
  actionsRun,
  type CodeHost,
  CodeHostError,
  GitHubSetupError,
  gitHubToken,
} from '../github/index.js';
import type { CommandContext } from './context.js';
import { UsageError } from './io.js';

/** GitHub's limit on one step's job summary is 1 MiB; markdown is rendered to fit under it. */
const STEP_SUMMARY_CHARS = 900_000;

export interface GitHubSession {
  host: CodeHost;
  run: ActionsRun;
}

/** The repository's code host for this run, with neo's pacing (waits go through the context). */
export async function openGitHub(context: CommandContext, pullRequest?: number): Promise<GitHubSession> {
  const { env } = context.io;
  const run = actionsRun(env, pullRequest);
  const token = gitHubToken(env);
  const host = await context.github(
    { token, repository: run.repository, apiUrl: run.apiUrl },
    {
      clock: context.clock,
      now: context.now,
      sleep: context.sleep,
      log: (message) => context.io.stderr.write(`neo: ${message}\n`),
    },
  );
  return { host, run };
}

/**
 * Appends markdown to the job summary when running in GitHub Actions; elsewhere does nothing,
 * not even render it (a 900,000-character render is not free on every run).
 */
export async function writeStepSummary(
  context: CommandContext,
  render: (maxChars: number) => string,
): Promise<void> {
  const file = context.io.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  const markdown = render(STEP_SUMMARY_CHARS);
  await appendFile(file, markdown.endsWith('\n') ? `${markdown}\n` : `${markdown}\n\n`);
}

/** A GitHub problem a user can fix: setup or a refusal. Anything else is a bug. */
export function isGitHubError(error: unknown): error is Error {
  return error instanceof GitHubSetupError || error instanceof CodeHostError;
}

/** Parses `--pr`. */
export function pullRequestNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0)
    throw new UsageError(`--pr ${value}: use a pull request number`);
  return number;
}
