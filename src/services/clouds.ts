import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AppliedLedger } from '../apply/index.js';
import type { Cloud } from '../cloud/index.js';
import type { PlatformSpec } from '../spec/index.js';

export type CloudName = 'aws' | 'local';
export const CLOUD_NAMES: readonly CloudName[] = ['local', 'aws'];

export interface CloudSettings {
  /** The repository: the local cloud lives in its terraform-state/local/. */
  root: string;
  /** Regions of neo.yaml: where EC2 is read. */
  regions: string[];
  /** An AWS-compatible endpoint (an emulator) instead of AWS. */
  endpoint?: string;
}

/** A cloud cannot be used as asked (no credentials): the message says what to do. */
export class CloudUnavailableError extends Error {
  override readonly name = 'CloudUnavailableError';
}

/**
 * Opens a cloud. The AWS SDK is loaded only here: commands that stay offline never pay for it.
 * Credentials come from the SDK's standard chain (environment, profile, SSO, web identity as
 * GitHub's OIDC provides it, instance metadata) and are checked before any reading starts.
 */
export async function openCloud(name: CloudName, settings: CloudSettings): Promise<Cloud> {
  if (name === 'local') {
    const local = await import('../cloud/local/index.js');
    return local.localCloud(local.localCloudRoot(settings.root));
  }
  const aws = await import('../cloud/aws/index.js');
  const clients = aws.defaultAwsClients({
    regions: settings.regions,
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
  });
  await requireCredentials(clients.route53.config.credentials);
  return aws.awsCloud({ regions: settings.regions, ec2: clients.ec2, route53: clients.route53 });
}

/**
 * Errors of the cloud a user can fix: no credentials, a denied permission, a broken local cloud
 * file. Matched by name so that the AWS and local modules load only when used.
 */
export function isCloudError(error: unknown): error is Error {
  return (
    error instanceof CloudUnavailableError ||
    (error instanceof Error && ['CloudAccessError', 'LocalCloudError'].includes(error.name))
  );
}

export interface LedgerLocation {
  root: string;
  stateBackend: PlatformSpec['stateBackend'];
}

/**
 * The local cloud's records sit in its own folder; AWS's in the state bucket beside the
 * customers' states (`<keyPrefix>applied.json`), readable by the plan role, written only by
 * the apply role.
 */
export async function openLedger(
  name: CloudName,
  location: LedgerLocation,
  /** The S3 client for the bucket's region; the SDK's own, with its credential chain, unless given. */
  s3Client?: (region: string) => S3Client,
): Promise<AppliedLedger> {
  const ledger = await import('../apply/ledger/index.js');
  if (name === 'local') {
    const local = await import('../cloud/local/index.js');
    return ledger.fileLedger(join(local.localCloudRoot(location.root), 'applied.json'));
  }
  const { bucket, keyPrefix, region } = location.stateBackend;
  const client = s3Client?.(region) ?? new (await import('@aws-sdk/client-s3')).S3Client({ region });
  // Checked here as for the cloud: a missing credential found at the first read would escape
  // as the SDK's own error instead of a stop the apply reports.
  await requireCredentials(client.config.credentials);
  return ledger.s3Ledger({ client, bucket, key: `${keyPrefix}applied.json` });
}

async function requireCredentials(credentials: () => Promise<unknown>): Promise<void> {
  try {
    await credentials();
  } catch {
    throw new CloudUnavailableError(
      'No AWS credentials found. Set them the usual way (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO, or an OIDC role in GitHub Actions), or use --cloud local.',
    );
  }
}
