import { DlmLifecyclePolicy } from '@cdktf/provider-aws/lib/dlm-lifecycle-policy/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { Construct } from 'constructs';
import { BACKUP_BUCKET } from '../../graph/index.js';
import { resourceNames, type StackInputs } from '../inputs.js';
import { assumeRolePolicy } from '../policy.js';
import { provision } from '../resource.js';
import { privateBucket } from './bucket.js';

const DLM_SERVICE_POLICY = 'arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole';

/** The backup bucket: the one thing that outlives a decommissioned customer. */
export class BackupBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, inputs: StackInputs) {
    super(scope, 'backup-bucket');
    this.bucket = privateBucket(this, BACKUP_BUCKET.name, resourceNames(inputs).backupBucket, {
      expireAfterDays: inputs.customer.backups.retentionDays,
    });
  }
}

/**
 * Daily EBS snapshots of every volume tagged for the customer, kept for the backup retention,
 * copied to the DR region when the customer's backups include it.
 */
export class Snapshots extends Construct {
  constructor(scope: Construct, inputs: StackInputs) {
    super(scope, 'snapshots');
    const { customer, platform } = inputs;
    const role = provision(this, IamRole, 'snapshots', {
      name: `${resourceNames(inputs).prefix}-snapshots`,
      assumeRolePolicy: assumeRolePolicy('dlm.amazonaws.com'),
    });
    provision(this, IamRolePolicyAttachment, 'snapshots', { role: role.name, policyArn: DLM_SERVICE_POLICY });
    const days = customer.backups.retentionDays;
    // A customer in the DR region copies to the primary one instead.
    const copyTo = customer.region === platform.drRegion ? platform.defaultRegion : platform.drRegion;
    const copy = customer.backups.crossRegion && copyTo !== customer.region;
    provision(this, DlmLifecyclePolicy, 'snapshots', {
      description: `Daily snapshots of ${customer.id}`,
      executionRoleArn: role.arn,
      state: 'ENABLED',
      policyDetails: {
        resourceTypes: ['VOLUME'],
        targetTags: { 'neo:customer': customer.id },
        schedule: [
          {
            name: `daily, kept ${days} days`,
            copyTags: true,
            createRule: { interval: 24, intervalUnit: 'HOURS', times: ['03:00'] },
            retainRule: { interval: days, intervalUnit: 'DAYS' },
            tagsToAdd: { 'neo:snapshot': 'daily' },
            ...(copy
              ? {
                  crossRegionCopyRule: [
                    {
                      targetRegion: copyTo,
                      encrypted: true,
                      copyTags: true,
                      retainRule: { interval: days, intervalUnit: 'DAYS' },
                    },
                  ],
                }
              : {}),
          },
        ],
      },
    });
  }
}
