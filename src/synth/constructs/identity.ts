import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { Construct } from 'constructs';
import { resourceNames, type StackInputs } from '../inputs.js';
import { assumeRolePolicy, type PolicyStatement, policyDocument } from '../policy.js';
import { provision } from '../resource.js';

const MANAGED_POLICIES = {
  ssm_core: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
  cloudwatch_agent: 'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy',
} as const;

/** Where the server may read a panel's license key at boot (never in user data or state). */
export function licenseParameter(inputs: StackInputs): string {
  return `/neo/${inputs.platform.environment}/licenses/${inputs.customer.server.panel}`;
}

/**
 * The server's instance role: Session Manager and the CloudWatch agent, plus its own buckets and
 * nothing else (no s3:* on *, no other customer's bucket).
 */
export class ServerIdentity extends Construct {
  readonly profile: IamInstanceProfile;

  constructor(scope: Construct, inputs: StackInputs, buckets: S3Bucket[]) {
    super(scope, 'identity');
    const name = `${resourceNames(inputs).prefix}-server`;
    const role = provision(this, IamRole, 'server', {
      name,
      assumeRolePolicy: assumeRolePolicy('ec2.amazonaws.com'),
    });
    for (const [id, arn] of Object.entries(MANAGED_POLICIES)) {
      provision(this, IamRolePolicyAttachment, id, { role: role.name, policyArn: arn });
    }
    provision(this, IamRolePolicy, 'server_buckets', {
      role: role.id,
      name: 'own-buckets',
      policy: policyDocument(bucketStatements(buckets, inputs)),
    });
    this.profile = provision(this, IamInstanceProfile, 'server', { name, role: role.name });
  }
}

function bucketStatements(buckets: S3Bucket[], inputs: StackInputs): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: 'ListOwnBuckets',
      Effect: 'Allow',
      Action: ['s3:ListBucket', 's3:GetBucketLocation'],
      Resource: buckets.map((b) => b.arn),
    },
    {
      Sid: 'ReadWriteOwnObjects',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: buckets.map((b) => `${b.arn}/*`),
    },
  ];
  if (inputs.customer.server.panel === 'directadmin') {
    statements.push({
      Sid: 'ReadPanelLicense',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: `arn:aws:ssm:${inputs.customer.region}:*:parameter${licenseParameter(inputs)}`,
    });
  }
  return statements;
}
