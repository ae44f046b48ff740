import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cloudResources,
  editCloudFile,
  editManaged,
  managedResource,
  writeCloudFile,
} from '../commands/local-cloud.js';
import type { StoredResource } from '../helpers/aws-account.js';
import { type Platform, startPlatform } from './platform.js';
import { openDriftPullRequests, openIssues, theComment, writesSince } from './views.js';

/**
 * Story 3: people change the cloud by hand in the console; the nightly drift job opens one pull
 * request per drifted customer. Merging one restores the spec; editing the customer file on the
 * other adopts the live change instead.
 */

let platform: Platform;

const NEW_TOKEN = 'google-site-verification=Zr8fKq2LmW0pXc7vNe4T';
const isRecord = (id: string) => (r: StoredResource) => r.type === 'aws_route53_record' && r.id.endsWith(id);
const drifted = () =>
  openDriftPullRequests(platform.github)
    .map((p) => [p.pull?.head, p.number] as const)
    .sort();

beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => platform?.close());

describe('nightly drift', () => {
  let acme: number;
  let tidewater: number;

  it('opens exactly one pull request per drifted customer, and tracks an orphan in one issue', async () => {
    const { console: aws, github } = platform;
    // Three edits on two customers, as people make them in the console.
    editCloudFile(aws, 'acme-corp', (resources) => {
      const txt = resources.find(isRecord('_acme-example.com_TXT'));
      if (txt === undefined) throw new Error('acme-corp has no apex TXT record');
      txt.attributes.records = ['v=spf1 a mx ~all', NEW_TOKEN];
      resources.splice(resources.findIndex(isRecord('_blog.acme-example.com_CNAME')), 1);
    });
    editManaged(aws, 'tidewater-travel', 'aws_instance.server', (server) => {
      server.attributes.instance_type = 't3.large';
    });
    // A server left behind by a customer whose file is gone.
    writeCloudFile(aws, 'console', [
      {
        type: 'aws_instance',
        id: 'i-0c1d2e3f4a5b6c7d8',
        region: 'us-east-2',
        tags: { 'neo:customer': 'old-client', Name: 'server.old-client-example.com' },
        attributes: { instance_type: 't3.small' },
      },
    ]);

    const job = await platform.drift();
    expect(job.succeeded).toBe(true);
    const step = job.step('Drift pull requests');
    expect(step.err).toMatch(/2 opened \(#\d+ acme-corp, #\d+ tidewater-travel\)/);
    expect(drifted().map(([branch]) => branch)).toEqual([
      'neo/drift/acme-corp',
      'neo/drift/tidewater-travel',
    ]);
    [acme, tidewater] = drifted().map(([, number]) => number) as [number, number];

    const acmePr = github.issue(acme);
    expect(acmePr?.title).toBe('Drift: acme-corp (1 modified, 1 missing)');
    expect(acmePr?.labels).toEqual(['drift']);
    expect(acmePr?.body).toContain(NEW_TOKEN);
    expect(github.issue(tidewater)?.body).toContain('`instance_type`: spec `t3.small` → live `t3.large`');

    const [orphans, ...more] = openIssues(github, 'drift');
    expect(more).toEqual([]);
    expect(orphans?.body).toContain('old-client');
    expect(orphans?.body).toContain('i-0c1d2e3f4a5b6c7d8');
  });

  it('writes nothing the next night while the drift stays the same', async () => {
    const before = platform.github.requests.length;
    const job = await platform.drift();
    expect(job.succeeded).toBe(true);
    expect(job.step('Drift pull requests').err).toMatch(/2 unchanged/);
    expect(writesSince(platform.github, before)).toEqual([]);
    expect(drifted().map(([, number]) => number)).toEqual([acme, tidewater]);
  });

  it('updates the pull request in place when its customer drifts further', async () => {
    editManaged(platform.console, 'tidewater-travel', 'aws_instance.server', (server) => {
      server.attributes.instance_type = 't3.xlarge';
    });
    const job = await platform.drift();
    expect(job.step('Drift pull requests').err).toMatch(/1 updated \(#\d+ tidewater-travel\), 1 unchanged/);
    expect(drifted().map(([, number]) => number)).toEqual([acme, tidewater]);
    expect(platform.github.issue(tidewater)?.body).toContain('live `t3.xlarge`');
    await platform.developer.git.fetch(['--quiet', 'origin']);
    const log = await platform.developer.git.raw([
      'log',
      '--format=%an',
      'origin/main..origin/neo/drift/tidewater-travel',
    ]);
    expect(log.trim().split('\n')).toEqual(['neo-platform[bot]', 'neo-platform[bot]']);
  });

  it('restores the spec when one is merged, and the next night leaves that customer alone', async () => {
    const { developer, github } = platform;
    await developer.git.fetch(['--quiet', 'origin']);
    await developer.merge(tidewater);
    const apply = await platform.apply();
    expect(apply.succeeded).toBe(true);
    expect(apply.step('Apply').out).toMatch(/^tidewater-travel +active +applied/m);
    expect(
      managedResource(platform.console, 'tidewater-travel', 'aws_instance.server').attributes.instance_type,
    ).toBe('t3.small');

    const job = await platform.drift();
    expect(job.succeeded).toBe(true);
    expect(drifted().map(([branch]) => branch)).toEqual(['neo/drift/acme-corp']);
    expect(github.issue(tidewater)?.state).toBe('closed');
    expect(job.step('Drift pull requests').out).toMatch(/^neo drift · Drift in 1 of 7 customers/);
    expect(job.step('Drift pull requests').err).toMatch(
      /^Drift pull requests: 1 unchanged \(#\d+ acme-corp\)$/m,
    );
  });

  it('adopts the other change when the customer file is edited on its branch, and closes it', async () => {
    const { developer, github } = platform;
    await developer.checkoutBranch('neo/drift/acme-corp');
    developer.edit('customers/acme-corp.yaml', 'google-site-verification=3pQm1x0Kc2vJ8bYtR6wZ', NEW_TOKEN);
    developer.edit(
      'customers/acme-corp.yaml',
      '    - { name: blog, type: CNAME, values: [acme-example.com] }\n',
      '',
    );
    await developer.push('acme-corp: keep the new site verification, the blog is gone');

    // The plan of the pull request says the change keeps what is live.
    const plan = await platform.plan(acme);
    expect(plan.succeeded).toBe(true);
    const comment = theComment(github, acme, 'plan').body;
    expect(comment).toContain('This change adopts what is live');
    expect(comment.match(/adopted by this change/g)).toHaveLength(2);

    // The nightly run leaves a branch a person committed to alone.
    const before = github.requests.length;
    await platform.drift();
    expect(writesSince(github, before)).toEqual([]);

    await developer.merge(acme);
    const txt = () => cloudResources(platform.console, 'acme-corp').find(isRecord('_acme-example.com_TXT'));
    const adopted = txt()?.attributes.records;
    const apply = await platform.apply();
    expect(apply.succeeded).toBe(true);
    expect(txt()?.attributes.records).toEqual(adopted);
    expect(cloudResources(platform.console, 'acme-corp').find(isRecord('_blog.acme-example.com_CNAME'))).toBe(
      undefined,
    );

    const job = await platform.drift();
    expect(job.succeeded).toBe(true);
    expect(job.step('Drift pull requests').out).toMatch(
      /^neo drift · No drift in 7 customers; 1 orphaned resource$/m,
    );
    expect(job.step('Drift pull requests').err).toContain('Drift pull requests: none open, none needed');
    expect(drifted()).toEqual([]);
    expect(github.issue(acme)?.state).toBe('closed');
    // The orphan is still there: its issue stays open until someone deals with it.
    expect(openIssues(github, 'drift')).toHaveLength(1);
  });

  it('closes the orphans issue once the orphan is gone', async () => {
    writeCloudFile(platform.console, 'console', []);
    const job = await platform.drift();
    expect(job.succeeded).toBe(true);
    expect(job.step('Drift pull requests').out).toMatch(/^neo drift · No drift in 7 customers/);
    expect(openIssues(platform.github, 'drift')).toEqual([]);
  });

  it('opens a fresh pull request when a customer drifts again after its branch was merged', async () => {
    const { developer, github } = platform;
    editManaged(platform.console, 'tidewater-travel', 'aws_instance.server', (server) => {
      server.attributes.instance_type = 't3.medium';
    });
    const job = await platform.drift();
    expect(job.step('Drift pull requests').err).toMatch(
      /^Drift pull requests: 1 opened \(#\d+ tidewater-travel\)/m,
    );
    const [[branch, number]] = drifted() as [[string, number]];
    expect(branch).toBe('neo/drift/tidewater-travel');
    expect(number).toBeGreaterThan(tidewater);
    // Started afresh from main: one commit of neo's, nothing of the merged branch's history.
    await developer.git.fetch(['--quiet', 'origin']);
    const log = await developer.git.raw([
      'log',
      '--format=%an %s',
      'origin/main..origin/neo/drift/tidewater-travel',
    ]);
    expect(log.trim().split('\n')).toEqual([
      'neo-platform[bot] Drift record of tidewater-travel: 1 modified',
    ]);
    expect(github.issue(number)?.body).toContain('live `t3.medium`');
  });
});
