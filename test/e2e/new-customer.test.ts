import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMarker } from '../../src/github/index.js';
import { filesUnder, localCloudDir, managedResource } from '../commands/local-cloud.js';
import { newCustomerFile } from './customer-files.js';
import { type Platform, startPlatform } from './platform.js';
import { openIssues, theComment, tierPrice } from './views.js';

/**
 * Story 1: support staff onboard a customer with a pull request that adds its file. Everything
 * goes through the workflows' own neo steps, a real git remote, the fake GitHub and the local
 * cloud.
 */

let platform: Platform;
let pr: number;

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

describe('adding a customer by pull request', () => {
  it('plans the new customer in one comment, with its summary and price', async () => {
    const { developer, github } = platform;
    const proposal = await developer.propose(
      'onboard-harbor-dental',
      'Onboard Harbor Dental on NEO Core',
      (d) =>
        d.write(
          'customers/harbor-dental.yaml',
          newCustomerFile('harbor-dental', 'Harbor Dental', '10.90.0.0/20'),
        ),
    );
    pr = proposal.pr;
    const head = proposal.head;

    const job = await platform.plan(pr);
    expect(job.succeeded).toBe(true);
    expect(job.step('Validate (annotations on the diff)').out).toBe('✔ 14 files checked: no problems\n');
    expect(job.step('Plan and comment').err).toContain('plan comment created');

    const comment = theComment(github, pr, 'plan');
    const lines = comment.body.split('\n');
    expect(lines[1]).toMatch(
      new RegExp(
        `^### neo plan · 1 customer: 1 added · \\d+ to add, 0 to change, 0 to destroy · \\+\\$${tierPrice('core')}/month revenue · AWS est\\. \\+\\$[\\d.]+/month$`,
      ),
    );
    expect(comment.body).toContain(`| \`harbor-dental\` | added | core | — → $${tierPrice('core')} |`);
    expect(comment.body).toContain(
      '`aws_s3_bucket.backups` |  |  | `bucket neo-production-harbor-dental-backups`',
    );
    expect(readMarker(comment.body, 'plan')?.fields.head).toBe(head);
    // The same plan is the job summary, and the neo-plan artifact holds it as JSON.
    expect(job.summary).toContain(lines[1]);
    const artifact = JSON.parse(job.file('.neo/plan.json')) as { customers: Array<{ customerId: string }> };
    expect(artifact.customers.map((c) => c.customerId)).toEqual(['harbor-dental']);
  });

  it('updates that same comment when the branch gets another push', async () => {
    const { developer, github } = platform;
    const before = theComment(github, pr, 'plan');
    developer.edit('customers/harbor-dental.yaml', 'plan: core', 'plan: scale');
    const head = await developer.push('harbor-dental: NEO Scale after all');

    const job = await platform.plan(pr);
    expect(job.succeeded).toBe(true);
    expect(job.step('Plan and comment').err).toContain('plan comment updated');
    const after = theComment(github, pr, 'plan');
    expect(after.id).toBe(before.id);
    expect(readMarker(after.body, 'plan')?.fields.head).toBe(head);
    expect(after.body).toContain(`| \`harbor-dental\` | added | scale | — → $${tierPrice('scale')} |`);
    expect(after.body).not.toContain('Outdated');
  });

  it('creates the customer in the cloud once merged, and reports on the pull request', async () => {
    const { developer, github } = platform;
    await developer.merge(pr);
    const job = await platform.apply();
    expect(job.succeeded).toBe(true);
    expect(job.step('Apply').out).toMatch(/^harbor-dental +active +applied +\+\d+ +✓/m);
    expect(job.step('Apply').out).toMatch(
      /^neo apply · Applied 1 customer to the local cloud at \w+; 7 unaffected$/m,
    );

    const server = managedResource(platform.console, 'harbor-dental', 'aws_instance.server');
    expect(server.tags['neo:customer']).toBe('harbor-dental');
    expect(server.attributes.instance_type).toBe('t3.medium');
    const zone = managedResource(platform.console, 'harbor-dental', 'aws_route53_zone.main');
    expect(zone.attributes.name).toBe('harbor-dental-example.com');

    const report = theComment(github, pr, 'apply');
    expect(job.summary).toContain('### neo apply · Applied 1 customer to the local cloud');
    expect(report.body).toContain('Applied 1 customer to the local cloud');
    expect(report.body).toContain('harbor-dental');
    expect(openIssues(github, 'apply-failed')).toEqual([]);
  });

  it('changes nothing when the apply runs again', async () => {
    const cloud = filesUnder(localCloudDir(platform.console));
    const job = await platform.apply();
    expect(job.succeeded).toBe(true);
    expect(job.step('Apply').out).toMatch(
      /^neo apply · Nothing to apply at \w+: all 8 customers are as last applied/,
    );
    expect(filesUnder(localCloudDir(platform.console))).toEqual(cloud);
    // The pull request keeps the report of what its merge applied.
    expect(job.step('Apply').err).toContain(`apply report on #${pr}`);
    expect(theComment(platform.github, pr, 'apply').body).toContain('Applied 1 customer to the local cloud');
  });
});
