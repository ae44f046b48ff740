import { type Customer, suggest } from '../spec/index.js';
import { UsageError } from './io.js';

/** The customers named on the command line, or all of them. */
export function selectCustomers(all: Customer[], ids: string[]): Customer[] {
  if (ids.length === 0) return all;
  const byId = new Map(all.map((c) => [c.id, c]));
  return [...new Set(ids)].map((id) => {
    const customer = byId.get(id);
    if (customer === undefined) {
      throw new UsageError(`there is no customer ${id} in customers/: ${suggest(id, [...byId.keys()])}`);
    }
    return customer;
  });
}
