import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { managedResource, writeCloudFile } from '../commands/local-cloud.js';
import { newCustomerFile } from './customer-files.js';
import { type Platform, startPlatform } from './platform.js';
import { openIssues, theComment } from './views.js';

/**
 * A failure story: three customers onboarded in one pull request, and one of them cannot be
 * created (its backup bucket's name was taken by hand in the console). The other two are
 * applied, a failure issue says what to do, and once it is done the next apply catches up.
 */

let platform: Platform;
let pr: number;
const TAKEN = 'neo-production-quarry-books-backups';

beforeAll(async () => {
  platform = await startPlatform();
  writeCloudFile(platform.console, 'console', [
    { type: 'aws_s3_bucket', id: TAKEN, region: 'us-east-2', tags: {}, attributes: { bucket: TAKEN } },
  ]);
});
afterAll(() => platform?.close());

const hasServer = (id: string) => {
  try {
    return managedResource(platform.console, id, 'aws_instance.server').id.startsWith('i-');
  } catch {
    return false;
  }
};

describe('an apply that fails for one of three customers', () => {
  it('applies the other two and opens a failure issue that says what to do', async () => {
    const { developer, github } = platform;
    ({ pr } = await developer.propose('onboard-november', 'Onboard the November customers', (d) => {
      d.write(
        'customers/harbor-dental.yaml',
        newCustomerFile('harbor-dental', 'Harbor Dental', '10.90.0.0/20'),
      );
      d.write('customers/quarry-books.yaml', newCustomerFile('quarry-books', 'Quarry Books', '10.91.0.0/20'));
      d.write('customers/willow-vets.yaml', newCustomerFile('willow-vets', 'Willow Vets', '10.92.0.0/20'));
    }));
    const plan = await platform.plan(pr);
    expect(plan.succeeded).toBe(true);
    expect(theComment(github, pr, 'plan').body).toContain('### neo plan · 3 customers: 3 added');
    await developer.merge(pr);

    const job = await platform.apply();
    expect(job.succeeded).toBe(false);
    const out = job.step('Apply').out;
    expect(out).toMatch(
      /^neo apply · Applied 2 of 3 customers to the local cloud at \w+: 1 failed; 7 unaffected$/m,
    );
    expect(out).toMatch(/^quarry-books +active +failed at apply/m);
    expect([hasServer('harbor-dental'), hasServer('quarry-books'), hasServer('willow-vets')]).toEqual([
      true,
      false,
      true,
    ]);

    expect(theComment(github, pr, 'apply').body).toContain(
      '| `quarry-books` | active | ⛔ failed at apply |',
    );
    const [issue, ...more] = openIssues(github, 'apply-failed');
    expect(more).toEqual([]);
    expect(issue?.title).toBe(
      'neo apply: Applied 2 of 3 customers to the local cloud at ' +
        `${(await platform.mainCommit()).slice(0, 12)}: 1 failed; 7 unaffected`,
    );
    expect(issue?.body).toContain(`BucketAlreadyOwnedByYou: the bucket ${TAKEN} already exists`);
    expect(issue?.body).toContain('Delete it, or import it into the customer');
    expect(issue?.body).toContain('neo apply --cloud local quarry-books');
  });

  it('catches up on the next apply once the bucket is dealt with, and closes the issue', async () => {
    const { github } = platform;
    const [issue] = openIssues(github, 'apply-failed');
    // Someone deletes the hand-made bucket in the console; then an unrelated change is merged.
    writeCloudFile(platform.console, 'console', []);
    await platform.mergeReviewed('lumen-analytics-review', 'lumen-analytics: note the review', (d) =>
      d.edit('customers/lumen-analytics.yaml', 'plan: scale', 'plan: scale # reviewed 2026-11'),
    );

    const job = await platform.apply();
    expect(job.succeeded).toBe(true);
    expect(job.step('Apply').out).toMatch(/^quarry-books +active +applied +\+\d+/m);
    expect(hasServer('quarry-books')).toBe(true);
    expect(job.step('Apply').err).toContain(`failure issue #${issue?.number} closed`);
    expect(github.comments(issue?.number ?? 0).at(-1)?.body).toMatch(
      /^Resolved: the apply of `[0-9a-f]{7}` succeeded for every customer/,
    );
    expect(openIssues(github, 'apply-failed')).toEqual([]);
  });
});
