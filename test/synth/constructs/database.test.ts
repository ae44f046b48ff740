import { describe, expect, it } from 'vitest';
import { stackLookup } from '../../helpers/stacks.js';

const stack = await stackLookup();

describe('databases', () => {
  it.each([
    [
      'acme-corp',
      {
        instance_class: 'db.t3.micro',
        allocated_storage: 50,
        multi_az: false,
        backup_retention_period: 7,
        availability_zone: 'us-east-2a',
      },
    ],
    [
      'nordlicht-media',
      { instance_class: 'db.t3.small', allocated_storage: 200, multi_az: true, backup_retention_period: 14 },
    ],
  ])("%s gets the plan's database, its password kept by RDS", (id, expected) => {
    expect(stack(id).get('aws_db_instance.main')).toMatchObject({
      ...expected,
      engine: 'mysql',
      engine_version: '8.0',
      identifier: `neo-production-${id}`,
      storage_encrypted: true,
      manage_master_user_password: true,
      publicly_accessible: false,
      db_subnet_group_name: '${aws_db_subnet_group.main.name}',
      vpc_security_group_ids: ['${aws_security_group.database_main.id}'],
      skip_final_snapshot: false,
      final_snapshot_identifier: `neo-production-${id}-final`,
    });
  });

  it('puts no database in a plan without one', () => {
    expect(stack('bluefin-bakery').all('aws_db_instance')).toEqual({});
    expect(stack('bluefin-bakery').all('aws_db_subnet_group')).toEqual({});
  });

  it('places databases in the private subnets, reachable only from the server', () => {
    const s = stack('acme-corp');
    expect(s.get('aws_db_subnet_group.main').subnet_ids).toEqual([
      '${aws_subnet.private_a.id}',
      '${aws_subnet.private_b.id}',
    ]);
    const rules = Object.values(s.all('aws_vpc_security_group_ingress_rule')).filter(
      (r) => r.security_group_id === '${aws_security_group.database_main.id}',
    );
    expect(rules).toEqual([
      expect.objectContaining({
        ip_protocol: 'tcp',
        from_port: 3306,
        to_port: 3306,
        referenced_security_group_id: '${aws_security_group.server.id}',
      }),
    ]);
  });

  it('adds a database per database add-on', () => {
    expect(stack('ferrous-games').get('aws_db_instance.addon_rds_extra')).toMatchObject({
      identifier: 'neo-production-ferrous-games-rds-extra',
      engine: 'mysql',
      instance_class: 'db.t3.micro',
      allocated_storage: 20,
      manage_master_user_password: true,
      storage_encrypted: true,
    });
  });

  it('adds an encrypted Redis in the private subnets for the cache add-on', () => {
    const s = stack('nordlicht-media');
    expect(s.get('aws_elasticache_replication_group.addon_redis_cache')).toMatchObject({
      replication_group_id: 'neo-nordlicht-media',
      node_type: 'cache.t3.micro',
      engine: 'redis',
      subnet_group_name: '${aws_elasticache_subnet_group.main.name}',
      security_group_ids: ['${aws_security_group.cache_addon_redis_cache.id}'],
    });
    expect(s.get('aws_vpc_security_group_ingress_rule.cache_addon_redis_cache_from_server')).toMatchObject({
      from_port: 6379,
      referenced_security_group_id: '${aws_security_group.server.id}',
    });
  });
});
