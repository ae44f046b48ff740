import { createHash } from 'node:crypto';

/**
 * What the ledger keeps of a stack: its Terraform JSON, hashed. A plan names the stack it
 * started from the same way, so an apply can tell whether it starts from there too.
 */
export function stackDigest(json: string): string {
  return createHash('sha256').update(json).digest('hex');
}
