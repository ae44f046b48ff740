import type { Octokit } from '@octokit/rest';
import { type Pacing, pacer, type RequestFailure } from './pacing.js';
import { type CodeHost, CodeHostError, type Comment, type Issue, type PullRequest } from './types.js';

export interface GitHubSettings {
  token: string;
  /** `owner/name`. */
  repository: string;
  /** `https://api.github.com`, or a GitHub Enterprise Server's `/api/v3`. */
  apiUrl: string;
}

/** The code host over GitHub's REST API. Octokit is loaded on first use: it is not small. */
export async function gitHubHost(settings: GitHubSettings, pacing: Pacing): Promise<CodeHost> {
  const { Octokit } = await import('@octokit/rest');
  const [owner, repo] = settings.repository.split('/') as [string, string];
  const octokit = new Octokit({
    auth: settings.token,
    baseUrl: settings.apiUrl.replace(/\/+$/, ''),
    userAgent: 'neo-reconciler',
    log: { debug: () => {}, info: () => {}, warn: (m: string) => pacing.log(m), error: () => {} },
  });
  const paced = pacer(pacing, failureOf);
  octokit.hook.wrap('request', (request, options) => {
    const method = String(options.method ?? 'GET').toUpperCase();
    const what = `${method} ${String(options.url)}`;
    return paced.send(method, what, async () => request(options));
  });
  return new OctokitHost(octokit, owner, repo);
}

class OctokitHost implements CodeHost {
  readonly repository: string;

  constructor(
    private readonly octokit: Octokit,
    private readonly owner: string,
    private readonly repo: string,
  ) {
    this.repository = `${owner}/${repo}`;
  }

  private get at() {
    return { owner: this.owner, repo: this.repo };
  }

  comments(issue: number): Promise<Comment[]> {
    return this.call(`read the comments of #${issue}`, async () => {
      const list = await this.octokit.paginate(this.octokit.rest.issues.listComments, {
        ...this.at,
        issue_number: issue,
        per_page: 100,
      });
      return list.map(toComment);
    });
  }

  createComment(issue: number, body: string): Promise<Comment> {
    return this.call(`comment on #${issue}`, async () => {
      const { data } = await this.octokit.rest.issues.createComment({
        ...this.at,
        issue_number: issue,
        body,
      });
      return toComment(data);
    });
  }

  updateComment(id: number, body: string): Promise<void> {
    return this.call(`update comment ${id}`, async () => {
      await this.octokit.rest.issues.updateComment({ ...this.at, comment_id: id, body });
    });
  }

  openPullRequests(prefix: string): Promise<PullRequest[]> {
    return this.call('list the open pull requests', async () => {
      const list = await this.octokit.paginate(this.octokit.rest.pulls.list, {
        ...this.at,
        state: 'open',
        per_page: 100,
      });
      return (
        list
          // GitHub's names are case-insensitive: GITHUB_REPOSITORY need not match full_name's case.
          .filter(
            (pr) =>
              pr.head.repo?.full_name.toLowerCase() === this.repository.toLowerCase() &&
              pr.head.ref.startsWith(prefix),
          )
          .map(toPullRequest)
      );
    });
  }

  createPullRequest(input: Parameters<CodeHost['createPullRequest']>[0]): Promise<PullRequest> {
    return this.call(`open a pull request from ${input.branch}`, async () => {
      const { data } = await this.octokit.rest.pulls.create({
        ...this.at,
        title: input.title,
        body: input.body,
        head: input.branch,
        base: input.base,
      });
      if (input.labels.length > 0) {
        await this.octokit.rest.issues.addLabels({
          ...this.at,
          issue_number: data.number,
          labels: [...input.labels],
        });
      }
      return { ...toPullRequest(data), labels: [...input.labels] };
    });
  }

  updatePullRequest(number: number, change: Parameters<CodeHost['updatePullRequest']>[1]): Promise<void> {
    return this.call(`update pull request #${number}`, async () => {
      await this.octokit.rest.pulls.update({ ...this.at, pull_number: number, ...change });
    });
  }

  addLabels(issue: number, labels: readonly string[]): Promise<void> {
    return this.call(`label #${issue}`, async () => {
      await this.octokit.rest.issues.addLabels({ ...this.at, issue_number: issue, labels: [...labels] });
    });
  }

  deleteBranch(branch: string): Promise<void> {
    return this.call(`delete branch ${branch}`, async () => {
      try {
        await this.octokit.rest.git.deleteRef({ ...this.at, ref: `heads/${branch}` });
      } catch (error) {
        // Already gone (deleted on merge by the repository's setting): what was wanted. Another
        // 422 (a protected branch, a ruleset) is a refusal: the branch is still there.
        const failure = failureOf(error);
        const gone = failure?.status === 422 && /reference does not exist/i.test(failure.message);
        if (!gone) throw error;
      }
    });
  }

  pullRequestsOf(commit: string): Promise<PullRequest[]> {
    return this.call(`find the pull request of ${commit.slice(0, 7)}`, async () => {
      const { data } = await this.octokit.rest.repos.listPullRequestsAssociatedWithCommit({
        ...this.at,
        commit_sha: commit,
      });
      return data.map(toPullRequest);
    });
  }

  openIssues(labels: readonly string[]): Promise<Issue[]> {
    return this.call(`list open issues labelled ${labels.join(', ')}`, async () => {
      const list = await this.octokit.paginate(this.octokit.rest.issues.listForRepo, {
        ...this.at,
        state: 'open',
        labels: labels.join(','),
        per_page: 100,
      });
      return list.filter((i) => i.pull_request === undefined).map(toIssue);
    });
  }

  createIssue(input: Parameters<CodeHost['createIssue']>[0]): Promise<Issue> {
    return this.call(`open the issue "${input.title}"`, async () => {
      const { data } = await this.octokit.rest.issues.create({
        ...this.at,
        ...input,
        labels: [...input.labels],
      });
      return toIssue(data);
    });
  }

  updateIssue(number: number, change: Parameters<CodeHost['updateIssue']>[1]): Promise<void> {
    return this.call(`update issue #${number}`, async () => {
      await this.octokit.rest.issues.update({ ...this.at, issue_number: number, ...change });
    });
  }

  /** Runs one operation; GitHub's refusals become CodeHostErrors that say what to do. */
  private async call<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      const failure = failureOf(error);
      if (failure === undefined) throw error;
      throw new CodeHostError(
        `GitHub refused to ${what} in ${this.repository}: ${failure.status} ${failure.message}${advice(failure)}`,
        failure.status,
        rateLimitAdvice(failure) !== undefined,
      );
    }
  }
}

function advice(failure: RequestFailure): string {
  const { status } = failure;
  const limited = rateLimitAdvice(failure);
  if (limited !== undefined) return limited;
  if (status === 401) return ' (the token is missing, expired or revoked: check GITHUB_TOKEN)';
  if (status === 403)
    return " (the token lacks a permission: the workflow's permissions: block or the GitHub App's must grant it; a fork pull request's token is read-only)";
  if (status === 404)
    return ' (no such repository, or the token cannot see it: check GITHUB_REPOSITORY and the token)';
  return '';
}

/**
 * A 403 or 429 for a rate limit (one the pacer could not wait out) is no missing permission:
 * waiting, not the workflow's permissions, fixes it.
 */
function rateLimitAdvice(failure: RequestFailure): string | undefined {
  const { status, headers, message } = failure;
  if (status !== 403 && status !== 429) return undefined;
  if (String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    const when =
      Number.isFinite(reset) && reset > 0 ? `; it resets at ${new Date(reset * 1000).toISOString()}` : '';
    return ` (the token's API rate limit is used up${when}: re-run the workflow then)`;
  }
  if (status === 429 || headers['retry-after'] !== undefined || /secondary rate limit|abuse/i.test(message)) {
    return " (GitHub's secondary rate limit: too many requests in a short time; re-run the workflow in a few minutes)";
  }
  return undefined;
}

/** An HTTP refusal from Octokit (a RequestError), reduced to what pacing and messages use. */
function failureOf(error: unknown): RequestFailure | undefined {
  const e = error as {
    status?: unknown;
    response?: { headers?: Record<string, string>; data?: unknown };
  } | null;
  if (typeof e?.status !== 'number' || e.status === 0) return undefined;
  const data = e.response?.data as { message?: unknown; errors?: unknown } | undefined;
  const details = (Array.isArray(data?.errors) ? data.errors : []).map(errorDetail).filter((d) => d !== '');
  // A proxy's HTML error page is not GitHub's message: a line of it is enough.
  const text = typeof data?.message === 'string' ? data.message : (error as Error).message;
  const message = [text.length > 300 ? `${text.slice(0, 300)}…` : text, ...details].join(': ');
  return { status: e.status, headers: e.response?.headers ?? {}, message };
}

/**
 * One of a 422's `errors`: its message when GitHub gave one, else what it names (`PullRequest
 * head invalid`), so "Validation Failed" does not come alone.
 */
function errorDetail(error: unknown): string {
  if (typeof error === 'string') return error;
  const e = (error ?? {}) as { message?: unknown; resource?: unknown; field?: unknown; code?: unknown };
  if (typeof e.message === 'string') return e.message;
  return [e.resource, e.field, e.code].filter((part) => typeof part === 'string' && part !== '').join(' ');
}

type Raw = Record<string, unknown>;

function toComment(data: Raw): Comment {
  const user = data.user as { type?: string } | null;
  return {
    id: data.id as number,
    body: (data.body as string | undefined) ?? '',
    url: data.html_url as string,
    byBot: user?.type === 'Bot',
  };
}

function toPullRequest(data: Raw): PullRequest {
  const labels = (data.labels as Array<{ name?: string } | string> | undefined) ?? [];
  return {
    number: data.number as number,
    url: data.html_url as string,
    title: data.title as string,
    body: (data.body as string | null) ?? '',
    branch: (data.head as { ref: string }).ref,
    headSha: (data.head as { sha?: string }).sha ?? '',
    labels: labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))),
    merged: data.merged_at !== null && data.merged_at !== undefined,
    base: baseOf(data.base),
    author: authorOf(data.user),
  };
}

function baseOf(base: unknown): PullRequest['base'] {
  const b = (base ?? {}) as { ref?: string; repo?: { default_branch?: string } };
  const branch = b.ref ?? '';
  return { branch, isDefault: branch !== '' && branch === b.repo?.default_branch };
}

function authorOf(user: unknown): PullRequest['author'] {
  const u = (user ?? {}) as { login?: string; type?: string };
  return { login: u.login ?? '', bot: u.type === 'Bot' };
}

function toIssue(data: Raw): Issue {
  return {
    number: data.number as number,
    url: data.html_url as string,
    title: data.title as string,
    body: (data.body as string | null) ?? '',
    byBot: (data.user as { type?: string } | null)?.type === 'Bot',
  };
}
