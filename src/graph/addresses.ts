/**
 * Addresses of a customer's stack that other modules rely on (the destroy guard keeps the
 * backup bucket): the synthesizer names its resources from these, and nobody has to load the
 * constructs (and cdktf with them) to know them.
 */
export const BACKUP_BUCKET = { type: 'aws_s3_bucket', name: 'backups' } as const;
export const BACKUP_BUCKET_ADDRESS = `${BACKUP_BUCKET.type}.${BACKUP_BUCKET.name}`;

/** The Terraform type of a resource address: `aws_vpc` for `aws_vpc.main`. */
export function addressType(address: string): string {
  return address.slice(0, address.indexOf('.'));
}
