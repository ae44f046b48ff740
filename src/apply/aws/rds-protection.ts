import { ModifyDBInstanceCommand, type RDSClient } from '@aws-sdk/client-rds';
import type { DatabaseProtection } from '../database-protection.js';

/**
 * Deletion protection lifted through the RDS API, with the apply's own credentials (the write
 * role needs `rds:ModifyDBInstance`). The change is immediate: no maintenance window.
 */
export function rdsProtection(clientFor: (region: string | undefined) => RDSClient): DatabaseProtection {
  return {
    async lift(region, identifier) {
      try {
        await clientFor(region).send(
          new ModifyDBInstanceCommand({
            DBInstanceIdentifier: identifier,
            DeletionProtection: false,
            ApplyImmediately: true,
          }),
        );
      } catch (error) {
        // Gone already (deleted by hand, or an earlier attempt got further): Terraform plans again.
        if ((error as { name?: string }).name === 'DBInstanceNotFoundFault') return;
        throw new Error(
          `lifting the deletion protection of database ${identifier} failed: ${(error as Error).message}`,
        );
      }
    },
  };
}
