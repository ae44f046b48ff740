import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { simpleGit } from 'simple-git';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from './fake-github.js';
import { commitAll, initRepository } from './git.js';

const OWNER = 'neo-hosting';
const REPO = 'platform';
const repo = { owner: OWNER, repo: REPO };
const BRANCH = 'neo/drift/acme-corp';

/** Octokit logs every error response; the tests below make many on purpose. */
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** A real Octokit against the fake; `null` for one without credentials. */
function client(fake: FakeGitHub, auth: string | null = 'test-token'): Octokit {
  return new Octokit({ ...(auth !== null && { auth }), baseUrl: fake.url, log: quiet });
}

/** The RequestError an Octokit call throws, to look at its status and data. */
async function failure(
  call: Promise<unknown>,
): Promise<{ status: number; data: unknown; headers: Record<string, string> }> {
  try {
    await call;
  } catch (error) {
    const e = error as { status: number; response?: { data: unknown; headers: Record<string, string> } };
    return { status: e.status, data: e.response?.data, headers: e.response?.headers ?? {} };
  }
  throw new Error('expected the call to fail');
}

/** A bare repository playing the GitHub remote: `main` with one commit, `neo/drift/acme-corp` one ahead. */
async function remoteWithBranch(): Promise<{
  bare: string;
  headSha: string;
  mainSha: string;
  cleanup: () => void;
}> {
  const root = mkdtempSync(join(tmpdir(), 'fake-github-test-'));
  const bare = join(root, 'remote.git');
  await simpleGit().raw(['init', '--bare', '--initial-branch=main', bare]);
  const dir = join(root, 'work');
  mkdirSync(dir);
  const git = await initRepository(dir);
  writeFileSync(join(dir, 'README.md'), 'platform\n');
  const mainSha = await commitAll(git, 'initial');
  await git.addRemote('origin', bare);
  await git.push('origin', 'main');
  await git.checkoutLocalBranch(BRANCH);
  writeFileSync(join(dir, 'acme-corp.txt'), 'drift\n');
  const headSha = await commitAll(git, 'acme-corp drift');
  await git.push('origin', BRANCH);
  return { bare, headSha, mainSha, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

async function branchSha(bare: string, branch: string): Promise<string | undefined> {
  const out = await simpleGit({ baseDir: bare })
    .raw(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`])
    .catch(() => '');
  return out.trim() || undefined;
}

describe('fake GitHub without a bare repository', () => {
  let fake: FakeGitHub;
  let octokit: Octokit;

  beforeEach(async () => {
    fake = await startFakeGitHub();
    octokit = client(fake);
  });

  afterEach(async () => {
    await fake.close();
  });

  it('answers with GitHub headers and records requests with their token, query and body', async () => {
    const { data: issue, headers } = await octokit.rest.issues.create({ ...repo, title: 'Drift', body: 'x' });
    await octokit.rest.issues.listComments({ ...repo, issue_number: issue.number, per_page: 5 });

    expect(headers['content-type']).toBe('application/json; charset=utf-8');
    expect(headers['x-github-request-id']).toBeTruthy();
    expect(headers['x-ratelimit-limit']).toBe('5000');
    expect(Number(headers['x-ratelimit-remaining'])).toBeLessThan(5000);
    expect(Number(headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    expect(fake.requests).toEqual([
      {
        method: 'POST',
        path: '/repos/neo-hosting/platform/issues',
        query: {},
        body: { title: 'Drift', body: 'x' },
        token: 'test-token',
      },
      {
        method: 'GET',
        path: `/repos/neo-hosting/platform/issues/${issue.number}/comments`,
        query: { per_page: '5' },
        body: undefined,
        token: 'test-token',
      },
    ]);
  });

  it('paginates comments with Link headers that octokit.paginate follows', async () => {
    const issue = fake.openPullRequest({ head: BRANCH, title: 'Drift: acme-corp' });
    for (let i = 1; i <= 65; i++) fake.addComment(issue.number, `comment ${i}`);

    const first = await octokit.rest.issues.listComments({ ...repo, issue_number: issue.number });
    expect(first.data).toHaveLength(30); // GitHub's default page size
    const base = `${fake.url}/repos/neo-hosting/platform/issues/${issue.number}/comments`;
    expect(first.headers.link).toBe(`<${base}?page=2>; rel="next", <${base}?page=3>; rel="last"`);

    const middle = await octokit.rest.issues.listComments({ ...repo, issue_number: issue.number, page: 2 });
    expect(middle.headers.link).toBe(
      `<${base}?page=1>; rel="prev", <${base}?page=3>; rel="next", <${base}?page=3>; rel="last", <${base}?page=1>; rel="first"`,
    );

    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: issue.number,
      per_page: 100,
    });
    expect(all.map((c) => c.body)).toEqual(Array.from({ length: 65 }, (_, i) => `comment ${i + 1}`));
    const small = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: issue.number,
      per_page: 20,
    });
    expect(small).toHaveLength(65);
    expect(fake.requests.filter((r) => r.query.per_page === '20')).toHaveLength(4);

    const single = await octokit.rest.issues.listComments({
      ...repo,
      issue_number: issue.number,
      per_page: 100,
    });
    expect(single.headers.link).toBeUndefined();
    const capped = await octokit.rest.issues.listComments({
      ...repo,
      issue_number: issue.number,
      per_page: 500,
    });
    expect(capped.data).toHaveLength(65);
  });

  it('renders comments as GitHub does, from the actor or from a person', async () => {
    const issue = fake.openPullRequest({ head: BRANCH, title: 'Drift' });
    fake.addComment(issue.number, '/neo apply');
    const { status, data: created } = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: issue.number,
      body: 'Plan: 1 to add',
    });

    expect(status).toBe(201);
    expect(created).toMatchObject({
      body: 'Plan: 1 to add',
      user: { login: 'neo-bot[bot]', type: 'Bot' },
      author_association: 'NONE',
      url: `${fake.url}/repos/neo-hosting/platform/issues/comments/${created.id}`,
      html_url: `https://github.com/neo-hosting/platform/pull/${issue.number}#issuecomment-${created.id}`,
    });
    expect(typeof created.user?.id).toBe('number');
    expect(created.node_id).toBeTruthy();
    const { data: listed } = await octokit.rest.issues.listComments({ ...repo, issue_number: issue.number });
    expect(listed.map((c) => [c.user?.login, c.user?.type, c.author_association])).toEqual([
      ['octocat', 'User', 'MEMBER'],
      ['neo-bot[bot]', 'Bot', 'NONE'],
    ]);
    expect(fake.comments(issue.number).map((c) => c.body)).toEqual(['/neo apply', 'Plan: 1 to add']);
  });

  it('updates a comment and moves its updated_at', async () => {
    const issue = fake.openPullRequest({ head: BRANCH, title: 'Drift' });
    const { data: created } = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: issue.number,
      body: 'a',
    });
    const { status, data: updated } = await octokit.rest.issues.updateComment({
      ...repo,
      comment_id: created.id,
      body: 'b',
    });

    expect(status).toBe(200);
    expect(updated).toMatchObject({ id: created.id, body: 'b', created_at: created.created_at });
    expect(updated.updated_at > created.updated_at).toBe(true);
    expect(fake.comments(issue.number)[0]?.body).toBe('b');
    expect(
      (await failure(octokit.rest.issues.updateComment({ ...repo, comment_id: 999_999, body: 'x' }))).status,
    ).toBe(404);
  });

  it('refuses bodies over 65,536 characters with 422 Validation Failed', async () => {
    const issue = fake.openPullRequest({ head: BRANCH, title: 'Drift' });
    await octokit.rest.issues.createComment({
      ...repo,
      issue_number: issue.number,
      body: 'x'.repeat(65_536),
    });

    const comment = await failure(
      octokit.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'x'.repeat(65_537) }),
    );
    expect(comment.status).toBe(422);
    expect(comment.data).toEqual({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: 'body is too long (maximum is 65536 characters)',
        },
      ],
      documentation_url: 'https://docs.github.com/rest',
      status: '422',
    });
    const long = 'x'.repeat(65_537);
    const issueBody = await failure(octokit.rest.issues.create({ ...repo, title: 't', body: long }));
    expect(issueBody.data).toMatchObject({ errors: [{ resource: 'Issue', field: 'body' }] });
    const prBody = await failure(
      octokit.rest.pulls.update({ ...repo, pull_number: issue.number, body: long }),
    );
    expect(prBody.data).toMatchObject({ errors: [{ resource: 'PullRequest', field: 'body' }] });
    expect(fake.comments(issue.number)).toHaveLength(1);
  });

  it('gets issues and pull requests by their shared number, 404 for others', async () => {
    const { data: created } = await octokit.rest.issues.create({ ...repo, title: 'An issue', body: 'b' });
    const pr = fake.openPullRequest({ head: BRANCH, title: 'A PR' });

    expect(created.number).toBe(1);
    expect(pr.number).toBe(2);
    const { data: issue } = await octokit.rest.issues.get({ ...repo, issue_number: 1 });
    expect(issue).toMatchObject({
      number: 1,
      title: 'An issue',
      state: 'open',
      user: { login: 'neo-bot[bot]' },
    });
    expect(issue).not.toHaveProperty('pull_request');
    const { data: asIssue } = await octokit.rest.issues.get({ ...repo, issue_number: 2 });
    expect(asIssue.pull_request).toEqual({
      url: `${fake.url}/repos/neo-hosting/platform/pulls/2`,
      html_url: 'https://github.com/neo-hosting/platform/pull/2',
      diff_url: 'https://github.com/neo-hosting/platform/pull/2.diff',
      patch_url: 'https://github.com/neo-hosting/platform/pull/2.patch',
      merged_at: null,
    });
    expect((await failure(octokit.rest.issues.get({ ...repo, issue_number: 3 }))).status).toBe(404);
    expect((await failure(octokit.rest.issues.listComments({ ...repo, issue_number: 3 }))).status).toBe(404);
    expect((await failure(octokit.rest.pulls.get({ ...repo, pull_number: 1 }))).status).toBe(404);
  });

  it('lists issues and PRs newest first, filtered by state and by all the labels', async () => {
    await octokit.rest.issues.create({ ...repo, title: 'one', labels: ['drift', 'acme-corp'] });
    await octokit.rest.issues.create({ ...repo, title: 'two', labels: ['drift'] });
    fake.openPullRequest({ head: BRANCH, title: 'three', labels: ['drift', 'acme-corp'] });
    await octokit.rest.issues.update({
      ...repo,
      issue_number: 2,
      state: 'closed',
      state_reason: 'not_planned',
    });

    const titles = async (params: { state?: 'open' | 'closed' | 'all'; labels?: string }) =>
      (await octokit.rest.issues.listForRepo({ ...repo, ...params })).data.map((i) => i.title);
    expect(await titles({})).toEqual(['three', 'one']);
    expect(await titles({ state: 'closed' })).toEqual(['two']);
    expect(await titles({ state: 'all', labels: 'drift' })).toEqual(['three', 'two', 'one']);
    expect(await titles({ state: 'all', labels: 'drift,acme-corp' })).toEqual(['three', 'one']);
    const { data } = await octokit.rest.issues.listForRepo({ ...repo, state: 'all' });
    expect(data.map((i) => Boolean(i.pull_request))).toEqual([true, false, false]);
    expect(data.find((i) => i.title === 'two')).toMatchObject({
      state: 'closed',
      state_reason: 'not_planned',
    });

    const paged = await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...repo,
      state: 'all',
      per_page: 2,
    });
    expect(paged.map((i) => i.number)).toEqual([3, 2, 1]);
  });

  it('creates issues, edits them and adds labels, creating missing repository labels', async () => {
    const { status, data: issue } = await octokit.rest.issues.create({
      ...repo,
      title: 'Drift in acme-corp',
      body: 'details',
      labels: ['neo:drift'],
    });
    expect(status).toBe(201);
    expect(issue.labels).toMatchObject([{ name: 'neo:drift', color: 'ededed', default: false }]);
    expect(fake.labels()).toEqual(['neo:drift']);

    const added = await octokit.rest.issues.addLabels({
      ...repo,
      issue_number: issue.number,
      labels: ['acme-corp'],
    });
    expect(added.status).toBe(200);
    expect(added.data.map((l) => l.name)).toEqual(['neo:drift', 'acme-corp']);
    expect(added.data[0]).toMatchObject({
      id: expect.any(Number),
      name: 'neo:drift',
      color: 'ededed',
      default: false,
    });
    expect(fake.labels()).toEqual(['neo:drift', 'acme-corp']);

    const { data: edited } = await octokit.rest.issues.update({
      ...repo,
      issue_number: issue.number,
      title: 'Drift fixed',
      state: 'closed',
      labels: ['acme-corp'],
    });
    expect(edited).toMatchObject({
      title: 'Drift fixed',
      state: 'closed',
      state_reason: 'completed',
      body: 'details',
    });
    expect(edited.closed_at).toBeTruthy();
    expect(fake.issue(issue.number)).toMatchObject({ labels: ['acme-corp'], state: 'closed' });
    const { data: reopened } = await octokit.rest.issues.update({
      ...repo,
      issue_number: issue.number,
      state: 'open',
    });
    expect(reopened).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });
  });

  it('lists pull requests, filtered by owner:branch head and base', async () => {
    fake.openPullRequest({ head: BRANCH, title: 'acme' });
    fake.openPullRequest({ head: 'neo/drift/bluefin-bakery', title: 'bluefin', base: 'release' });

    const heads = async (params: { head?: string; base?: string; state?: 'open' | 'closed' | 'all' }) =>
      (await octokit.rest.pulls.list({ ...repo, ...params })).data.map((p) => p.head.ref);
    expect(await heads({})).toEqual(['neo/drift/bluefin-bakery', BRANCH]);
    expect(await heads({ head: `${OWNER}:${BRANCH}` })).toEqual([BRANCH]);
    expect(await heads({ base: 'release' })).toEqual(['neo/drift/bluefin-bakery']);
    expect(await heads({ head: `someone-else:${BRANCH}` })).toEqual([]);
    // As on GitHub, a head without its owner filters nothing.
    expect(await heads({ head: BRANCH })).toHaveLength(2);

    const { data } = await octokit.rest.pulls.list({ ...repo, head: `${OWNER}:${BRANCH}` });
    expect(data[0]).toMatchObject({
      number: 1,
      state: 'open',
      title: 'acme',
      draft: false,
      user: { login: 'octocat', type: 'User' },
      head: { ref: BRANCH, label: `${OWNER}:${BRANCH}`, repo: { full_name: 'neo-hosting/platform' } },
      base: { ref: 'main', repo: { full_name: 'neo-hosting/platform' } },
      merged_at: null,
      merge_commit_sha: null,
    });
    expect(data[0]?.head.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(data[0]?.base.sha).toMatch(/^[0-9a-f]{40}$/);
  });

  it('creates, gets and edits pull requests; one open PR per head', async () => {
    const { status, data: created } = await octokit.rest.pulls.create({
      ...repo,
      title: 'Drift: acme-corp',
      head: BRANCH,
      base: 'main',
      body: 'plan',
      draft: true,
    });
    expect(status).toBe(201);
    expect(created).toMatchObject({ number: 1, draft: true, user: { login: 'neo-bot[bot]', type: 'Bot' } });

    const again = await failure(
      octokit.rest.pulls.create({ ...repo, title: 'again', head: `${OWNER}:${BRANCH}`, base: 'main' }),
    );
    expect(again.status).toBe(422);
    expect(again.data).toMatchObject({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${OWNER}:${BRANCH}.`,
        },
      ],
    });

    const { data: pr } = await octokit.rest.pulls.get({ ...repo, pull_number: 1 });
    expect(pr).toMatchObject({ merged: false, mergeable: true, body: 'plan', labels: [] });
    const { data: edited } = await octokit.rest.pulls.update({
      ...repo,
      pull_number: 1,
      title: 'New',
      state: 'closed',
    });
    expect(edited).toMatchObject({ title: 'New', state: 'closed', merged: false });
    expect(fake.pullRequests().map((p) => p.state)).toEqual(['closed']);
  });

  it('merges without a repository: a stable fake sha, found through the commit', async () => {
    const pr = fake.openPullRequest({ head: BRANCH, title: 'Drift' });
    const { data: merged } = await octokit.rest.pulls.merge({ ...repo, pull_number: pr.number });

    expect(merged).toEqual({
      sha: expect.stringMatching(/^[0-9a-f]{40}$/),
      merged: true,
      message: 'Pull Request successfully merged',
    });
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: pr.number });
    expect(data).toMatchObject({ state: 'closed', merged: true, merge_commit_sha: merged.sha });
    const { data: pulls } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      ...repo,
      commit_sha: merged.sha,
    });
    expect(pulls.map((p) => p.number)).toEqual([pr.number]);
    const again = await failure(octokit.rest.pulls.merge({ ...repo, pull_number: pr.number }));
    expect(again.status).toBe(405);
  });

  it('associates commits with pull requests for GET /commits/{sha}/pulls', async () => {
    const pr = fake.openPullRequest({ head: BRANCH, title: 'Drift' });
    const squash = 'a'.repeat(40);
    fake.associateCommit(squash, pr.number);

    const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      ...repo,
      commit_sha: squash,
    });
    expect(data.map((p) => p.number)).toEqual([pr.number]);
    const byHead = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      ...repo,
      commit_sha: fake.issue(pr.number)?.pull?.headSha ?? '',
    });
    expect(byHead.data.map((p) => p.number)).toEqual([pr.number]);
    const none = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      ...repo,
      commit_sha: 'b'.repeat(40),
    });
    expect(none.data).toEqual([]);
  });

  it('needs authentication, refuses writes with a read-only token and 404s unknown routes and repositories', async () => {
    const anonymous = await failure(client(fake, null).rest.issues.listForRepo(repo));
    expect(anonymous.status).toBe(401);
    expect(anonymous.data).toMatchObject({ message: 'Requires authentication' });

    const unknown = await failure(octokit.request('GET /repos/{owner}/{repo}/no/such/thing', repo));
    expect(unknown.status).toBe(404);
    expect(unknown.data).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    });
    const other = await failure(octokit.rest.issues.listForRepo({ owner: 'someone', repo: 'else' }));
    expect(other.status).toBe(404);
    expect(fake.requests.map((r) => r.path)).toEqual([
      '/repos/neo-hosting/platform/issues',
      '/repos/neo-hosting/platform/no/such/thing',
      '/repos/someone/else/issues',
    ]);
    expect(fake.requests[0]?.token).toBeUndefined();
  });

  it('fails writes of read-only tokens with 403, as a fork PR GITHUB_TOKEN does', async () => {
    await fake.close();
    fake = await startFakeGitHub({ readOnlyTokens: ['fork-token'] });
    const fork = client(fake, 'fork-token');
    fake.openPullRequest({ head: BRANCH, title: 'Drift' });

    expect((await fork.rest.issues.listComments({ ...repo, issue_number: 1 })).status).toBe(200);
    const write = await failure(fork.rest.issues.createComment({ ...repo, issue_number: 1, body: 'hi' }));
    expect(write.status).toBe(403);
    expect(write.data).toMatchObject({ message: 'Resource not accessible by integration' });
    expect(fake.comments(1)).toEqual([]);
    expect(
      (await client(fake).rest.issues.createComment({ ...repo, issue_number: 1, body: 'hi' })).status,
    ).toBe(201);
  });

  it('injects failures, such as a secondary rate limit, for the next matching requests only', async () => {
    const issue = fake.openPullRequest({ head: BRANCH, title: 'Drift' });
    const rateLimited = {
      status: 403,
      headers: { 'retry-after': '1' },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      },
    };
    fake.failNext({ method: 'POST', path: `/issues/${issue.number}/comments` }, rateLimited, 2);
    fake.failNext({ path: /\/pulls$/ }, { status: 502, body: { message: 'Server Error' } });

    const create = () =>
      octokit.rest.issues.createComment({ ...repo, issue_number: issue.number, body: 'hi' });
    const first = await failure(create());
    expect(first.status).toBe(403);
    expect(first.headers['retry-after']).toBe('1');
    expect(first.headers['x-github-request-id']).toBeTruthy();
    expect(first.data).toEqual(rateLimited.body);
    expect((await failure(create())).status).toBe(403);
    expect((await create()).status).toBe(201);

    expect((await failure(octokit.rest.pulls.list(repo))).status).toBe(502);
    expect((await octokit.rest.pulls.list(repo)).data).toHaveLength(1);
    expect(fake.requests.map((r) => r.method)).toEqual(['POST', 'POST', 'POST', 'GET', 'GET']);
    expect(fake.comments(issue.number)).toHaveLength(1);
  });

  it('deletes a branch once without a repository, closing its open PR', async () => {
    const pr = fake.openPullRequest({ head: BRANCH, title: 'Drift' });
    const deleted = await octokit.rest.git.deleteRef({ ...repo, ref: `heads/${BRANCH}` });

    expect(deleted.status).toBe(204);
    expect(fake.requests.at(-1)?.path).toBe(`/repos/neo-hosting/platform/git/refs/heads/${BRANCH}`);
    expect(fake.issue(pr.number)?.state).toBe('closed');
    const again = await failure(octokit.rest.git.deleteRef({ ...repo, ref: `heads/${BRANCH}` }));
    expect(again.status).toBe(422);
    expect(again.data).toMatchObject({ message: 'Reference does not exist' });
  });

  // Without closing them, close() would wait for the kept-alive connection to time out (5 s),
  // past this test's own limit: the limit is the check, not a clock read in the test.
  it('closes kept-alive connections on close()', { timeout: 2_500 }, async () => {
    await octokit.rest.issues.listForRepo(repo);
    await fake.close();
    await expect(octokit.rest.issues.listForRepo(repo)).rejects.toThrow();
    fake = await startFakeGitHub(); // for afterEach
  });
});

describe('fake GitHub with a bare repository', () => {
  let remote: Awaited<ReturnType<typeof remoteWithBranch>>;
  let fake: FakeGitHub;
  let octokit: Octokit;

  beforeEach(async () => {
    remote = await remoteWithBranch();
    fake = await startFakeGitHub({ bareRepo: remote.bare });
    octokit = client(fake);
  });

  afterEach(async () => {
    await fake.close();
    remote.cleanup();
  });

  it('reads head and base shas from the repository', async () => {
    const { data: pr } = await octokit.rest.pulls.create({
      ...repo,
      title: 'Drift',
      head: BRANCH,
      base: 'main',
    });

    expect(pr.head.sha).toBe(remote.headSha);
    expect(pr.base.sha).toBe(remote.mainSha);
    expect(fake.issue(pr.number)?.pull).toMatchObject({
      head: BRANCH,
      headSha: remote.headSha,
      base: 'main',
    });
    const { data: pulls } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      ...repo,
      commit_sha: remote.headSha,
    });
    expect(pulls.map((p) => p.number)).toEqual([pr.number]);
    const unknown = await failure(
      octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: 'c'.repeat(40) }),
    );
    expect(unknown.status).toBe(422);
  });

  it('refuses a PR whose head branch does not exist, or with no commits', async () => {
    const missing = await failure(
      octokit.rest.pulls.create({ ...repo, title: 'x', head: 'nope', base: 'main' }),
    );
    expect(missing.status).toBe(422);
    expect(missing.data).toMatchObject({
      errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }],
    });
    const empty = await failure(
      octokit.rest.pulls.create({ ...repo, title: 'x', head: 'main', base: 'main' }),
    );
    expect(empty.data).toMatchObject({
      errors: [{ code: 'custom', message: 'No commits between main and main' }],
    });
    expect(() => fake.openPullRequest({ head: 'nope', title: 'x' })).toThrow(/does not exist/);
    expect(fake.pullRequests()).toEqual([]);
  });

  it('merges through the API with a real --no-ff merge pushed to the base branch', async () => {
    const pr = fake.openPullRequest({ head: BRANCH, title: 'Drift: acme-corp' });
    const { data: merged } = await octokit.rest.pulls.merge({ ...repo, pull_number: pr.number });

    expect(merged.sha).toBe(await branchSha(remote.bare, 'main'));
    const bare = simpleGit({ baseDir: remote.bare });
    const parents = (await bare.raw(['rev-list', '--parents', '-n', '1', merged.sha]))
      .trim()
      .split(' ')
      .slice(1);
    expect(parents).toEqual([remote.mainSha, remote.headSha]);
    const message = await bare.raw(['log', '-1', '--format=%an <%ae>%n%s%n%n%b', merged.sha]);
    expect(message).toContain('GitHub <noreply@github.com>');
    expect(message).toContain(`Merge pull request #${pr.number} from ${OWNER}/${BRANCH}`);

    expect(fake.issue(pr.number)).toMatchObject({
      state: 'closed',
      pull: { merge_commit_sha: merged.sha, merged_at: expect.any(String) },
    });
    const { data: pulls } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      ...repo,
      commit_sha: merged.sha,
    });
    expect(pulls).toMatchObject([
      { number: pr.number, merged_at: expect.any(String), merge_commit_sha: merged.sha },
    ]);
  });

  it('merges as a person would with mergePullRequest()', async () => {
    const pr = fake.openPullRequest({ head: BRANCH, title: 'Drift' });
    const sha = await fake.mergePullRequest(pr.number);

    expect(sha).toBe(await branchSha(remote.bare, 'main'));
    const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: pr.number });
    expect(data).toMatchObject({ merged: true, state: 'closed', merge_commit_sha: sha });
    await expect(fake.mergePullRequest(pr.number)).rejects.toThrow(/not mergeable/);
  });

  it('deletes a branch with slashes in its name, encoded or not', async () => {
    const deleted = await octokit.rest.git.deleteRef({ ...repo, ref: `heads/${BRANCH}` });
    expect(deleted.status).toBe(204);
    expect(await branchSha(remote.bare, BRANCH)).toBeUndefined();

    const again = await failure(
      octokit.request(`DELETE /repos/{owner}/{repo}/git/refs/heads/${BRANCH}`, repo),
    );
    expect(again.status).toBe(422);
    expect(again.data).toMatchObject({ message: 'Reference does not exist' });
    expect(fake.requests.map((r) => r.path)).toEqual([
      `/repos/neo-hosting/platform/git/refs/heads/${BRANCH}`,
      `/repos/neo-hosting/platform/git/refs/heads/${BRANCH}`,
    ]);
  });
});
