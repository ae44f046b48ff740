import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileLedger, LedgerError } from '../../../src/apply/ledger/index.js';
import type { AppliedRecord } from '../../../src/apply/types.js';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

function record(overrides: Partial<AppliedRecord> = {}): AppliedRecord {
  return {
    commit: COMMIT,
    stackHash: HASH_A,
    appliedAt: '2025-06-01T12:00:00.000Z',
    status: 'active',
    ...overrides,
  };
}

describe('fileLedger', () => {
  let root: string;
  let path: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'neo-ledger-'));
    // A folder that does not exist yet: the first write creates it.
    path = join(root, 'terraform-state', 'local', 'applied.json');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads a missing file as no records', async () => {
    const ledger = fileLedger(path);
    expect(ledger.location).toBe(path);
    expect(await ledger.read()).toEqual(new Map());
  });

  it('reads back what it wrote', async () => {
    const ledger = fileLedger(path);
    const records: [string, AppliedRecord][] = [
      ['acme', record()],
      ['globex', record({ commit: undefined, stackHash: HASH_B, status: 'suspended' })],
      ['initech', record({ status: 'decommissioned', rollback: true })],
    ];
    for (const [id, r] of records) await ledger.write(id, r);
    const { commit: _, ...uncommitted } = record({ stackHash: HASH_B, status: 'suspended' });
    expect(await fileLedger(path).read()).toEqual(
      new Map([
        ['acme', record()],
        ['globex', uncommitted],
        ['initech', record({ status: 'decommissioned', rollback: true })],
      ]),
    );
  });

  it('writes customers in id order, keys in a fixed order, 2-space indent and a trailing newline', async () => {
    const ledger = fileLedger(path);
    // Written out of order, keys shuffled: the file must not show it.
    await ledger.write('zeta', {
      status: 'active',
      appliedAt: '2025-06-02T08:30:00.000Z',
      stackHash: HASH_B,
    });
    await ledger.write('acme', {
      rollback: true,
      status: 'suspended',
      stackHash: HASH_A,
      appliedAt: '2025-06-01T12:00:00.000Z',
      commit: COMMIT,
    });
    await ledger.write('Beta', record());
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(`{
  "formatVersion": 1,
  "customers": {
    "Beta": {
      "commit": "${COMMIT}",
      "stackHash": "${HASH_A}",
      "appliedAt": "2025-06-01T12:00:00.000Z",
      "status": "active"
    },
    "acme": {
      "commit": "${COMMIT}",
      "stackHash": "${HASH_A}",
      "appliedAt": "2025-06-01T12:00:00.000Z",
      "status": "suspended",
      "rollback": true
    },
    "zeta": {
      "stackHash": "${HASH_B}",
      "appliedAt": "2025-06-02T08:30:00.000Z",
      "status": "active"
    }
  }
}
`);
    // Rewriting the same records gives the same bytes.
    await ledger.write('acme', (await ledger.read()).get('acme'));
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('keeps every record of 50 concurrent writes, and leaves no temporary files', async () => {
    const ledger = fileLedger(path);
    const ids = Array.from({ length: 50 }, (_, i) => `customer-${String(i).padStart(2, '0')}`);
    await Promise.all(
      ids.map((id, i) =>
        ledger.write(id, record({ appliedAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString() })),
      ),
    );
    const read = await ledger.read();
    expect([...read.keys()]).toEqual(ids);
    expect(read.get('customer-49')?.appliedAt).toBe('2025-01-01T00:49:00.000Z');
    expect(readdirSync(join(root, 'terraform-state', 'local'))).toEqual(['applied.json']);
  });

  it('forgets a customer written undefined, and forgetting an unknown one changes nothing', async () => {
    const ledger = fileLedger(path);
    await ledger.write('acme', record());
    await ledger.write('globex', record({ stackHash: HASH_B }));
    await ledger.write('acme', undefined);
    await ledger.write('nobody', undefined);
    expect(await ledger.read()).toEqual(new Map([['globex', record({ stackHash: HASH_B })]]));
  });

  it('keeps records another writer put in the file since the last write', async () => {
    const ledger = fileLedger(path);
    await ledger.write('acme', record());
    await fileLedger(path).write('globex', record({ stackHash: HASH_B }));
    await ledger.write('initech', record());
    expect([...(await ledger.read()).keys()]).toEqual(['acme', 'globex', 'initech']);
  });

  const ADVICE =
    'Fix it or delete it: without it every customer is applied again, which is safe because applies are idempotent.';

  it.each<[string, string, string]>([
    ['not JSON', 'not json', `not valid JSON (Unexpected token 'o', "not json" is not valid JSON)`],
    ['an array', '[]', 'expected a JSON object'],
    ['another format version', '{"formatVersion":2,"customers":{}}', 'formatVersion is 2, this neo reads 1'],
    ['no format version', '{"customers":{}}', 'formatVersion is undefined, this neo reads 1'],
    [
      'customers not an object',
      '{"formatVersion":1,"customers":[]}',
      '"customers" must be an object of records by id',
    ],
    [
      'a record that is not an object',
      '{"formatVersion":1,"customers":{"acme":"yes"}}',
      'customer "acme": the record must be an object',
    ],
    [
      'a record without stackHash',
      '{"formatVersion":1,"customers":{"acme":{"appliedAt":"2025-06-01T12:00:00Z","status":"active"}}}',
      'customer "acme": "stackHash" must be a non-empty string',
    ],
    [
      'an unknown status',
      `{"formatVersion":1,"customers":{"acme":{"stackHash":"${HASH_A}","appliedAt":"2025-06-01T12:00:00Z","status":"paused"}}}`,
      'customer "acme": "status" must be one of active, suspended, decommissioned',
    ],
    [
      'a time that is not one',
      `{"formatVersion":1,"customers":{"acme":{"stackHash":"${HASH_A}","appliedAt":"yesterday","status":"active"}}}`,
      'customer "acme": "appliedAt" must be an ISO 8601 time',
    ],
    [
      'rollback false',
      `{"formatVersion":1,"customers":{"acme":{"stackHash":"${HASH_A}","appliedAt":"2025-06-01T12:00:00Z","status":"active","rollback":false}}}`,
      'customer "acme": "rollback" must be true or absent',
    ],
    [
      'a misspelt field',
      `{"formatVersion":1,"customers":{"acme":{"stackHash":"${HASH_A}","appliedAt":"2025-06-01T12:00:00Z","status":"active","rolback":true}}}`,
      'customer "acme": unknown field "rolback"',
    ],
    [
      'an empty commit',
      `{"formatVersion":1,"customers":{"acme":{"commit":"","stackHash":"${HASH_A}","appliedAt":"2025-06-01T12:00:00Z","status":"active"}}}`,
      'customer "acme": "commit" must be a non-empty string',
    ],
  ])('refuses %s, naming the file and the way out', async (_, content, problem) => {
    writeFileSync(join(root, 'applied.json'), content);
    const ledger = fileLedger(join(root, 'applied.json'));
    for (const attempt of [() => ledger.read(), () => ledger.write('globex', record())]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LedgerError);
      expect((error as Error).name).toBe('LedgerError');
      expect((error as Error).message).toBe(`${join(root, 'applied.json')}: ${problem}. ${ADVICE}`);
    }
    // A failed write leaves the file as it was.
    expect(readFileSync(join(root, 'applied.json'), 'utf8')).toBe(content);
  });

  it('refuses to write a record it could not read back', async () => {
    const ledger = fileLedger(path);
    await expect(ledger.write('acme', record({ status: 'gone' as 'active' }))).rejects.toThrow(
      new LedgerError(
        `${path}: refusing to record customer "acme": "status" must be one of active, suspended, decommissioned`,
      ),
    );
    expect(readdirSync(root)).toEqual([]);
  });

  it("keeps each customer's recorded ids in its own file beside the ledger, addresses sorted", async () => {
    const ledger = fileLedger(path);
    await ledger.writeIds('acme-corp', { 'aws_vpc.main': 'vpc-0b2', 'aws_eip.server': 'eipalloc-0a1' });
    expect(readFileSync(join(dirname(path), 'ids', 'acme-corp.json'), 'utf8')).toBe(`{
  "formatVersion": 1,
  "ids": {
    "aws_eip.server": "eipalloc-0a1",
    "aws_vpc.main": "vpc-0b2"
  }
}
`);
    expect(await ledger.readIds(['acme-corp', 'never-applied'])).toEqual(
      new Map([['acme-corp', { 'aws_eip.server': 'eipalloc-0a1', 'aws_vpc.main': 'vpc-0b2' }]]),
    );
    await ledger.writeIds('acme-corp', undefined);
    expect(await ledger.readIds(['acme-corp'])).toEqual(new Map());
  });

  it.each<[string, string, string]>([
    ['not JSON', '{', 'not valid JSON'],
    [
      'an id that is not a string',
      '{"formatVersion":1,"ids":{"aws_vpc.main":7}}',
      '"ids" must map each address to a cloud id',
    ],
    ['another format', '{"formatVersion":2,"ids":{}}', 'expected {"formatVersion":1,"ids":{…}}'],
  ])('refuses an ids file with %s, saying what deleting it costs', async (_name, content, problem) => {
    mkdirSync(join(dirname(path), 'ids'), { recursive: true });
    writeFileSync(join(dirname(path), 'ids', 'acme-corp.json'), content);
    await expect(fileLedger(path).readIds(['acme-corp'])).rejects.toThrow(
      new RegExp(
        `ids/acme-corp\\.json: ${problem.replace(/[{}.…]/g, '\\$&')}.*Delete it: the customer's next apply records its ids again`,
      ),
    );
  });

  it('refuses a customer id that would leave the ids folder', async () => {
    await expect(fileLedger(path).writeIds('../escape', {})).rejects.toThrow(
      "invalid customer id '../escape'",
    );
  });
});
