/**
 * The ledger's JSON, shared by the file and the S3 ledger:
 * `{"formatVersion":1,"customers":{"<id>":{…record}}}`, customers in id order and record keys in a
 * fixed order, 2-space indent, trailing newline. People read and diff it, so the same records must
 * always give the same bytes.
 */
import type { AppliedRecord, CustomerStatus, RecordedIds } from '../types.js';

export const LEDGER_FORMAT_VERSION = 1;

/** A ledger that cannot be read or written; the message says what to do about it. */
export class LedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerError';
  }
}

/** One customer's update: a record, or undefined to forget the customer. */
export type LedgerUpdates = ReadonlyMap<string, AppliedRecord | undefined>;

const STATUSES: ReadonlySet<string> = new Set<CustomerStatus>(['active', 'suspended', 'decommissioned']);
/** Also the order keys are written in. */
const RECORD_KEYS = ['commit', 'stackHash', 'driftRecord', 'appliedAt', 'status', 'rollback'] as const;

/** Deleting the ledger is always a way out: it only costs re-applying everyone. */
function unreadable(location: string, problem: string): LedgerError {
  return new LedgerError(
    `${location}: ${problem}. Fix it or delete it: without it every customer is applied again, ` +
      'which is safe because applies are idempotent.',
  );
}

export function serializeLedger(records: ReadonlyMap<string, AppliedRecord>): string {
  // sort()'s own order is by UTF-16 code units, not localeCompare: the bytes must not depend on
  // the machine's locale.
  const ids = [...records.keys()].sort();
  // fromEntries defines own properties, so even an id like `__proto__` stays a plain key.
  const customers = Object.fromEntries(ids.map((id) => [id, normalized(records.get(id) as AppliedRecord)]));
  return `${JSON.stringify({ formatVersion: LEDGER_FORMAT_VERSION, customers }, null, 2)}\n`;
}

/** A fresh map of the ledger's records; `location` names the file or object in errors. */
export function parseLedger(text: string, location: string): Map<string, AppliedRecord> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw unreadable(location, `not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(data)) throw unreadable(location, 'expected a JSON object');
  if (data.formatVersion !== LEDGER_FORMAT_VERSION) {
    throw unreadable(
      location,
      `formatVersion is ${JSON.stringify(data.formatVersion)}, this neo reads ${LEDGER_FORMAT_VERSION}`,
    );
  }
  if (!isObject(data.customers)) throw unreadable(location, '"customers" must be an object of records by id');
  const records = new Map<string, AppliedRecord>();
  for (const [id, value] of Object.entries(data.customers)) {
    const problem = recordProblem(id, value);
    if (problem !== undefined) throw unreadable(location, `customer "${id}": ${problem}`);
    records.set(id, normalized(value as AppliedRecord));
  }
  return records;
}

/** Checked on write as well as on read, so neo never writes a ledger it would refuse to read. */
export function checkRecord(location: string, id: string, record: AppliedRecord): void {
  const problem = recordProblem(id, record);
  if (problem !== undefined) {
    throw new LedgerError(`${location}: refusing to record customer "${id}": ${problem}`);
  }
}

export function applyUpdates(
  records: ReadonlyMap<string, AppliedRecord>,
  updates: LedgerUpdates,
): Map<string, AppliedRecord> {
  const next = new Map(records);
  for (const [id, record] of updates) {
    if (record === undefined) next.delete(id);
    else next.set(id, record);
  }
  return next;
}

function recordProblem(id: string, value: unknown): string | undefined {
  if (id === '') return 'the customer id is empty';
  if (!isObject(value)) return 'the record must be an object';
  const unknown = Object.keys(value).filter((key) => !(RECORD_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) return `unknown field ${unknown.map((key) => `"${key}"`).join(', ')}`;
  if (value.commit !== undefined && !nonEmptyString(value.commit))
    return '"commit" must be a non-empty string';
  if (!nonEmptyString(value.stackHash)) return '"stackHash" must be a non-empty string';
  if (value.driftRecord !== undefined && !nonEmptyString(value.driftRecord))
    return '"driftRecord" must be a non-empty string';
  if (typeof value.appliedAt !== 'string' || Number.isNaN(Date.parse(value.appliedAt))) {
    return '"appliedAt" must be an ISO 8601 time';
  }
  if (!isStatus(value.status)) {
    return `"status" must be one of ${[...STATUSES].join(', ')}`;
  }
  if (value.rollback !== undefined && value.rollback !== true) return '"rollback" must be true or absent';
  return undefined;
}

/** The record's keys in the fixed order, absent optional ones left out. */
function normalized(record: AppliedRecord): AppliedRecord {
  const out: Record<string, unknown> = {};
  for (const key of RECORD_KEYS) if (record[key] !== undefined) out[key] = record[key];
  return out as unknown as AppliedRecord;
}

function isStatus(value: unknown): value is CustomerStatus {
  return STATUSES.has(value as string);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** One customer's recorded ids: `{"formatVersion":1,"ids":{"<address>":"<cloud id>"}}`, addresses sorted. */
export function serializeIds(ids: RecordedIds): string {
  const sorted = Object.fromEntries(
    Object.keys(ids)
      .sort()
      .map((address) => [address, ids[address]]),
  );
  return `${JSON.stringify({ formatVersion: LEDGER_FORMAT_VERSION, ids: sorted }, null, 2)}\n`;
}

export function parseIds(text: string, location: string): RecordedIds {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw unreadableIds(location, `not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(data) || data.formatVersion !== LEDGER_FORMAT_VERSION || !isObject(data.ids)) {
    throw unreadableIds(location, `expected {"formatVersion":${LEDGER_FORMAT_VERSION},"ids":{…}}`);
  }
  const ids = data.ids;
  if (!Object.values(ids).every(nonEmptyString))
    throw unreadableIds(location, '"ids" must map each address to a cloud id (a non-empty string)');
  return { ...(ids as RecordedIds) };
}

function unreadableIds(location: string, problem: string): LedgerError {
  return new LedgerError(
    `${location}: ${problem}. Delete it: the customer's next apply records its ids again, and until then drift knows its resources by their tags.`,
  );
}

/** `<id>.json`, refusing an id that could leave the ids folder (customer ids never hold a dot). */
export function idsName(customerId: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(customerId))
    throw new LedgerError(`invalid customer id '${customerId}'`);
  return `${customerId}.json`;
}
