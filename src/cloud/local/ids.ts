import { randomBytes, randomInt } from 'node:crypto';

/** Makes a fresh cloud id from a type's prefix (`vpc` → `vpc-0a1b…`). Tests inject a counter. */
export type IdGenerator = (prefix: string) => string;

/** Hosted zones are the one id without a dash: `Z` and 20 upper-case letters or digits. */
export const ZONE_PREFIX = 'Z';

const ID_PREFIXES: Readonly<Record<string, string>> = {
  aws_vpc: 'vpc',
  aws_subnet: 'subnet',
  aws_internet_gateway: 'igw',
  aws_nat_gateway: 'nat',
  aws_route_table: 'rtb',
  aws_route: 'r',
  aws_route_table_association: 'rtbassoc',
  aws_security_group: 'sg',
  aws_vpc_security_group_ingress_rule: 'sgr',
  aws_vpc_security_group_egress_rule: 'sgr',
  aws_instance: 'i',
  aws_ebs_volume: 'vol',
  aws_volume_attachment: 'vai',
  aws_eip: 'eipalloc',
  aws_eip_association: 'eipassoc',
  aws_route53_zone: ZONE_PREFIX,
  aws_key_pair: 'key',
  aws_flow_log: 'fl',
};

/** The id prefix AWS uses for a type; types without one get their name without `aws_`. */
export function idPrefix(type: string): string {
  return ID_PREFIXES[type] ?? type.replace(/^aws_/, '');
}

const ZONE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Ids as AWS makes them: the prefix, a dash and 17 random hex digits. */
export const randomIds: IdGenerator = (prefix) => {
  if (prefix === ZONE_PREFIX) {
    return ZONE_PREFIX + Array.from({ length: 20 }, () => ZONE_ALPHABET[randomInt(36)]).join('');
  }
  return `${prefix}-${randomBytes(9).toString('hex').slice(0, 17)}`;
};

/** Predictable ids (`vpc-00000000000000001`, then …02), one counter across prefixes. */
export function sequentialIds(): IdGenerator {
  let next = 0;
  return (prefix) => {
    next += 1;
    if (prefix === ZONE_PREFIX) return ZONE_PREFIX + String(next).padStart(20, '0');
    return `${prefix}-${next.toString(16).padStart(17, '0')}`;
  };
}
