import { describe, expect, it } from 'vitest';
import {
  classifyTransient,
  redact,
  secretValues,
  summarizeErrors,
  TerraformError,
} from '../../../src/apply/terraform/errors.js';
import { TERRAFORM_ERRORS } from '../../helpers/fake-terraform.js';

/** AWS's documented example secret access key: what a leaked one looks like. */
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6EXAMPLE';

describe('redact', () => {
  it('replaces every occurrence of every secret', () => {
    const text = `invalid secret_key "${SECRET_KEY}" (token ${SESSION_TOKEN}, key ${SECRET_KEY})`;
    expect(redact(text, [SECRET_KEY, SESSION_TOKEN])).toBe(
      'invalid secret_key "[redacted]" (token [redacted], key [redacted])',
    );
  });

  // A database password that is a prefix of the session token must not leave the token's tail.
  it.each([
    ['shorter first', ['IQoJb3JpZ2lu', SESSION_TOKEN]],
    ['longer first', [SESSION_TOKEN, 'IQoJb3JpZ2lu']],
  ])('replaces a secret that contains another whole (%s)', (_, secrets) => {
    expect(redact(`token ${SESSION_TOKEN}; password IQoJb3JpZ2lu`, secrets)).toBe(
      'token [redacted]; password [redacted]',
    );
  });

  it('ignores an empty value instead of redacting between every character', () => {
    expect(redact('Error: no valid credential sources', ['', SECRET_KEY])).toBe(
      'Error: no valid credential sources',
    );
  });

  it('leaves a text without secrets as it is', () => {
    expect(redact('Error: Invalid count argument', [])).toBe('Error: Invalid count argument');
  });
});

describe('secretValues', () => {
  it.each([
    ['AWS_SECRET_ACCESS_KEY', SECRET_KEY, true],
    ['AWS_SESSION_TOKEN', SESSION_TOKEN, true],
    ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE', true],
    ['GITHUB_TOKEN', 'ghs_16C7e42F292c6912E7710c838347Ae178B4a', true],
    ['TF_VAR_db_password', 'correct horse battery', true],
    ['PGPASSWD', 'hunter2hunter2', true],
    ['GOOGLE_CREDENTIALS', '{"type":"service_account"}', true],
    ['SSH_PRIVATE_KEY_PATH', '/home/deploy/.ssh/id_ed25519', true],
    ['CLOUDFLARE_API_KEY', 'c2547eb745079dac9320b638f5e225cf483cc', true],
    ['NEO_WEBHOOK_SECRET', 'whsec_2f9a8c7b', true],
    // Secret-looking names with values too short to redact without mangling words.
    ['AWS_SESSION_TOKEN', '1234567', false],
    // Ordinary settings, whatever their length.
    ['AWS_REGION', 'eu-central-1', false],
    ['TF_PLUGIN_CACHE_DIR', '/home/deploy/.terraform.d/plugin-cache', false],
    ['PATH', '/usr/local/bin:/usr/bin:/bin', false],
  ])('%s=%s is redacted: %s', (name, value, redacted) => {
    expect(secretValues({ [name]: value })).toEqual(redacted ? [value] : []);
  });

  it('takes a value of exactly eight characters', () => {
    expect(secretValues({ DB_PASSWORD: 'hunter22' })).toEqual(['hunter22']);
  });

  it('skips unset variables and keeps the others in order', () => {
    expect(
      secretValues({
        AWS_REGION: 'us-east-2',
        AWS_SECRET_ACCESS_KEY: SECRET_KEY,
        AWS_SESSION_TOKEN: undefined,
        GITHUB_TOKEN: 'ghs_16C7e42F292c6912E7710c838347Ae178B4a',
      }),
    ).toEqual([SECRET_KEY, 'ghs_16C7e42F292c6912E7710c838347Ae178B4a']);
  });
});

const PROVIDER_CREDENTIALS = `
Error: configuring Terraform AWS Provider: validating provider credentials: retrieving caller identity from STS: operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: 6a1c3c5e-2b4d-4f6a-8c9e-0a1b2c3d4e5f, api error InvalidClientTokenId: The security token included in the request is invalid.

  with provider["registry.terraform.io/hashicorp/aws"],
  on main.tf.json line 1, in provider.aws[0]:
   1: {"provider":{"aws":[{"region":"us-east-2"}]}}
`;

describe('classifyTransient', () => {
  it.each([
    ['the S3 lock file is held', TERRAFORM_ERRORS.stateLock, 'state-lock'],
    [
      'the DynamoDB lock item exists',
      'Error: Error acquiring the lock\n\nConditionalCheckFailedException: The conditional request failed\n',
      'state-lock',
    ],
    [
      "the S3 lock file's conditional write lost",
      'Error: writing lock file: api error PreconditionFailed, key customers/c-0001/terraform.tfstate.tflock\n',
      'state-lock',
    ],
    [
      'the lock file is named before the precondition',
      'Error: customers/c-0001/terraform.tfstate.tflock: PreconditionFailed: At least one of the pre-conditions you specified did not hold\n',
      'state-lock',
    ],
    [
      'the state changed since the plan',
      'Error: Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed by another operation after the plan was created.\n',
      'state-lock',
    ],
    ['Route 53 throttles', TERRAFORM_ERRORS.throttling, 'throttling'],
    [
      'EC2 limits the request rate',
      'Error: reading EC2 Instance: api error RequestLimitExceeded: Request limit exceeded.\n',
      'throttling',
    ],
    [
      'a rate is exceeded',
      'Error: creating CloudWatch Metric Alarm (cpu): operation error CloudWatch: PutMetricAlarm, Rate exceeded\n',
      'throttling',
    ],
    ['too many requests', 'Error: listing tags: StatusCode: 429, TooManyRequestsException\n', 'throttling'],
    [
      'S3 asks to slow down',
      'Error: putting S3 object: api error SlowDown: Please reduce your request rate.\n',
      'throttling',
    ],
    [
      'Route 53 has a change pending',
      'Error: changing Route 53 records: api error PriorRequestNotComplete: The request was rejected because Route 53 was still processing a prior request.\n',
      'throttling',
    ],
    ['AWS is unavailable', 'Error: reading IAM Role (server): api error ServiceUnavailable\n', 'throttling'],
    [
      'AWS answers 503',
      'Error: reading S3 Bucket (neo-production-acme-corp-backups): https response error StatusCode: 503, RequestID: 4QJZ\n',
      'throttling',
    ],
    ['an instance is not visible yet', TERRAFORM_ERRORS.eventualConsistency, 'eventual-consistency'],
    [
      'a hosted zone is not visible yet',
      'Error: reading Route 53 Hosted Zone (Z0123456789ABCDEFGHIJ): NoSuchHostedZone: No hosted zone found\n',
      'eventual-consistency',
    ],
    [
      'a volume is not visible yet',
      'Error: attaching EBS Volume: api error InvalidVolume.NotFound: The volume vol-0a1b2c3d4e5f60718 does not exist.\n',
      'eventual-consistency',
    ],
    [
      'the provider could not find what it just made',
      "Error: reading EC2 Network Interface (eni-0a1b2c3d): couldn't find resource\n",
      'eventual-consistency',
    ],
    [
      "a waiter's time ran out",
      "Error: waiting for EC2 Instance (i-0fedcba9876543210) create: timeout while waiting for state to become 'running'\n",
      'eventual-consistency',
    ],
    ['a wrong AMI', TERRAFORM_ERRORS.permanent, undefined],
    ['refused credentials', PROVIDER_CREDENTIALS, undefined],
    ['a wrong AMI beside throttling', TERRAFORM_ERRORS.throttling + TERRAFORM_ERRORS.permanent, undefined],
    ['throttling beside a wrong AMI', TERRAFORM_ERRORS.permanent + TERRAFORM_ERRORS.throttling, undefined],
    // 503 as part of a longer number is a request id, not an HTTP status.
    ['a 5030 in a request id', 'Error: creating VPC: StatusCode: 5030\n', undefined],
    [
      'a precondition on another key',
      'Error: api error PreconditionFailed on terraform.tfstate\n.tflock\n',
      undefined,
    ],
  ] as const)('%s: %s', (_, stderr, kind) => {
    expect(classifyTransient(stderr)).toBe(kind);
  });

  it('judges each Error block, and the warnings not at all', () => {
    const warning = '\nWarning: Argument is deprecated\n\nRate exceeded is mentioned in this warning only.\n';
    expect(classifyTransient(warning + TERRAFORM_ERRORS.permanent)).toBeUndefined();
    expect(classifyTransient(warning + TERRAFORM_ERRORS.throttling)).toBe('throttling');
  });

  it('judges the whole output when Terraform printed no Error block', () => {
    expect(
      classifyTransient('operation error Route 53: ChangeResourceRecordSets, Throttling: Rate exceeded\n'),
    ).toBe('throttling');
    expect(classifyTransient('panic: runtime error: invalid memory address\n')).toBeUndefined();
  });

  it('names the first kind when every block is transient', () => {
    expect(classifyTransient(TERRAFORM_ERRORS.stateLock + TERRAFORM_ERRORS.throttling)).toBe('state-lock');
    expect(classifyTransient(TERRAFORM_ERRORS.throttling + TERRAFORM_ERRORS.stateLock)).toBe('throttling');
  });
});

describe('summarizeErrors', () => {
  it('redacts before it caps, so no part of a secret is left at the cut', () => {
    const output = `Error: ${'y'.repeat(1_985)} ${SECRET_KEY}\n`;
    const message = summarizeErrors(output, [SECRET_KEY]);
    expect(message).toBe(`Error: ${'y'.repeat(1_985)} [redac…`);
    expect(message).not.toContain(SECRET_KEY.slice(0, 4));
  });

  it('keeps each Error block as a sentence and drops the source excerpt', () => {
    expect(summarizeErrors(PROVIDER_CREDENTIALS)).toBe(
      'Error: configuring Terraform AWS Provider: validating provider credentials: retrieving caller identity ' +
        'from STS: operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: ' +
        '6a1c3c5e-2b4d-4f6a-8c9e-0a1b2c3d4e5f, api error InvalidClientTokenId: The security token included in ' +
        'the request is invalid. with provider["registry.terraform.io/hashicorp/aws"], on main.tf.json line 1, ' +
        'in provider.aws[0].',
    );
  });

  it('drops excerpts of any line number, also those past line 9', () => {
    const output = 'Error: Unsupported argument\n\n  on main.tf.json line 12:\n  12:   "amii": "ami-0abc",\n';
    expect(summarizeErrors(output)).toBe('Error: Unsupported argument. on main.tf.json line 12.');
  });

  it('keeps a line that only looks like an excerpt when it is not indented', () => {
    expect(summarizeErrors('Error: Invalid index\n\n12: is out of range\n')).toBe(
      'Error: Invalid index. 12: is out of range.',
    );
  });

  it('separates Error blocks and ends each with one full stop', () => {
    const output = 'Error: first failure\n\nError: second failure!\nWarning: ignored\n\nnot an error\n';
    expect(summarizeErrors(output)).toBe('Error: first failure. Error: second failure!');
  });

  it('reads a heading only at the start of a line', () => {
    const output = 'Error: creating VPC\n\ncaused by Error: quota reached\n';
    expect(summarizeErrors(output)).toBe('Error: creating VPC. caused by Error: quota reached.');
  });

  it('reads Windows line endings and a lone carriage return as line breaks', () => {
    expect(summarizeErrors('Error: Invalid provider\r\n\r\nthe provider is not installed\r\n')).toBe(
      'Error: Invalid provider. the provider is not installed.',
    );
    expect(summarizeErrors('Error: Invalid provider\r\rthe provider is not installed\r')).toBe(
      'Error: Invalid provider. the provider is not installed.',
    );
  });

  it('removes the frame Terraform draws, and only the frame', () => {
    const framed = [
      '╷',
      '│ Error: Missing required argument',
      '│ ',
      '│ The argument "ami" is required: │ marks a frame only at the start.',
      '│ and a frame line holds nothing else: ╵',
      '│   on main.tf.json line 3:',
      '╵',
      'Error: a ╷ inside a line stays',
    ].join('\n');
    expect(summarizeErrors(framed)).toBe(
      'Error: Missing required argument. The argument "ami" is required: │ marks a frame only at the start. and ' +
        'a frame line holds nothing else: ╵ on main.tf.json line 3. Error: a ╷ inside a line stays.',
    );
  });

  it('removes a frame drawn with indentation, colours and trailing spaces', () => {
    const framed = '  \u001b[31m╷\u001b[0m  \n  │ Error: Invalid count argument\n  ╵  \n';
    expect(summarizeErrors(framed)).toBe('Error: Invalid count argument.');
  });

  it('removes colours inside the text, whatever their codes', () => {
    const coloured =
      '\u001b[1m\u001b[31mError: \u001b[0m\u001b[1mInvalid count argument\u001b[0m\n\n' +
      'The \u001b[4mcount\u001b[24m value depends on \u001b[38;5;208mresource attributes\u001b[0m\u001b[?25h\n';
    expect(summarizeErrors(coloured)).toBe(
      'Error: Invalid count argument. The count value depends on resource attributes.',
    );
  });

  it('keeps a frame character inside a line, and removes a bare frame line', () => {
    const framed = ['│ Error: Invalid value', '│', 'the value │ is not one of a │ b', '╵'].join('\n');
    expect(summarizeErrors(framed)).toBe('Error: Invalid value. the value │ is not one of a │ b.');
  });

  it('joins the lines of a paragraph, also a line of a single word', () => {
    expect(
      summarizeErrors('Error: Invalid provider\n\nthe provider\nhashicorp/aws\nis not installed\n'),
    ).toBe('Error: Invalid provider. the provider hashicorp/aws is not installed.');
  });

  it('keeps a line that starts with a frame character but says more', () => {
    expect(summarizeErrors('Error: Invalid provider\n\n╷ marks the start of a block\n')).toBe(
      'Error: Invalid provider. ╷ marks the start of a block.',
    );
  });

  it('keeps a colon only where it does not introduce something left out', () => {
    expect(summarizeErrors('Error: Invalid count argument:\n\n  on main.tf.json line 1:\n   1: {}\n')).toBe(
      'Error: Invalid count argument. on main.tf.json line 1.',
    );
  });

  it('keeps the question a paragraph ends with', () => {
    expect(summarizeErrors('Did you mean to run terraform init?\n')).toBe(
      'Did you mean to run terraform init?',
    );
  });

  it('joins the lines of the whole output when there is no Error block', () => {
    expect(summarizeErrors('\npanic: nil pointer\n\n\ngoroutine 1 [running]:\n')).toBe(
      'panic: nil pointer. goroutine 1 [running].',
    );
  });

  it('is empty when Terraform printed nothing', () => {
    expect(summarizeErrors('')).toBe('');
    expect(summarizeErrors('\n\n')).toBe('');
  });

  it.each([
    [1_999, 1_999, false],
    [2_000, 2_000, false],
    [2_001, 2_000, true],
  ])('a message of %i characters is %i long, cut: %s', (length, kept, cut) => {
    const output = `${'z'.repeat(length - 1)}.`;
    const message = summarizeErrors(output);
    expect(message.length).toBe(kept);
    expect(message.endsWith('…')).toBe(cut);
  });

  it('cuts at a word without leaving the space before the ellipsis', () => {
    const output = `${'w'.repeat(1_998)} and more.`;
    expect(summarizeErrors(output)).toBe(`${'w'.repeat(1_998)}…`);
  });
});

describe('TerraformError', () => {
  it('names the step, and carries the transient kind only when there is one', () => {
    const error = new TerraformError(
      'plan',
      'terraform plan failed in acme-corp: Rate exceeded.',
      'throttling',
    );
    expect(error).toBeInstanceOf(Error);
    expect({
      name: error.name,
      step: error.step,
      transient: error.transient,
      message: error.message,
    }).toEqual({
      name: 'TerraformError',
      step: 'plan',
      transient: 'throttling',
      message: 'terraform plan failed in acme-corp: Rate exceeded.',
    });
    expect(new TerraformError('apply', 'terraform apply failed.').transient).toBeUndefined();
  });
});
