import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { Construct } from 'constructs';
import { resourceNames, type StackInputs } from '../inputs.js';
import { provision } from '../resource.js';
import { privateBucket } from './bucket.js';
import type { Alerts } from './monitoring.js';

const GIB = 1024 ** 3;

/**
 * Object storage add-ons: one private bucket for the customer's media and downloads, sized by the
 * sum of the ordered quotas. S3 has no hard quota, so crossing it raises an alarm (an upsell or
 * an overage), never a failed upload. Without `alerts` (a decommissioned customer) only the
 * bucket stays: neo never destroys a bucket with its objects.
 */
export class ObjectStorage extends Construct {
  readonly bucket: S3Bucket | undefined;

  constructor(scope: Construct, inputs: StackInputs, alerts?: Alerts) {
    super(scope, 'object-storage');
    const quotaGb = inputs.customer.addons.reduce(
      (sum, a) => sum + (a.kind === 's3-storage' ? a.settings.quotaGb : 0),
      0,
    );
    if (quotaGb === 0) return;
    const names = resourceNames(inputs);
    this.bucket = privateBucket(this, 'objects', names.objectBucket, {});
    if (alerts === undefined) return;
    provision(this, CloudwatchMetricAlarm, 'objects_quota', {
      alarmName: `${names.prefix}-objects-quota`,
      alarmDescription: `${inputs.customer.id}: object storage above the ${quotaGb} GB ordered`,
      namespace: 'AWS/S3',
      metricName: 'BucketSizeBytes',
      dimensions: { BucketName: this.bucket.bucket, StorageType: 'StandardStorage' },
      statistic: 'Maximum',
      comparisonOperator: 'GreaterThanThreshold',
      threshold: quotaGb * GIB,
      // S3 storage metrics are daily.
      period: 86400,
      evaluationPeriods: 1,
      treatMissingData: 'notBreaching',
      alarmActions: [alerts.topic(inputs.customer.region).arn],
    });
  }
}
