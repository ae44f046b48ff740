import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplyReport, CustomerApplyResult } from '../../src/apply/index.js';
import {
  APPLY_FAILED_LABEL,
  type ApplyRun,
  mergedPullRequest,
  publishApplyReport,
} from '../../src/github/apply-report.js';
import { GITHUB_BODY_LIMIT } from '../../src/github/sticky.js';
import type { CodeHost, PullRequest } from '../../src/github/types.js';
import { renderApplyMarkdown } from '../../src/report/index.js';
import type { FakeGitHub } from '../helpers/fake-github.js';
import { requestsDuring, sha, startHost, writes } from './host.js';

const RUN_URL = 'https://github.com/neo-hosting/platform/actions/runs/77';
const C1 = sha('c1');
const C2 = sha('c2');
const C3 = sha('c3');

let fake: FakeGitHub;
let host: CodeHost;

beforeEach(async () => {
  ({ fake, host } = await startHost());
});
afterEach(async () => {
  await fake.close();
});

/** A pull request merged on the fake, as the host reads it back through its merge commit. */
async function mergedPr(branch: string): Promise<{ pr: PullRequest; commit: string }> {
  const { number } = fake.openPullRequest({ head: branch, title: `change on ${branch}` });
  const commit = await fake.mergePullRequest(number);
  const pr = await mergedPullRequest(host, commit);
  if (pr === undefined) throw new Error(`no pull request for ${commit}`);
  return { pr, commit };
}

/** An apply run whose report is `report` (by default a headline naming the commit). */
function run(commit: string, partial: Partial<ApplyRun> & { report?: string } = {}): ApplyRun {
  const {
    report = `### neo apply · Applied 3 customers to AWS at ${commit.slice(0, 7)}\n\nthe table\n`,
    ...rest
  } = partial;
  return {
    commit,
    runUrl: RUN_URL,
    troubled: false,
    dryRun: false,
    idle: false,
    render: () => report,
    ...rest,
  };
}

const failureIssues = () => fake.issues().filter((i) => !i.pull && i.labels.includes(APPLY_FAILED_LABEL));
const issueWrites = (requests: Parameters<typeof writes>[0]) =>
  writes(requests).filter(
    (r) => r.path.match(/\/issues(\/\d+)?$/) || r.path.match(/\/issues\/\d+\/comments$/),
  );

describe('mergedPullRequest', () => {
  it('finds the pull request merged as a merge commit', async () => {
    const { number } = fake.openPullRequest({ head: 'feature', title: 'a change' });
    const merge = await fake.mergePullRequest(number);
    expect(await mergedPullRequest(host, merge)).toMatchObject({ number, branch: 'feature', merged: true });
  });

  it('finds the pull request a squash commit made elsewhere belongs to', async () => {
    const { number } = fake.openPullRequest({ head: 'feature', title: 'a change' });
    await fake.mergePullRequest(number);
    const squash = sha('5a');
    fake.associateCommit(squash, number);
    expect(await mergedPullRequest(host, squash)).toMatchObject({ number, merged: true });
  });

  it('prefers the merged pull request when the commit belongs to an open one too', async () => {
    const open = fake.openPullRequest({ head: 'other', title: 'still open' }).number;
    const merged = fake.openPullRequest({ head: 'feature', title: 'merged' }).number;
    const merge = await fake.mergePullRequest(merged);
    fake.associateCommit(merge, open);
    expect((await host.pullRequestsOf(merge)).map((p) => p.number)).toEqual([open, merged]);
    expect(await mergedPullRequest(host, merge)).toMatchObject({ number: merged, merged: true });
  });

  it('finds none when only an open pull request holds the commit: its labels decide nothing', async () => {
    const { number } = fake.openPullRequest({ head: 'feature', title: 'still open' });
    const head = fake.pullRequests().find((p) => p.number === number)?.pull?.headSha ?? '';
    fake.associateCommit(head, number);
    expect(await mergedPullRequest(host, head)).toBeUndefined();
  });

  it('finds none for a direct push', async () => {
    expect(await mergedPullRequest(host, sha('d1'))).toBeUndefined();
  });
});

describe('publishApplyReport: the report on the merged pull request', () => {
  it('comments the report under a marker naming the commit, with the run', async () => {
    const { pr, commit } = await mergedPr('feature');
    const asked: unknown[] = [];
    const published = await publishApplyReport(
      host,
      run(commit, {
        render: (options) => {
          asked.push(options);
          return '### neo apply · Applied 1 customer\n\nthe table\n';
        },
      }),
      pr,
    );
    const [comment, ...more] = fake.comments(pr.number);
    expect(more).toEqual([]);
    expect(comment?.body).toBe(
      `<!-- neo:apply commit=${commit} -->\n### neo apply · Applied 1 customer\n\nthe table\n\n<sub>[workflow run](${RUN_URL})</sub>\n`,
    );
    expect(published).toEqual({
      pullRequest: { number: pr.number, url: expect.stringContaining(`#issuecomment-${comment?.id}`) },
    });
    expect(asked).toEqual([
      { maxChars: expect.any(Number), fullReportAt: `[the apply job's log](${RUN_URL})` },
    ]);
    expect((asked[0] as { maxChars: number }).maxChars).toBeLessThan(GITHUB_BODY_LIMIT);
  });

  it("points to the apply job's log without a link when there is no run", async () => {
    const { pr, commit } = await mergedPr('feature');
    let where: string | undefined;
    await publishApplyReport(
      host,
      run(commit, {
        runUrl: undefined,
        render: (options) => {
          where = options.fullReportAt;
          return 'report\n';
        },
      }),
      pr,
    );
    expect(where).toBe("the apply job's log");
    expect(fake.comments(pr.number)[0]?.body).toBe(`<!-- neo:apply commit=${commit} -->\nreport\n`);
  });

  it('replaces the report when the same commit is applied again, and leaves it when it is the same', async () => {
    const { pr, commit } = await mergedPr('feature');
    await publishApplyReport(host, run(commit, { report: 'first try\n' }), pr);
    const [first] = fake.comments(pr.number);
    await publishApplyReport(host, run(commit, { report: 'second try\n' }), pr);
    expect(fake.comments(pr.number).map((c) => [c.id, c.body.split('\n')[1]])).toEqual([
      [first?.id, 'second try'],
    ]);
    const again = await requestsDuring(fake, () =>
      publishApplyReport(host, run(commit, { report: 'second try\n' }), pr),
    );
    expect(writes(again)).toEqual([]);
  });

  it('keeps the report of what was applied when a re-run of the commit finds nothing to do', async () => {
    const { pr, commit } = await mergedPr('rerun');
    await publishApplyReport(host, run(commit, { report: 'applied harbor-dental\n' }), pr);
    const rerun = await requestsDuring(fake, () =>
      publishApplyReport(host, run(commit, { report: 'nothing to apply\n', idle: true }), pr),
    );
    expect(writes(rerun)).toEqual([]);
    expect(fake.comments(pr.number).map((c) => c.body.split('\n')[1])).toEqual(['applied harbor-dental']);
    // A first report is still written when the first run found nothing to do.
    const other = await mergedPr('noop');
    await publishApplyReport(host, run(other.commit, { report: 'nothing to apply\n', idle: true }), other.pr);
    expect(fake.comments(other.pr.number).map((c) => c.body.split('\n')[1])).toEqual(['nothing to apply']);
  });

  it('reports a later commit on its own pull request, leaving the first one', async () => {
    const one = await mergedPr('one');
    const two = await mergedPr('two');
    await publishApplyReport(host, run(one.commit), one.pr);
    const before = fake.comments(one.pr.number);
    await publishApplyReport(host, run(two.commit), two.pr);
    expect(fake.comments(one.pr.number)).toEqual(before);
    expect(fake.comments(two.pr.number).map((c) => c.body.split('\n')[0])).toEqual([
      `<!-- neo:apply commit=${two.commit} -->`,
    ]);
  });

  it('keeps one report per commit when two commits are applied from one pull request', async () => {
    const { pr, commit } = await mergedPr('feature');
    const later = sha('1a7e');
    fake.associateCommit(later, pr.number);
    await publishApplyReport(host, run(commit), pr);
    await publishApplyReport(host, run(later, { report: 'later, first try\n' }), pr);
    await publishApplyReport(host, run(later, { report: 'later, second try\n' }), pr);
    expect(fake.comments(pr.number).map((c) => c.body.split('\n').slice(0, 2).join(' | '))).toEqual([
      `<!-- neo:apply commit=${commit} --> | ### neo apply · Applied 3 customers to AWS at ${commit.slice(0, 7)}`,
      `<!-- neo:apply commit=${later} --> | later, second try`,
    ]);
  });

  it('publishes nothing for a dry run', async () => {
    const { pr, commit } = await mergedPr('feature');
    const requests = await requestsDuring(fake, async () => {
      expect(await publishApplyReport(host, run(commit, { dryRun: true, troubled: true }), pr)).toEqual({});
    });
    expect(requests).toEqual([]);
  });

  it('comments nowhere for a direct push that went well', async () => {
    const requests = await requestsDuring(fake, async () => {
      expect(await publishApplyReport(host, run(C1), undefined)).toEqual({});
    });
    expect(writes(requests)).toEqual([]);
  });
});

describe('publishApplyReport: the failure issue', () => {
  const troubled = (
    commit: string,
    report = `### neo apply · 1 failed at ${commit.slice(0, 7)}\n\ndetails\n`,
  ) => run(commit, { troubled: true, report });

  it('opens an issue naming the commit, its pull request and the report', async () => {
    const { pr, commit } = await mergedPr('feature');
    const published = await publishApplyReport(host, troubled(commit), pr);
    const [issue, ...more] = failureIssues();
    expect(more).toEqual([]);
    expect(issue?.title).toBe(`neo apply: 1 failed at ${commit.slice(0, 7)}`);
    expect(issue?.labels).toEqual([APPLY_FAILED_LABEL]);
    const body = issue?.body ?? '';
    expect(body.split('\n')[0]).toBe(`<!-- neo:apply-failure commit=${commit} -->`);
    expect(body).toContain(`The apply of \`${commit.slice(0, 7)}\` (merged in #${pr.number}) did not finish`);
    expect(body).toContain(`### neo apply · 1 failed at ${commit.slice(0, 7)}\n\ndetails`);
    expect(body).toContain(`[workflow run](${RUN_URL})`);
    expect(published.failureIssue).toEqual({
      number: issue?.number,
      url: expect.stringMatching(/\/issues\/\d+$/),
      action: 'opened',
    });
    expect(published.pullRequest?.number).toBe(pr.number);
  });

  it('opens one for a direct push too, without a pull request to name', async () => {
    await publishApplyReport(host, troubled(C1), undefined);
    const [issue] = failureIssues();
    expect(issue?.body).toContain(`The apply of \`${C1.slice(0, 7)}\` did not finish`);
    expect(issue?.body).not.toContain('merged in');
  });

  it('updates the same issue while applies keep failing, saying so once per commit', async () => {
    await publishApplyReport(host, troubled(C1), undefined);
    const [opened] = failureIssues();
    const published = await publishApplyReport(host, troubled(C2), undefined);
    const [issue, ...more] = failureIssues();
    expect(more).toEqual([]);
    expect(issue?.number).toBe(opened?.number);
    expect(issue?.title).toBe(`neo apply: 1 failed at ${C2.slice(0, 7)}`);
    expect(issue?.body?.split('\n')[0]).toBe(`<!-- neo:apply-failure commit=${C2} -->`);
    expect(published.failureIssue).toMatchObject({ number: opened?.number, action: 'updated' });
    expect(fake.comments(opened?.number ?? 0).map((c) => c.body)).toEqual([
      `Still failing at \`${C2.slice(0, 7)}\`: the description is updated.`,
    ]);

    // A re-run of the same commit failing the same way changes nothing.
    const rerun = await requestsDuring(fake, () => publishApplyReport(host, troubled(C2), undefined));
    expect(writes(rerun)).toEqual([]);
  });

  it('edits the description, without a comment, when a re-run of the commit fails differently', async () => {
    await publishApplyReport(host, troubled(C1), undefined);
    await publishApplyReport(host, troubled(C1, '### neo apply · 2 failed\n'), undefined);
    const [issue] = failureIssues();
    expect(issue?.title).toBe('neo apply: 2 failed');
    expect(fake.comments(issue?.number ?? 0)).toEqual([]);
  });

  it('closes the issue, saying so, when an apply succeeds for every customer', async () => {
    await publishApplyReport(host, troubled(C1), undefined);
    const [opened] = failureIssues();
    const published = await publishApplyReport(host, run(C3), undefined);
    expect(fake.issue(opened?.number ?? 0)?.state).toBe('closed');
    expect(fake.comments(opened?.number ?? 0).map((c) => c.body)).toEqual([
      `Resolved: the apply of \`${C3.slice(0, 7)}\` succeeded for every customer ([workflow run](${RUN_URL})). Closing.`,
    ]);
    expect(published.failureIssue).toEqual({
      number: opened?.number,
      url: opened && expect.any(String),
      action: 'closed',
    });

    // The next failure is a new incident: a new issue.
    await publishApplyReport(host, troubled(C2), undefined);
    expect(failureIssues().map((i) => [i.number === opened?.number, i.state])).toEqual([
      [true, 'closed'],
      [false, 'open'],
    ]);
  });

  it('touches no issue when an apply succeeds and none is open', async () => {
    const { pr, commit } = await mergedPr('feature');
    const requests = await requestsDuring(fake, () => publishApplyReport(host, run(commit), pr));
    expect(issueWrites(requests).map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /repos/neo-hosting/platform/issues/${pr.number}/comments`,
    ]);
    expect(fake.issues().filter((i) => !i.pull)).toEqual([]);
  });

  it("leaves a person's issue with the label alone", async () => {
    const theirs = await host.createIssue({
      title: 'apply is broken?',
      body: 'I saw a red run',
      labels: [APPLY_FAILED_LABEL],
    });
    await publishApplyReport(host, troubled(C1), undefined);
    await publishApplyReport(host, run(C2), undefined);
    expect(fake.issue(theirs.number)).toMatchObject({
      title: 'apply is broken?',
      body: 'I saw a red run',
      state: 'open',
    });
    expect(fake.comments(theirs.number)).toEqual([]);
    expect(failureIssues().map((i) => i.state)).toEqual(['open', 'closed']);
  });
});

describe('publishApplyReport with the real apply report', () => {
  const TERRAFORM_ERROR = `╷
│ Error: creating EC2 Instance: operation error EC2: RunInstances, api error InsufficientInstanceCapacity: We currently do not have sufficient t3.xlarge capacity in the Availability Zone you requested (us-east-2a).
│
│   with aws_instance.server,
│   on cdk.tf.json line 214, in resource.aws_instance.server:
╵
`;

  function result(customerId: string, partial: Partial<CustomerApplyResult> = {}): CustomerApplyResult {
    return {
      customerId,
      status: 'active',
      outcome: 'applied',
      counts: { create: 0, update: 1, replace: 0, delete: 0, forget: 0, 'no-op': 46 },
      attempts: 1,
      durationMs: 30_000,
      commit: C1,
      previousCommit: C2,
      ...partial,
    };
  }

  it('names the failed customer, Terraform’s error and the command to retry it in the issue', async () => {
    const { pr, commit } = await mergedPr('feature');
    const report: ApplyReport = {
      formatVersion: 1,
      cloud: 'aws',
      commit,
      rollback: false,
      startedAt: '2026-11-25T14:02:11.000Z',
      durationMs: 190_000,
      customers: [
        result('acme-corp'),
        result('bluefin-bakery'),
        result('lumen-analytics', {
          outcome: 'failed',
          error: { step: 'apply', message: TERRAFORM_ERROR },
          attempts: 3,
        }),
      ],
      unaffected: 4,
      notes: [],
    };
    const published = await publishApplyReport(
      host,
      {
        commit,
        runUrl: RUN_URL,
        troubled: true,
        dryRun: false,
        idle: false,
        render: (o) => renderApplyMarkdown(report, o),
      },
      pr,
    );
    expect(published.failureIssue?.action).toBe('opened');
    const [issue] = failureIssues();
    expect(issue?.title).toBe(
      `neo apply: Applied 2 of 3 customers to aws at ${commit.slice(0, 12)}: 1 failed; 4 unaffected`,
    );
    const body = issue?.body ?? '';
    expect(body).toContain('<b>lumen-analytics</b> · failed at apply after 3 attempts');
    expect(body).toContain(
      '│ Error: creating EC2 Instance: operation error EC2: RunInstances, api error InsufficientInstanceCapacity',
    );
    expect(body).toContain('# retry\nneo apply --cloud aws lumen-analytics\n');
    expect(body).toContain(`neo apply --cloud aws --at ${C2.slice(0, 12)} lumen-analytics`);
    expect(body).not.toContain('neo apply --cloud aws acme-corp');

    const [comment] = fake.comments(pr.number);
    expect(comment?.body).toContain('| `lumen-analytics` | active | ⛔ failed at apply |');
  });
});
