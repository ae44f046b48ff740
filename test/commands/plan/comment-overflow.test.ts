import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../../helpers/fake-github.js';
import { commitAll, committedExample } from '../../helpers/git.js';
import type { Run } from '../local-cloud.js';
import { planOnPullRequest } from './pull-request.js';

/**
 * `neo plan --comment` as plan.yml runs it, on a pull request whose plan is larger than GitHub
 * takes in one comment: a sales campaign onboarding a dozen customers at once. Real Octokit
 * against the fake GitHub, which refuses a body over 65,536 characters as GitHub does.
 */
const GITHUB_BODY_LIMIT = 65_536;
const NEW_CUSTOMERS = Array.from(
  { length: 14 },
  (_, i) => `harbour-dental-${String(i + 1).padStart(2, '0')}`,
);

let root: string;
let cleanup: () => void;
let github: FakeGitHub;
let base: string;
let head: string;
let pr: number;
let run: Run;

const summaryFile = () => join(root, '.neo-summary.md');

/** A scale-tier customer as support staff write one, copied from acme-corp's file. */
function customerFile(template: string, id: string, index: number): string {
  return template
    .replaceAll('acme-corp', id)
    .replaceAll('acme-example.com', `${id}.example`)
    .replace('Acme Corp', `Harbour Dental ${index + 1}`)
    .replace('10.20.0.0/16', `10.${100 + index}.0.0/16`);
}

beforeAll(async () => {
  const example = await committedExample();
  ({ dir: root, cleanup } = example);
  base = (await example.git.revparse(['HEAD'])).trim();
  await example.git.checkoutLocalBranch('harbour-dental-onboarding');
  const template = readFileSync(join(root, 'customers/acme-corp.yaml'), 'utf8');
  NEW_CUSTOMERS.forEach((id, index) => {
    writeFileSync(join(root, 'customers', `${id}.yaml`), customerFile(template, id, index));
  });
  head = await commitAll(example.git, 'Onboard the Harbour Dental group: 14 practices');
  github = await startFakeGitHub();
  pr = github.openPullRequest({ head: 'harbour-dental-onboarding', title: 'Harbour Dental group' }).number;

  run = await planOnPullRequest({
    root,
    githubUrl: github.url,
    pr,
    base,
    head,
    headRef: 'harbour-dental-onboarding',
    token: 'ghs_planToken123',
    summaryFile: summaryFile(),
  });
}, 180_000);
afterAll(async () => {
  await github.close();
  cleanup();
});

const planComments = () => github.comments(pr).filter((c) => c.body.includes('<!-- neo:plan '));

describe('neo plan --comment with a plan too large for one comment', () => {
  it('posts the compact plan as the one plan comment, within GitHub’s limit', () => {
    expect(run.err).toContain('plan comment created');
    expect(run.code).toBe(0);
    const [comment, ...more] = planComments();
    expect(more).toEqual([]);
    expect(comment?.body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(comment?.body.split('\n')[0]).toBe(`<!-- neo:plan base=${base} head=${head} -->`);
    expect(comment?.body).toContain(`14 customers: 14 added`);
  });

  it('says what it left out and where the whole plan is', () => {
    const body = planComments()[0]?.body ?? '';
    expect(body).toContain("Left out to fit GitHub's comment size");
    expect(body).toContain(
      'the job summary and the `neo-plan` artifact of [this workflow run](https://github.example/neo-hosting/platform/actions/runs/4242)',
    );
  });

  it('puts the whole plan in the job summary and the artifact', () => {
    const summary = readFileSync(summaryFile(), 'utf8');
    const comment = planComments()[0]?.body ?? '';
    expect(summary.length).toBeGreaterThan(GITHUB_BODY_LIMIT);
    expect(summary).not.toContain("Left out to fit GitHub's comment size");
    for (const id of NEW_CUSTOMERS) {
      expect(summary).toContain(`<details><summary><b>${id}</b> · added`);
    }
    // The compact comment has no room for a customer's resources, the summary has all of them.
    expect(comment).not.toContain('`aws_vpc.main`');
    expect(summary.split('`aws_vpc.main`')).toHaveLength(NEW_CUSTOMERS.length + 1);
    const artifact = JSON.parse(readFileSync(join(root, '.neo/plan.json'), 'utf8')) as {
      customers: Array<{ customerId: string }>;
    };
    expect(artifact.customers.map((c) => c.customerId)).toEqual(NEW_CUSTOMERS);
  });
});
