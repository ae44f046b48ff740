import { describe, expect, it } from 'vitest';
import { synthesizeStack } from '../../../src/synth/stack.js';
import { exampleFiles } from '../../helpers/repository.js';
import { inputsOf, Stack, stackLookup } from '../../helpers/stacks.js';

const stack = await stackLookup();

/** Alarms as "name: metric comparison threshold [region]". */
function alarms(id: string): string[] {
  return Object.entries(stack(id).all('aws_cloudwatch_metric_alarm'))
    .map(
      ([name, a]) =>
        `${name}: ${a.namespace}/${a.metric_name} ${a.comparison_operator} ${a.threshold}${a.region ? ` in ${a.region}` : ''}`,
    )
    .sort();
}

describe('monitoring', () => {
  it.each([
    // core: no memory alarm; thresholds from neo.yaml
    [
      'bluefin-bakery',
      [
        'cpu: AWS/EC2/CPUUtilization GreaterThanThreshold 80',
        'disk_data: CWAgent/disk_used_percent GreaterThanThreshold 85',
        'disk_root: CWAgent/disk_used_percent GreaterThanThreshold 85',
        'status_check: AWS/EC2/StatusCheckFailed GreaterThanOrEqualToThreshold 1',
        'uptime: AWS/Route53/HealthCheckStatus LessThanThreshold 1 in us-east-1',
      ],
    ],
    // the customer's own thresholds, a disk alarm per volume
    [
      'ferrous-games',
      [
        'cpu: AWS/EC2/CPUUtilization GreaterThanThreshold 90',
        'disk_data2: CWAgent/disk_used_percent GreaterThanThreshold 80',
        'disk_data: CWAgent/disk_used_percent GreaterThanThreshold 80',
        'disk_root: CWAgent/disk_used_percent GreaterThanThreshold 80',
        'memory: CWAgent/mem_used_percent GreaterThanThreshold 90',
        'objects_quota: AWS/S3/BucketSizeBytes GreaterThanThreshold 268435456000',
        'status_check: AWS/EC2/StatusCheckFailed GreaterThanOrEqualToThreshold 1',
        'uptime: AWS/Route53/HealthCheckStatus LessThanThreshold 1 in us-east-1',
      ],
    ],
    // in us-east-1 already: no region override
    [
      'saltmarsh-records',
      [
        'cpu: AWS/EC2/CPUUtilization GreaterThanThreshold 80',
        'disk_data: CWAgent/disk_used_percent GreaterThanThreshold 85',
        'disk_root: CWAgent/disk_used_percent GreaterThanThreshold 85',
        'memory: CWAgent/mem_used_percent GreaterThanThreshold 90',
        'status_check: AWS/EC2/StatusCheckFailed GreaterThanOrEqualToThreshold 1',
        'uptime: AWS/Route53/HealthCheckStatus LessThanThreshold 1',
      ],
    ],
  ])("%s gets the plan's alarms with its thresholds", (id, expected) => {
    expect(alarms(id)).toEqual(expected);
  });

  it('watches memory and disk on the dimensions the CloudWatch agent publishes', () => {
    const s = stack('acme-corp');
    expect(s.get('aws_cloudwatch_metric_alarm.memory').dimensions).toEqual({
      InstanceId: '${aws_instance.server.id}',
    });
    expect(s.get('aws_cloudwatch_metric_alarm.disk_data').dimensions).toEqual({
      InstanceId: '${aws_instance.server.id}',
      path: '/data',
    });
    const script = s.get('aws_instance.server').user_data as string;
    const config = script.slice(script.indexOf("<<'JSON'\n") + 8, script.indexOf('\nJSON\n'));
    const agent = JSON.parse(config.replaceAll('$${', '${'));
    expect(agent.metrics.aggregation_dimensions).toEqual([['InstanceId'], ['InstanceId', 'path']]);
    expect(agent.metrics.metrics_collected.disk.resources).toEqual(['/', '/data', '/data2']);
  });

  it("alerts the customer's addresses and the operations team", () => {
    const s = stack('nordlicht-media');
    const endpoints = Object.values(s.all('aws_sns_topic_subscription'))
      .filter((sub) => sub.topic_arn === '${aws_sns_topic.alerts.arn}')
      .map((sub) => `${sub.protocol}:${sub.endpoint}`);
    expect(endpoints.sort()).toEqual([
      'email:bereitschaft@nordlicht-example.de',
      'email:noc@neo-hosting.example',
      'email:technik@nordlicht-example.de',
    ]);
    for (const alarm of Object.values(s.all('aws_cloudwatch_metric_alarm'))) {
      const topic =
        alarm.region === 'us-east-1'
          ? '${aws_sns_topic.alerts_us_east_1.arn}'
          : '${aws_sns_topic.alerts.arn}';
      expect(alarm.alarm_actions).toEqual([topic]);
    }
  });

  it('subscribes each mailbox once, even when addresses differ only in case or punctuation', async () => {
    const files = exampleFiles();
    const acme = (files.get('customers/acme-corp.yaml') as string).replace(
      'alertEmails: [ops@acme-example.com]',
      'alertEmails: [ops.team@acme-example.com, ops_team@acme-example.com, NOC@neo-hosting.example]',
    );
    files.set('customers/acme-corp.yaml', acme);
    const inputs = (await inputsOf(files)).find((i) => i.customer.id === 'acme-corp');
    if (inputs === undefined) throw new Error('acme-corp is missing');
    const subscriptions = new Stack(inputs, synthesizeStack(inputs).json).all('aws_sns_topic_subscription');
    const home = Object.entries(subscriptions).filter(([, sub]) => sub.region === undefined);
    expect(home.map(([name, sub]) => `${name} ${sub.endpoint}`)).toEqual([
      'alerts_noc_neo_hosting_example NOC@neo-hosting.example',
      'alerts_ops_team_acme_example_com ops.team@acme-example.com',
      'alerts_ops_team_acme_example_com_2 ops_team@acme-example.com',
    ]);
  });

  it('checks the site from outside over HTTPS, or HTTP where no panel issues a certificate', () => {
    expect(stack('acme-corp').get('aws_route53_health_check.uptime')).toMatchObject({
      fqdn: 'acme-example.com',
      type: 'HTTPS',
      port: 443,
      resource_path: '/',
    });
    expect(stack('bluefin-bakery').get('aws_route53_health_check.uptime')).toMatchObject({
      type: 'HTTP',
      port: 80,
    });
    // Route53 health check metrics exist in us-east-1 only, so the alarm and its topic live there.
    expect(stack('acme-corp').get('aws_sns_topic.alerts_us_east_1').region).toBe('us-east-1');
  });

  it('builds a dashboard only for plans that include one', () => {
    const body = JSON.parse(
      stack('nordlicht-media').get('aws_cloudwatch_dashboard.main').dashboard_body as string,
    );
    expect(body.widgets.map((w: { properties: { title: string } }) => w.properties.title)).toEqual([
      'CPU %',
      'Memory %',
      'Disk used %',
      'Network bytes',
    ]);
    expect(stack('acme-corp').all('aws_cloudwatch_dashboard')).toEqual({});
  });
});
