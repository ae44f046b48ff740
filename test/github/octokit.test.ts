import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WRITE_SPACING_MS } from '../../src/github/pacing.js';
import { type CodeHost, CodeHostError } from '../../src/github/types.js';
import type { FakeGitHub } from '../helpers/fake-github.js';
import { NOW, requestsDuring, startHost, TOKEN, writes } from './host.js';

const REPO_PATH = '/repos/neo-hosting/platform';
const BOT = { login: 'neo-bot[bot]', type: 'Bot' } as const;
const SECONDARY = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';

let fake: FakeGitHub;
let host: CodeHost;
let sleeps: number[];
let logs: string[];
const extraFakes: FakeGitHub[] = [];

beforeEach(async () => {
  ({ fake, host, sleeps, logs } = await startHost());
});
afterEach(async () => {
  await fake.close();
  for (const other of extraFakes.splice(0)) await other.close();
});

/** Another fake and host, closed after the test. */
async function otherHost(options: Parameters<typeof startHost>[0]) {
  const fixture = await startHost(options);
  extraFakes.push(fixture.fake);
  return fixture;
}

/** The CodeHostError a call rejects with. */
async function refusal(call: Promise<unknown>): Promise<CodeHostError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CodeHostError);
  return error as CodeHostError;
}

describe('gitHubHost: comments', () => {
  it('reads every comment, past the first page of 100, oldest first, telling bots from people', async () => {
    const pr = fake.openPullRequest({ head: 'feature', title: 'a change' }).number;
    for (let i = 0; i < 130; i++) {
      fake.addComment(pr, `comment ${i}`, i === 120 ? BOT : undefined);
    }
    const comments = await host.comments(pr);
    expect(comments.map((c) => c.body)).toEqual(Array.from({ length: 130 }, (_, i) => `comment ${i}`));
    expect(comments.filter((c) => c.byBot).map((c) => c.body)).toEqual(['comment 120']);
    expect(comments[0]?.url).toBe(
      `https://github.com/neo-hosting/platform/pull/${pr}#issuecomment-${comments[0]?.id}`,
    );
    const pages = fake.requests.filter((r) => r.path === `${REPO_PATH}/issues/${pr}/comments`);
    expect(pages.map((r) => [r.query.per_page, r.query.page])).toEqual([
      ['100', undefined],
      ['100', '2'],
    ]);
  });

  it('has no comments on a pull request nobody commented on', async () => {
    const pr = fake.openPullRequest({ head: 'feature', title: 'a change' }).number;
    await expect(host.comments(pr)).resolves.toEqual([]);
  });

  it("creates and updates its own comments, as the token's bot", async () => {
    const issue = fake.openPullRequest({ head: 'feature', title: 'a change' }).number;
    const created = await host.createComment(issue, 'first');
    expect(created).toMatchObject({ body: 'first', byBot: true });
    expect(created.url).toContain(`#issuecomment-${created.id}`);
    await host.updateComment(created.id, 'second');
    expect(fake.comments(issue).map((c) => [c.id, c.body, c.user.type])).toEqual([
      [created.id, 'second', 'Bot'],
    ]);
    expect(fake.requests.every((r) => r.token === TOKEN)).toBe(true);
  });
});

describe('gitHubHost: pull requests', () => {
  it('lists open pull requests whose head branch starts with the prefix', async () => {
    const drift = fake.openPullRequest({ head: 'neo/drift/acme-corp', title: 'drift', labels: ['drift'] });
    fake.openPullRequest({ head: 'feature/neo/drift', title: 'not a drift branch' });
    const closed = fake.openPullRequest({ head: 'neo/drift/bluefin-bakery', title: 'closed' });
    await host.updatePullRequest(closed.number, { state: 'closed' });
    const open = await host.openPullRequests('neo/drift/');
    expect(open).toEqual([
      {
        number: drift.number,
        url: `https://github.com/neo-hosting/platform/pull/${drift.number}`,
        title: 'drift',
        body: '',
        branch: 'neo/drift/acme-corp',
        headSha: expect.stringMatching(/^[0-9a-f]{40}$/),
        labels: ['drift'],
        merged: false,
        base: { branch: 'main', isDefault: true },
        author: { login: 'octocat', bot: false },
      },
    ]);
  });

  it("leaves out pull requests from a fork's branch of the same name", async () => {
    const ours = fake.openPullRequest({ head: 'neo/drift/acme-corp', title: 'ours' }).number;
    const theirs = fake.openPullRequest({ head: 'neo/drift/harbor-cafe', title: 'from a fork' }).number;
    // The fake plays no forks: GitHub's answer is the fake's own, with one head moved to a fork.
    const response = await fetch(`${fake.url}${REPO_PATH}/pulls?state=open`, {
      headers: { authorization: 'token x' },
    });
    const pulls = (await response.json()) as Array<{ number: number; head: { repo: { full_name: string } } }>;
    for (const pull of pulls) if (pull.number === theirs) pull.head.repo.full_name = 'someone/platform';
    fake.failNext({ method: 'GET', path: '/pulls' }, { status: 200, body: pulls });
    const open = await host.openPullRequests('neo/drift/');
    expect(open.map((pr) => pr.number)).toEqual([ours]);
  });

  it('matches its own repository whatever the case of the name it was given', async () => {
    const other = await otherHost({ repository: 'Neo-Hosting/Platform' });
    const pr = other.fake.openPullRequest({ head: 'neo/drift/acme-corp', title: 'drift' }).number;
    expect((await other.host.openPullRequests('neo/drift/')).map((p) => p.number)).toEqual([pr]);
  });

  it('lists every open pull request, past the first page', async () => {
    for (let i = 0; i < 105; i++) fake.openPullRequest({ head: `neo/drift/c${i}`, title: `drift ${i}` });
    expect(await host.openPullRequests('neo/drift/')).toHaveLength(105);
  });

  it('opens a pull request with its labels', async () => {
    const requests = await requestsDuring(fake, async () => {
      const created = await host.createPullRequest({
        title: 'Drift: acme-corp',
        body: 'what changed',
        branch: 'neo/drift/acme-corp',
        base: 'main',
        labels: ['drift'],
      });
      expect(created).toMatchObject({
        title: 'Drift: acme-corp',
        body: 'what changed',
        branch: 'neo/drift/acme-corp',
        labels: ['drift'],
        merged: false,
      });
      const [pr] = fake.pullRequests();
      expect(pr).toMatchObject({ number: created.number, labels: ['drift'], body: 'what changed' });
      expect(pr?.pull).toMatchObject({ head: 'neo/drift/acme-corp', base: 'main' });
    });
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST ${REPO_PATH}/pulls`,
      `POST ${REPO_PATH}/issues/1/labels`,
    ]);
  });

  it('opens a pull request without labels in one request', async () => {
    const requests = await requestsDuring(fake, () =>
      host.createPullRequest({ title: 't', body: 'b', branch: 'x', base: 'main', labels: [] }),
    );
    expect(requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('updates, labels and closes a pull request', async () => {
    const pr = fake.openPullRequest({ head: 'neo/drift/acme-corp', title: 'old' }).number;
    await host.updatePullRequest(pr, { title: 'new', body: 'new body' });
    await host.addLabels(pr, ['drift', 'allow-blast-radius']);
    expect(fake.issue(pr)).toMatchObject({
      title: 'new',
      body: 'new body',
      state: 'open',
      labels: ['drift', 'allow-blast-radius'],
    });
    await host.updatePullRequest(pr, { state: 'closed' });
    expect(fake.issue(pr)?.state).toBe('closed');
  });

  it('finds the pull request merged as a commit', async () => {
    const pr = fake.openPullRequest({ head: 'feature', title: 'a change', labels: ['allow-blast-radius'] });
    const merge = await fake.mergePullRequest(pr.number);
    expect(await host.pullRequestsOf(merge)).toEqual([
      expect.objectContaining({
        number: pr.number,
        branch: 'feature',
        merged: true,
        labels: ['allow-blast-radius'],
      }),
    ]);
    expect(await host.pullRequestsOf('0123456789abcdef0123456789abcdef01234567')).toEqual([]);
  });
});

describe('gitHubHost: branches', () => {
  it('deletes a branch, and takes one already gone as deleted', async () => {
    const requests = await requestsDuring(fake, async () => {
      await host.deleteBranch('neo/drift/acme-corp');
      await host.deleteBranch('neo/drift/acme-corp');
    });
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `DELETE ${REPO_PATH}/git/refs/heads/neo/drift/acme-corp`,
      `DELETE ${REPO_PATH}/git/refs/heads/neo/drift/acme-corp`,
    ]);
  });

  it('says when GitHub refuses to delete a branch for another reason', async () => {
    fake.failNext(
      { method: 'DELETE' },
      { status: 422, body: { message: 'Cannot delete this protected branch' } },
    );
    const error = await refusal(host.deleteBranch('neo/drift/acme-corp'));
    expect(error.message).toContain('delete branch neo/drift/acme-corp');
    expect(error.message).toContain('422 Cannot delete this protected branch');
  });
});

describe('gitHubHost: issues', () => {
  it('lists open issues carrying every label, not pull requests or closed issues', async () => {
    const wanted = await host.createIssue({ title: 'apply failed', body: 'b', labels: ['apply-failed'] });
    await host.createIssue({ title: 'other', body: 'b', labels: ['drift'] });
    const closed = await host.createIssue({ title: 'old failure', body: 'b', labels: ['apply-failed'] });
    await host.updateIssue(closed.number, { state: 'closed' });
    fake.openPullRequest({ head: 'feature', title: 'a labelled PR', labels: ['apply-failed'] });
    const both = await host.createIssue({ title: 'two labels', body: 'b', labels: ['drift', 'orphans'] });

    expect(await host.openIssues(['apply-failed'])).toEqual([wanted]);
    expect((await host.openIssues(['drift', 'orphans'])).map((i) => i.number)).toEqual([both.number]);
    expect(await host.openIssues(['orphans', 'apply-failed'])).toEqual([]);
  });

  it('opens, edits and closes an issue', async () => {
    const issue = await host.createIssue({
      title: 'neo apply: failed',
      body: 'why',
      labels: ['apply-failed'],
    });
    expect(issue).toEqual({
      number: 1,
      url: 'https://github.com/neo-hosting/platform/issues/1',
      title: 'neo apply: failed',
      body: 'why',
      byBot: true,
    });
    expect(fake.issue(1)).toMatchObject({ labels: ['apply-failed'], user: BOT, state: 'open' });
    await host.updateIssue(1, { title: 'neo apply: still failed', body: 'why now' });
    expect(fake.issue(1)).toMatchObject({ title: 'neo apply: still failed', body: 'why now', state: 'open' });
    await host.updateIssue(1, { state: 'closed' });
    expect(fake.issue(1)?.state).toBe('closed');
  });
});

describe('gitHubHost: rate limits', () => {
  const commentPosts = () => fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments'));

  it('waits out a secondary rate limit and comments', async () => {
    const pr = fake.openPullRequest({ head: 'feature', title: 'a change' }).number;
    fake.failNext(
      { method: 'POST', path: /comments$/ },
      { status: 403, headers: { 'retry-after': '7' }, body: { message: SECONDARY } },
    );
    await host.createComment(pr, 'hello');
    expect(fake.comments(pr).map((c) => c.body)).toEqual(['hello']);
    expect(sleeps).toContain(7_000);
    expect(logs).toEqual([
      expect.stringMatching(
        /^GitHub answered 403 to POST .*comments \(secondary rate limit\): waiting 7 s, retry 1 of 3$/,
      ),
    ]);
    expect(commentPosts()).toHaveLength(2);
  });

  it('waits out a 429 and comments', async () => {
    const pr = fake.openPullRequest({ head: 'feature', title: 'a change' }).number;
    fake.failNext(
      { method: 'POST' },
      { status: 429, headers: { 'retry-after': '2' }, body: { message: 'Too Many Requests' } },
    );
    await host.createComment(pr, 'hello');
    // The recording clock stands still, so the second try is spaced from the first as well.
    expect(sleeps).toEqual([2_000, WRITE_SPACING_MS]);
    expect(commentPosts()).toHaveLength(2);
    expect(fake.comments(pr)).toHaveLength(1);
  });

  it('waits for the primary rate limit to reset', async () => {
    const pr = fake.openPullRequest({ head: 'feature', title: 'a change' }).number;
    const reset = NOW.getTime() / 1000 + 40;
    fake.failNext(
      { method: 'GET' },
      {
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
        body: { message: 'API rate limit exceeded for installation ID 1.' },
      },
    );
    await expect(host.comments(pr)).resolves.toEqual([]);
    expect(sleeps).toEqual([41_000]);
    expect(logs[0]).toContain('(rate limit used up): waiting 41 s');
  });

  it('sends again when GitHub is unavailable for a moment', async () => {
    const pr = fake.openPullRequest({ head: 'feature', title: 'a change' }).number;
    fake.failNext({ method: 'GET' }, { status: 502, body: { message: 'Server Error' } }, 2);
    await expect(host.comments(pr)).resolves.toEqual([]);
    expect(sleeps).toEqual([1_000, 2_000]);
  });

  it("gives up after 3 retries with GitHub's message, and says it is a rate limit", async () => {
    const pr = fake.openPullRequest({ head: 'feature', title: 'a change' }).number;
    fake.failNext(
      { method: 'POST' },
      { status: 403, headers: { 'retry-after': '7' }, body: { message: SECONDARY } },
      4,
    );
    const error = await refusal(host.createComment(pr, 'hello'));
    expect(sleeps.filter((ms) => ms !== WRITE_SPACING_MS)).toEqual([7_000, 7_000, 7_000]);
    expect(commentPosts()).toHaveLength(4);
    expect(error.message).toContain(`403 ${SECONDARY}`);
    expect(error.message).toContain("(GitHub's secondary rate limit: too many requests in a short time");
    expect(error.message).not.toContain('lacks a permission');
  });

  it('does not wait an hour for the primary rate limit: it fails at once, saying so', async () => {
    fake.failNext(
      { method: 'GET' },
      {
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW.getTime() / 1000 + 3600) },
        body: { message: 'API rate limit exceeded for installation ID 1.' },
      },
    );
    const error = await refusal(host.openIssues(['apply-failed']));
    expect(sleeps).toEqual([]);
    expect(error.message).toContain('API rate limit exceeded');
    expect(error.message).toContain(
      "(the token's API rate limit is used up; it resets at 2026-03-02T11:00:00.000Z",
    );
    expect(error.message).not.toContain('lacks a permission');
  });

  it('spaces writes 750 ms apart and leaves reads alone', async () => {
    const pr = fake.openPullRequest({ head: 'feature', title: 'a change' }).number;
    const first = await host.createComment(pr, 'one');
    await host.comments(pr);
    await host.createComment(pr, 'two');
    await host.updateComment(first.id, 'one, edited');
    await host.comments(pr);
    await host.addLabels(pr, ['drift']);
    expect(sleeps).toEqual([WRITE_SPACING_MS, WRITE_SPACING_MS, WRITE_SPACING_MS]);
  });
});

describe('gitHubHost: refusals', () => {
  const ADVICE_403 = "the workflow's permissions: block or the GitHub App's must grant it";

  it.each<[string, (host: CodeHost) => Promise<unknown>, string]>([
    ['createComment', (h) => h.createComment(1, 'hi'), 'comment on #1'],
    ['updateComment', (h) => h.updateComment(1001, 'hi'), 'update comment 1001'],
    ['createIssue', (h) => h.createIssue({ title: 'T', body: 'b', labels: [] }), 'open the issue "T"'],
    ['updateIssue', (h) => h.updateIssue(1, { state: 'closed' }), 'update issue #1'],
    ['addLabels', (h) => h.addLabels(1, ['drift']), 'label #1'],
    ['deleteBranch', (h) => h.deleteBranch('neo/drift/x'), 'delete branch neo/drift/x'],
    [
      'createPullRequest',
      (h) => h.createPullRequest({ title: 't', body: 'b', branch: 'neo/drift/x', base: 'main', labels: [] }),
      'open a pull request from neo/drift/x',
    ],
  ])("a read-only token's %s: what, where, GitHub's message and what to do", async (_name, call, what) => {
    const readOnly = 'ghs_readOnlyForkToken77';
    const other = await otherHost({ token: readOnly, readOnlyTokens: [readOnly] });
    other.fake.openPullRequest({ head: 'feature', title: 'from a fork' });
    other.fake.addComment(1, 'a person');
    const error = await refusal(call(other.host));
    expect(error.message).toBe(
      `GitHub refused to ${what} in neo-hosting/platform: 403 Resource not accessible by integration (the token lacks a permission: ${ADVICE_403}; a fork pull request's token is read-only)`,
    );
    expect(error.status).toBe(403);
    expect(error.forbidden).toBe(true);
    expect(error.message).not.toContain(readOnly);
    expect(JSON.stringify(error)).not.toContain(readOnly);
    expect(writes(other.fake.requests)).toHaveLength(1);
  });

  it('a revoked token: check GITHUB_TOKEN', async () => {
    fake.failNext({}, { status: 401, body: { message: 'Bad credentials' } });
    const error = await refusal(host.comments(7));
    expect(error.message).toBe(
      'GitHub refused to read the comments of #7 in neo-hosting/platform: 401 Bad credentials (the token is missing, expired or revoked: check GITHUB_TOKEN)',
    );
    expect(error.forbidden).toBe(true);
    expect(error.message).not.toContain(TOKEN);
    expect(fake.requests).toHaveLength(1);
  });

  it('another repository: check GITHUB_REPOSITORY', async () => {
    const other = await otherHost({ repository: 'neo-hosting/elsewhere' });
    const error = await refusal(other.host.openPullRequests('neo/drift/'));
    expect(error.message).toContain(
      'GitHub refused to list the open pull requests in neo-hosting/elsewhere: 404 Not Found',
    );
    expect(error.message).toContain('check GITHUB_REPOSITORY');
    expect(error.forbidden).toBe(false);
  });

  it("names what GitHub's validation found wrong", async () => {
    await host.deleteBranch('gone');
    const error = await refusal(
      host.createPullRequest({ title: 't', body: 'b', branch: 'gone', base: 'main', labels: ['drift'] }),
    );
    expect(error.status).toBe(422);
    expect(error.message).toContain('422 Validation Failed: PullRequest head invalid');
    expect(error.forbidden).toBe(false);
  });

  it('quotes the message GitHub gave with a validation error', async () => {
    await host.createPullRequest({ title: 't', body: 'b', branch: 'x', base: 'main', labels: [] });
    const error = await refusal(
      host.createPullRequest({ title: 't', body: 'b', branch: 'x', base: 'main', labels: [] }),
    );
    expect(error.message).toContain(
      '422 Validation Failed: A pull request already exists for neo-hosting:x.',
    );
  });
});
