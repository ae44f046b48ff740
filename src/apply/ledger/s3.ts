/**
 * The ledger as one S3 object beside the Terraform state (`<keyPrefix>applied.json`).
 *
 * Writes are batched (see coalesce.ts): a fleet's customers finishing together cost a few puts,
 * not one each. Every put is conditional on the object being as last seen (`IfMatch` its ETag,
 * or `IfNoneMatch: *` while there is none), so two runs never silently overwrite each other's
 * records: the loser re-reads, lays its updates over what is there and tries again.
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import PQueue from 'p-queue';
import type { AppliedLedger, AppliedRecord } from '../types.js';
import { coalescedWriter } from './coalesce.js';
import {
  applyUpdates,
  checkRecord,
  idsName,
  LedgerError,
  type LedgerUpdates,
  parseIds,
  parseLedger,
  serializeIds,
  serializeLedger,
} from './format.js';

export interface S3LedgerOptions {
  client: S3Client;
  bucket: string;
  key: string;
}

/**
 * Puts per batch before giving up. Each lost race means the other writer's put landed, so
 * retrying at once makes progress; losing this many in a row means another apply is running.
 */
const MAX_ATTEMPTS = 5;

/** Customers' id objects read at once: a sweep of a thousand customers reads a thousand. */
const ID_READS_AT_ONCE = 32;

/** The object as last read or written; `etag` undefined when there was no object. */
interface Seen {
  records: Map<string, AppliedRecord>;
  etag: string | undefined;
}

export function s3Ledger({ client, bucket, key }: S3LedgerOptions): AppliedLedger {
  const location = `s3://${bucket}/${key}`;
  let seen: Seen | undefined;

  async function load(): Promise<Seen> {
    const object = await getObject(key);
    // No ledger yet: nothing applied, so every customer is applied.
    if (object === undefined) {
      seen = { records: new Map(), etag: undefined };
      return seen;
    }
    const { text, etag } = object;
    if (etag === undefined) {
      throw new LedgerError(`${location}: S3 returned no ETag, which conditional writes need`);
    }
    seen = { records: parseLedger(text, location), etag };
    return seen;
  }

  async function store(updates: LedgerUpdates): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const base = seen ?? (await load());
      const records = applyUpdates(base.records, updates);
      try {
        const response = await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: serializeLedger(records),
            ContentType: 'application/json',
            ...(base.etag === undefined ? { IfNoneMatch: '*' } : { IfMatch: base.etag }),
            // No ServerSideEncryption: the state bucket encrypts by default, and naming a
            // method here could only weaken a bucket that uses KMS.
          }),
        );
        seen = response.ETag === undefined ? undefined : { records, etag: response.ETag };
        return;
      } catch (error) {
        // Whatever happened, what the object holds is no longer known: read it before the next put.
        seen = undefined;
        if (!lostRace(error)) throw denied(error, 's3:PutObject') ?? error;
      }
    }
    throw new LedgerError(
      `${location}: another neo apply is writing the same ledger (${MAX_ATTEMPTS} conditional writes in a ` +
        'row lost to it). Let it finish and run apply again: customers left unrecorded are applied again, ' +
        'which is safe because applies are idempotent.',
    );
  }

  const write = coalescedWriter(store);
  // Beside the ledger: `<keyPrefix>ids/<id>.json` for `<keyPrefix>applied.json`.
  const idsKey = (customerId: string) =>
    `${key.slice(0, key.lastIndexOf('/') + 1)}ids/${idsName(customerId)}`;
  const reads = new PQueue({ concurrency: ID_READS_AT_ONCE });
  return {
    location,
    read: async () => new Map((await load()).records),
    async write(customerId: string, record: AppliedRecord | undefined): Promise<void> {
      if (record !== undefined) checkRecord(location, customerId, record);
      await write(customerId, record);
    },
    async readIds(customerIds) {
      const read = await Promise.all(
        customerIds.map((id) =>
          reads.add(async () => {
            const text = (await getObject(idsKey(id)))?.text;
            return text === undefined ? [] : [[id, parseIds(text, `s3://${bucket}/${idsKey(id)}`)] as const];
          }),
        ),
      );
      return new Map(read.flat());
    },
    async writeIds(customerId, ids) {
      try {
        await client.send(
          ids === undefined
            ? new DeleteObjectCommand({ Bucket: bucket, Key: idsKey(customerId) })
            : new PutObjectCommand({
                Bucket: bucket,
                Key: idsKey(customerId),
                Body: serializeIds(ids),
                ContentType: 'application/json',
              }),
        );
      } catch (error) {
        throw (
          denied(error, ids === undefined ? 's3:DeleteObject' : 's3:PutObject', idsKey(customerId)) ?? error
        );
      }
    },
  };

  /** An object's text and ETag, or undefined when there is none. */
  async function getObject(
    objectKey: string,
  ): Promise<{ text: string; etag: string | undefined } | undefined> {
    try {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
      return { text: (await response.Body?.transformToString('utf-8')) ?? '', etag: response.ETag };
    } catch (error) {
      if (errorName(error) === 'NoSuchKey' || httpStatus(error) === 404) return undefined;
      throw denied(error, 's3:GetObject', objectKey) ?? error;
    }
  }

  function denied(error: unknown, action: string, objectKey = key): LedgerError | undefined {
    if (errorName(error) !== 'AccessDenied' && httpStatus(error) !== 403) return undefined;
    const readOnly = action === 's3:GetObject' && objectKey !== key;
    return new LedgerError(
      `s3://${bucket}/${objectKey}: AWS denied ${action}. ${readOnly ? 'neo drift and neo plan --cloud need s3:GetObject' : 'The credentials neo apply runs with need s3:GetObject and s3:PutObject'} ` +
        `on arn:aws:s3:::${bucket}/${objectKey.slice(0, objectKey.lastIndexOf('/') + 1)}*, and s3:ListBucket on arn:aws:s3:::${bucket} ` +
        '(without it S3 answers AccessDenied for an object that does not exist yet); with a KMS-encrypted ' +
        'bucket also kms:Decrypt and kms:GenerateDataKey on its key.',
    );
  }
}

/**
 * Another writer changed the object since it was read: 412 when the ETag no longer matches (or
 * the object appeared), 409 when its put was in flight, 404 when the object was deleted.
 */
function lostRace(error: unknown): boolean {
  const name = errorName(error);
  const status = httpStatus(error);
  return (
    name === 'PreconditionFailed' ||
    name === 'ConditionalRequestConflict' ||
    name === 'NoSuchKey' ||
    status === 412 ||
    status === 409 ||
    status === 404
  );
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}
