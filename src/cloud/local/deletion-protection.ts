import type { ResourceChange } from '../../diff/index.js';
import type { CustomerState, LocalStore } from './store.js';

const DATABASE = 'aws_db_instance';

/**
 * As RDS does: a database with deletion protection on cannot be deleted, so an apply that
 * deletes or replaces one fails (writing nothing) until the protection is lifted.
 */
export function refuseProtectedDatabases(
  customerId: string,
  state: CustomerState,
  changes: readonly ResourceChange[],
): void {
  const protectedOnes = changes
    .filter((c) => c.type === DATABASE && (c.action === 'delete' || c.action === 'replace'))
    .filter((c) => state.resources[c.address]?.config.deletion_protection === true)
    .map((c) => c.address);
  if (protectedOnes.length === 0) return;
  throw new Error(
    `${customerId}: nothing applied, ${protectedOnes.join(', ')} has deletion protection on: ` +
      'the cloud refuses to delete it (InvalidParameterCombination), as RDS does',
  );
}

/** Turns deletion protection off for the customer's databases at `addresses` (ModifyDBInstance). */
export async function liftDeletionProtection(
  store: LocalStore,
  customerId: string,
  addresses: readonly string[],
): Promise<void> {
  if (addresses.length === 0) return;
  const state = await store.readState(customerId);
  for (const address of addresses) {
    const entry = state.resources[address];
    if (entry !== undefined) entry.config = { ...entry.config, deletion_protection: false };
  }
  await store.writeState(state);
}
