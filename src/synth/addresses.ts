/**
 * Addresses other modules rely on without loading the constructs (and cdktf with them).
 * The constructs name their resources from these.
 */
export const BACKUP_BUCKET = { type: 'aws_s3_bucket', name: 'backups' } as const;
export const BACKUP_BUCKET_ADDRESS = `${BACKUP_BUCKET.type}.${BACKUP_BUCKET.name}`;
