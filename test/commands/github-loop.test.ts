import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SimpleGit, simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/services/index.js';
import { type CommandContext, defaultContext } from '../../src/services/index.js';
import { type FakeGitHub, startFakeGitHub } from '../helpers/fake-github.js';
import { commitAll, committedExample } from '../helpers/git.js';
import { editFile, editManaged, managedResource, neo } from './local-cloud.js';

/**
 * `neo apply --comment` and `neo drift --open-prs` as apply.yml and drift.yml run them, on the
 * local cloud: a bare repository plays GitHub's git remote, the fake GitHub its API (real
 * Octokit), and pull requests are merged for real.
 */
let root: string;
let git: SimpleGit;
let github: FakeGitHub;
const cleanups: Array<() => void> = [];
const fastContext = (io: Io): CommandContext => ({ ...defaultContext(io), sleep: async () => {} });

beforeAll(async () => {
  const example = await committedExample();
  cleanups.push(example.cleanup);
  root = example.dir;
  git = example.git;
  const remote = mkdtempSync(join(tmpdir(), 'neo-origin-'));
  cleanups.push(() => rmSync(remote, { recursive: true, force: true }));
  await simpleGit().raw(['init', '--bare', '--initial-branch=main', remote]);
  await git.addRemote('origin', remote);
  await git.push('origin', 'main');
  github = await startFakeGitHub({ bareRepo: remote });
});
afterAll(async () => {
  await github.close();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function env(): Promise<Record<string, string>> {
  return {
    GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '77',
    GITHUB_TOKEN: 'ghs_applyToken',
    GITHUB_SHA: (await git.revparse(['HEAD'])).trim(),
  };
}

/**
 * A pull request from a branch with one change, merged on GitHub, then pulled here. `planned`:
 * plan.yml ran on its head first (its plan comment records that head).
 */
async function merged(
  branch: string,
  edit: () => void,
  message: string,
  planned = false,
  pushedAfterPlan?: () => void,
): Promise<number> {
  const base = (await git.revparse(['HEAD'])).trim();
  await git.checkoutLocalBranch(branch);
  edit();
  const head = await commitAll(git, message);
  await git.push('origin', branch);
  const pr = github.openPullRequest({ head: branch, title: message }).number;
  if (planned) {
    const event = join(root, '.neo-event.json');
    const pull_request = { number: pr, base: { sha: base, ref: 'main' }, head: { sha: head }, labels: [] };
    writeFileSync(event, JSON.stringify({ pull_request }));
    const plan = await neo(root, ['plan', '--comment'], fastContext, {
      ...(await env()),
      GITHUB_EVENT_PATH: event,
    });
    expect(plan.err).toContain('plan comment created');
  }
  if (pushedAfterPlan !== undefined) {
    pushedAfterPlan();
    await commitAll(git, `${message}, again`);
    await git.push('origin', branch);
  }
  await github.mergePullRequest(pr);
  await git.checkout('main');
  await git.pull('origin', 'main');
  return pr;
}

const writes = (from: number) => github.requests.slice(from).filter((r) => r.method !== 'GET');
const applyReports = (pr: number) => github.comments(pr).filter((c) => c.body.includes('<!-- neo:apply '));
const openIssues = (label: string) =>
  github.issues().filter((i) => i.pull === undefined && i.state === 'open' && i.labels.includes(label));

describe('neo apply --comment', () => {
  it('reports the apply on the merged pull request', async () => {
    const pr = await merged(
      'acme-cpu',
      () => editFile(root, 'customers/acme-corp.yaml', 'cpu: 80', 'cpu: 60'),
      'acme-corp: alert at 60 % CPU',
    );
    const run = await neo(root, ['apply', '--comment'], fastContext, await env());
    expect(run.code).toBe(0);
    expect(run.err).toContain(`apply report on #${pr}`);
    const [report, ...more] = applyReports(pr);
    expect(more).toEqual([]);
    expect(report?.body).toContain('### neo apply · Applied 7 customers to the local cloud');
    expect(report?.body).toContain(
      '[workflow run](https://github.example/neo-hosting/platform/actions/runs/77)',
    );
    expect(openIssues('apply-failed')).toEqual([]);
  });

  it('opens a failure issue for a refused customer, and closes it once an apply succeeds', async () => {
    const moved = await merged(
      'acme-zone',
      () =>
        editFile(
          root,
          'customers/acme-corp.yaml',
          '  panel: cyberpanel\n',
          '  panel: cyberpanel\n  availabilityZone: us-east-2b\n',
        ),
      'acme-corp: move to us-east-2b',
      true,
    );
    const refused = await neo(root, ['apply', '--comment'], fastContext, await env());
    expect(refused.code).toBe(1);
    const [issue, ...more] = openIssues('apply-failed');
    expect(more).toEqual([]);
    expect(issue?.title).toMatch(/^neo apply: /);
    expect(issue?.body).toContain(`(merged in #${moved})`);
    expect(issue?.body).toContain('acme-corp');
    expect(issue?.body).toContain('add server to allowDataLoss in customers/acme-corp.yaml');
    expect(applyReports(moved)[0]?.body).toContain('refused');
    expect(applyReports(moved)[0]?.body).not.toContain('plan comment');

    // Still refused on the next merge: the same issue is updated, never a second one.
    await merged(
      'bluefin-note',
      () => editFile(root, 'customers/bluefin-bakery.yaml', '192.0.2.0/28', '192.0.2.16/28'),
      'bluefin-bakery: new office network',
    );
    expect((await neo(root, ['apply', '--comment'], fastContext, await env())).code).toBe(1);
    expect(openIssues('apply-failed').map((i) => i.number)).toEqual([issue?.number]);
    expect(github.comments(issue?.number ?? 0).map((c) => c.body)).toEqual([
      expect.stringMatching(/^Still failing at `[0-9a-f]{7}` \(merged in #\d+\)/),
    ]);

    await merged(
      'acme-allow',
      () =>
        editFile(
          root,
          'customers/acme-corp.yaml',
          'status: active\n',
          'status: active\nallowDataLoss: [server, volumes, databases]\n',
        ),
      'acme-corp: allow the zone move to replace its server',
    );
    const allowed = await neo(root, ['apply', '--comment'], fastContext, await env());
    expect(allowed.code).toBe(0);
    expect(allowed.err).toContain(`failure issue #${issue?.number} closed`);
    expect(github.issue(issue?.number ?? 0)?.state).toBe('closed');
    expect(github.comments(issue?.number ?? 0).at(-1)?.body).toMatch(
      /^Resolved: the apply of `[0-9a-f]{7}` succeeded/,
    );
  });
});

describe('neo apply --comment: the plan the reviewers saw', () => {
  it('says so when the pull request was merged at a head its plan comment does not show', async () => {
    const pr = await merged(
      'lumen-cpu',
      () => editFile(root, 'customers/lumen-analytics.yaml', 'plan: scale', 'plan: scale # reviewed'),
      'lumen-analytics: a comment',
      true,
      () => editFile(root, 'customers/lumen-analytics.yaml', '# reviewed', '# reviewed twice'),
    );
    const run = await neo(root, ['apply', '--comment'], fastContext, await env());
    expect(run.code).toBe(0);
    // Notes are escaped text: `#6` carries a zero-width joiner, so it does not become a link.
    const number = `#\u200b?${pr}`;
    expect(applyReports(pr)[0]?.body).toMatch(
      new RegExp(
        `The plan comment on ${number} is for [0-9a-f]{7}, but ${number} was merged at [0-9a-f]{7}: what was applied was not the plan reviewers saw`,
      ),
    );
  });
});

describe('neo drift --open-prs', () => {
  const driftPullRequests = () =>
    github.pullRequests().filter((p) => p.pull?.head.startsWith('neo/drift/') && p.state === 'open');

  it('opens one pull request per drifted customer, then leaves it alone while the drift stays', async () => {
    expect((await neo(root, ['drift'])).code).toBe(0);
    editManaged(root, 'bluefin-bakery', 'aws_instance.server', (r) => {
      r.attributes.instance_type = 't3.large';
    });
    const first = await neo(root, ['drift', '--open-prs'], fastContext, await env());
    expect(first.err).toMatch(/Drift pull requests: 1 opened \(#\d+ bluefin-bakery\)/);
    expect(first.code).toBe(0);
    const [pr, ...more] = driftPullRequests();
    expect(more).toEqual([]);
    expect(pr?.labels).toEqual(['drift']);
    expect(pr?.pull?.head).toBe('neo/drift/bluefin-bakery');
    expect(pr?.body).toContain('Restores the spec');

    // Its plan says what merging does, and with the live cloud read, what drifted.
    await git.fetch('origin', 'neo/drift/bluefin-bakery');
    const plan = await neo(root, ['plan', '--base', 'main', '--head', 'FETCH_HEAD', '--cloud', 'local']);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('The drift record of bluefin-bakery changed: merging re-applies it');
    expect(plan.out).toContain('t3.large');

    const before = github.requests.length;
    const again = await neo(root, ['drift', '--open-prs'], fastContext, await env());
    expect(again.err).toMatch(/1 unchanged \(#\d+ bluefin-bakery\)/);
    expect(writes(before)).toEqual([]);
  });

  it('restores the spec when the drift pull request is merged: the apply picks the customer up', async () => {
    const [pr] = driftPullRequests();
    await github.mergePullRequest(pr?.number ?? 0);
    await git.pull('origin', 'main');
    const applied = await neo(root, ['apply', '--comment'], fastContext, await env());
    expect(applied.code).toBe(0);
    expect(applied.out).toMatch(/^bluefin-bakery +active +applied/m);
    expect(managedResource(root, 'bluefin-bakery', 'aws_instance.server').attributes.instance_type).not.toBe(
      't3.large',
    );
    const after = await neo(root, ['drift', '--open-prs'], fastContext, await env());
    expect(after.code).toBe(0);
    expect(after.err).toContain('Drift pull requests: none open, none needed');
  });

  it('closes the pull request and deletes its branch when the drift goes away by itself', async () => {
    const original =
      managedResource(root, 'tidewater-travel', 'aws_instance.server').attributes.instance_type ?? null;
    editManaged(root, 'tidewater-travel', 'aws_instance.server', (r) => {
      r.attributes.instance_type = 't3.xlarge';
    });
    await neo(root, ['drift', '--open-prs'], fastContext, await env());
    const [pr] = driftPullRequests();
    expect(pr?.pull?.head).toBe('neo/drift/tidewater-travel');
    editManaged(root, 'tidewater-travel', 'aws_instance.server', (r) => {
      r.attributes.instance_type = original;
    });
    const run = await neo(root, ['drift', '--open-prs'], fastContext, await env());
    expect(run.err).toMatch(/1 closed \(#\d+ tidewater-travel\)/);
    expect(github.issue(pr?.number ?? 0)?.state).toBe('closed');
    expect(github.comments(pr?.number ?? 0)[0]?.body).toContain('The drift of tidewater-travel is gone');
    const branches = await simpleGit({ baseDir: root }).raw(['ls-remote', '--heads', 'origin']);
    expect(branches).not.toContain('neo/drift/tidewater-travel');
  });
});
