import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard/index.js';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check/index.js';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import { Construct } from 'constructs';
import { resourceNames, type StackInputs } from '../inputs.js';
import { namePart, provision, uniqueNames } from '../resource.js';

/** Route53 publishes health check metrics in us-east-1 only; their alarms must live there. */
const HEALTH_CHECK_REGION = 'us-east-1';

interface MetricAlarm {
  name: string;
  description: string;
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  statistic: 'Average' | 'Maximum' | 'Minimum';
  comparison: 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold';
  threshold: number;
  periodSeconds: number;
  evaluationPeriods: number;
  missingData: 'missing' | 'breaching' | 'notBreaching';
}

const defaults = {
  statistic: 'Average',
  comparison: 'GreaterThanThreshold',
  periodSeconds: 300,
  evaluationPeriods: 2,
  missingData: 'missing',
} as const satisfies Partial<MetricAlarm>;

/**
 * Everyone an alert reaches: the customer's addresses and the platform's operations team, each
 * mailbox once (addresses differing only in case are one mailbox in practice).
 */
export function alertRecipients({ customer, platform }: StackInputs): string[] {
  const byMailbox = new Map<string, string>();
  for (const email of [...customer.monitoring.alertEmails, ...platform.alerting.opsEmails]) {
    if (!byMailbox.has(email.toLowerCase())) byMailbox.set(email.toLowerCase(), email);
  }
  return [...byMailbox.values()];
}

/** The customer's alert topics (one per region that has alarms), with their e-mail subscriptions. */
export class Alerts extends Construct {
  private readonly inputs: StackInputs;
  private readonly topics = new Map<string, SnsTopic>();

  constructor(scope: Construct, inputs: StackInputs) {
    super(scope, 'alerts');
    this.inputs = inputs;
  }

  /** The alert topic of a region, created with its e-mail subscriptions on first use. */
  topic(region: string): SnsTopic {
    const existing = this.topics.get(region);
    if (existing !== undefined) return existing;
    const home = region === this.inputs.customer.region;
    const suffix = home ? '' : `_${namePart(region)}`;
    const regional = home ? {} : { region };
    const topic = provision(this, SnsTopic, `alerts${suffix}`, {
      name: `${resourceNames(this.inputs).alertTopic}${home ? '' : `-${region}`}`,
      ...regional,
    });
    const nameOf = uniqueNames();
    for (const email of alertRecipients(this.inputs)) {
      provision(this, SnsTopicSubscription, nameOf(`alerts${suffix}_${namePart(email)}`), {
        topicArn: topic.arn,
        protocol: 'email',
        endpoint: email,
        ...regional,
      });
    }
    this.topics.set(region, topic);
    return topic;
  }
}

/**
 * Alarms on the server (CPU, status checks, memory and disk from the CloudWatch agent), an
 * external uptime check of the site, and a dashboard where the plan includes one. While a
 * customer is suspended the alarms stay but notify no one: a stopped server is expected.
 */
export class Monitoring extends Construct {
  private readonly inputs: StackInputs;
  private readonly alerts: Alerts;

  constructor(
    scope: Construct,
    inputs: StackInputs,
    alerts: Alerts,
    instanceId: string,
    mountPaths: string[],
  ) {
    super(scope, 'monitoring');
    this.inputs = inputs;
    this.alerts = alerts;
    const { customer } = inputs;
    const alarms = new Set(customer.tier.monitoring.alarms);
    const thresholds = customer.monitoring.thresholds;
    const server = { InstanceId: instanceId };
    const planned: MetricAlarm[] = [];
    if (alarms.has('cpu')) {
      planned.push({
        ...defaults,
        name: 'cpu',
        description: `CPU above ${thresholds.cpu} % for 15 minutes`,
        namespace: 'AWS/EC2',
        metric: 'CPUUtilization',
        dimensions: server,
        threshold: thresholds.cpu,
        evaluationPeriods: 3,
      });
    }
    if (alarms.has('status-check')) {
      planned.push({
        ...defaults,
        name: 'status_check',
        description: 'The instance or its host failed a status check',
        namespace: 'AWS/EC2',
        metric: 'StatusCheckFailed',
        dimensions: server,
        statistic: 'Maximum',
        comparison: 'GreaterThanOrEqualToThreshold',
        threshold: 1,
        periodSeconds: 60,
      });
    }
    if (alarms.has('memory')) {
      planned.push({
        ...defaults,
        name: 'memory',
        description: `Memory use above ${thresholds.memory} %`,
        namespace: 'CWAgent',
        metric: 'mem_used_percent',
        dimensions: server,
        threshold: thresholds.memory,
      });
    }
    if (alarms.has('disk')) {
      for (const path of ['/', ...mountPaths]) {
        planned.push({
          ...defaults,
          name: `disk_${namePart(path) || 'root'}`,
          description: `Disk ${path} above ${thresholds.disk} % full`,
          namespace: 'CWAgent',
          metric: 'disk_used_percent',
          dimensions: { ...server, path },
          threshold: thresholds.disk,
        });
      }
    }
    for (const alarm of planned) this.alarm(alarm, customer.region);
    if (alarms.has('uptime')) this.uptime();
    if (customer.tier.monitoring.dashboard) this.dashboard(instanceId, mountPaths);
  }

  private alarm(alarm: MetricAlarm, region: string): CloudwatchMetricAlarm {
    const { customer } = this.inputs;
    const topic = this.alerts.topic(region);
    return provision(this, CloudwatchMetricAlarm, alarm.name, {
      alarmName: `${resourceNames(this.inputs).prefix}-${alarm.name.replaceAll('_', '-')}`,
      alarmDescription: `${customer.id}: ${alarm.description}`,
      namespace: alarm.namespace,
      metricName: alarm.metric,
      dimensions: alarm.dimensions,
      statistic: alarm.statistic,
      comparisonOperator: alarm.comparison,
      threshold: alarm.threshold,
      period: alarm.periodSeconds,
      evaluationPeriods: alarm.evaluationPeriods,
      treatMissingData: alarm.missingData,
      actionsEnabled: customer.status === 'active',
      alarmActions: [topic.arn],
      okActions: [topic.arn],
      ...(region === customer.region ? {} : { region }),
    });
  }

  /**
   * A Route53 health check on the site from outside AWS's network. HTTPS where the panel issues
   * certificates (AutoSSL / Let's Encrypt); plain HTTP for a server without a panel, which has
   * none until someone installs one.
   */
  private uptime(): void {
    const { customer } = this.inputs;
    const https = customer.server.panel !== 'none';
    const check = provision(this, Route53HealthCheck, 'uptime', {
      fqdn: customer.domain,
      type: https ? 'HTTPS' : 'HTTP',
      port: https ? 443 : 80,
      resourcePath: '/',
      requestInterval: 30,
      failureThreshold: 3,
      tags: { Name: `${customer.id}-uptime` },
    });
    this.alarm(
      {
        ...defaults,
        name: 'uptime',
        description: `${customer.domain} is not answering over ${https ? 'HTTPS' : 'HTTP'}`,
        namespace: 'AWS/Route53',
        metric: 'HealthCheckStatus',
        dimensions: { HealthCheckId: check.id },
        statistic: 'Minimum',
        comparison: 'LessThanThreshold',
        threshold: 1,
        periodSeconds: 60,
        evaluationPeriods: 3,
        missingData: 'breaching',
      },
      HEALTH_CHECK_REGION,
    );
  }

  private dashboard(instanceId: string, mountPaths: string[]): void {
    const { customer } = this.inputs;
    const widget = (title: string, metrics: unknown[][], y: number, x: number) => ({
      type: 'metric',
      x,
      y,
      width: 12,
      height: 6,
      properties: { title, region: customer.region, stat: 'Average', period: 300, metrics },
    });
    const disks = ['/', ...mountPaths].map((path) => [
      'CWAgent',
      'disk_used_percent',
      'InstanceId',
      instanceId,
      'path',
      path,
    ]);
    provision(this, CloudwatchDashboard, 'main', {
      dashboardName: resourceNames(this.inputs).prefix,
      dashboardBody: JSON.stringify({
        widgets: [
          widget('CPU %', [['AWS/EC2', 'CPUUtilization', 'InstanceId', instanceId]], 0, 0),
          widget('Memory %', [['CWAgent', 'mem_used_percent', 'InstanceId', instanceId]], 0, 12),
          widget('Disk used %', disks, 6, 0),
          widget(
            'Network bytes',
            [
              ['AWS/EC2', 'NetworkIn', 'InstanceId', instanceId],
              ['AWS/EC2', 'NetworkOut', 'InstanceId', instanceId],
            ],
            6,
            12,
          ),
        ],
      }),
    });
  }
}
