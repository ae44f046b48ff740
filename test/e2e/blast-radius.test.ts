import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudResources } from '../commands/local-cloud.js';
import { type Platform, startPlatform } from './platform.js';
import { theComment } from './views.js';

/**
 * A change to almost every customer at once (a platform-wide setting in neo.yaml) exceeds the
 * blast radius: the plan fails until a reviewer accepts it with the `allow-blast-radius` label,
 * and an apply over the radius without that acceptance changes nothing until someone runs it by
 * hand with the workflow's `allow-blast-radius` input.
 */

let platform: Platform;
let pr: number;
const ONCALL = 'oncall@neo-hosting.example';
const OPS_EMAILS = 'opsEmails: [noc@neo-hosting.example]';
const SECURITY = 'security@neo-hosting.example';
let revertPr: number;

/** Customers whose alerts reach the on-call rota, as the cloud holds their subscriptions. */
const alerting = (customers: string[]) =>
  customers.filter((id) =>
    cloudResources(platform.console, id).some(
      (r) => r.type === 'aws_sns_topic_subscription' && r.attributes.endpoint === ONCALL,
    ),
  );
const ACTIVE = ['acme-corp', 'bluefin-bakery', 'lumen-analytics', 'nordlicht-media', 'tidewater-travel'];

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

describe('a change over the blast radius', () => {
  it('fails the plan check until a reviewer accepts it with the label', async () => {
    const { developer, github } = platform;
    ({ pr } = await developer.propose('alerts-to-oncall', 'Alerts also go to the on-call rota', (d) =>
      d.edit('neo.yaml', OPS_EMAILS, `opsEmails: [noc@neo-hosting.example, ${ONCALL}]`),
    ));
    const refused = await platform.plan(pr);
    expect(refused.succeeded).toBe(false);
    expect(refused.step('Plan and comment').out).toContain(
      'BLAST RADIUS EXCEEDED: 6 of 7 customers change (86 %, the limit is 20 %)',
    );
    const before = theComment(github, pr, 'plan');
    expect(before.body).toContain('> **Blast radius exceeded:** 6 of 7 customers change');

    await developer.label(pr, 'allow-blast-radius');
    const accepted = await platform.plan(pr);
    expect(accepted.succeeded).toBe(true);
    const after = theComment(github, pr, 'plan');
    expect(after.id).toBe(before.id);
    expect(after.body).toContain('> **Blast radius exceeded, override given:** 6 of 7 customers change');
  });

  it('applies it after the merge, accepted by the label on the merged pull request', async () => {
    await platform.developer.merge(pr);
    const job = await platform.apply();
    expect(job.succeeded).toBe(true);
    expect(job.step('Apply').out).toMatch(/^neo apply · Applied 6 customers to the local cloud/);
    expect(theComment(platform.github, pr, 'apply').body).toContain('allow-blast-radius');
    expect(alerting(ACTIVE)).toEqual(ACTIVE);
  });

  it('changes nothing over the radius without acceptance', async () => {
    const { developer } = platform;
    // Merged without the label (an administrator bypassing the failed check).
    const { pr: revert } = await developer.propose(
      'alerts-back-to-noc',
      'Alerts to the NOC only again',
      (d) => d.edit('neo.yaml', `opsEmails: [noc@neo-hosting.example, ${ONCALL}]`, OPS_EMAILS),
    );
    expect((await platform.plan(revert)).succeeded).toBe(false);
    await developer.merge(revert);
    const stopped = await platform.apply();
    expect(stopped.succeeded).toBe(false);
    expect(stopped.step('Apply').out).toMatch(
      /^neo apply · Nothing applied to the local cloud at \w+: the change exceeds the blast-radius limits$/m,
    );
    expect(stopped.step('Apply').out).not.toContain('destroy guard');
    expect(alerting(ACTIVE)).toEqual(ACTIVE);
    revertPr = revert;
  });

  it('takes no acceptance from a label added after the merge: no reviewed plan carried it', async () => {
    await platform.developer.label(revertPr, 'allow-blast-radius');
    const again = await platform.apply();
    expect(again.succeeded).toBe(false);
    expect(again.step('Apply').out).toContain(
      `The label allow-blast-radius on #${revertPr} accepts nothing: the plan of the merged head was posted without it`,
    );
    expect(alerting(ACTIVE)).toEqual(ACTIVE);
  });

  it("does not let a later pull request's label carry the changes held back before it", async () => {
    const { developer } = platform;
    const { pr: later } = await developer.propose('alerts-to-security', 'Alerts also go to security', (d) =>
      d.edit('neo.yaml', OPS_EMAILS, `opsEmails: [noc@neo-hosting.example, ${SECURITY}]`),
    );
    await developer.label(later, 'allow-blast-radius');
    expect((await platform.plan(later)).succeeded).toBe(true);
    await developer.merge(later);

    // Its plan started from the reverted stacks; the cloud still has the on-call ones, so the
    // apply would also carry the revert, which no plan with the label showed.
    const held = await platform.apply();
    expect(held.succeeded).toBe(false);
    expect(held.step('Apply').out).toContain(
      `The label allow-blast-radius on #${later} accepts only the changes its plan showed. This run also holds changes its plan did not show (acme-corp, bluefin-bakery, kestrel-legal, lumen-analytics, nordlicht-media, tidewater-travel)`,
    );
    expect(alerting(ACTIVE)).toEqual(ACTIVE);

    const manual = await platform.apply({ allowBlastRadius: true });
    expect(manual.succeeded).toBe(true);
    expect(manual.step('Apply').out).toMatch(/^neo apply · Applied 6 customers to the local cloud/);
    expect(alerting(ACTIVE)).toEqual([]);
  });
});
