import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudResources, managedResource } from '../commands/local-cloud.js';
import { type Platform, startPlatform } from './platform.js';
import { openIssues, theComment } from './views.js';

/**
 * Story 2: a pull request moves acme-corp to another availability zone (its server, volumes and
 * database are replaced) and opens SSH to the world. Reviewers must see both risks first, and
 * the merge must not destroy the customer's data until the spec says that loss is intended.
 */

let platform: Platform;
let pr: number;
let serverBefore: string;

/** The CIDRs acme-corp's security group lets reach SSH, as the cloud holds them. */
const sshSources = () =>
  cloudResources(platform.console, 'acme-corp')
    .filter((r) => r.type === 'aws_vpc_security_group_ingress_rule' && r.attributes.from_port === 22)
    .map((r) => r.attributes.cidr_ipv4)
    .sort();

beforeAll(async () => {
  platform = await startPlatform();
  serverBefore = managedResource(platform.console, 'acme-corp', 'aws_instance.server').id;
});
afterAll(() => platform?.close());

describe('reviewing a dangerous change', () => {
  it('leads the plan comment with both risks: data loss and SSH open to the world', async () => {
    const { developer, github } = platform;
    ({ pr } = await developer.propose(
      'acme-corp-zone-b',
      'acme-corp: move to us-east-2b, SSH from anywhere',
      (d) => {
        d.edit(
          'customers/acme-corp.yaml',
          '  panel: cyberpanel\n',
          '  panel: cyberpanel\n  availabilityZone: us-east-2b\n',
        );
        d.edit(
          'customers/acme-corp.yaml',
          'adminCidrs: [203.0.113.0/24]',
          'adminCidrs: [0.0.0.0/0]\n  allowAdminFromAnywhere: true # the customer insists, ticket 4711',
        );
      },
    ));

    const job = await platform.plan(pr);
    expect(job.succeeded).toBe(true);
    expect(job.step('Validate (annotations on the diff)').out).toContain(
      '::warning file=customers/acme-corp.yaml,line=15,col=16,title=neo validate::SSH and the control panel are open to the whole internet',
    );

    const body = theComment(github, pr, 'plan').body;
    const risks = body.indexOf('#### Risks');
    const table = body.indexOf('| customer |');
    expect(risks).toBeGreaterThan(0);
    expect(risks).toBeLessThan(table);
    const riskLines = body.slice(risks, table).split('\n');
    expect(riskLines).toContainEqual(
      expect.stringMatching(
        /^- ⚠️ \*\*data loss\*\*: acme-corp's server will be replaced .*the root disk is lost/,
      ),
    );
    expect(riskLines).toContain(
      '- 🔓 **security**: acme-corp: SSH (port 22) opens to the whole internet (0.0.0.0/0)',
    );
  });

  it('refuses the merged change without the explicit override, applying nothing', async () => {
    const { developer, github } = platform;
    await developer.merge(pr);
    const job = await platform.apply();
    expect(job.succeeded).toBe(false);
    expect(job.step('Apply').out).toContain('acme-corp · refused by the destroy guard: nothing was applied');
    expect(job.step('Apply').out).toContain(
      'aws_instance.server would be replaced (because of subnet_id), with its data (server): if that is intended, add server to allowDataLoss in customers/acme-corp.yaml',
    );
    // Nothing of the change reached the cloud: not the move, not the wider SSH.
    expect(managedResource(platform.console, 'acme-corp', 'aws_instance.server').id).toBe(serverBefore);
    expect(sshSources()).toEqual(['203.0.113.0/24']);

    expect(theComment(github, pr, 'apply').body).toContain('⚠️ refused');
    const [issue, ...more] = openIssues(github, 'apply-failed');
    expect(more).toEqual([]);
    expect(issue?.body).toContain(`(merged in #${pr})`);
    expect(issue?.body).toContain('add server to allowDataLoss in customers/acme-corp.yaml');
  });

  it('applies it once the spec accepts the loss, and closes the failure issue', async () => {
    const { github } = platform;
    const [issue] = openIssues(github, 'apply-failed');
    await platform.mergeReviewed(
      'acme-corp-accept-loss',
      'acme-corp: accept the data loss of the zone move',
      (d) =>
        d.edit(
          'customers/acme-corp.yaml',
          'status: active\n',
          'status: active\n# Data migrated by the customer before the move (ticket 4711).\nallowDataLoss: [server, volumes, databases]\n',
        ),
    );

    const job = await platform.apply();
    expect(job.succeeded).toBe(true);
    expect(job.step('Apply').out).toMatch(/^acme-corp +active +applied/m);
    expect(job.step('Apply').err).toContain(`failure issue #${issue?.number} closed`);
    const server = managedResource(platform.console, 'acme-corp', 'aws_instance.server');
    expect(server.id).not.toBe(serverBefore);
    expect(
      managedResource(platform.console, 'acme-corp', 'aws_ebs_volume.data').attributes.availability_zone,
    ).toBe('us-east-2b');
    expect(sshSources()).toEqual(['0.0.0.0/0']);
    expect(github.issue(issue?.number ?? 0)?.state).toBe('closed');
    expect(openIssues(github, 'apply-failed')).toEqual([]);
  });
});
