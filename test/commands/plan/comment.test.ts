import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Io } from '../../../src/services/index.js';
import { type CommandContext, defaultContext } from '../../../src/services/index.js';
import { type FakeGitHub, startFakeGitHub } from '../../helpers/fake-github.js';
import { commitAll, committedExample } from '../../helpers/git.js';
import { editFile, neo } from '../local-cloud.js';

/**
 * `neo plan --comment` as plan.yml runs it: the pull request and its base from the event file,
 * real Octokit against a fake GitHub. The examples are on main; branch `feature` changes one
 * customer, then a second push changes another.
 */
let root: string;
let cleanup: () => void;
let github: FakeGitHub;
let base: string;
let head: string;
let pr: number;
const sleeps: number[] = [];
const fastContext = (io: Io): CommandContext => ({
  ...defaultContext(io),
  sleep: async (ms) => {
    sleeps.push(ms);
  },
});

beforeAll(async () => {
  const example = await committedExample();
  ({ dir: root, cleanup } = example);
  base = (await example.git.revparse(['HEAD'])).trim();
  await example.git.checkoutLocalBranch('feature');
  editFile(root, 'customers/acme-corp.yaml', 'cpu: 80', 'cpu: 60');
  head = await commitAll(example.git, 'acme-corp: alert at 60 % CPU');
  github = await startFakeGitHub();
  pr = github.openPullRequest({ head: 'feature', title: 'acme-corp: CPU alarm at 60 %' }).number;
});
afterAll(async () => {
  await github.close();
  cleanup();
});
beforeEach(() => {
  sleeps.length = 0;
});

function event(headSha: string, options: { fork?: boolean } = {}): string {
  const file = join(root, '.neo-event.json');
  writeFileSync(
    file,
    JSON.stringify({
      pull_request: {
        number: pr,
        base: { sha: base, ref: 'main' },
        head: {
          sha: headSha,
          ref: 'feature',
          repo: { full_name: options.fork ? 'someone/platform' : 'neo-hosting/platform' },
        },
        labels: [],
      },
    }),
  );
  return file;
}

function actionsEnv(headSha: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GITHUB_REPOSITORY: 'neo-hosting/platform',
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '4242',
    GITHUB_TOKEN: 'ghs_planToken123',
    GITHUB_EVENT_PATH: event(headSha),
    GITHUB_STEP_SUMMARY: join(root, '.neo-summary.md'),
    ...extra,
  };
}

const planComments = () => github.comments(pr).filter((c) => c.body.includes('<!-- neo:plan '));

describe('neo plan --comment', () => {
  it('posts one plan comment for the pull request, with the SHAs it was computed for', async () => {
    writeFileSync(join(root, '.neo-summary.md'), '');
    const run = await neo(
      root,
      ['plan', '--comment', '--out', '.neo/artifacts/plan.json'],
      fastContext,
      actionsEnv(head),
    );
    expect(run.err).toContain('plan comment created');
    expect(run.code).toBe(0);
    const [comment, ...more] = planComments();
    expect(more).toEqual([]);
    expect(comment?.body.split('\n')[0]).toBe(`<!-- neo:plan base=${base} head=${head} -->`);
    expect(comment?.body).toContain('### neo plan · 1 customer: 1 changed');
    expect(comment?.body).toContain('base `main`');
    expect(comment?.body).toContain('https://github.example/neo-hosting/platform/actions/runs/4242');
    expect(readFileSync(join(root, '.neo-summary.md'), 'utf8')).toContain(
      '### neo plan · 1 customer: 1 changed',
    );
    const json = JSON.parse(readFileSync(join(root, '.neo/artifacts/plan.json'), 'utf8'));
    expect(json.customers.map((c: { customerId: string }) => c.customerId)).toEqual(['acme-corp']);
    expect(github.requests.every((r) => r.token === 'ghs_planToken123')).toBe(true);
  });

  it('leaves the comment alone when the plan is the same', async () => {
    const before = github.requests.length;
    const run = await neo(root, ['plan', '--comment'], fastContext, actionsEnv(head));
    expect(run.err).toContain('plan comment unchanged');
    const writes = github.requests.slice(before).filter((r) => r.method !== 'GET');
    expect(writes).toEqual([]);
  });

  it('marks the plan outdated while planning a newer push, then replaces it in place', async () => {
    const git = (await import('simple-git')).simpleGit({ baseDir: root });
    editFile(root, 'customers/bluefin-bakery.yaml', '192.0.2.0/28', '192.0.2.16/28');
    const newer = await commitAll(git, 'bluefin-bakery: new office network');
    const before = github.requests.length;
    const run = await neo(root, ['plan', '--comment'], fastContext, actionsEnv(newer));
    expect(run.err).toContain('plan comment updated');
    const patches = github.requests.slice(before).filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(2);
    const marked = patches[0]?.body as { body?: string } | undefined;
    expect(marked?.body).toContain(
      `**Outdated:** this plan is for \`${head.slice(0, 7)}\`. neo is planning \`${newer.slice(0, 7)}\` now`,
    );
    const [comment, ...more] = planComments();
    expect(more).toEqual([]);
    expect(comment?.body).not.toContain('Outdated');
    expect(comment?.body).toContain(`head=${newer}`);
    expect(comment?.body).toContain('2 customers: 2 changed');
    head = newer;
  });

  it('posts the spec errors as the plan comment and fails', async () => {
    const git = (await import('simple-git')).simpleGit({ baseDir: root });
    editFile(root, 'customers/acme-corp.yaml', 'plan: scale', 'plan: scael');
    const broken = await commitAll(git, 'acme-corp: typo');
    const run = await neo(
      root,
      ['plan', '--comment', '--format', 'markdown'],
      fastContext,
      actionsEnv(broken),
    );
    expect(run.code).toBe(1);
    const [comment] = planComments();
    expect(comment?.body).toContain('### neo plan · the specs have 1 error');
    expect(comment?.body).toContain('customers/acme-corp.yaml:');
    expect(comment?.body).toContain('did you mean \\`scale\\`?');
    editFile(root, 'customers/acme-corp.yaml', 'plan: scael', 'plan: scale');
    head = await commitAll(git, 'acme-corp: fix the typo');
  });

  it("warns and passes when a fork's read-only token cannot comment", async () => {
    const forked = await startFakeGitHub({ readOnlyTokens: ['ghs_readOnly'] });
    try {
      forked.openPullRequest({ head: 'feature', title: 'from a fork' });
      const env = {
        ...actionsEnv(head),
        GITHUB_API_URL: forked.url,
        GITHUB_TOKEN: 'ghs_readOnly',
        GITHUB_EVENT_PATH: event(head, { fork: true }),
      };
      const run = await neo(root, ['plan', '--comment'], fastContext, env);
      expect(run.code).toBe(0);
      expect(run.err).toContain('Resource not accessible by integration');
      expect(run.err).toContain('The plan is in the job summary instead');
      expect(run.err).not.toContain('ghs_readOnly');
    } finally {
      await forked.close();
    }
  });

  it.each([
    [{ GITHUB_TOKEN: '' }, 'no GitHub token: set GITHUB_TOKEN'],
    [{ GITHUB_REPOSITORY: '' }, 'GITHUB_REPOSITORY is "": run in GitHub Actions'],
    [{ GITHUB_EVENT_PATH: '' }, '--comment needs a pull request'],
  ])('says what to set when %j is missing', async (override, message) => {
    const run = await neo(root, ['plan', '--comment'], fastContext, { ...actionsEnv(head), ...override });
    expect(run.code).not.toBe(0);
    expect(run.err).toContain(message);
  });
});
