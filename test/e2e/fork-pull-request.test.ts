import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudResources, editManaged, filesUnder, localCloudDir } from '../commands/local-cloud.js';
import { type Developer, type Platform, startPlatform, TOKENS } from './platform.js';
import type { JobResult } from './runner.js';
import { neoComments, theComment, writesSince } from './views.js';
import { workflowsOn } from './workflow.js';

/**
 * A contributor from outside proposes a change from a fork of the platform repository. GitHub
 * gives the plan run of a fork's pull request a read-only token and no secrets, variables or
 * OIDC token, and plan.yml keeps the AWS role to the repository's own branches: the plan is
 * offline, cannot be posted as a comment and goes to the job summary and the artifact instead.
 * Nothing reaches the cloud until maintainers merge it and the apply on main runs. Since no
 * plan is ever posted on the pull request, a reviewer's allow-blast-radius label cannot carry a
 * change over the blast radius: that takes a manual run of the apply.
 */

let platform: Platform;
let contributor: Developer;
let pr: number;
let plan: JobResult;
let cloud: ReturnType<typeof filesUnder>;
let requestsBefore: number;

const OFFICE = 'adminCidrs: [198.51.100.200/29]';
const NEW_OFFICE = 'adminCidrs: [198.51.100.200/29, 203.0.113.64/28]';
const SECOND_OFFICE = (d: Developer) => d.edit('customers/tidewater-travel.yaml', OFFICE, NEW_OFFICE);

const OPS_EMAILS = 'opsEmails: [noc@neo-hosting.example]';
const WITH_ONCALL = 'opsEmails: [noc@neo-hosting.example, oncall@neo-hosting.example]';

/** The CIDRs tidewater-travel's security group lets reach SSH, as the cloud holds them. */
const sshSources = () =>
  cloudResources(platform.console, 'tidewater-travel')
    .filter((r) => r.type === 'aws_vpc_security_group_ingress_rule' && r.attributes.from_port === 22)
    .map((r) => r.attributes.cidr_ipv4)
    .sort();

beforeAll(async () => {
  platform = await startPlatform();
  // Resized by hand in the console: a plan that reads the cloud shows it as live drift.
  editManaged(platform.console, 'tidewater-travel', 'aws_instance.server', (server) => {
    server.attributes.instance_type = 't3.large';
  });
  contributor = await platform.contributor('rosa-quint');
});
afterAll(() => platform?.close());

describe('a pull request from a fork', () => {
  it('starts only the workflows that hold no credentials', async () => {
    expect(await workflowsOn('pull_request')).toEqual(['plan.yml', 'test.yml']);
    // The trigger that would hand the repository's token and secrets to the fork's code.
    expect(await workflowsOn('pull_request_target')).toEqual([]);
  });

  it('is planned offline, without the role, into the job summary instead of a comment', async () => {
    ({ pr } = await contributor.propose(
      'tidewater-second-office',
      'tidewater-travel: admin access from the new office',
      SECOND_OFFICE,
    ));
    cloud = filesUnder(localCloudDir(platform.console));
    requestsBefore = platform.github.requests.length;
    plan = await platform.plan(pr);

    expect(plan.succeeded).toBe(true);
    expect(plan.steps.map((s) => [s.name, s.outcome]).slice(4)).toEqual([
      ['Validate (annotations on the diff)', 'success'],
      ['Assume the read-only AWS role', 'skipped'],
      ['Plan and comment', 'success'],
      ['Upload the plan', 'success'],
    ]);
    const step = plan.step('Plan and comment');
    expect(step.env).toEqual({
      GITHUB_TOKEN: TOKENS.forkPlan,
      AWS_ROLE_OUTCOME: 'skipped',
      ALLOW_BLAST_RADIUS: 'false',
    });
    expect(step.err).toContain(
      `GitHub refused to comment on #${pr} in neo-hosting/platform: 403 Resource not accessible by integration`,
    );
    expect(step.err).toContain('The plan is in the job summary instead.');
    expect(neoComments(platform.github, pr, 'plan')).toEqual([]);

    expect(plan.summary).toMatch(/^### neo plan · 1 customer: 1 changed/m);
    expect(plan.summary).toContain('tidewater-travel');
    expect(plan.summary).not.toMatch(/live drift/i);
    const artifact = JSON.parse(plan.artifacts['neo-plan'] ?? '{}') as {
      customers: Array<{ customerId: string }>;
    };
    expect(artifact.customers.map((c) => c.customerId)).toEqual(['tidewater-travel']);
  });

  it('acts on GitHub only with the read-only token, whose one write is refused', () => {
    const requests = platform.github.requests.slice(requestsBefore);
    expect(new Set(requests.map((r) => r.token))).toEqual(new Set([TOKENS.forkPlan]));
    expect(writesSince(platform.github, requestsBefore)).toEqual([
      `POST /repos/neo-hosting/platform/issues/${pr}/comments`,
    ]);
  });

  it('runs no step that reads a secret or holds AWS credentials, and applies nothing', () => {
    expect(plan.steps.filter((s) => s.secretsRead.length > 0)).toEqual([]);
    expect(plan.steps.filter((s) => s.outcome !== 'skipped' && s.name.includes('AWS role'))).toEqual([]);
    expect(plan.steps.flatMap((s) => Object.keys(s.env)).filter((name) => name.startsWith('AWS_'))).toEqual([
      'AWS_ROLE_OUTCOME',
    ]);
    expect(filesUnder(localCloudDir(platform.console))).toEqual(cloud);
  });

  it('is what a branch of the repository would not be: that plan reads the cloud and comments', async () => {
    const { pr: own } = await platform.developer.propose(
      'tidewater-second-office-in-house',
      'tidewater-travel: admin access from the new office (in house)',
      SECOND_OFFICE,
    );
    const job = await platform.plan(own);
    expect(job.succeeded).toBe(true);
    expect(job.step('Assume the read-only AWS role').outcome).toBe('success');
    expect(job.step('Plan and comment').env.GITHUB_TOKEN).toBe(TOKENS.plan);
    expect(job.summary).toMatch(/live drift/i);
    expect(theComment(platform.github, own, 'plan').body).toMatch(/live drift/i);
  });

  it('reaches the cloud only through the apply on main once merged, which notes no plan was posted', async () => {
    await platform.developer.merge(pr);
    const apply = await platform.apply();
    expect(apply.succeeded).toBe(true);
    expect(apply.step('Apply').out).toMatch(/^tidewater-travel +active +applied/m);
    expect(sshSources()).toContain('203.0.113.64/28');
    // The fork's plan could only go to the job summary, so the pull request holds none.
    expect(theComment(platform.github, pr, 'apply').body).toContain(
      // A zero-width space keeps GitHub from linking the number.
      `#\u200b${pr} has no plan comment: this change was applied without a plan reviewed on the pull request.`,
    );
  });
});

describe('a change from a fork over the blast radius', () => {
  let wide: number;
  const alertsToOncall = () =>
    cloudResources(platform.console, 'acme-corp').some(
      (r) =>
        r.type === 'aws_sns_topic_subscription' && r.attributes.endpoint === 'oncall@neo-hosting.example',
    );

  it('fails the plan check, with the plan in the job summary only', async () => {
    ({ pr: wide } = await contributor.propose('alerts-to-oncall', 'Alerts also go to the on-call rota', (c) =>
      c.edit('neo.yaml', OPS_EMAILS, WITH_ONCALL),
    ));
    const refused = await platform.plan(wide);
    expect(refused.succeeded).toBe(false);
    expect(refused.summary).toContain('**Blast radius exceeded:**');
    expect(neoComments(platform.github, wide, 'plan')).toEqual([]);
  });

  it('passes the plan check once a reviewer labels it, with the plan in the job summary only', async () => {
    await platform.developer.label(wide, 'allow-blast-radius');
    const accepted = await platform.plan(wide);
    expect(accepted.succeeded).toBe(true);
    expect(accepted.step('Plan and comment').env.ALLOW_BLAST_RADIUS).toBe('true');
    expect(accepted.summary).toContain('**Blast radius exceeded, override given:**');
    expect(neoComments(platform.github, wide, 'plan')).toEqual([]);
  });

  it('is not accepted by the label once merged: no plan carrying it was posted on the pull request', async () => {
    await platform.developer.merge(wide);
    const apply = await platform.apply();
    expect(apply.succeeded).toBe(false);
    expect(apply.step('Apply').out).toContain(
      `The label allow-blast-radius on #${wide} accepts nothing: no plan of the merged head`,
    );
    expect(alertsToOncall()).toBe(false);
  });

  it('is applied by a maintainer running the apply by hand with the allow-blast-radius input', async () => {
    const manual = await platform.apply({ allowBlastRadius: true });
    expect(manual.succeeded, manual.step('Apply').err).toBe(true);
    expect(alertsToOncall()).toBe(true);
  });
});
