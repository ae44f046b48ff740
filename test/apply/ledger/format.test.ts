import { describe, expect, it } from 'vitest';
import {
  checkRecord,
  idsName,
  LedgerError,
  parseIds,
  parseLedger,
  serializeIds,
  serializeLedger,
} from '../../../src/apply/ledger/format.js';
import type { AppliedRecord } from '../../../src/apply/types.js';

const LOCATION = 's3://neo-terraform-state/customers/applied.json';
const HASH = 'a'.repeat(64);
const ADVICE =
  'Fix it or delete it: without it every customer is applied again, which is safe because applies are idempotent.';

const ledgerOf = (customers: unknown) => JSON.stringify({ formatVersion: 1, customers });
const valid = { stackHash: HASH, appliedAt: '2026-11-25T10:00:00.000Z', status: 'active' };

describe('reading the ledger', () => {
  it.each<[string, string, string]>([
    ['null', 'null', 'expected a JSON object'],
    ['an empty customer id', ledgerOf({ '': valid }), 'customer "": the customer id is empty'],
    [
      'two unknown fields',
      ledgerOf({ 'acme-corp': { ...valid, rolback: true, applied_at: 'yesterday' } }),
      'customer "acme-corp": unknown field "rolback", "applied_at"',
    ],
    [
      'an empty drift record',
      ledgerOf({ 'acme-corp': { ...valid, driftRecord: '' } }),
      'customer "acme-corp": "driftRecord" must be a non-empty string',
    ],
    [
      'a time given as a number',
      ledgerOf({ 'acme-corp': { ...valid, appliedAt: 2026 } }),
      'customer "acme-corp": "appliedAt" must be an ISO 8601 time',
    ],
    [
      'a status given as a list',
      ledgerOf({ 'acme-corp': { ...valid, status: ['active'] } }),
      'customer "acme-corp": "status" must be one of active, suspended, decommissioned',
    ],
  ])('refuses %s', (_name, text, problem) => {
    const read = () => parseLedger(text, LOCATION);
    expect(read).toThrow(LedgerError);
    expect(read).toThrow(`${LOCATION}: ${problem}. ${ADVICE}`);
  });

  it('reads every status and optional field it writes', () => {
    const records = new Map<string, AppliedRecord>([
      ['acme-corp', { ...valid, status: 'active', commit: 'c'.repeat(40), driftRecord: 'd'.repeat(64) }],
      ['kestrel-legal', { ...valid, status: 'suspended', rollback: true }],
      ['orchid-studio', { ...valid, status: 'decommissioned' }],
    ]);
    expect(parseLedger(serializeLedger(records), LOCATION)).toEqual(records);
  });

  it('refuses to write what it would refuse to read', () => {
    expect(() => checkRecord(LOCATION, 'acme-corp', { ...valid, driftRecord: '' } as AppliedRecord)).toThrow(
      new LedgerError(
        `${LOCATION}: refusing to record customer "acme-corp": "driftRecord" must be a non-empty string`,
      ),
    );
    expect(() => checkRecord(LOCATION, 'acme-corp', valid as AppliedRecord)).not.toThrow();
  });
});

describe('writing the ledger', () => {
  it('orders customers by code unit, whatever the locale would say', () => {
    const ids = ['zephyr-yoga', 'Acme-Corp', 'acme-corp', 'Ångström-labs', '_staging', 'acme-corp-eu'];
    const text = serializeLedger(new Map(ids.map((id) => [id, valid as AppliedRecord])));
    expect(Object.keys(JSON.parse(text).customers)).toEqual([
      'Acme-Corp',
      '_staging',
      'acme-corp',
      'acme-corp-eu',
      'zephyr-yoga',
      'Ångström-labs',
    ]);
  });
});

describe('recorded ids', () => {
  it('writes addresses in code-unit order, and reads them back', () => {
    const ids = {
      'aws_vpc.main': 'vpc-0b2c3d4e5f6071829',
      'aws_eip.server': 'eipalloc-0a1b2c3d4e5f60718',
      'aws_instance.server': 'i-0a1b2c3d4e5f60718',
      'aws_ebs_volume.data': 'vol-0a1b2c3d4e5f60718',
    };
    const text = serializeIds(ids);
    expect(Object.keys(JSON.parse(text).ids)).toEqual([
      'aws_ebs_volume.data',
      'aws_eip.server',
      'aws_instance.server',
      'aws_vpc.main',
    ]);
    expect(parseIds(text, 'ids/acme-corp.json')).toEqual(ids);
  });

  it('refuses a file where any address lacks its cloud id', () => {
    const text = JSON.stringify({
      formatVersion: 1,
      ids: { 'aws_vpc.main': 'vpc-0b2c3d4e5f6071829', 'aws_eip.server': '' },
    });
    expect(() => parseIds(text, 'ids/acme-corp.json')).toThrow(
      new LedgerError(
        'ids/acme-corp.json: "ids" must map each address to a cloud id (a non-empty string). Delete it: the customer\'s next apply records its ids again, and until then drift knows its resources by their tags.',
      ),
    );
  });

  it.each(['acme-corp/../../escape', 'acme.corp', '-acme', 'acme corp', ''])(
    'refuses the customer id %j',
    (id) => {
      expect(() => idsName(id)).toThrow(new LedgerError(`invalid customer id '${id}'`));
    },
  );

  it.each(['acme-corp', 'Acme_Corp2', '7eleven'])('names the file of %s', (id) => {
    expect(idsName(id)).toBe(`${id}.json`);
  });
});
