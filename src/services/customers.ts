import { type Customer, suggest } from '../spec/index.js';
import { UsageError } from './io.js';

/**
 * The customers named on the command line, or all of them. A name without a file is a usage
 * error, unless `known` accepts it (it is then left out of the result).
 */
export function selectCustomers(
  all: Customer[],
  ids: readonly string[],
  known: (id: string) => boolean = () => false,
): Customer[] {
  if (ids.length === 0) return all;
  const byId = new Map(all.map((c) => [c.id, c]));
  return [...new Set(ids)].flatMap((id) => {
    const customer = byId.get(id);
    if (customer !== undefined) return [customer];
    if (known(id)) return [];
    throw new UsageError(`there is no customer ${id} in customers/: ${suggest(id, [...byId.keys()])}`);
  });
}
