import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesUnder, localCloudDir } from '../commands/local-cloud.js';
import { type Platform, startPlatform } from './platform.js';
import { openIssues, theComment } from './views.js';

/**
 * A failure story: a pull request with a typo in a customer file. The plan check fails with the
 * problem annotated on its line, and nothing reaches the cloud, not even when the pull request
 * is merged regardless (an administrator bypassing branch protection).
 */

let platform: Platform;
let pr: number;
let cloud: ReturnType<typeof filesUnder>;

beforeAll(async () => {
  platform = await startPlatform();
  cloud = filesUnder(localCloudDir(platform.console));
});
afterAll(() => platform?.close());

describe('an invalid spec in a pull request', () => {
  it('fails the plan check, with the problem annotated on its line and posted as the plan comment', async () => {
    const { developer, github } = platform;
    ({ pr } = await developer.propose('bluefin-bakery-upgrade', 'bluefin-bakery: upgrade', (d) =>
      d.edit('customers/bluefin-bakery.yaml', 'plan: core', 'plan: coer'),
    ));

    const job = await platform.plan(pr);
    expect(job.succeeded).toBe(false);
    const validate = job.step('Validate (annotations on the diff)');
    expect(validate.code).toBe(1);
    expect(validate.out).toBe(
      '::error file=customers/bluefin-bakery.yaml,line=6,col=7,title=neo validate::there is no plan tier `coer` in plans/: did you mean `core`?\n✖ 1 error in 1 file (13 files checked)\n',
    );
    // The plan step runs anyway, so that the comment says what is wrong.
    expect(job.step('Plan and comment').code).toBe(1);
    const comment = theComment(github, pr, 'plan').body;
    expect(comment).toContain('### neo plan · the specs have 1 error');
    expect(comment).toContain(
      // Messages are escaped text: their backticks show as written.
      '- ❌ `customers/bluefin-bakery.yaml:6:7` there is no plan tier \\`coer\\` in plans/: did you mean \\`core\\`?',
    );
    expect(filesUnder(localCloudDir(platform.console))).toEqual(cloud);
  });

  it('applies nothing when merged regardless, and opens the failure issue', async () => {
    const { developer, github } = platform;
    await developer.merge(pr);
    const job = await platform.apply();
    expect(job.succeeded).toBe(false);
    expect(job.step('Apply').out).toContain(
      'customers/bluefin-bakery.yaml:6:7: error: there is no plan tier `coer`',
    );
    expect(filesUnder(localCloudDir(platform.console))).toEqual(cloud);
    const [issue, ...more] = openIssues(github, 'apply-failed');
    expect(more).toEqual([]);
    expect(issue?.title).toBe('neo apply: the specs have 1 error');
    expect(issue?.body).toContain(`(merged in #${pr})`);
  });

  it('applies the fixed spec on the next merge and closes the issue', async () => {
    const { github } = platform;
    const [issue] = openIssues(github, 'apply-failed');
    await platform.mergeReviewed('bluefin-bakery-fix-tier', 'bluefin-bakery: the tier is scale', (d) =>
      d.edit('customers/bluefin-bakery.yaml', 'plan: coer', 'plan: scale'),
    );

    const job = await platform.apply();
    expect(job.succeeded).toBe(true);
    expect(job.step('Apply').out).toMatch(/^bluefin-bakery +active +applied/m);
    expect(github.issue(issue?.number ?? 0)?.state).toBe('closed');
  });
});
