import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import type { Construct } from 'constructs';
import { policyDocument } from '../policy.js';
import { provision } from '../resource.js';

export interface BucketOptions {
  /** Days after which objects, and replaced or deleted object versions, expire. */
  expireAfterDays?: number;
}

/**
 * A private bucket as every NEO bucket must be: versioned, encrypted with KMS (bucket key on,
 * to keep KMS request costs flat), owner-enforced, public access blocked, TLS-only.
 */
export function privateBucket(
  scope: Construct,
  name: string,
  bucketName: string,
  options: BucketOptions,
): S3Bucket {
  const bucket = provision(scope, S3Bucket, name, {
    bucket: bucketName,
    forceDestroy: false,
    // Backups and customer objects must never go with a `terraform destroy`.
    lifecycle: { preventDestroy: true },
  });
  provision(scope, S3BucketVersioning, name, {
    bucket: bucket.id,
    versioningConfiguration: { status: 'Enabled' },
  });
  provision(scope, S3BucketServerSideEncryptionConfiguration, name, {
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true }],
  });
  provision(scope, S3BucketOwnershipControls, name, {
    bucket: bucket.id,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  provision(scope, S3BucketPublicAccessBlock, name, {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  provision(scope, S3BucketPolicy, name, {
    bucket: bucket.id,
    policy: policyDocument([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucket.arn, `${bucket.arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]),
  });
  provision(scope, S3BucketLifecycleConfiguration, name, {
    bucket: bucket.id,
    rule: lifecycleRules(options),
  });
  return bucket;
}

function lifecycleRules({ expireAfterDays }: BucketOptions) {
  const everything = [{ prefix: '' }];
  const cleanup = {
    id: 'abort-incomplete-uploads',
    status: 'Enabled',
    filter: everything,
    abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
  };
  if (expireAfterDays === undefined) return [cleanup];
  return [
    cleanup,
    {
      id: 'retention',
      status: 'Enabled',
      filter: everything,
      expiration: [{ days: expireAfterDays }],
      noncurrentVersionExpiration: [{ noncurrentDays: expireAfterDays }],
    },
  ];
}
