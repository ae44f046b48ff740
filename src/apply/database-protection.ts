import type { PlannedStack } from './target.js';

/**
 * RDS deletion protection of neo's databases. Every database is created protected, so nothing
 * but neo's apply (and only for a deletion its destroy guard allowed: the customer is
 * decommissioned or `allowDataLoss` names databases) can delete one: not a console slip, not
 * a Terraform run outside neo.
 */
export interface DatabaseProtection {
  /** Turns deletion protection off (ModifyDBInstance); a database already gone is no error. */
  lift(region: string | undefined, identifier: string): Promise<void>;
}

/** The databases a planned stack deletes or replaces: `address` and RDS `identifier`. */
export function databasesLeaving(planned: PlannedStack): Array<{ address: string; identifier: string }> {
  return planned.changes.flatMap((change) => {
    if (change.type !== 'aws_db_instance' || (change.action !== 'delete' && change.action !== 'replace'))
      return [];
    const before = change.attributes.find((a) => a.path === 'identifier')?.before;
    const kept = planned.stack.graph.resources.get(change.address)?.attributes.identifier;
    const identifier = typeof before === 'string' ? before : kept;
    return typeof identifier === 'string' ? [{ address: change.address, identifier }] : [];
  });
}
