import {
  idFilter,
  listAddresses,
  listInternetGateways,
  listRouteTables,
  listSubnets,
  listVolumes,
  listVpcs,
  type Reader,
} from './ec2-list.js';
import { FILTER_VALUES_MAX, inChunks } from './pages.js';

/** Recorded cloud ids of one region, by Terraform type. */
export type RecordedIds = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * The listings find neo's resources by their `neo:` tags; a resource whose tags were edited is
 * found by the id the ledger recorded for it instead. Only ids the listings did not return are
 * read, 200 to a call, so a sweep where no tag was touched costs nothing more. Security groups,
 * their rules and NAT gateways are listed by VPC, instances all at once: a recorded VPC found
 * here brings them along.
 */
export function missingIds<T>(
  recorded: RecordedIds,
  type: string,
  listed: readonly T[],
  id: (item: T) => string | undefined,
): string[] {
  const seen = new Set(listed.map(id));
  return [...(recorded.get(type) ?? [])].filter((recordedId) => !seen.has(recordedId));
}

function byId<T>(ids: string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  return inChunks(ids, FILTER_VALUES_MAX, read);
}

export const readById = {
  vpcs: (reader: Reader, ids: string[]) => byId(ids, (chunk) => listVpcs(reader, idFilter('vpc-id', chunk))),
  subnets: (reader: Reader, ids: string[]) =>
    byId(ids, (chunk) => listSubnets(reader, idFilter('subnet-id', chunk))),
  internetGateways: (reader: Reader, ids: string[]) =>
    byId(ids, (chunk) => listInternetGateways(reader, idFilter('internet-gateway-id', chunk))),
  routeTables: (reader: Reader, ids: string[]) =>
    byId(ids, (chunk) => listRouteTables(reader, idFilter('route-table-id', chunk))),
  volumes: (reader: Reader, ids: string[]) =>
    byId(ids, (chunk) => listVolumes(reader, idFilter('volume-id', chunk))),
  addresses: (reader: Reader, ids: string[]) =>
    byId(ids, (chunk) => listAddresses(reader, idFilter('allocation-id', chunk))),
};
