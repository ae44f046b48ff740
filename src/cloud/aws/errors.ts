import { isServerError, isThrottlingError, isTransientError } from '@smithy/service-error-classification';
import type { StandardRetryStrategy } from '@smithy/util-retry';

type SdkError = Parameters<typeof isThrottlingError>[0];
export type RetryErrorType = Parameters<StandardRetryStrategy['refreshRetryTokenForRetry']>[1]['errorType'];

/**
 * The credentials neo runs with lack a permission. Retrying cannot help, so this fails the sweep
 * at once with the one thing an operator needs: which IAM action to grant. The message holds no
 * credentials, request or AWS error text (that may carry principal ARNs).
 */
export class CloudAccessError extends Error {
  readonly permission: string;

  constructor(permission: string) {
    super(
      `AWS denied ${permission} to the credentials in use. Grant it to the role neo runs with ` +
        '(the read-only role needs ec2:Describe* and route53:List*/Get*).',
    );
    this.name = 'CloudAccessError';
    this.permission = permission;
  }
}

/** What a failed call calls for: fail at once, wait out eventual consistency, or retry. */
export type Failure =
  | { kind: 'denied' }
  | { kind: 'not-found' }
  | { kind: 'retry'; errorType: RetryErrorType }
  | { kind: 'fatal' };

/** Listed as well as classified: these must throttle even if the SDK's list ever changes. */
const THROTTLING_CODES: ReadonlySet<string> = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'PriorRequestNotComplete',
]);
const DENIED_CODES: ReadonlySet<string> = new Set([
  'UnauthorizedOperation',
  'AccessDenied',
  'AccessDeniedException',
]);

export function classify(error: unknown): Failure {
  if (!(error instanceof Error)) return { kind: 'fatal' };
  const sdkError = error as SdkError;
  const code = errorCode(sdkError);
  const throttled = THROTTLING_CODES.has(code) || isThrottlingError(sdkError);
  if (!throttled && (DENIED_CODES.has(code) || sdkError.$metadata?.httpStatusCode === 403)) {
    return { kind: 'denied' };
  }
  // EC2 answers `Invalid<Thing>ID.NotFound` for what it created a moment ago; Route53 likewise.
  if (code.endsWith('.NotFound') || code === 'NoSuchHostedZone') return { kind: 'not-found' };
  if (throttled) return { kind: 'retry', errorType: 'THROTTLING' };
  if (isTransientError(sdkError)) return { kind: 'retry', errorType: 'TRANSIENT' };
  if (isServerError(sdkError)) return { kind: 'retry', errorType: 'SERVER_ERROR' };
  return { kind: 'fatal' };
}

/** The AWS error code: SDK v3 puts it in `name`; some deserializers also leave `Code`. */
export function errorCode(error: unknown): string {
  const { name, Code } = error as { name?: unknown; Code?: unknown };
  if (typeof Code === 'string' && Code !== '') return Code;
  return typeof name === 'string' ? name : '';
}

/** `ec2:DescribeInstances` from a `DescribeInstancesCommand`: the IAM action the call needs. */
export function permissionFor(service: string, command: object): string {
  return `${service}:${command.constructor.name.replace(/Command$/, '')}`;
}
