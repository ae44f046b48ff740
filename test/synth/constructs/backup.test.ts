import { describe, expect, it } from 'vitest';
import { stackLookup } from '../../helpers/stacks.js';

const stack = await stackLookup();

describe('backups', () => {
  it('keeps backups in a versioned private bucket that expires them after the retention', () => {
    const s = stack('acme-corp');
    expect(s.get('aws_s3_bucket.backups')).toMatchObject({
      bucket: 'neo-production-acme-corp-backups',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(s.get('aws_s3_bucket_versioning.backups').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(s.get('aws_s3_bucket_ownership_controls.backups').rule).toEqual({
      object_ownership: 'BucketOwnerEnforced',
    });
    const rules = s.get('aws_s3_bucket_lifecycle_configuration.backups').rule as Array<
      Record<string, unknown>
    >;
    expect(rules.find((r) => r.id === 'retention')).toMatchObject({
      expiration: [{ days: 30 }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
    });
  });

  it.each([
    // customer, retention days, where copies go
    ['acme-corp', 30, 'us-east-1'],
    ['lumen-analytics', 14, undefined], // the customer turned cross-region copies off
    ['bluefin-bakery', 7, undefined], // core does not include them
    ['saltmarsh-records', 60, 'us-east-2'], // in the DR region: copies go to the primary one
  ])('%s: daily snapshots kept %i days, copied to %s', (id, days, copyTo) => {
    const policy = stack(id).get('aws_dlm_lifecycle_policy.snapshots');
    expect(policy).toMatchObject({ state: 'ENABLED', execution_role_arn: '${aws_iam_role.snapshots.arn}' });
    const details = policy.policy_details as {
      target_tags: object;
      schedule: Array<Record<string, unknown>>;
    };
    expect(details.target_tags).toEqual({ 'neo:customer': id });
    const [schedule] = details.schedule;
    expect(schedule).toMatchObject({
      create_rule: { interval: 24, interval_unit: 'HOURS', times: ['03:00'] },
      retain_rule: { interval: days, interval_unit: 'DAYS' },
    });
    const copies = schedule?.cross_region_copy_rule as Array<Record<string, unknown>> | undefined;
    expect(copies?.map((c) => c.target_region)[0]).toBe(copyTo);
    for (const copy of copies ?? [])
      expect(copy).toMatchObject({ encrypted: true, retain_rule: { interval: days } });
  });

  it('lets the server reach its own buckets, and nothing else in S3', () => {
    const policy = JSON.parse(
      stack('tidewater-travel').get('aws_iam_role_policy.server_buckets').policy as string,
    );
    const resources = policy.Statement.flatMap((s: { Resource: string | string[] }) => s.Resource);
    expect(resources.sort()).toEqual([
      '${aws_s3_bucket.backups.arn}',
      '${aws_s3_bucket.backups.arn}/*',
      '${aws_s3_bucket.objects.arn}',
      '${aws_s3_bucket.objects.arn}/*',
    ]);
  });

  it('gives the instance role Session Manager and the CloudWatch agent, written out, no managed policy', () => {
    const s = stack('acme-corp');
    const attached = Object.values(s.all('aws_iam_role_policy_attachment')).filter(
      (a) => a.role === '${aws_iam_role.server.name}',
    );
    expect(attached).toEqual([]);
    const policy = JSON.parse(s.get('aws_iam_role_policy.server_agents').policy as string) as {
      Statement: Array<{ Sid: string; Action: string | string[]; Resource: string; Condition?: unknown }>;
    };
    expect(policy.Statement.map((st) => st.Sid)).toEqual([
      'SessionManagerMessaging',
      'RegisterWithSessionManager',
      'AgentMetricsOnly',
      'OwnLogGroupsOnly',
    ]);
    const metrics = policy.Statement.find((st) => st.Sid === 'AgentMetricsOnly');
    expect(metrics).toMatchObject({
      Action: 'cloudwatch:PutMetricData',
      Condition: { StringEquals: { 'cloudwatch:namespace': 'CWAgent' } },
    });
    expect(policy.Statement.find((st) => st.Sid === 'OwnLogGroupsOnly')?.Resource).toBe(
      'arn:aws:logs:us-east-2:$${aws:PrincipalAccount}:log-group:/neo/production/acme-corp/*',
    );
    expect(s.get('aws_iam_instance_profile.server').role).toBe('${aws_iam_role.server.name}');
  });
});

describe('budget', () => {
  it.each([
    ['acme-corp', '120.00'], // from the spec
    ['bluefin-bakery', '39.00'], // none in the spec: what the customer pays
  ])('%s: a monthly budget of $%s on its cost-allocation tag, alerting at 80 and 100 %', (id, limit) => {
    const budget = stack(id).get('aws_budgets_budget.monthly');
    expect(budget).toMatchObject({
      budget_type: 'COST',
      time_unit: 'MONTHLY',
      limit_amount: limit,
      limit_unit: 'USD',
      cost_filter: [{ name: 'TagKeyValue', values: [`user:neo:customer$${id}`] }],
    });
    const notifications = budget.notification as Array<Record<string, unknown>>;
    expect(notifications.map((n) => n.threshold)).toEqual([80, 100]);
    for (const n of notifications) expect(n.subscriber_email_addresses).toContain('noc@neo-hosting.example');
  });
});
