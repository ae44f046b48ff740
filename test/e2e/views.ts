import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { FakeComment, FakeGitHub, FakeIssue } from '../helpers/fake-github.js';
import { PROJECT_ROOT } from '../helpers/repository.js';

/** What people see on the fake GitHub, as the e2e stories look at it. */

/** neo's comments of one kind (`plan`, `apply`) on a pull request. */
export function neoComments(github: FakeGitHub, pr: number, kind: 'plan' | 'apply'): FakeComment[] {
  return github.comments(pr).filter((c) => c.user.type === 'Bot' && c.body.startsWith(`<!-- neo:${kind} `));
}

/** The single comment of that kind; fails when there is none or more than one. */
export function theComment(github: FakeGitHub, pr: number, kind: 'plan' | 'apply'): FakeComment {
  const comments = neoComments(github, pr, kind);
  if (comments.length !== 1) {
    throw new Error(`#${pr} has ${comments.length} neo:${kind} comments, expected exactly one`);
  }
  return comments[0] as FakeComment;
}

export function openIssues(github: FakeGitHub, label: string): FakeIssue[] {
  return github
    .issues()
    .filter((i) => i.pull === undefined && i.state === 'open' && i.labels.includes(label));
}

export function openDriftPullRequests(github: FakeGitHub): FakeIssue[] {
  return github.pullRequests().filter((p) => p.state === 'open' && p.pull?.head.startsWith('neo/drift/'));
}

/** The requests that changed something on GitHub since `from` (an index into `requests`). */
export function writesSince(github: FakeGitHub, from: number): string[] {
  return github.requests
    .slice(from)
    .filter((r) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path}`);
}

/** A plan tier's monthly price, from the example repository's plans/. */
export function tierPrice(tier: string): number {
  const plan = parse(readFileSync(join(PROJECT_ROOT, 'plans', `${tier}.yaml`), 'utf8')) as {
    priceUsdMonthly: number;
  };
  return plan.priceUsdMonthly;
}
