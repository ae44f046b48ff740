import { IamInstanceProfile } from '@cdktf/provider-aws/lib/iam-instance-profile/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { Construct } from 'constructs';
import { resourceNames, type StackInputs } from '../inputs.js';
import { assumeRolePolicy, type PolicyStatement, policyDocument } from '../policy.js';
import { provision } from '../resource.js';

/**
 * Where the server may read its panel's license key at boot (never in user data or state): a
 * parameter of its own, so one server's credentials read no other customer's license.
 */
export function licenseParameter(inputs: StackInputs): string {
  return `/neo/${inputs.platform.environment}/customers/${inputs.customer.id}/panel-license`;
}

/**
 * The namespace of the CloudWatch agent's metrics (user-data.ts): the only one the server may
 * write, so it cannot fake another customer's memory or disk figures to silence their alarms.
 */
export const AGENT_NAMESPACE = 'CWAgent';

/**
 * The account the role is in, as IAM fills it in when it evaluates the policy: resources of
 * another account are never granted, and the stack needs no lookup of its own account.
 */
// biome-ignore lint/suspicious/noTemplateCurlyInString: IAM's policy variable, not a template.
const ACCOUNT = '${aws:PrincipalAccount}';

/**
 * The server's instance role, written out statement by statement instead of AWS's managed
 * policies (AmazonSSMManagedInstanceCore reads every parameter in the account,
 * CloudWatchAgentServerPolicy writes any log group and any metric): Session Manager's
 * messaging, metrics in the agent's namespace only, its own log groups, its own buckets, its
 * own license parameter, and nothing else. A server taken over reaches no other customer.
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
    provision(this, IamRolePolicy, 'server_agents', {
      role: role.id,
      name: 'session-manager-and-metrics',
      policy: policyDocument(agentStatements(inputs)),
    });
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
      Resource: `arn:aws:ssm:${inputs.customer.region}:${ACCOUNT}:parameter${licenseParameter(inputs)}`,
    });
  }
  return statements;
}

/** Session Manager and the CloudWatch agent, as narrow as AWS lets them be. */
function agentStatements(inputs: StackInputs): PolicyStatement[] {
  const { region } = inputs.customer;
  return [
    {
      // Session Manager's channels to the instance; AWS scopes these actions to no resource.
      Sid: 'SessionManagerMessaging',
      Effect: 'Allow',
      Action: [
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
        'ec2messages:AcknowledgeMessage',
        'ec2messages:DeleteMessage',
        'ec2messages:FailMessage',
        'ec2messages:GetEndpoint',
        'ec2messages:GetMessages',
        'ec2messages:SendReply',
      ],
      Resource: '*',
    },
    {
      Sid: 'RegisterWithSessionManager',
      Effect: 'Allow',
      Action: 'ssm:UpdateInstanceInformation',
      Resource: `arn:aws:ec2:${region}:${ACCOUNT}:instance/*`,
    },
    {
      // PutMetricData takes no resource: the namespace condition is what keeps it narrow.
      Sid: 'AgentMetricsOnly',
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': AGENT_NAMESPACE } },
    },
    {
      Sid: 'OwnLogGroupsOnly',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      Resource: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${resourceNames(inputs).logGroup}/*`,
    },
  ];
}
