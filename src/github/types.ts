/**
 * The code host as neo needs it: comments, pull requests and issues of one repository. The rest
 * of neo never sees Octokit, and tests can drive everything through a fake GitHub server.
 */
export interface CodeHost {
  /** `owner/name`, for messages and links. */
  readonly repository: string;
  /** Comments on an issue or pull request, oldest first. */
  comments(issue: number): Promise<Comment[]>;
  createComment(issue: number, body: string): Promise<Comment>;
  updateComment(id: number, body: string): Promise<void>;
  /** Open pull requests whose head branch (in this repository) starts with `prefix`. */
  openPullRequests(prefix: string): Promise<PullRequest[]>;
  createPullRequest(input: NewPullRequest): Promise<PullRequest>;
  updatePullRequest(
    number: number,
    change: { title?: string; body?: string; state?: 'closed' },
  ): Promise<void>;
  addLabels(issue: number, labels: readonly string[]): Promise<void>;
  deleteBranch(branch: string): Promise<void>;
  /** Pull requests a commit belongs to (the merged one for a merge commit on the default branch). */
  pullRequestsOf(commit: string): Promise<PullRequest[]>;
  /** Open issues (not pull requests) carrying every one of `labels`. */
  openIssues(labels: readonly string[]): Promise<Issue[]>;
  createIssue(input: { title: string; body: string; labels: readonly string[] }): Promise<Issue>;
  updateIssue(number: number, change: { title?: string; body?: string; state?: 'closed' }): Promise<void>;
}

export interface Comment {
  id: number;
  body: string;
  url: string;
  /** Written by an app or bot (neo's token), not by a person. */
  byBot: boolean;
}

export interface PullRequest {
  number: number;
  url: string;
  title: string;
  body: string;
  /** The head branch name. */
  branch: string;
  /** The head commit (the last one pushed, for a merged pull request). */
  headSha: string;
  labels: string[];
  merged: boolean;
  /** The branch it merges into, and whether that is the repository's default branch. */
  base: { branch: string; isDefault: boolean };
  /** Who opened it; `bot`: an app's token (neo's), not a person. */
  author: { login: string; bot: boolean };
}

export interface NewPullRequest {
  title: string;
  body: string;
  branch: string;
  base: string;
  labels: readonly string[];
}

export interface Issue {
  number: number;
  url: string;
  title: string;
  body: string;
  /** Opened by an app or bot (neo's token), not by a person. */
  byBot: boolean;
}

/** GitHub refused a request: the status and GitHub's message, with what to do. */
export class CodeHostError extends Error {
  override readonly name = 'CodeHostError';
  constructor(
    message: string,
    readonly status: number,
    /** Refused for a rate limit the pacing could not wait out, not for a permission. */
    readonly rateLimited = false,
  ) {
    super(message);
  }

  /** The token may read but not write (a fork pull request's `GITHUB_TOKEN`). */
  get forbidden(): boolean {
    return (this.status === 403 || this.status === 401) && !this.rateLimited;
  }
}
