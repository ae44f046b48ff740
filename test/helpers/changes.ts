import type { Action, ResourceChange } from '../../src/diff/index.js';
import { addressType } from '../../src/graph/index.js';

/** A change of `address` with no attributes or risks unless `extra` gives them. */
export function resourceChange(
  address: string,
  action: Action,
  extra: Partial<ResourceChange> = {},
): ResourceChange {
  const type = addressType(address);
  return { address, type, name: address.slice(type.length + 1), action, attributes: [], risks: [], ...extra };
}
