// A local stand-in for the GitHub REST API, good enough for real `@octokit/rest` clients pointed at it
// (`baseUrl: fake.url`). It plays one repository, answers with GitHub's documented shapes and status codes,
// records every request and lets a test script failures. With `bareRepo` it also acts on a real git remote:
// branch deletes and merges change that repository, as they would on GitHub.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface RecordedRequest {
  method: string;
  /** The URL path, percent-decoded (`/repos/o/r/git/refs/heads/neo/drift/x` however the ref was encoded). */
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body (the raw text if it is not JSON), undefined when empty. */
  body: unknown;
  /** From `Authorization: token X` or `Bearer X`. */
  token?: string;
}

export interface FakeUser {
  login: string;
  type: 'User' | 'Bot';
}

export type StateReason = 'completed' | 'not_planned' | 'reopened';

export interface FakePull {
  /** The pull request's own id (GitHub gives the issue and the pull request different ids). */
  id: number;
  /** Branch names in this repository (forks are not played). */
  head: string;
  /** The head commit as last seen: read from the bare repo while the branch exists, else a stable fake. */
  headSha?: string;
  base: string;
  merged_at: string | null;
  merge_commit_sha: string | null;
  draft: boolean;
}

/** An issue, or a pull request when `pull` is set: they share one numbering, as on GitHub. */
export interface FakeIssue {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: StateReason | null;
  labels: string[];
  user: FakeUser;
  pull?: FakePull;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface FakeComment {
  id: number;
  issueNumber: number;
  body: string;
  user: FakeUser;
  created_at: string;
  updated_at: string;
}

export interface FailureResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A pull request a person opens on the fake. */
export interface PersonsPullRequest {
  head: string;
  base?: string;
  title: string;
  body?: string;
  labels?: string[];
  user?: string;
  draft?: boolean;
}

export interface FakeGitHub {
  /** http://127.0.0.1:<port>, for Octokit's baseUrl and GITHUB_API_URL. */
  url: string;
  owner: string;
  repo: string;
  /** Every request, in order, including refused, injected and unknown ones. */
  requests: RecordedRequest[];
  /** Issues and pull requests share one numbering, as on GitHub. Snapshots: changing them changes nothing. */
  issue(number: number): FakeIssue | undefined;
  /** Issues and pull requests, by number. */
  issues(): FakeIssue[];
  /** Only pull requests, by number. */
  pullRequests(): FakeIssue[];
  /** The comments on an issue or pull request, oldest first. */
  comments(issueNumber: number): FakeComment[];
  /** Repository labels created so far. */
  labels(): string[];
  /**
   * Makes the next `times` (default 1) requests matching `match` answer with `response` instead.
   * A string path matches the full path or the part after `/repos/{owner}/{repo}`; a RegExp is tested on the full path.
   */
  failNext(
    match: { method?: string; path?: string | RegExp },
    response: FailureResponse,
    times?: number,
  ): void;
  /** As a person would: opens a PR (head must exist in the bare repo when one is configured). */
  openPullRequest(input: PersonsPullRequest): FakeIssue;
  /** As a person would: comments with a User account (type 'User') unless told otherwise. */
  addComment(issueNumber: number, body: string, user?: FakeUser): FakeComment;
  /**
   * Merges the PR: with a bare repo, a real `git merge --no-ff` of head into base (through a temporary clone,
   * pushed back); marks it merged and associates the merge commit with it. Returns the merge commit sha.
   */
  mergePullRequest(number: number): Promise<string>;
  /** Associates a commit sha with a PR (a squash merge made elsewhere), for `GET /commits/{sha}/pulls`. */
  associateCommit(sha: string, prNumber: number): void;
  close(): Promise<void>;
}

export interface FakeGitHubOptions {
  owner?: string;
  repo?: string;
  /** Default 'main': the base of PRs that name none. */
  defaultBranch?: string;
  /** Path of a bare git repository playing the GitHub remote: branch deletes and merges act on it, and a PR's head must exist in it. */
  bareRepo?: string;
  /** Tokens whose writes are refused with 403 "Resource not accessible by integration" (a fork PR's read-only GITHUB_TOKEN). */
  readOnlyTokens?: string[];
  /** The login and type of the token's user: default { login: 'neo-bot[bot]', type: 'Bot' }. */
  actor?: FakeUser;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const fake = new FakeGitHubServer(options);
  await fake.listen();
  return fake;
}

// ---------------------------------------------------------------------------------------------------------
// Errors and replies

const DOCS = 'https://docs.github.com/rest';
/** GitHub refuses issue, pull request and comment bodies longer than this. */
const MAX_BODY = 65_536;
/** Fake timestamps start here and move one second per change, so tests see stable, increasing times. */
const EPOCH = Date.parse('2024-01-01T00:00:00Z');

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Thrown by handlers; becomes the response, with GitHub's error body shape. */
class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  reply(): Reply {
    return {
      status: this.status,
      body: { message: this.message, ...this.extra, documentation_url: DOCS, status: String(this.status) },
    };
  }
}

const notFound = (): GitHubError => new GitHubError(404, 'Not Found');

interface ValidationError {
  resource: string;
  code: string;
  field?: string;
  message?: string;
}

const validationFailed = (...errors: ValidationError[]): GitHubError =>
  new GitHubError(422, 'Validation Failed', { errors });

const tooLong = (resource: string, field: string): GitHubError =>
  validationFailed({
    resource,
    code: 'custom',
    field,
    message: `${field} is too long (maximum is ${MAX_BODY} characters)`,
  });

// ---------------------------------------------------------------------------------------------------------
// Request bodies

type Json = Record<string, unknown>;

/** A string field: undefined when absent, 422 when of another type (null allowed where GitHub allows it). */
function stringField(body: Json, field: string, resource: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw validationFailed({ resource, code: 'invalid', field });
  return value;
}

function requiredString(body: Json, field: string, resource: string): string {
  const value = stringField(body, field, resource);
  if (value === undefined || value === '') throw validationFailed({ resource, code: 'missing_field', field });
  return value;
}

/** A body text: null clears it; its length is checked as GitHub does. */
function bodyText(body: Json, field: string, resource: string): string | null | undefined {
  if (body[field] === null) return null;
  const value = stringField(body, field, resource);
  // GitHub counts characters (code points), not UTF-16 units: an emoji is one.
  if (value !== undefined && [...value].length > MAX_BODY) throw tooLong(resource, field);
  return value;
}

/** GitHub takes label names or `{ name }` objects. */
function labelNames(value: unknown, resource: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw validationFailed({ resource, code: 'invalid', field: 'labels' });
  return value.map((label: unknown) => {
    if (typeof label === 'string') return label;
    if (typeof label === 'object' && label !== null && typeof (label as Json).name === 'string') {
      return (label as Json).name as string;
    }
    throw validationFailed({ resource, code: 'invalid', field: 'labels' });
  });
}

function stateField(body: Json, resource: string): 'open' | 'closed' | undefined {
  const state = stringField(body, 'state', resource);
  if (state === undefined || state === 'open' || state === 'closed') return state;
  throw validationFailed({ resource, code: 'invalid', field: 'state' });
}

// ---------------------------------------------------------------------------------------------------------
// Git, through the command line

const execFileAsync = promisify(execFile);

/** Without GIT_DIR and friends: a test run from a git hook must not make us act on the wrong repository. */
function gitEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_')));
}

async function git(args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, { env: gitEnv(), maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

/**
 * The commit `rev` names in `repo`, or undefined. Synchronous on purpose: it takes milliseconds, and it keeps
 * the person-like helpers (openPullRequest) and the JSON rendering free of promises.
 */
function resolveCommit(repo: string, rev: string): string | undefined {
  try {
    const out = execFileSync('git', ['-C', repo, 'rev-parse', '--verify', '--quiet', `${rev}^{commit}`], {
      env: gitEnv(),
      stdio: ['ignore', 'pipe', 'ignore'],
      encoding: 'utf8',
    });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** A stable 40-hex stand-in for a commit when no bare repository is configured. */
function fakeSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

function nodeId(prefix: string, id: number): string {
  return `${prefix}_${Buffer.from(`fake:${id}`).toString('base64url')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Routing

interface Call {
  method: string;
  /** Decoded, relative to /repos/{owner}/{repo}. */
  path: string;
  /** As received, for the Link header. */
  rawPath: string;
  query: Record<string, string>;
  body: Json;
  params: Record<string, string>;
}

type Handler = (call: Call) => Reply | Promise<Reply>;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

/** `:name` matches one path segment, `*name` the rest of the path (a ref with slashes). */
function route(method: string, template: string, handler: Handler): Route {
  const source = template.replace(/:(\w+)/g, '(?<$1>[^/]+)').replace(/\*(\w+)/g, '(?<$1>.+)');
  return { method, pattern: new RegExp(`^${source}$`), handler };
}

/** A request as received, before routing. */
interface Incoming {
  method: string;
  path: string;
  rawPath: string;
  query: Record<string, string>;
  body: unknown;
  authorization: string | undefined;
  token: string | undefined;
}

interface Failure {
  method?: string;
  path?: string | RegExp;
  response: FailureResponse;
  remaining: number;
}

function tokenOf(authorization: string | undefined): string | undefined {
  const match = authorization?.match(/^(?:token|bearer)\s+(\S+)$/i);
  return match?.[1];
}

function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Parsed JSON, the raw text when it is not JSON (a 400 later), undefined when empty. */
function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The server

class FakeGitHubServer implements FakeGitHub {
  url = '';
  readonly owner: string;
  readonly repo: string;
  readonly requests: RecordedRequest[] = [];

  private readonly server: Server;
  private readonly defaultBranch: string;
  private readonly bareRepo: string | undefined;
  private readonly readOnlyTokens: Set<string>;
  private readonly actor: FakeUser;
  private readonly routes: Route[];
  /** Fixed for the server's life: only read by clients that ran out of requests. */
  private readonly rateLimitReset = Math.floor(Date.now() / 1000) + 3600;

  private readonly issueStore = new Map<number, FakeIssue>();
  private readonly commentStore: FakeComment[] = [];
  private readonly labelStore = new Map<string, { id: number; name: string }>();
  /** Commit sha → PR numbers, for `GET /commits/{sha}/pulls`. */
  private readonly associations = new Map<string, Set<number>>();
  /** Without a bare repo every branch exists until deleted once. */
  private readonly deletedBranches = new Set<string>();
  private readonly failures: Failure[] = [];
  private readonly userIds = new Map<string, number>();
  private lastNumber = 0;
  private lastId = 1000;
  private ticks = 0;
  private requestCount = 0;
  /** Merges and deletes run one at a time, as they would against one repository. */
  private gitQueue: Promise<unknown> = Promise.resolve();

  constructor(options: FakeGitHubOptions) {
    this.owner = options.owner ?? 'neo-hosting';
    this.repo = options.repo ?? 'platform';
    this.defaultBranch = options.defaultBranch ?? 'main';
    this.bareRepo = options.bareRepo;
    this.readOnlyTokens = new Set(options.readOnlyTokens ?? []);
    this.actor = options.actor ?? { login: 'neo-bot[bot]', type: 'Bot' };
    this.routes = [
      route('GET', '', () => ({ status: 200, body: this.repositoryJson() })),
      route('GET', '/issues', (c) => this.listIssues(c)),
      route('POST', '/issues', (c) => this.createIssue(c)),
      route('GET', '/issues/comments/:id', (c) => this.getComment(c)),
      route('PATCH', '/issues/comments/:id', (c) => this.updateComment(c)),
      route('GET', '/issues/:number', (c) => ({ status: 200, body: this.issueJson(this.issueParam(c)) })),
      route('PATCH', '/issues/:number', (c) => this.updateIssue(c)),
      route('GET', '/issues/:number/comments', (c) => this.listComments(c)),
      route('POST', '/issues/:number/comments', (c) => this.createComment(c)),
      route('POST', '/issues/:number/labels', (c) => this.addLabels(c)),
      route('GET', '/pulls', (c) => this.listPulls(c)),
      route('POST', '/pulls', (c) => this.createPull(c)),
      route('GET', '/pulls/:number', (c) => ({ status: 200, body: this.pullJson(this.pullParam(c), true) })),
      route('PATCH', '/pulls/:number', (c) => this.updatePull(c)),
      route('PUT', '/pulls/:number/merge', (c) => this.mergePull(c)),
      route('DELETE', '/git/refs/*ref', (c) => this.deleteRef(c)),
      route('GET', '/commits/:sha/pulls', (c) => this.commitPulls(c)),
    ];
    this.server = createServer((req, res) => {
      // Only a client that went away mid-request gets here: nothing to answer.
      this.handle(req, res).catch(() => res.destroy());
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Clients (undici's fetch) keep connections alive; without this close() would wait for them to time out.
    this.server.closeAllConnections();
    await closed;
    await this.gitQueue;
  }

  // --- The test-facing API ---------------------------------------------------------------------------

  issue(number: number): FakeIssue | undefined {
    const issue = this.issueStore.get(number);
    return issue && this.snapshot(issue);
  }

  issues(): FakeIssue[] {
    return [...this.issueStore.values()].sort(byNumber).map((i) => this.snapshot(i));
  }

  pullRequests(): FakeIssue[] {
    return this.issues().filter((i) => i.pull);
  }

  comments(issueNumber: number): FakeComment[] {
    return this.commentStore.filter((c) => c.issueNumber === issueNumber).map((c) => structuredClone(c));
  }

  labels(): string[] {
    return [...this.labelStore.values()].map((l) => l.name);
  }

  failNext(match: { method?: string; path?: string | RegExp }, response: FailureResponse, times = 1): void {
    this.failures.push({ ...match, response, remaining: times });
  }

  openPullRequest(input: PersonsPullRequest): FakeIssue {
    const base = input.base ?? this.defaultBranch;
    if (this.bareRepo && !resolveCommit(this.bareRepo, `refs/heads/${input.head}`)) {
      throw new Error(`openPullRequest: branch ${input.head} does not exist in ${this.bareRepo}`);
    }
    const pr = this.insertPull({
      title: input.title,
      body: input.body ?? null,
      head: input.head,
      base,
      draft: input.draft ?? false,
      labels: input.labels ?? [],
      user: { login: input.user ?? 'octocat', type: 'User' },
    });
    return this.snapshot(pr);
  }

  addComment(
    issueNumber: number,
    body: string,
    user: FakeUser = { login: 'octocat', type: 'User' },
  ): FakeComment {
    const issue = this.issueStore.get(issueNumber);
    if (!issue) throw new Error(`addComment: no issue or pull request #${issueNumber}`);
    return structuredClone(this.insertComment(issue, body, user));
  }

  mergePullRequest(number: number): Promise<string> {
    return this.merge(number, 'merge', {}).catch((error: unknown) => {
      throw error instanceof GitHubError ? new Error(`mergePullRequest #${number}: ${error.message}`) : error;
    });
  }

  associateCommit(sha: string, prNumber: number): void {
    const numbers = this.associations.get(sha) ?? new Set<number>();
    numbers.add(prNumber);
    this.associations.set(sha, numbers);
  }

  // --- Request handling ---------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const incoming: Incoming = {
      method: req.method ?? 'GET',
      path: decodePath(url.pathname),
      rawPath: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: parseBody(await readText(req)),
      authorization: req.headers.authorization,
      token: tokenOf(req.headers.authorization),
    };
    const { method, path, query, body, token } = incoming;
    this.requests.push({ method, path, query, body, ...(token !== undefined && { token }) });

    let reply: Reply;
    try {
      reply = this.injectedFailure(method, path) ?? (await this.dispatch(incoming));
    } catch (error) {
      reply =
        error instanceof GitHubError
          ? error.reply()
          : { status: 500, body: { message: `fake-github: ${String(error)}`, documentation_url: DOCS } };
    }
    this.send(res, reply);
  }

  private injectedFailure(method: string, path: string): Reply | undefined {
    const relative = this.relativePath(path);
    const failure = this.failures.find(
      (f) =>
        f.remaining > 0 &&
        (f.method === undefined || f.method.toUpperCase() === method) &&
        (f.path === undefined ||
          (typeof f.path === 'string' ? f.path === path || f.path === relative : f.path.test(path))),
    );
    if (!failure) return undefined;
    failure.remaining -= 1;
    return { ...failure.response };
  }

  /** Authentication, then the repository, the route and the token's permission, as GitHub checks them. */
  private async dispatch({
    method,
    path,
    rawPath,
    query,
    body,
    authorization,
    token,
  }: Incoming): Promise<Reply> {
    if (authorization === undefined) throw new GitHubError(401, 'Requires authentication');
    const relative = this.relativePath(path);
    if (relative === undefined) throw notFound();
    const match = this.findRoute(method, relative);
    if (!match) throw notFound();
    // GitHub checks the token's permission once it knows the endpoint: unknown routes stay 404.
    if (method !== 'GET' && token !== undefined && this.readOnlyTokens.has(token)) {
      throw new GitHubError(403, 'Resource not accessible by integration');
    }
    if (typeof body === 'string') throw new GitHubError(400, 'Problems parsing JSON');
    const json = typeof body === 'object' && body !== null ? (body as Json) : {};
    return match.route.handler({ method, path: relative, rawPath, query, body: json, params: match.params });
  }

  /** The path after /repos/{owner}/{repo} ('' for the repository itself), or undefined for another one. */
  private relativePath(path: string): string | undefined {
    const match = path.match(/^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/);
    if (!match) return undefined;
    const [, owner = '', repo = '', rest = ''] = match;
    // GitHub's owner and repository names are case-insensitive.
    const same =
      owner.toLowerCase() === this.owner.toLowerCase() && repo.toLowerCase() === this.repo.toLowerCase();
    return same ? rest.replace(/\/$/, '') : undefined;
  }

  private findRoute(
    method: string,
    path: string,
  ): { route: Route; params: Record<string, string> } | undefined {
    for (const candidate of this.routes) {
      if (candidate.method !== method) continue;
      const found = candidate.pattern.exec(path);
      if (found) return { route: candidate, params: { ...found.groups } };
    }
    return undefined;
  }

  private send(res: ServerResponse, reply: Reply): void {
    this.requestCount += 1;
    const payload = reply.body === undefined || reply.status === 204 ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(payload)),
      'x-github-request-id': `FAKE:${this.requestCount.toString(16).toUpperCase().padStart(8, '0')}`,
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(Math.max(0, 5000 - this.requestCount)),
      'x-ratelimit-reset': String(this.rateLimitReset),
      'x-ratelimit-used': String(Math.min(5000, this.requestCount)),
      'x-ratelimit-resource': 'core',
      ...reply.headers,
    });
    res.end(payload);
  }

  // --- Issues and comments ------------------------------------------------------------------------------

  private listIssues(call: Call): Reply {
    const state = call.query.state ?? 'open';
    const wanted = (call.query.labels ?? '')
      .split(',')
      .map((l) => l.trim().toLowerCase())
      .filter(Boolean);
    const issues = [...this.issueStore.values()].filter(
      (i) =>
        (state === 'all' || i.state === state) &&
        wanted.every((w) => i.labels.some((l) => l.toLowerCase() === w)),
    );
    return this.page(call, sortIssues(issues, call.query), (i) => this.issueJson(i));
  }

  private createIssue(call: Call): Reply {
    const title = requiredString(call.body, 'title', 'Issue');
    const body = bodyText(call.body, 'body', 'Issue') ?? null;
    const labels = labelNames(call.body.labels, 'Issue') ?? [];
    const issue = this.insertIssue({ title, body, labels, user: this.actor });
    return { status: 201, body: this.issueJson(issue) };
  }

  private updateIssue(call: Call): Reply {
    const issue = this.issueParam(call);
    this.applyEdits(issue, call.body, 'Issue');
    const labels = labelNames(call.body.labels, 'Issue');
    if (labels) issue.labels = this.ensureLabels(labels);
    issue.updated_at = this.now();
    return { status: 200, body: this.issueJson(issue) };
  }

  private addLabels(call: Call): Reply {
    const issue = this.issueParam(call);
    // GitHub takes `{ labels: [...] }` or the bare array.
    const raw = Array.isArray(call.body) ? call.body : call.body.labels;
    const added = this.ensureLabels(labelNames(raw, 'Label') ?? []);
    issue.labels = [...new Set([...issue.labels, ...added])];
    issue.updated_at = this.now();
    return { status: 200, body: issue.labels.map((name) => this.labelJson(name)) };
  }

  private listComments(call: Call): Reply {
    const issue = this.issueParam(call);
    const comments = this.commentStore.filter((c) => c.issueNumber === issue.number);
    return this.page(call, comments, (c) => this.commentJson(c));
  }

  private createComment(call: Call): Reply {
    const issue = this.issueParam(call);
    const body = bodyText(call.body, 'body', 'IssueComment');
    if (!body) throw validationFailed({ resource: 'IssueComment', code: 'missing_field', field: 'body' });
    return { status: 201, body: this.commentJson(this.insertComment(issue, body, this.actor)) };
  }

  private getComment(call: Call): Reply {
    return { status: 200, body: this.commentJson(this.commentParam(call)) };
  }

  private updateComment(call: Call): Reply {
    const comment = this.commentParam(call);
    const body = bodyText(call.body, 'body', 'IssueComment');
    if (!body) throw validationFailed({ resource: 'IssueComment', code: 'missing_field', field: 'body' });
    comment.body = body;
    comment.updated_at = this.now();
    return { status: 200, body: this.commentJson(comment) };
  }

  // --- Pull requests ------------------------------------------------------------------------------------

  private listPulls(call: Call): Reply {
    const state = call.query.state ?? 'open';
    const head = this.headFilter(call.query.head);
    const pulls = [...this.issueStore.values()].filter(
      (i) =>
        i.pull &&
        (state === 'all' || i.state === state) &&
        (head === undefined || i.pull.head === head) &&
        (call.query.base === undefined || i.pull.base === call.query.base),
    );
    return this.page(call, sortIssues(pulls, call.query), (p) => this.pullJson(p, false));
  }

  /**
   * GitHub wants `head=owner:branch`; a bare branch name is ignored (every PR is listed), a trap real code
   * falls into, so the fake does the same. Another owner's branch (a fork) matches nothing here.
   */
  private headFilter(head: string | undefined): string | undefined {
    if (head === undefined || !head.includes(':')) return undefined;
    const [owner = '', ...branch] = head.split(':');
    return owner.toLowerCase() === this.owner.toLowerCase() ? branch.join(':') : '\0no such branch';
  }

  private createPull(call: Call): Reply {
    const title = requiredString(call.body, 'title', 'PullRequest');
    const headInput = requiredString(call.body, 'head', 'PullRequest');
    const base = requiredString(call.body, 'base', 'PullRequest');
    const body = bodyText(call.body, 'body', 'PullRequest') ?? null;
    const head = this.headBranch(headInput);
    if (head === undefined || !this.branchExists(head)) {
      throw validationFailed({ resource: 'PullRequest', field: 'head', code: 'invalid' });
    }
    if (!this.branchExists(base))
      throw validationFailed({ resource: 'PullRequest', field: 'base', code: 'invalid' });
    // Same head and same base: GitHub allows one open PR per pair.
    const existing = [...this.issueStore.values()].find(
      (i) => i.state === 'open' && i.pull?.head === head && i.pull.base === base,
    );
    if (existing) {
      throw validationFailed({
        resource: 'PullRequest',
        code: 'custom',
        message: `A pull request already exists for ${this.owner}:${head}.`,
      });
    }
    if (this.bareRepo && this.commitsBetween(base, head) === 0) {
      throw validationFailed({
        resource: 'PullRequest',
        code: 'custom',
        message: `No commits between ${base} and ${head}`,
      });
    }
    const draft = call.body.draft === true;
    const pr = this.insertPull({ title, body, head, base, draft, labels: [], user: this.actor });
    return { status: 201, body: this.pullJson(pr, true) };
  }

  /** `branch` or `owner:branch` with this repository's owner; undefined for a fork's branch. */
  private headBranch(head: string): string | undefined {
    if (!head.includes(':')) return head;
    const [owner = '', ...branch] = head.split(':');
    return owner.toLowerCase() === this.owner.toLowerCase() ? branch.join(':') : undefined;
  }

  private updatePull(call: Call): Reply {
    const pr = this.pullParam(call);
    this.applyEdits(pr, call.body, 'PullRequest');
    pr.updated_at = this.now();
    return { status: 200, body: this.pullJson(pr, true) };
  }

  private async mergePull(call: Call): Promise<Reply> {
    const pr = this.pullParam(call);
    const method = call.body.merge_method ?? 'merge';
    if (method !== 'merge' && method !== 'squash') {
      throw validationFailed({ resource: 'PullRequest', code: 'invalid', field: 'merge_method' });
    }
    const sha = await this.merge(pr.number, method, {
      title: stringField(call.body, 'commit_title', 'PullRequest'),
      message: stringField(call.body, 'commit_message', 'PullRequest'),
      expectedHead: stringField(call.body, 'sha', 'PullRequest'),
    });
    return { status: 200, body: { sha, merged: true, message: 'Pull Request successfully merged' } };
  }

  /** Shared by the merge endpoint and mergePullRequest(); GitHubErrors are the endpoint's answers. */
  private merge(
    number: number,
    method: 'merge' | 'squash',
    commit: { title?: string; message?: string; expectedHead?: string },
  ): Promise<string> {
    return this.exclusive(async () => {
      const pr = this.issueStore.get(number);
      if (!pr?.pull) throw notFound();
      if (pr.state !== 'open') throw new GitHubError(405, 'Pull Request is not mergeable');
      const head = this.headSha(pr); // read while open: the merged pull request keeps this head
      if (commit.expectedHead !== undefined && commit.expectedHead !== head) {
        throw new GitHubError(409, 'Head branch was modified. Review and try the merge again.');
      }
      const sha = this.bareRepo
        ? await this.mergeInBareRepo(this.bareRepo, pr, pr.pull, method, commit)
        : fakeSha(`merge:${this.owner}/${this.repo}#${number}`);
      const now = this.closeIssue(pr);
      pr.pull.merged_at = now;
      pr.pull.merge_commit_sha = sha;
      this.associateCommit(sha, number);
      return sha;
    });
  }

  /** GitHub's merge, for real: in a temporary clone of the bare repo, pushed back to the base branch. */
  private async mergeInBareRepo(
    bareRepo: string,
    pr: FakeIssue,
    pull: FakePull,
    method: 'merge' | 'squash',
    commit: { title?: string; message?: string },
  ): Promise<string> {
    const work = await mkdtemp(join(tmpdir(), 'fake-github-merge-'));
    try {
      await git(['clone', '--quiet', '--branch', pull.base, bareRepo, work]);
      const identity = [
        '-c',
        'user.name=GitHub',
        '-c',
        'user.email=noreply@github.com',
        '-c',
        'commit.gpgsign=false',
      ];
      const inWork = (...args: string[]): Promise<string> => git(['-C', work, ...identity, ...args]);
      const head = `origin/${pull.head}`;
      try {
        if (method === 'merge') {
          const title = commit.title ?? `Merge pull request #${pr.number} from ${this.owner}/${pull.head}`;
          await inWork('merge', '--no-ff', '-m', title, '-m', commit.message ?? pr.title, head);
        } else {
          await inWork('merge', '--squash', head);
          const title = commit.title ?? `${pr.title} (#${pr.number})`;
          await inWork('commit', '-m', title, ...(commit.message ? ['-m', commit.message] : []));
        }
      } catch {
        throw new GitHubError(405, 'Pull Request is not mergeable');
      }
      await inWork('push', '--quiet', 'origin', `HEAD:refs/heads/${pull.base}`);
      return await inWork('rev-parse', 'HEAD');
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  private deleteRef(call: Call): Promise<Reply> {
    const ref = call.params.ref ?? '';
    if (!ref.startsWith('heads/')) throw new GitHubError(422, 'Reference does not exist');
    const branch = ref.slice('heads/'.length);
    return this.exclusive(async () => {
      if (!this.branchExists(branch)) throw new GitHubError(422, 'Reference does not exist');
      if (this.bareRepo) await git(['-C', this.bareRepo, 'update-ref', '-d', `refs/heads/${branch}`]);
      else this.deletedBranches.add(branch);
      this.closePullsFrom(branch);
      return { status: 204 };
    });
  }

  /** GitHub closes the open pull requests whose head branch is deleted. */
  private closePullsFrom(branch: string): void {
    for (const pr of this.issueStore.values()) {
      if (pr.state !== 'open' || pr.pull?.head !== branch) continue;
      this.headSha(pr); // the last head commit stays on the closed PR, as on GitHub
      this.closeIssue(pr);
    }
  }

  private commitPulls(call: Call): Reply {
    const sha = call.params.sha ?? '';
    if (this.bareRepo && !resolveCommit(this.bareRepo, sha)) {
      throw new GitHubError(422, `No commit found for SHA: ${sha}`);
    }
    const associated = this.associations.get(sha) ?? new Set<number>();
    const pulls = [...this.issueStore.values()].filter(
      (i) =>
        i.pull && (associated.has(i.number) || i.pull.merge_commit_sha === sha || this.headSha(i) === sha),
    );
    return { status: 200, body: pulls.sort(byNumber).map((p) => this.pullJson(p, false)) };
  }

  // --- State changes --------------------------------------------------------------------------------------

  private insertIssue(input: {
    title: string;
    body: string | null;
    labels: string[];
    user: FakeUser;
  }): FakeIssue {
    const now = this.now();
    const issue: FakeIssue = {
      number: ++this.lastNumber,
      id: ++this.lastId,
      title: input.title,
      body: input.body,
      state: 'open',
      state_reason: null,
      labels: this.ensureLabels(input.labels),
      user: { ...input.user },
      created_at: now,
      updated_at: now,
      closed_at: null,
    };
    this.issueStore.set(issue.number, issue);
    return issue;
  }

  private insertPull(input: {
    title: string;
    body: string | null;
    head: string;
    base: string;
    draft: boolean;
    labels: string[];
    user: FakeUser;
  }): FakeIssue {
    const pr = this.insertIssue(input);
    pr.pull = {
      id: ++this.lastId,
      head: input.head,
      base: input.base,
      merged_at: null,
      merge_commit_sha: null,
      draft: input.draft,
    };
    this.deletedBranches.delete(input.head);
    this.headSha(pr);
    return pr;
  }

  private insertComment(issue: FakeIssue, body: string, user: FakeUser): FakeComment {
    const now = this.now();
    const comment: FakeComment = {
      id: ++this.lastId,
      issueNumber: issue.number,
      body,
      user: { ...user },
      created_at: now,
      updated_at: now,
    };
    this.commentStore.push(comment);
    issue.updated_at = now; // a comment updates its issue, as on GitHub
    return comment;
  }

  /** title, body and state edits shared by PATCH /issues/{n} and PATCH /pulls/{n}. */
  private applyEdits(issue: FakeIssue, body: Json, resource: string): void {
    const title = stringField(body, 'title', resource);
    const text = bodyText(body, 'body', resource);
    const state = stateField(body, resource);
    const reason = stringField(body, 'state_reason', resource);
    if (reason !== undefined && !['completed', 'not_planned', 'reopened'].includes(reason)) {
      throw validationFailed({ resource, code: 'invalid', field: 'state_reason' });
    }
    if (state === 'open' && issue.state === 'closed' && issue.pull?.merged_at) {
      throw validationFailed({
        resource,
        code: 'custom',
        message: 'state cannot be changed. The pull request cannot be reopened.',
      });
    }
    if (title !== undefined) issue.title = title;
    if (text !== undefined) issue.body = text;
    if (state === 'closed' && issue.state === 'open') {
      this.closeIssue(issue, issue.pull ? null : ((reason as StateReason | undefined) ?? 'completed'));
    } else if (state === 'open' && issue.state === 'closed') {
      issue.state = 'open';
      issue.closed_at = null;
      issue.state_reason = issue.pull ? null : 'reopened';
    } else if (reason !== undefined && issue.state === 'closed' && !issue.pull) {
      issue.state_reason = reason as StateReason;
    }
  }

  /** Closes an issue or PR now; returns the time. */
  private closeIssue(issue: FakeIssue, reason: StateReason | null = null): string {
    const now = this.now();
    issue.state = 'closed';
    issue.state_reason = reason;
    issue.closed_at = now;
    issue.updated_at = now;
    return now;
  }

  /** Creates the repository labels that are missing; returns the names as the repository spells them. */
  private ensureLabels(names: string[]): string[] {
    const result = names.map((name) => {
      // Label names are case-insensitive on GitHub: "Drift" reuses "drift".
      const key = name.toLowerCase();
      const existing = this.labelStore.get(key);
      if (existing) return existing.name;
      this.labelStore.set(key, { id: ++this.lastId, name });
      return name;
    });
    return [...new Set(result)];
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.gitQueue.then(work, work);
    this.gitQueue = run.catch(() => undefined);
    return run;
  }

  private now(): string {
    this.ticks += 1;
    return new Date(EPOCH + this.ticks * 1000).toISOString().replace('.000Z', 'Z');
  }

  // --- Lookups --------------------------------------------------------------------------------------------

  private issueParam(call: Call): FakeIssue {
    const issue = this.issueStore.get(Number(call.params.number));
    if (!issue) throw notFound();
    return issue;
  }

  private pullParam(call: Call): FakeIssue {
    const pr = this.issueParam(call);
    if (!pr.pull) throw notFound();
    return pr;
  }

  private commentParam(call: Call): FakeComment {
    const comment = this.commentStore.find((c) => c.id === Number(call.params.id));
    if (!comment) throw notFound();
    return comment;
  }

  private branchExists(branch: string): boolean {
    if (this.bareRepo) return resolveCommit(this.bareRepo, `refs/heads/${branch}`) !== undefined;
    return !this.deletedBranches.has(branch);
  }

  private branchSha(branch: string): string {
    const real = this.bareRepo && resolveCommit(this.bareRepo, `refs/heads/${branch}`);
    return real || fakeSha(`${this.owner}/${this.repo}:${branch}`);
  }

  /** The PR's head commit: live while it is open and its branch exists, else the last one seen. */
  private headSha(pr: FakeIssue): string | undefined {
    const pull = pr.pull;
    if (!pull) return undefined;
    if (pr.state === 'open' && this.branchExists(pull.head)) pull.headSha = this.branchSha(pull.head);
    return pull.headSha ?? fakeSha(`${this.owner}/${this.repo}:${pull.head}`);
  }

  private commitsBetween(base: string, head: string): number {
    if (!this.bareRepo) return 1;
    const out = execFileSync(
      'git',
      ['-C', this.bareRepo, 'rev-list', '--count', `refs/heads/${base}..refs/heads/${head}`],
      {
        env: gitEnv(),
        encoding: 'utf8',
      },
    );
    return Number(out.trim());
  }

  private snapshot(issue: FakeIssue): FakeIssue {
    this.headSha(issue);
    return structuredClone(issue);
  }

  // --- Pagination -----------------------------------------------------------------------------------------

  /** One page of `items`, with GitHub's Link header (absolute URLs back to this server). */
  private page<T>(call: Call, items: T[], render: (item: T) => unknown): Reply {
    const perPage = clamp(Number.parseInt(call.query.per_page ?? '', 10) || 30, 1, 100);
    const page = Math.max(1, Number.parseInt(call.query.page ?? '', 10) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const body = items.slice((page - 1) * perPage, page * perPage).map(render);
    const link = this.linkHeader(call, page, last);
    return { status: 200, body, ...(link && { headers: { link } }) };
  }

  private linkHeader(call: Call, page: number, last: number): string | undefined {
    if (last === 1) return undefined;
    const urlFor = (n: number): string => {
      const params = new URLSearchParams(call.query);
      params.set('page', String(n));
      return `<${this.url}${call.rawPath}?${params}>`;
    };
    // GitHub's order: prev, next, last, first; first and prev only after page 1, next and last only before the end.
    const links: string[] = [];
    if (page > 1) links.push(`${urlFor(Math.min(page - 1, last))}; rel="prev"`);
    if (page < last) links.push(`${urlFor(page + 1)}; rel="next"`, `${urlFor(last)}; rel="last"`);
    if (page > 1) links.push(`${urlFor(1)}; rel="first"`);
    return links.join(', ');
  }

  // --- JSON, as GitHub renders it ---------------------------------------------------------------------

  private get api(): string {
    return `${this.url}/repos/${this.owner}/${this.repo}`;
  }

  private get html(): string {
    return `https://github.com/${this.owner}/${this.repo}`;
  }

  private userJson(user: FakeUser): Json {
    let id = this.userIds.get(user.login);
    if (id === undefined) {
      id = 9000 + this.userIds.size + 1;
      this.userIds.set(user.login, id);
    }
    return {
      login: user.login,
      id,
      node_id: nodeId(user.type === 'Bot' ? 'BOT' : 'U', id),
      avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
      url: `${this.url}/users/${encodeURIComponent(user.login)}`,
      html_url: `https://github.com/${user.login}`,
      type: user.type,
      site_admin: false,
    };
  }

  private repositoryJson(): Json {
    const owner = { ...this.userJson({ login: this.owner, type: 'User' }), type: 'Organization' };
    return {
      id: 424242,
      node_id: nodeId('R', 424242),
      name: this.repo,
      full_name: `${this.owner}/${this.repo}`,
      private: false,
      owner,
      html_url: this.html,
      url: this.api,
      default_branch: this.defaultBranch,
    };
  }

  private labelJson(name: string): Json {
    const id = this.labelStore.get(name.toLowerCase())?.id ?? 0;
    return {
      id,
      node_id: nodeId('LA', id),
      url: `${this.api}/labels/${encodeURIComponent(name)}`,
      name,
      color: 'ededed', // what GitHub gives labels created without a color
      default: false,
      description: null,
    };
  }

  /** Bots are outsiders to the repository; people commenting here are members of the organization. */
  private association(user: FakeUser): string {
    return user.type === 'Bot' ? 'NONE' : 'MEMBER';
  }

  private commentJson(comment: FakeComment): Json {
    const kind = this.issueStore.get(comment.issueNumber)?.pull ? 'pull' : 'issues';
    return {
      id: comment.id,
      node_id: nodeId('IC', comment.id),
      url: `${this.api}/issues/comments/${comment.id}`,
      html_url: `${this.html}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
      issue_url: `${this.api}/issues/${comment.issueNumber}`,
      body: comment.body,
      user: this.userJson(comment.user),
      created_at: comment.created_at,
      updated_at: comment.updated_at,
      author_association: this.association(comment.user),
    };
  }

  private issueJson(issue: FakeIssue): Json {
    const n = issue.number;
    const pull = issue.pull;
    return {
      id: issue.id,
      node_id: nodeId(pull ? 'PR' : 'I', issue.id),
      url: `${this.api}/issues/${n}`,
      repository_url: this.api,
      labels_url: `${this.api}/issues/${n}/labels{/name}`,
      comments_url: `${this.api}/issues/${n}/comments`,
      events_url: `${this.api}/issues/${n}/events`,
      html_url: `${this.html}/${pull ? 'pull' : 'issues'}/${n}`,
      number: n,
      state: issue.state,
      state_reason: issue.state_reason,
      title: issue.title,
      body: issue.body,
      user: this.userJson(issue.user),
      labels: issue.labels.map((name) => this.labelJson(name)),
      assignee: null,
      assignees: [],
      milestone: null,
      locked: false,
      comments: this.commentStore.filter((c) => c.issueNumber === n).length,
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      closed_at: issue.closed_at,
      author_association: this.association(issue.user),
      // The key that tells a pull request from an issue in the issues API.
      ...(pull && {
        draft: pull.draft,
        pull_request: {
          url: `${this.api}/pulls/${n}`,
          html_url: `${this.html}/pull/${n}`,
          diff_url: `${this.html}/pull/${n}.diff`,
          patch_url: `${this.html}/pull/${n}.patch`,
          merged_at: pull.merged_at,
        },
      }),
    };
  }

  private branchJson(ref: string, sha: string): Json {
    const repo = this.repositoryJson();
    return { label: `${this.owner}:${ref}`, ref, sha, user: repo.owner, repo };
  }

  /** A pull request; `detailed` adds what only `GET /pulls/{n}` (and create/update) return. */
  private pullJson(pr: FakeIssue, detailed: boolean): Json {
    const pull = pr.pull as FakePull;
    const n = pr.number;
    const open = pr.state === 'open';
    return {
      url: `${this.api}/pulls/${n}`,
      id: pull.id,
      node_id: nodeId('PR', pull.id),
      html_url: `${this.html}/pull/${n}`,
      diff_url: `${this.html}/pull/${n}.diff`,
      patch_url: `${this.html}/pull/${n}.patch`,
      issue_url: `${this.api}/issues/${n}`,
      commits_url: `${this.api}/pulls/${n}/commits`,
      comments_url: `${this.api}/issues/${n}/comments`,
      number: n,
      state: pr.state,
      locked: false,
      title: pr.title,
      body: pr.body,
      user: this.userJson(pr.user),
      labels: pr.labels.map((name) => this.labelJson(name)),
      draft: pull.draft,
      head: this.branchJson(pull.head, this.headSha(pr) ?? ''),
      base: this.branchJson(pull.base, this.branchSha(pull.base)),
      created_at: pr.created_at,
      updated_at: pr.updated_at,
      closed_at: pr.closed_at,
      merged_at: pull.merged_at,
      merge_commit_sha: pull.merge_commit_sha,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      auto_merge: null,
      author_association: this.association(pr.user),
      ...(detailed && {
        merged: pull.merged_at !== null,
        mergeable: open ? true : null,
        mergeable_state: open ? 'clean' : 'unknown',
        comments: this.commentStore.filter((c) => c.issueNumber === n).length,
      }),
    };
  }
}

function byNumber(a: FakeIssue, b: FakeIssue): number {
  return a.number - b.number;
}

/** GitHub's default: newest created first; `sort=updated` and `direction=asc` are honoured. */
function sortIssues(issues: FakeIssue[], query: Record<string, string>): FakeIssue[] {
  const key = query.sort === 'updated' ? 'updated_at' : 'created_at';
  const sign = query.direction === 'asc' ? 1 : -1;
  return [...issues].sort((a, b) => sign * (a[key].localeCompare(b[key]) || a.number - b.number));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
