import { describe, expect, it } from 'vitest';
import { customerAttribution } from '../../src/cloud/attribution.js';
import { cloudResource, neoTags } from './inventory-fixture.js';

const ACME = 'acme-corp';
const GLOBEX = 'globex';

/**
 * Two customers' networks and zones, the default VPC beside them, and what people add by hand in
 * the console: untagged, known only by what contains them.
 */
const FLEET = [
  cloudResource('aws_vpc', 'vpc-0a1b2c3d4e5f60001', {
    tags: neoTags(ACME, 'aws_vpc.main'),
    scope: { vpc: 'vpc-0a1b2c3d4e5f60001' },
  }),
  cloudResource('aws_vpc', 'vpc-0a1b2c3d4e5f60002', {
    tags: neoTags(GLOBEX, 'aws_vpc.main'),
    scope: { vpc: 'vpc-0a1b2c3d4e5f60002' },
  }),
  cloudResource('aws_vpc', 'vpc-0default000000001', { scope: { vpc: 'vpc-0default000000001' } }),
  cloudResource('aws_route53_zone', 'Z0ACME0000000000000001', {
    tags: neoTags(ACME, 'aws_route53_zone.main'),
  }),
  // Console-made: a debug box in acme's VPC, its security group, a rule in it, the box's state.
  cloudResource('aws_instance', 'i-0debug0000000001', {
    scope: { vpc: 'vpc-0a1b2c3d4e5f60001', instance: 'i-0debug0000000001' },
  }),
  cloudResource('aws_security_group', 'sg-0debug0000000001', { scope: { vpc: 'vpc-0a1b2c3d4e5f60001' } }),
  cloudResource('aws_vpc_security_group_ingress_rule', 'sgr-0debug000000001', {
    scope: { securityGroup: 'sg-0debug0000000001' },
  }),
  cloudResource('aws_ec2_instance_state', 'i-0debug0000000001', {
    scope: { instance: 'i-0debug0000000001' },
  }),
  cloudResource('aws_volume_attachment', 'vai-0debug00000001', { scope: { instance: 'i-0debug0000000001' } }),
  cloudResource('aws_route53_record', 'Z0ACME0000000000000001_debug.acme-example.com._A', {
    scope: { zone: 'Z0ACME0000000000000001' },
  }),
  // In the default VPC: nobody's.
  cloudResource('aws_instance', 'i-0default00000001', {
    scope: { vpc: 'vpc-0default000000001', instance: 'i-0default00000001' },
  }),
  cloudResource('aws_security_group', 'sg-0default00000001', { scope: { vpc: 'vpc-0default000000001' } }),
  cloudResource('aws_vpc_security_group_ingress_rule', 'sgr-0default0000001', {
    scope: { securityGroup: 'sg-0default00000001' },
  }),
  cloudResource('aws_ec2_instance_state', 'i-0default00000001', {
    scope: { instance: 'i-0default00000001' },
  }),
  // Tagged for globex, though launched in acme's VPC: the tag says whose it is, and its parts'.
  cloudResource('aws_instance', 'i-0globex000000001', {
    tags: neoTags(GLOBEX, 'aws_instance.server'),
    scope: { vpc: 'vpc-0a1b2c3d4e5f60001', instance: 'i-0globex000000001' },
  }),
  cloudResource('aws_ec2_instance_state', 'i-0globex000000001', {
    scope: { vpc: 'vpc-0a1b2c3d4e5f60001', instance: 'i-0globex000000001' },
  }),
  cloudResource('aws_volume_attachment', 'vai-0globex0000001', { scope: { instance: 'i-0globex000000001' } }),
];

describe('customerAttribution by tags and containers', () => {
  const byId = new Map(FLEET.map((r) => [`${r.type} ${r.id}`, r]));

  it.each([
    ['aws_vpc vpc-0a1b2c3d4e5f60001', ACME],
    ['aws_vpc vpc-0a1b2c3d4e5f60002', GLOBEX],
    ['aws_route53_zone Z0ACME0000000000000001', ACME],
    ['aws_instance i-0debug0000000001', ACME],
    ['aws_security_group sg-0debug0000000001', ACME],
    ['aws_vpc_security_group_ingress_rule sgr-0debug000000001', ACME],
    ['aws_ec2_instance_state i-0debug0000000001', ACME],
    ['aws_volume_attachment vai-0debug00000001', ACME],
    ['aws_route53_record Z0ACME0000000000000001_debug.acme-example.com._A', ACME],
    ['aws_instance i-0globex000000001', GLOBEX],
    ['aws_volume_attachment vai-0globex0000001', GLOBEX],
    ['aws_vpc vpc-0default000000001', undefined],
    ['aws_instance i-0default00000001', undefined],
    ['aws_security_group sg-0default00000001', undefined],
    ['aws_vpc_security_group_ingress_rule sgr-0default0000001', undefined],
    ['aws_ec2_instance_state i-0default00000001', undefined],
  ])('%s belongs to %s', (key, owner) => {
    const resource = byId.get(key);
    if (resource === undefined) throw new Error(`${key} is not in the fleet`);
    expect(customerAttribution(FLEET)(resource)).toBe(owner);
  });

  it('knows nothing of a resource contained by nothing it saw', () => {
    const stray = cloudResource('aws_volume_attachment', 'vai-0stray00000001', {
      scope: { vpc: 'vpc-0gone0000000001', zone: 'Z0GONE', securityGroup: 'sg-0gone', instance: 'i-0gone' },
    });
    expect(customerAttribution([...FLEET, stray])(stray)).toBeUndefined();
  });
});

describe('customerAttribution with the ledger', () => {
  it('keeps a recorded resource with its customer when its tag is edited to another', () => {
    const vpc = cloudResource('aws_vpc', 'vpc-0a1b2c3d4e5f60001', {
      tags: neoTags(GLOBEX, 'aws_vpc.main'),
      scope: { vpc: 'vpc-0a1b2c3d4e5f60001' },
    });
    const group = cloudResource('aws_security_group', 'sg-0a1b2c3d4e5f60001', {
      scope: { vpc: 'vpc-0a1b2c3d4e5f60001' },
    });
    const zone = cloudResource('aws_route53_zone', 'Z0ACME0000000000000001', { tags: neoTags(GLOBEX, 'x') });
    const instance = cloudResource('aws_instance', 'i-0a1b2c3d4e5f60001', {
      tags: neoTags(GLOBEX, 'aws_instance.server'),
      scope: { vpc: 'vpc-0a1b2c3d4e5f60001', instance: 'i-0a1b2c3d4e5f60001' },
    });
    const record = cloudResource('aws_route53_record', 'Z0ACME0000000000000001_www', {
      scope: { zone: 'Z0ACME0000000000000001' },
    });
    const rule = cloudResource('aws_vpc_security_group_ingress_rule', 'sgr-0a1b2c3d4e5f60001', {
      scope: { securityGroup: 'sg-0a1b2c3d4e5f60001' },
    });
    const state = cloudResource('aws_ec2_instance_state', 'i-0a1b2c3d4e5f60001', {
      scope: { instance: 'i-0a1b2c3d4e5f60001' },
    });
    const recorded = new Map([
      ['vpc-0a1b2c3d4e5f60001', ACME],
      ['Z0ACME0000000000000001', ACME],
      ['i-0a1b2c3d4e5f60001', ACME],
    ]);
    const ownerOf = customerAttribution([vpc, group, zone, instance, record, rule, state], recorded);
    expect([vpc, group, zone, instance, record, rule, state].map(ownerOf)).toEqual([
      ACME,
      ACME,
      ACME,
      ACME,
      ACME,
      ACME,
      ACME,
    ]);
  });
});
