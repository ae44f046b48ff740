import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it, vi } from 'vitest';
import { LedgerError, parseLedger, s3Ledger, serializeLedger } from '../../../src/apply/ledger/index.js';
import type { AppliedRecord } from '../../../src/apply/types.js';

const BUCKET = 'neo-terraform-state';
const KEY = 'customers/applied.json';
const LOCATION = `s3://${BUCKET}/${KEY}`;

function record(stackHash = 'a'.repeat(64)): AppliedRecord {
  return {
    commit: '0123456789abcdef0123456789abcdef01234567',
    stackHash,
    appliedAt: '2025-06-01T12:00:00.000Z',
    status: 'active',
  };
}

/** An error as the SDK throws it: the S3 error code as `name`, the HTTP status in `$metadata`. */
function s3Error(name: string, httpStatusCode: number): Error {
  return Object.assign(new Error(`S3 said ${name}`), {
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: 'deadbeef-0000-4000-8000-000000000000', attempts: 1 },
  });
}

/**
 * One S3 object behind a mocked client, honouring conditional puts as S3 does: `IfNoneMatch: *`
 * fails with 412 when the object exists, `IfMatch` with 412 on another ETag and 404 when the
 * object is gone. ETags are the quoted MD5 of the body, as for single-part puts.
 */
class FakeBucket {
  readonly client = new S3Client({
    region: 'us-east-2',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
  });
  object: { body: string; etag: string } | undefined;
  gets = 0;
  readonly puts: PutObjectCommandInput[] = [];
  /** Errors the next gets or puts fail with, before looking at the object. */
  readonly failGets: Error[] = [];
  readonly failPuts: Error[] = [];
  /** Runs as each put arrives, before it is decided: to hold it, or to let another writer in first. */
  beforePut: (() => Promise<void> | void) | undefined;

  constructor() {
    const mock = mockClient(this.client);
    mock.on(GetObjectCommand, { Bucket: BUCKET, Key: KEY }).callsFake(async () => {
      this.gets += 1;
      const failure = this.failGets.shift();
      if (failure !== undefined) throw failure;
      const object = this.object;
      if (object === undefined) throw s3Error('NoSuchKey', 404);
      return {
        Body: { transformToString: async () => object.body },
        ETag: object.etag,
        ContentType: 'application/json',
        $metadata: { httpStatusCode: 200 },
      };
    });
    mock
      .on(PutObjectCommand, { Bucket: BUCKET, Key: KEY })
      .callsFake(async (input: PutObjectCommandInput) => {
        this.puts.push(input);
        await this.beforePut?.();
        const failure = this.failPuts.shift();
        if (failure !== undefined) throw failure;
        if (input.IfNoneMatch === '*' && this.object !== undefined) throw s3Error('PreconditionFailed', 412);
        if (input.IfMatch !== undefined && this.object === undefined) throw s3Error('NoSuchKey', 404);
        if (input.IfMatch !== undefined && input.IfMatch !== this.object?.etag) {
          throw s3Error('PreconditionFailed', 412);
        }
        this.store(input.Body as string);
        return { ETag: this.object?.etag, $metadata: { httpStatusCode: 200 } };
      });
  }

  /** Writes the object as another writer would. */
  store(body: string): void {
    this.object = { body, etag: `"${createHash('md5').update(body).digest('hex')}"` };
  }

  records(): Map<string, AppliedRecord> {
    return this.object === undefined ? new Map() : parseLedger(this.object.body, 'bucket');
  }

  ledger() {
    return s3Ledger({ client: this.client, bucket: BUCKET, key: KEY });
  }
}

describe('s3Ledger', () => {
  it('reads a missing object as no records', async () => {
    const bucket = new FakeBucket();
    const ledger = bucket.ledger();
    expect(ledger.location).toBe('s3://neo-terraform-state/customers/applied.json');
    expect(await ledger.read()).toEqual(new Map());
    expect(bucket.gets).toBe(1);
  });

  it('reads the records of an existing object', async () => {
    const bucket = new FakeBucket();
    bucket.store(serializeLedger(new Map([['acme', record()]])));
    expect(await bucket.ledger().read()).toEqual(new Map([['acme', record()]]));
  });

  it.each<[string, string | undefined, Partial<PutObjectCommandInput>]>([
    ['no object yet', undefined, { IfNoneMatch: '*' }],
    ['an object', serializeLedger(new Map([['globex', record('b'.repeat(64))]])), {}],
  ])('over %s, puts only if the object is as last read', async (_, existing, firstCondition) => {
    const bucket = new FakeBucket();
    if (existing !== undefined) bucket.store(existing);
    const etag = bucket.object?.etag;
    const ledger = bucket.ledger();
    const before = existing === undefined ? new Map() : bucket.records();

    await ledger.write('acme', record());
    const first = serializeLedger(new Map([...before, ['acme', record()]]));
    await ledger.write('acme', undefined);
    const second = serializeLedger(before);

    // The write read the object first (no read() was called), and only once.
    expect(bucket.gets).toBe(1);
    expect(bucket.puts).toEqual([
      {
        Bucket: BUCKET,
        Key: KEY,
        Body: first,
        ContentType: 'application/json',
        ...(etag === undefined ? firstCondition : { IfMatch: etag }),
      },
      {
        Bucket: BUCKET,
        Key: KEY,
        Body: second,
        ContentType: 'application/json',
        IfMatch: `"${createHash('md5').update(first).digest('hex')}"`,
      },
    ]);
    expect(bucket.object?.body).toBe(second);
  });

  it('coalesces the writes made while a put is in flight, settling each once it is stored', async () => {
    const bucket = new FakeBucket();
    const ledger = bucket.ledger();
    let release = (): void => {};
    bucket.beforePut = () =>
      new Promise<void>((resolve) => {
        release = resolve;
      });
    const ids = Array.from({ length: 100 }, (_, i) => `customer-${String(i).padStart(3, '0')}`);
    const settled: string[] = [];
    const write = (id: string) =>
      ledger.write(id, record()).then(() => {
        // Settled only once its record is in the object.
        expect(bucket.records().get(id)).toEqual(record());
        settled.push(id);
      });

    const first = write(ids[0] as string);
    await vi.waitFor(() => expect(bucket.puts).toHaveLength(1));
    const rest = ids.slice(1).map(write);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toEqual([]);

    release();
    await first;
    await vi.waitFor(() => expect(bucket.puts).toHaveLength(2));
    expect(settled).toEqual([ids[0]]);

    release();
    await Promise.all(rest);
    expect(bucket.puts).toHaveLength(2);
    expect(settled).toHaveLength(100);
    expect([...bucket.records().keys()]).toEqual(ids);
  });

  it('puts writes started together once', async () => {
    const bucket = new FakeBucket();
    const ledger = bucket.ledger();
    await Promise.all(['acme', 'globex', 'initech'].map((id) => ledger.write(id, record())));
    expect(bucket.puts).toHaveLength(1);
    expect([...bucket.records().keys()]).toEqual(['acme', 'globex', 'initech']);
  });

  // Another apply wrote `globex` after this one read; the lost put re-reads and keeps both.
  it.each<[string, boolean, (bucket: FakeBucket) => void]>([
    [
      'the ETag changed (412)',
      true,
      (bucket) => bucket.store(serializeLedger(new Map([...bucket.records(), ['globex', record()]]))),
    ],
    [
      'the object appeared (412)',
      false,
      (bucket) => bucket.store(serializeLedger(new Map([['globex', record()]]))),
    ],
    [
      'a conditional put was in flight (409)',
      true,
      (bucket) => {
        bucket.failPuts.push(s3Error('ConditionalRequestConflict', 409));
        bucket.store(serializeLedger(new Map([...bucket.records(), ['globex', record()]])));
      },
    ],
  ])('when %s, re-reads, keeps the other writer’s records and retries', async (_, existed, otherWriter) => {
    const bucket = new FakeBucket();
    if (existed) bucket.store(serializeLedger(new Map([['acme', record()]])));
    const ledger = bucket.ledger();
    const before = await ledger.read();
    let raced = false;
    bucket.beforePut = () => {
      if (!raced) otherWriter(bucket);
      raced = true;
    };

    await ledger.write('initech', record('c'.repeat(64)));

    expect(bucket.gets).toBe(2);
    expect(bucket.puts).toHaveLength(2);
    expect(bucket.object?.body).toBe(
      serializeLedger(
        new Map<string, AppliedRecord>([
          ...before,
          ['globex', record()],
          ['initech', record('c'.repeat(64))],
        ]),
      ),
    );
  });

  it('re-creates an object deleted under it', async () => {
    const bucket = new FakeBucket();
    bucket.store(serializeLedger(new Map([['acme', record()]])));
    const ledger = bucket.ledger();
    await ledger.read();
    bucket.object = undefined;
    await ledger.write('globex', record());
    expect(bucket.puts.map((put) => [put.IfMatch, put.IfNoneMatch])).toEqual([
      [
        `"${createHash('md5')
          .update(serializeLedger(new Map([['acme', record()]])))
          .digest('hex')}"`,
        undefined,
      ],
      [undefined, '*'],
    ]);
    expect(bucket.records()).toEqual(new Map([['globex', record()]]));
  });

  it('gives up after 5 lost races, saying another apply is writing', async () => {
    const bucket = new FakeBucket();
    const ledger = bucket.ledger();
    let n = 0;
    // Another writer gets in before every one of our puts.
    bucket.beforePut = () => bucket.store(serializeLedger(new Map([[`other-${n++}`, record()]])));
    const error = await ledger.write('acme', record()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as Error).message).toBe(
      `${LOCATION}: another neo apply is writing the same ledger (5 conditional writes in a row lost to it). ` +
        'Let it finish and run apply again: customers left unrecorded are applied again, ' +
        'which is safe because applies are idempotent.',
    );
    expect(bucket.puts).toHaveLength(5);
    expect(bucket.gets).toBe(5);
  });

  const PERMISSIONS =
    `The credentials neo apply runs with need s3:GetObject and s3:PutObject on arn:aws:s3:::${BUCKET}/customers/*, ` +
    `and s3:ListBucket on arn:aws:s3:::${BUCKET} (without it S3 answers AccessDenied for an object that does ` +
    'not exist yet); with a KMS-encrypted bucket also kms:Decrypt and kms:GenerateDataKey on its key.';

  it.each<[string, 'read' | 'write']>([
    ['s3:GetObject', 'read'],
    ['s3:GetObject', 'write'],
    ['s3:PutObject', 'write'],
  ])('names the IAM actions when AWS denies %s (on %s)', async (action, call) => {
    const bucket = new FakeBucket();
    (action === 's3:GetObject' ? bucket.failGets : bucket.failPuts).push(s3Error('AccessDenied', 403));
    const ledger = bucket.ledger();
    const error = await (call === 'read' ? ledger.read() : ledger.write('acme', record())).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LedgerError);
    expect((error as Error).message).toBe(`${LOCATION}: AWS denied ${action}. ${PERMISSIONS}`);
  });

  it('refuses a malformed object, naming it', async () => {
    const bucket = new FakeBucket();
    bucket.store('{"formatVersion":1,"customers":{"acme":{"status":"active"}}}');
    await expect(bucket.ledger().read()).rejects.toThrow(
      new LedgerError(
        `${LOCATION}: customer "acme": "stackHash" must be a non-empty string. Fix it or delete it: without it ` +
          'every customer is applied again, which is safe because applies are idempotent.',
      ),
    );
  });

  it('fails only the writes of a failed put; the next write re-reads and succeeds', async () => {
    const bucket = new FakeBucket();
    const ledger = bucket.ledger();
    bucket.failPuts.push(s3Error('InternalError', 500));
    await expect(ledger.write('acme', record())).rejects.toThrow('S3 said InternalError');
    await ledger.write('globex', record());
    expect(bucket.gets).toBe(2);
    expect(bucket.records()).toEqual(new Map([['globex', record()]]));
  });
});

describe('s3Ledger: recorded ids', () => {
  /** A bucket of small objects by key, behind a mocked client. */
  function idsBucket(denied: string[] = []) {
    const client = new S3Client({
      region: 'us-east-2',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    });
    const objects = new Map<string, string>();
    const mock = mockClient(client);
    const refuse = (key: string) => {
      if (denied.includes(key)) throw s3Error('AccessDenied', 403);
    };
    mock.on(GetObjectCommand).callsFake(async (input: { Key: string }) => {
      refuse(input.Key);
      const body = objects.get(input.Key);
      if (body === undefined) throw s3Error('NoSuchKey', 404);
      return { Body: { transformToString: async () => body } };
    });
    mock.on(PutObjectCommand).callsFake(async (input: { Key: string; Body: string }) => {
      refuse(input.Key);
      objects.set(input.Key, input.Body);
      return {};
    });
    mock.on(DeleteObjectCommand).callsFake(async (input: { Key: string }) => {
      objects.delete(input.Key);
      return {};
    });
    return { ledger: s3Ledger({ client, bucket: BUCKET, key: KEY }), objects };
  }

  it("writes each customer's ids beside the ledger, reads them back, and forgets them", async () => {
    const { ledger, objects } = idsBucket();
    await ledger.writeIds('acme-corp', { 'aws_vpc.main': 'vpc-0b2' });
    expect([...objects.keys()]).toEqual(['customers/ids/acme-corp.json']);
    expect(await ledger.readIds(['acme-corp', 'bluefin-bakery'])).toEqual(
      new Map([['acme-corp', { 'aws_vpc.main': 'vpc-0b2' }]]),
    );
    await ledger.writeIds('acme-corp', undefined);
    expect(objects.size).toBe(0);
  });

  it('names the permission AWS denied', async () => {
    const { ledger } = idsBucket(['customers/ids/acme-corp.json']);
    await expect(ledger.readIds(['acme-corp'])).rejects.toThrow(/AWS denied s3:GetObject/);
    await expect(ledger.writeIds('acme-corp', {})).rejects.toThrow(/AWS denied s3:PutObject/);
  });
});
