import { describe, expect, it } from 'vitest';
import { type CustomerIntent, customerChanges, type DataKind } from '../../../src/diff/index.js';
import { graphFromTerraform, type ResourceGraph } from '../../../src/graph/index.js';

/** Terraform JSON `resource` blocks: type → name → arguments. */
type Resources = Record<string, Record<string, Record<string, unknown>>>;

function graphOf(resources: Resources): ResourceGraph {
  return graphFromTerraform({ provider: { aws: [{ region: 'us-east-2' }] }, resource: resources });
}

const SERVER = { ami: 'ami-0a1b2c3d4e5f60718', instance_type: 't3.medium', availability_zone: 'us-east-2a' };
const VOLUME = {
  availability_zone: 'us-east-2a',
  size: 200,
  type: 'gp3',
  encrypted: true,
  final_snapshot: true,
};
const DATABASE = {
  identifier: 'neo-production-harbor-dental',
  engine: 'mysql',
  instance_class: 'db.t3.micro',
  skip_final_snapshot: false,
};
const CACHE = {
  replication_group_id: 'neo-harbor-dental',
  engine: 'redis',
  final_snapshot_identifier: 'neo-harbor-dental-final',
};
const BUCKET = { bucket: 'neo-production-harbor-dental-backups' };
const ZONE = { name: 'harbor-dental-example.com' };

const REFUSED = (kind: string) =>
  `; neo apply refuses it unless customers/harbor-dental.yaml lists ${kind} under allowDataLoss`;

interface Loss {
  address: string;
  code: string;
  reason: string;
  intended?: true;
}

/** Every data-loss risk of turning `before` into `after`. */
function losses(
  before: Resources,
  after: Resources,
  options: { intent?: CustomerIntent; allowDataLoss?: DataKind[] } = {},
): Loss[] {
  return (
    customerChanges(
      'harbor-dental',
      graphOf(before),
      graphOf(after),
      options.intent ?? 'active',
      options.allowDataLoss ?? [],
    )
      .flatMap((change) => change.risks)
      // Anything that is not another rule's risk stays, so a malformed risk fails the test.
      .filter((risk) => risk.severity !== 'security' && risk.severity !== 'customer-visible')
      .map(({ address, code, reason, intended }) => ({
        address,
        code,
        reason,
        ...(intended ? { intended } : {}),
      }))
  );
}

describe('the server', () => {
  const moved = { ...SERVER, ami: 'ami-0f9e8d7c6b5a40321' };

  it.each<[string, Resources, Resources, string]>([
    [
      'without data volumes',
      { aws_instance: { server: SERVER } },
      { aws_instance: { server: moved } },
      "harbor-dental's server will be replaced (ami); the root disk is lost, ~3 min downtime",
    ],
    [
      'with its data volume staying',
      { aws_instance: { server: SERVER }, aws_ebs_volume: { data: VOLUME } },
      { aws_instance: { server: moved }, aws_ebs_volume: { data: VOLUME } },
      "harbor-dental's server will be replaced (ami): the data volume stays; the root disk is lost, ~3 min downtime",
    ],
    [
      'with two data volumes staying',
      { aws_instance: { server: SERVER }, aws_ebs_volume: { data: VOLUME, logs: VOLUME } },
      { aws_instance: { server: moved }, aws_ebs_volume: { data: VOLUME, logs: VOLUME } },
      "harbor-dental's server will be replaced (ami): the 2 data volumes stay; the root disk is lost, ~3 min downtime",
    ],
    [
      'with one of two data volumes replaced',
      { aws_instance: { server: SERVER }, aws_ebs_volume: { data: VOLUME, logs: VOLUME } },
      {
        aws_instance: { server: moved },
        aws_ebs_volume: { data: VOLUME, logs: { ...VOLUME, availability_zone: 'us-east-2b' } },
      },
      "harbor-dental's server will be replaced (ami), and a data volume is replaced too (see below); the root disk is lost, ~3 min downtime",
    ],
    [
      'with a data volume removed',
      { aws_instance: { server: SERVER }, aws_ebs_volume: { data: VOLUME } },
      { aws_instance: { server: moved } },
      "harbor-dental's server will be replaced (ami), and a data volume is replaced too (see below); the root disk is lost, ~3 min downtime",
    ],
  ])('replaced %s', (_, before, after, reason) => {
    expect(losses(before, after).find((l) => l.address === 'aws_instance.server')).toEqual({
      address: 'aws_instance.server',
      code: 'server-replaced',
      reason: `${reason}${REFUSED('server')}`,
    });
  });

  it('names every attribute that forces the replacement', () => {
    const after = { aws_instance: { server: { ...moved, availability_zone: 'us-east-2b' } } };
    expect(losses({ aws_instance: { server: SERVER } }, after)[0]?.reason).toMatch(
      /^harbor-dental's server will be replaced \(ami, availability_zone\); /,
    );
  });

  it('destroyed, with its root disk', () => {
    expect(losses({ aws_instance: { server: SERVER } }, {})).toEqual([
      {
        address: 'aws_instance.server',
        code: 'server-destroyed',
        reason: `harbor-dental's server will be destroyed, and its root disk with it${REFUSED('server')}`,
      },
    ]);
  });

  it('resized in place loses nothing', () => {
    const after = { aws_instance: { server: { ...SERVER, instance_type: 't3.large' } } };
    expect(losses({ aws_instance: { server: SERVER } }, after)).toEqual([]);
  });
});

describe('what holds data', () => {
  it.each<[string, Resources, Resources, Loss]>([
    [
      'a data volume moved to another zone',
      { aws_ebs_volume: { data: VOLUME } },
      { aws_ebs_volume: { data: { ...VOLUME, availability_zone: 'us-east-2b' } } },
      {
        address: 'aws_ebs_volume.data',
        code: 'volume-replaced',
        reason: `harbor-dental's volume data (200 GB) will be replaced by an empty one (a final snapshot is taken first)${REFUSED('volumes')}`,
      },
    ],
    [
      'a data volume without a final snapshot or a size, removed',
      { aws_ebs_volume: { data: { availability_zone: 'us-east-2a', final_snapshot: false } } },
      {},
      {
        address: 'aws_ebs_volume.data',
        code: 'volume-destroyed',
        reason: `harbor-dental's volume data will be destroyed${REFUSED('volumes')}`,
      },
    ],
    [
      'a database moved to another engine',
      { aws_db_instance: { main: DATABASE } },
      { aws_db_instance: { main: { ...DATABASE, engine: 'postgres' } } },
      {
        address: 'aws_db_instance.main',
        code: 'database-replaced',
        reason: `harbor-dental's database neo-production-harbor-dental will be replaced by an empty one (a final snapshot is taken first)${REFUSED('databases')}`,
      },
    ],
    [
      'a database that skips its final snapshot, removed',
      { aws_db_instance: { main: { ...DATABASE, skip_final_snapshot: true } } },
      {},
      {
        address: 'aws_db_instance.main',
        code: 'database-destroyed',
        reason: `harbor-dental's database neo-production-harbor-dental will be destroyed${REFUSED('databases')}`,
      },
    ],
    [
      'a database without an identifier or snapshot setting, removed',
      { aws_db_instance: { main: { engine: 'mysql' } } },
      {},
      {
        address: 'aws_db_instance.main',
        code: 'database-destroyed',
        reason: `harbor-dental's database main will be destroyed${REFUSED('databases')}`,
      },
    ],
    [
      'a Redis cache renamed',
      { aws_elasticache_replication_group: { cache: CACHE } },
      {
        aws_elasticache_replication_group: {
          cache: { ...CACHE, replication_group_id: 'neo-harbor-dental-2' },
        },
      },
      {
        address: 'aws_elasticache_replication_group.cache',
        code: 'cache-replaced',
        reason: `harbor-dental's Redis cache neo-harbor-dental will be replaced by an empty one (a final snapshot is taken first)${REFUSED('databases')}`,
      },
    ],
    [
      'a Redis cache without a final snapshot or an id, removed',
      { aws_elasticache_replication_group: { cache: { engine: 'redis' } } },
      {},
      {
        address: 'aws_elasticache_replication_group.cache',
        code: 'cache-destroyed',
        reason: `harbor-dental's Redis cache cache will be destroyed${REFUSED('databases')}`,
      },
    ],
    [
      'the backup bucket renamed',
      { aws_s3_bucket: { backups: BUCKET } },
      { aws_s3_bucket: { backups: { bucket: 'neo-production-harbor-dental-archive' } } },
      {
        address: 'aws_s3_bucket.backups',
        code: 'bucket-replaced',
        reason:
          "harbor-dental's bucket neo-production-harbor-dental-backups would be replaced with its objects",
      },
    ],
    [
      'the backup bucket, kept by prevent_destroy, removed',
      { aws_s3_bucket: { backups: { ...BUCKET, lifecycle: { prevent_destroy: true } } } },
      {},
      {
        address: 'aws_s3_bucket.backups',
        code: 'bucket-destroyed',
        reason:
          "harbor-dental's bucket neo-production-harbor-dental-backups would be destroyed with its objects: Terraform will refuse (prevent_destroy), so the apply fails",
      },
    ],
    [
      'a bucket without a name, removed',
      { aws_s3_bucket: { logs: {} } },
      {},
      {
        address: 'aws_s3_bucket.logs',
        code: 'bucket-destroyed',
        reason: "harbor-dental's bucket logs would be destroyed with its objects",
      },
    ],
    [
      'the hosted zone moved to a delegation set',
      { aws_route53_zone: { main: ZONE } },
      { aws_route53_zone: { main: { ...ZONE, delegation_set_id: 'N03386422VXZJKGR4YO18' } } },
      {
        address: 'aws_route53_zone.main',
        code: 'zone-replaced',
        reason: `harbor-dental's hosted zone harbor-dental-example.com will be replaced: the new zone gets new name servers, so the domain stops resolving until the registrar is updated${REFUSED('zone')}`,
      },
    ],
    [
      'the hosted zone removed',
      { aws_route53_zone: { main: ZONE } },
      {},
      {
        address: 'aws_route53_zone.main',
        code: 'zone-destroyed',
        reason: `harbor-dental's hosted zone harbor-dental-example.com will be destroyed: its DNS records go with it${REFUSED('zone')}`,
      },
    ],
    [
      'a hosted zone without a name, removed',
      { aws_route53_zone: { main: {} } },
      {},
      {
        address: 'aws_route53_zone.main',
        code: 'zone-destroyed',
        reason: `harbor-dental's hosted zone main will be destroyed: its DNS records go with it${REFUSED('zone')}`,
      },
    ],
  ])('%s', (_, before, after, loss) => {
    expect(losses(before, after)).toEqual([loss]);
  });

  it.each<[string, Resources, Resources]>([
    [
      'a volume grows',
      { aws_ebs_volume: { data: VOLUME } },
      { aws_ebs_volume: { data: { ...VOLUME, size: 300 } } },
    ],
    [
      'a database grows',
      { aws_db_instance: { main: DATABASE } },
      { aws_db_instance: { main: { ...DATABASE, instance_class: 'db.t3.small' } } },
    ],
    ['a security group goes', { aws_security_group: { server: { name: 'server' } } }, {}],
  ])('nothing is lost when %s', (_, before, after) => {
    expect(losses(before, after)).toEqual([]);
  });
});

describe('losses the spec asks for', () => {
  const STACK: Resources = {
    aws_instance: { server: SERVER },
    aws_ebs_volume: { data: VOLUME },
    aws_db_instance: { main: DATABASE },
    aws_s3_bucket: { backups: BUCKET },
  };
  const MOVED: Resources = {
    aws_instance: { server: { ...SERVER, availability_zone: 'us-east-2b' } },
    aws_ebs_volume: { data: { ...VOLUME, availability_zone: 'us-east-2b' } },
    aws_db_instance: { main: { ...DATABASE, engine: 'postgres' } },
    aws_s3_bucket: { backups: { bucket: 'neo-production-harbor-dental-archive' } },
  };

  /** `address code intended refused` for each loss. */
  function judged(before: Resources, after: Resources, options: Parameters<typeof losses>[2]): string[] {
    return losses(before, after, options).map(
      (l) => `${l.address} ${l.code} ${l.intended === true} ${l.reason.includes('neo apply refuses')}`,
    );
  }

  it('marks the kinds allowDataLoss names as intended, and only those', () => {
    expect(judged(STACK, MOVED, { allowDataLoss: ['server', 'volumes'] })).toEqual([
      'aws_db_instance.main database-replaced false true',
      'aws_ebs_volume.data volume-replaced true false',
      'aws_instance.server server-replaced true false',
      'aws_s3_bucket.backups bucket-replaced false false',
    ]);
  });

  it('marks what decommissioning deletes as intended, but not a replacement', () => {
    expect(judged(STACK, {}, { intent: 'decommissioned' })).toEqual([
      'aws_db_instance.main database-destroyed true false',
      'aws_ebs_volume.data volume-destroyed true false',
      'aws_instance.server server-destroyed true false',
      'aws_s3_bucket.backups bucket-destroyed true false',
    ]);
    expect(judged(STACK, MOVED, { intent: 'decommissioned' })).toEqual([
      'aws_db_instance.main database-replaced false true',
      'aws_ebs_volume.data volume-replaced false true',
      'aws_instance.server server-replaced false true',
      'aws_s3_bucket.backups bucket-replaced false false',
    ]);
  });

  it('marks nothing as intended for an active customer that allows no loss', () => {
    expect(judged(STACK, {}, {})).toEqual([
      'aws_db_instance.main database-destroyed false true',
      'aws_ebs_volume.data volume-destroyed false true',
      'aws_instance.server server-destroyed false true',
      'aws_s3_bucket.backups bucket-destroyed false false',
    ]);
  });
});
