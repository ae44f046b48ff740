import type { ResourceChange } from '../diff/index.js';
import { type DataKind, dataKindOf } from '../diff/index.js';
import { BACKUP_BUCKET_ADDRESS } from '../graph/index.js';
import type { Customer } from '../spec/index.js';

export type { DataKind };

/** What the guard needs to know of a customer: from its spec, or `removed` when its file is gone. */
export interface GuardedCustomer {
  id: string;
  status: Customer['status'] | 'removed';
  allowDataLoss: readonly DataKind[];
}

/**
 * The destroy guard: the reasons to refuse a customer's planned changes, one per change that
 * would delete or replace a data-bearing resource without the spec saying so. Empty: go ahead.
 *
 * A spec says so only explicitly: by decommissioning the customer (which deletes, never
 * replaces) or by naming the kind in `allowDataLoss`. Buckets are never destroyed, whatever
 * the spec says: backups outlive the customer for the plan's retention.
 */
export function destroyGuard(customer: GuardedCustomer, changes: readonly ResourceChange[]): string[] {
  return changes.flatMap((change) => {
    const refusal = refusalOf(customer, change);
    return refusal === undefined ? [] : [refusal];
  });
}

function refusalOf(customer: GuardedCustomer, change: ResourceChange): string | undefined {
  if (change.action !== 'delete' && change.action !== 'replace') return undefined;
  const what = `${change.address} would be ${change.action === 'delete' ? 'destroyed' : `replaced${because(change)}`}`;
  if (isBackupBucket(change)) {
    return `${what}: it holds ${customer.id}'s backups, which neo never destroys (they expire after the plan's retention)`;
  }
  if (change.type === 'aws_s3_bucket') {
    return `${what}: neo never destroys a bucket with its objects (Terraform would refuse too, prevent_destroy); empty and delete it by hand if it must go`;
  }
  const kind = dataKindOf(change.type);
  if (kind === undefined) return undefined;
  if (customer.status === 'decommissioned' && change.action === 'delete') return undefined;
  if (customer.allowDataLoss.includes(kind)) return undefined;
  return `${what}, with its data (${kind}): if that is intended, add ${kind} to allowDataLoss in customers/${customer.id}.yaml, or decommission the customer`;
}

function because(change: ResourceChange): string {
  const reasons = change.replacedBecause ?? [];
  return reasons.length === 0 ? '' : ` (because of ${reasons.join(', ')})`;
}

/** By address, or by type and name inside a module (a plan from elsewhere). */
function isBackupBucket(change: ResourceChange): boolean {
  return change.address === BACKUP_BUCKET_ADDRESS || change.address.endsWith(`.${BACKUP_BUCKET_ADDRESS}`);
}

/** Deletes or replaces something that holds data, allowed or not: what the blast radius counts. */
export function losesData(change: ResourceChange): boolean {
  const gone = change.action === 'delete' || change.action === 'replace';
  return gone && (dataKindOf(change.type) !== undefined || change.type === 'aws_s3_bucket');
}
