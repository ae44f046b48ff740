import { createHash } from 'node:crypto';
import { join } from 'node:path';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
} from '@aws-sdk/client-s3';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseLedger, serializeLedger } from '../../../src/apply/ledger/index.js';
import type { Io } from '../../../src/services/index.js';
import {
  CloudUnavailableError,
  type CommandContext,
  defaultContext,
  openLedger,
} from '../../../src/services/index.js';
import { type FakeTerraform, FIXTURES, fakeTerraform } from '../../helpers/fake-terraform.js';
import { EXAMPLE_CUSTOMERS, exampleFiles, writeTree } from '../../helpers/repository.js';
import { neo } from '../local-cloud.js';

/**
 * `neo apply --cloud aws` with the ledger the command context opens in production: an S3 client
 * for the state bucket `neo.yaml` names, with credentials given (or refused) instead of found by the
 * SDK's chain. Every S3 client is mocked (aws-sdk-client-mock on the
 * class), behind it one bucket that honours conditional puts as S3 does; Terraform is the fake
 * that replays real plans. Reading the cloud back has tests of its own; here the cloud cannot be
 * read, so the run says it was not verified.
 */
const NOT_READ_BACK = 'the verification is not what these tests look at';
const BUCKET = 'neo-production-terraform-state';
const LEDGER_KEY = 'customers/applied.json';
const CUSTOMERS = EXAMPLE_CUSTOMERS;

interface Request {
  command: 'get' | 'put' | 'delete';
  bucket?: string;
  key?: string;
  region: string;
  conditions?: { IfMatch?: string; IfNoneMatch?: string };
}

function s3Error(name: string, httpStatusCode: number): Error {
  return Object.assign(new Error(`S3 said ${name}`), { name, $metadata: { httpStatusCode } });
}

/** The state bucket, as S3 keeps it: objects with the ETag of their body. */
class StateBucket {
  readonly objects = new Map<string, { body: string; etag: string }>();
  readonly requests: Request[] = [];
  /** Runs as the next put of the ledger arrives, before S3 decides it. */
  beforeLedgerPut: (() => void) | undefined;

  constructor(mock: AwsClientStub<S3Client>) {
    mock.on(GetObjectCommand).callsFake(async (input, client) => {
      this.requests.push({ command: 'get', ...(await this.where(input, client)) });
      const object = input.Bucket === BUCKET ? this.objects.get(input.Key) : undefined;
      if (object === undefined) throw s3Error('NoSuchKey', 404);
      return { Body: { transformToString: async () => object.body }, ETag: object.etag };
    });
    mock.on(PutObjectCommand).callsFake(async (input: PutObjectCommandInput, client) => {
      const { IfMatch, IfNoneMatch } = input;
      this.requests.push({
        command: 'put',
        ...(await this.where(input, client)),
        conditions: { IfMatch, IfNoneMatch },
      });
      if (input.Key === LEDGER_KEY) {
        const hook = this.beforeLedgerPut;
        this.beforeLedgerPut = undefined;
        hook?.();
      }
      const key = input.Key ?? '';
      const current = this.objects.get(key);
      if (IfNoneMatch === '*' && current !== undefined) throw s3Error('PreconditionFailed', 412);
      if (IfMatch !== undefined && IfMatch !== current?.etag) throw s3Error('PreconditionFailed', 412);
      this.store(key, input.Body as string);
      return { ETag: this.objects.get(key)?.etag };
    });
    mock.on(DeleteObjectCommand).callsFake(async (input, client) => {
      this.requests.push({ command: 'delete', ...(await this.where(input, client)) });
      this.objects.delete(input.Key);
      return {};
    });
  }

  store(key: string, body: string): void {
    this.objects.set(key, { body, etag: `"${createHash('md5').update(body).digest('hex')}"` });
  }

  ledger(): string[] {
    const object = this.objects.get(LEDGER_KEY);
    return object === undefined ? [] : [...parseLedger(object.body, LEDGER_KEY).keys()];
  }

  private async where(input: { Bucket?: string; Key?: string }, client: () => S3Client) {
    return { bucket: input.Bucket, key: input.Key, region: await client().config.region() };
  }
}

let root: string;
let cleanup: () => void;
let fake: FakeTerraform;
let mock: AwsClientStub<S3Client>;
let bucket: StateBucket;

beforeAll(async () => {
  const tree = await writeTree(exampleFiles());
  root = tree.dir;
  cleanup = tree.cleanup;
});
afterAll(() => cleanup());
beforeEach(() => {
  fake = fakeTerraform();
  mock = mockClient(S3Client);
  bucket = new StateBucket(mock);
  credentials = async () => ({ accessKeyId: 'AKIAEXAMPLEAPPLYROLE', secretAccessKey: 'example' });
});
afterEach(() => {
  mock.restore();
  fake.dispose();
});

/** What the SDK's credential chain finds in a job with the apply role, or fails to. */
let credentials: () => Promise<{ accessKeyId: string; secretAccessKey: string }>;

/** The production context, but for the cloud read back, the waits and RDS. */
function context(io: Io): CommandContext {
  return {
    ...defaultContext(io),
    ledger: (name, location) => openLedger(name, location, (region) => new S3Client({ region, credentials })),
    sleep: async () => undefined,
    databaseProtection: async () => ({ lift: async () => undefined }),
    cloud: async () => {
      throw new CloudUnavailableError(NOT_READ_BACK);
    },
  };
}

const apply = (args: string[]) => {
  fake.scenario({
    stacks: { 'acme-corp': { plan: join(FIXTURES, 'neo/records-alarms-budget-tags-acme-corp.json') } },
  });
  return neo(root, ['apply', '--cloud', 'aws', ...args], context, fake.env);
};

const ledgerPuts = () => bucket.requests.filter((r) => r.command === 'put' && r.key === LEDGER_KEY);

describe("neo apply --cloud aws keeps its ledger in neo.yaml's state bucket", () => {
  it('records every customer there with a conditional put, and the next run reads it back and applies nothing', async () => {
    const first = await apply([]);
    expect(first.code).toBe(0);
    expect(bucket.ledger()).toEqual(CUSTOMERS);
    // Where neo.yaml's stateBackend says: its bucket, its region, <keyPrefix>applied.json.
    expect(new Set(bucket.requests.map((r) => `${r.region} ${r.bucket}`))).toEqual(
      new Set([`us-east-2 ${BUCKET}`]),
    );
    // No object yet: the put may only create one, never replace another run's.
    expect(ledgerPuts()[0]?.conditions).toEqual({ IfMatch: undefined, IfNoneMatch: '*' });
    expect([...bucket.objects.keys()].filter((key) => key !== LEDGER_KEY).sort()).toEqual(
      CUSTOMERS.map((id) => `customers/ids/${id}.json`),
    );

    const seen = bucket.requests.length;
    const second = await apply([]);
    expect(second.code).toBe(0);
    expect(second.out.split('\n')[0]).toBe(
      'neo apply · Nothing to apply: all 7 customers are as last applied to aws',
    );
    expect(bucket.requests.slice(seen).filter((r) => r.command !== 'get')).toEqual([]);
  });

  it('never overwrites what another apply wrote meanwhile: it loses the race, reads again and keeps both', async () => {
    const other = serializeLedger(
      new Map([
        [
          'bluefin-bakery',
          {
            commit: '0123456789abcdef0123456789abcdef01234567',
            stackHash: 'b'.repeat(64),
            appliedAt: '2026-12-01T03:00:00.000Z',
            status: 'active' as const,
          },
        ],
      ]),
    );
    bucket.beforeLedgerPut = () => bucket.store(LEDGER_KEY, other);

    const run = await apply(['acme-corp']);
    expect(run.code).toBe(0);
    const [lost, won, ...more] = ledgerPuts();
    expect(more).toEqual([]);
    expect(lost?.conditions).toEqual({ IfMatch: undefined, IfNoneMatch: '*' });
    // The second put holds only if the object is still the other apply's.
    const othersEtag = `"${createHash('md5').update(other).digest('hex')}"`;
    expect(won?.conditions).toEqual({ IfMatch: othersEtag, IfNoneMatch: undefined });
    expect(bucket.ledger()).toEqual(['acme-corp', 'bluefin-bakery']);
  });

  it('stops before planning anything, saying what to do, when no AWS credentials are found for the ledger', async () => {
    credentials = async () => {
      throw new Error('Could not load credentials from any providers');
    };
    const run = await apply([]);
    expect(run.code).not.toBe(0);
    expect(run.err).toContain('No AWS credentials found. Set them the usual way');
    expect(run.err).not.toContain('    at ');
    expect(bucket.requests).toEqual([]);
    expect(fake.invocations().filter((i) => i.command === 'plan')).toEqual([]);
  });
});
