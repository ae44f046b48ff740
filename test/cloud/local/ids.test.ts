import { describe, expect, it } from 'vitest';
import { idPrefix, randomIds, sequentialIds } from '../../../src/cloud/local/index.js';

describe('cloud ids', () => {
  it.each([
    ['aws_vpc', /^vpc-[0-9a-f]{17}$/],
    ['aws_subnet', /^subnet-[0-9a-f]{17}$/],
    ['aws_route', /^r-[0-9a-f]{17}$/],
    ['aws_route_table_association', /^rtbassoc-[0-9a-f]{17}$/],
    ['aws_vpc_security_group_ingress_rule', /^sgr-[0-9a-f]{17}$/],
    ['aws_instance', /^i-[0-9a-f]{17}$/],
    ['aws_eip', /^eipalloc-[0-9a-f]{17}$/],
    ['aws_eip_association', /^eipassoc-[0-9a-f]{17}$/],
    ['aws_route53_zone', /^Z[0-9A-Z]{20}$/],
    ['aws_sns_topic', /^sns_topic-[0-9a-f]{17}$/],
  ])('a new %s gets an id like %s', (type, shape) => {
    expect(randomIds(idPrefix(type))).toMatch(shape);
  });

  it('does not repeat itself', () => {
    const ids = Array.from({ length: 1000 }, () => randomIds('i'));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('counts, for tests, independently per generator', () => {
    const ids = sequentialIds();
    expect([ids('vpc'), ids('Z'), ids('i')]).toEqual([
      'vpc-00000000000000001',
      'Z00000000000000000002',
      'i-00000000000000003',
    ]);
    expect(sequentialIds()('vpc')).toBe('vpc-00000000000000001');
  });
});
