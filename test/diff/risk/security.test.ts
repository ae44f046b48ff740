import { describe, expect, it } from 'vitest';
import { customerChanges } from '../../../src/diff/index.js';
import { graphFromTerraform, type ResourceGraph } from '../../../src/graph/index.js';

/** Terraform JSON `resource` blocks: type → name → arguments. */
type Resources = Record<string, Record<string, Record<string, unknown>>>;

// biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference, as the stack holds it.
const SERVER_GROUP = '${aws_security_group.server.id}';

/** harbor-dental's server security group, so the customer exists on both sides. */
const BASE: Resources = { aws_security_group: { server: { name: 'neo-harbor-dental-server' } } };

function graphOf(resources: Resources): ResourceGraph {
  return graphFromTerraform({ provider: { aws: [{ region: 'us-east-2' }] }, resource: resources });
}

/** Ingress rules by name, each `[cidr, from, to, protocol]` (IPv6 when the CIDR has a colon). */
type Rule = readonly [cidr: string | undefined, from?: number, to?: number, protocol?: string];

function rules(byName: Record<string, Rule>): Resources {
  const rulesByName: Record<string, Record<string, unknown>> = {};
  for (const [name, [cidr, from, to, protocol]] of Object.entries(byName)) {
    const source = cidr === undefined ? {} : cidr.includes(':') ? { cidr_ipv6: cidr } : { cidr_ipv4: cidr };
    rulesByName[name] = {
      security_group_id: SERVER_GROUP,
      ...source,
      ...(from === undefined ? {} : { from_port: from }),
      ...(to === undefined ? {} : { to_port: to }),
      ...(protocol === undefined ? {} : { ip_protocol: protocol }),
    };
  }
  return { ...BASE, aws_vpc_security_group_ingress_rule: rulesByName };
}

/** Risks of the other rules (the instance role's has tests of its own). */
const OTHER_SEVERITIES = new Set(['data-loss', 'customer-visible']);

/** Every security risk of turning `before` into `after`, as `address code: reason`. */
function securityRisks(before: Resources, after: Resources): string[] {
  return (
    customerChanges('harbor-dental', graphOf(before), graphOf(after), 'active')
      .flatMap((change) => change.risks)
      // Anything that is not a risk of another rule stays, so a malformed risk fails the test.
      .filter((risk) => !OTHER_SEVERITIES.has(risk.severity) && risk.code !== 'iam-instance-wildcard')
      .map((risk) => {
        expect(risk.severity, risk.code).toBe('security');
        return `${risk.address.replace('aws_vpc_security_group_ingress_rule.', '')} ${risk.code}: ${risk.reason}`;
      })
  );
}

const OFFICE_SSH: Record<string, Rule> = { ssh_office: ['203.0.113.0/24', 22, 22, 'tcp'] };

describe('ingress rules', () => {
  it.each<[string, Record<string, Rule>, Record<string, Rule>, string[]]>([
    [
      'SSH opened to the world',
      OFFICE_SSH,
      { ...OFFICE_SSH, ssh_world: ['0.0.0.0/0', 22, 22, 'tcp'] },
      ['ssh_world admin-port-open: harbor-dental: SSH (port 22) opens to the whole internet (0.0.0.0/0)'],
    ],
    [
      'MySQL opened to any IPv6 address',
      OFFICE_SSH,
      { ...OFFICE_SSH, mysql_world: ['::/0', 3306, 3306, 'tcp'] },
      ['mysql_world admin-port-open: harbor-dental: MySQL (port 3306) opens to the whole internet (::/0)'],
    ],
    [
      'every protocol opened to the world',
      OFFICE_SSH,
      { ...OFFICE_SSH, all_world: ['0.0.0.0/0', undefined, undefined, '-1'] },
      ['all_world admin-port-open: harbor-dental: every port opens to the whole internet (0.0.0.0/0)'],
    ],
    [
      'a rule without ports, TCP by default, opened to the world',
      OFFICE_SSH,
      { ...OFFICE_SSH, any_world: ['0.0.0.0/0'] },
      ['any_world admin-port-open: harbor-dental: every port opens to the whole internet (0.0.0.0/0)'],
    ],
    [
      'a port range over the panel opened to the world, the end port missing',
      OFFICE_SSH,
      { ...OFFICE_SSH, panel_world: ['0.0.0.0/0', 2222] },
      [
        'panel_world admin-port-open: harbor-dental: DirectAdmin (port 2222) opens to the whole internet (0.0.0.0/0)',
      ],
    ],
    [
      'the office rule opened to the world',
      OFFICE_SSH,
      { ssh_office: ['0.0.0.0/0', 22, 22, 'tcp'] },
      ['ssh_office admin-port-open: harbor-dental: SSH (port 22) opens to the whole internet (0.0.0.0/0)'],
    ],
    ['HTTPS opened to the world', OFFICE_SSH, { ...OFFICE_SSH, https: ['0.0.0.0/0', 443, 443, 'tcp'] }, []],
    [
      'every protocol opened to the world, a web port written beside it',
      OFFICE_SSH,
      { ...OFFICE_SSH, all_world: ['0.0.0.0/0', 443, 443, '-1'] },
      ['all_world admin-port-open: harbor-dental: every port opens to the whole internet (0.0.0.0/0)'],
    ],
    [
      'a wider network added beside the office, which stays',
      OFFICE_SSH,
      { ...OFFICE_SSH, ssh_region: ['203.0.0.0/16', 22, 22, 'tcp'] },
      ['ssh_region admin-access-added: harbor-dental: SSH (port 22) becomes reachable from 203.0.0.0/16'],
    ],
    [
      'HTTPS from another security group opened to the world',
      { https: [undefined, 443, 443, 'tcp'] },
      { https: ['0.0.0.0/0', 443, 443, 'tcp'] },
      [],
    ],
    [
      'the office rule narrowed to a bastion security group',
      OFFICE_SSH,
      { ssh_office: [undefined, 22, 22, 'tcp'] },
      [],
    ],
    [
      'the office rule moves from IPv6 to an IPv4 network',
      { ssh_office: ['2001:db8::/48', 22, 22, 'tcp'] },
      { ssh_office: ['198.51.100.0/24', 22, 22, 'tcp'] },
      [
        'ssh_office ingress-widened: harbor-dental: SSH (port 22) opens wider: 2001:db8::/48 → 198.51.100.0/24',
      ],
    ],
    [
      'the office rule moves from IPv4 to an IPv6 network',
      OFFICE_SSH,
      { ssh_office: ['2001:db8::/48', 22, 22, 'tcp'] },
      [
        'ssh_office ingress-widened: harbor-dental: SSH (port 22) opens wider: 203.0.113.0/24 → 2001:db8::/48',
      ],
    ],
    [
      'the FTP passive range opened to the world',
      OFFICE_SSH,
      { ...OFFICE_SSH, ftp: ['0.0.0.0/0', 49152, 65535] },
      [],
    ],
    ['SSH to the world, removed', { ...OFFICE_SSH, ssh_world: ['0.0.0.0/0', 22, 22, 'tcp'] }, OFFICE_SSH, []],
    [
      'SSH to the world, unchanged',
      { ...OFFICE_SSH, ssh_world: ['0.0.0.0/0', 22, 22, 'tcp'] },
      { ...OFFICE_SSH, ssh_world: ['0.0.0.0/0', 22, 22, 'tcp'] },
      [],
    ],
    [
      'a second admin network',
      OFFICE_SSH,
      { ...OFFICE_SSH, ssh_branch: ['198.51.100.0/24', 22, 22, 'tcp'] },
      ['ssh_branch admin-access-added: harbor-dental: SSH (port 22) becomes reachable from 198.51.100.0/24'],
    ],
    [
      'a second admin network over IPv6',
      OFFICE_SSH,
      { ...OFFICE_SSH, ssh_branch6: ['2001:db8::/48', 22, 22, 'tcp'] },
      ['ssh_branch6 admin-access-added: harbor-dental: SSH (port 22) becomes reachable from 2001:db8::/48'],
    ],
    [
      'a rule from another security group (no CIDR)',
      OFFICE_SSH,
      { ...OFFICE_SSH, ssh_bastion: [undefined, 22, 22, 'tcp'] },
      [],
    ],
    [
      'the office network renamed wider: one rule deleted, a wider one created',
      OFFICE_SSH,
      { ssh_office_wide: ['203.0.0.0/16', 22, 22, 'tcp'] },
      [
        'ssh_office_wide ingress-widened: harbor-dental: SSH (port 22) opens wider: 203.0.113.0/24 → 203.0.0.0/16',
      ],
    ],
    [
      'the office network replaced by another one',
      OFFICE_SSH,
      { ssh_branch: ['198.51.100.0/24', 22, 22, 'tcp'] },
      ['ssh_branch admin-access-added: harbor-dental: SSH (port 22) becomes reachable from 198.51.100.0/24'],
    ],
    [
      'a wider panel rule while the SSH rule goes',
      OFFICE_SSH,
      { panel_office_wide: ['203.0.0.0/16', 2222, 2222, 'tcp'] },
      [
        'panel_office_wide admin-access-added: harbor-dental: DirectAdmin (port 2222) becomes reachable from 203.0.0.0/16',
      ],
    ],
    [
      'a wider SSH rule over UDP while the TCP one goes',
      OFFICE_SSH,
      { ssh_udp_wide: ['203.0.0.0/16', 22, 22, 'udp'] },
      ['ssh_udp_wide admin-access-added: harbor-dental: SSH (port 22) becomes reachable from 203.0.0.0/16'],
    ],
    [
      'a wider SSH range while the single port goes',
      OFFICE_SSH,
      { ssh_range_wide: ['203.0.0.0/16', 22, 23, 'tcp'] },
      ['ssh_range_wide admin-access-added: harbor-dental: ports 22–23 becomes reachable from 203.0.0.0/16'],
    ],
    [
      'a wider SSH rule from another first port while the old goes',
      { ssh_office: ['203.0.113.0/24', 21, 22, 'tcp'] },
      { ssh_office_wide: ['203.0.0.0/16', 22, 22, 'tcp'] },
      [
        'ssh_office_wide admin-access-added: harbor-dental: SSH (port 22) becomes reachable from 203.0.0.0/16',
      ],
    ],
    [
      'a rule for a branch office beside the office, whose IPv6 rule goes',
      { ssh_office6: ['2001:db8::/48', 22, 22, 'tcp'] },
      { ssh_office: ['203.0.113.0/24', 22, 22, 'tcp'] },
      ['ssh_office admin-access-added: harbor-dental: SSH (port 22) becomes reachable from 203.0.113.0/24'],
    ],
    [
      'the same office network under a new rule name',
      OFFICE_SSH,
      { ssh_office_renamed: ['203.0.113.0/24', 22, 22, 'tcp'] },
      [
        'ssh_office_renamed admin-access-added: harbor-dental: SSH (port 22) becomes reachable from 203.0.113.0/24',
      ],
    ],
    [
      'the office network grows in place',
      OFFICE_SSH,
      { ssh_office: ['203.0.0.0/16', 22, 22, 'tcp'] },
      ['ssh_office ingress-widened: harbor-dental: SSH (port 22) opens wider: 203.0.113.0/24 → 203.0.0.0/16'],
    ],
    [
      'the office network moves to another one of the same size',
      OFFICE_SSH,
      { ssh_office: ['198.51.100.0/24', 22, 22, 'tcp'] },
      [
        'ssh_office ingress-widened: harbor-dental: SSH (port 22) opens wider: 203.0.113.0/24 → 198.51.100.0/24',
      ],
    ],
    ['the office network shrinks', OFFICE_SSH, { ssh_office: ['203.0.113.0/28', 22, 22, 'tcp'] }, []],
    [
      'the office rule moves from IPv6 to the whole IPv6 internet on a public port',
      { web6: ['2001:db8::/48', 443, 443, 'tcp'] },
      { web6: ['::/0', 443, 443, 'tcp'] },
      ['web6 ingress-widened: harbor-dental: port 443 opens wider: 2001:db8::/48 → ::/0'],
    ],
    [
      'the office rule moves between IPv6 networks on a public port',
      { web6: ['2001:db8::/48', 443, 443, 'tcp'] },
      { web6: ['2001:db8:1::/48', 443, 443, 'tcp'] },
      [],
    ],
    [
      'the office rule grows to a port range below',
      OFFICE_SSH,
      { ssh_office: ['203.0.113.0/24', 20, 22, 'tcp'] },
      ['ssh_office ingress-widened: harbor-dental: a firewall rule grows from SSH (port 22) to ports 20–22'],
    ],
    [
      'the office rule grows to a port range above',
      OFFICE_SSH,
      { ssh_office: ['203.0.113.0/24', 22, 24, 'tcp'] },
      ['ssh_office ingress-widened: harbor-dental: a firewall rule grows from SSH (port 22) to ports 22–24'],
    ],
    [
      'a rule without an end port grows upwards',
      { ssh_office: ['203.0.113.0/24', 22] },
      { ssh_office: ['203.0.113.0/24', 22, 24] },
      ['ssh_office ingress-widened: harbor-dental: a firewall rule grows from SSH (port 22) to ports 22–24'],
    ],
    [
      'a rule loses its end port, reaching one port fewer',
      { ssh_office: ['203.0.113.0/24', 22, 24] },
      { ssh_office: ['203.0.113.0/24', 22] },
      [],
    ],
    [
      'a range becomes a single port above it',
      { ssh_office: ['203.0.113.0/24', 20, 22, 'tcp'] },
      { ssh_office: ['203.0.113.0/24', 23] },
      ['ssh_office ingress-widened: harbor-dental: a firewall rule grows from ports 20–22 to port 23'],
    ],
    [
      'the office rule opened to every protocol',
      OFFICE_SSH,
      { ssh_office: ['203.0.113.0/24', 22, 22, '-1'] },
      ['ssh_office ingress-widened: harbor-dental: a firewall rule grows from SSH (port 22) to every port'],
    ],
    [
      'the office rule loses its ports',
      OFFICE_SSH,
      { ssh_office: ['203.0.113.0/24'] },
      ['ssh_office ingress-widened: harbor-dental: a firewall rule grows from SSH (port 22) to every port'],
    ],
    [
      'a rule for every protocol narrowed to SSH',
      { ssh_office: ['203.0.113.0/24', undefined, undefined, '-1'] },
      OFFICE_SSH,
      [],
    ],
    [
      'the office rule moved from TCP to UDP',
      OFFICE_SSH,
      { ssh_office: ['203.0.113.0/24', 22, 22, 'udp'] },
      [],
    ],
    [
      'a rule without a protocol, TCP by default, renamed wider',
      { ssh_office: ['203.0.113.0/24', 22, 22] },
      { ssh_office_wide: ['203.0.0.0/16', 22, 22, 'tcp'] },
      [
        'ssh_office_wide ingress-widened: harbor-dental: SSH (port 22) opens wider: 203.0.113.0/24 → 203.0.0.0/16',
      ],
    ],
    [
      'a range moves up without growing',
      { ssh_office: ['203.0.113.0/24', 22, 24] },
      { ssh_office: ['203.0.113.0/24', 22, 23] },
      [],
    ],
    [
      'a range shrinks from below',
      { ssh_office: ['203.0.113.0/24', 20, 24] },
      { ssh_office: ['203.0.113.0/24', 21, 24] },
      [],
    ],
  ])('%s', (_, before, after, expected) => {
    expect(securityRisks(rules(before), rules(after))).toEqual(expected);
  });

  it('says nothing of the rules a brand-new customer starts with, but the world-open ones', () => {
    const after = rules({
      ssh_office: ['203.0.113.0/24', 22, 22, 'tcp'],
      ssh_office_wide: ['203.0.0.0/16', 22, 22, 'tcp'],
      ssh_world: ['0.0.0.0/0', 22, 22, 'tcp'],
    });
    expect(securityRisks({}, after)).toEqual([
      'ssh_world admin-port-open: harbor-dental: SSH (port 22) opens to the whole internet (0.0.0.0/0)',
    ]);
  });
});

describe('admin networks that add up to most of the internet', () => {
  it.each<[string, Record<string, Rule>, string[]]>([
    [
      'two halves',
      { ssh_low: ['0.0.0.0/1', 22, 22, 'tcp'], ssh_high: ['128.0.0.0/1', 22, 22, 'tcp'] },
      [
        'ssh_high admin-port-open: harbor-dental: SSH (port 22) opens to 4,294,967,296 addresses, most of the internet (0.0.0.0/1, 128.0.0.0/1)',
        'ssh_low admin-port-open: harbor-dental: SSH (port 22) opens to 4,294,967,296 addresses, most of the internet (0.0.0.0/1, 128.0.0.0/1)',
      ],
    ],
    [
      'a /8 and a small office: the /8 is the wide one, and the office alone would be fine',
      { ssh_ten: ['10.0.0.0/8', 22, 22, 'tcp'], ssh_office: ['203.0.113.0/24', 22, 22, 'tcp'] },
      [
        'ssh_office admin-access-added: harbor-dental: SSH (port 22) becomes reachable from 203.0.113.0/24',
        'ssh_ten admin-port-open: harbor-dental: SSH (port 22) opens to 16,777,472 addresses, most of the internet (10.0.0.0/8)',
      ],
    ],
    [
      'a /8 and a /15: a /15 is wide',
      { ssh_eight: ['10.0.0.0/8', 22, 22, 'tcp'], ssh_fifteen: ['172.16.0.0/15', 22, 22, 'tcp'] },
      [
        'ssh_eight admin-port-open: harbor-dental: SSH (port 22) opens to 16,908,288 addresses, most of the internet (10.0.0.0/8, 172.16.0.0/15)',
        'ssh_fifteen admin-port-open: harbor-dental: SSH (port 22) opens to 16,908,288 addresses, most of the internet (10.0.0.0/8, 172.16.0.0/15)',
      ],
    ],
    [
      'a /9, a /9 and a /16: a /16 is not wide',
      {
        ssh_a: ['10.0.0.0/9', 22, 22, 'tcp'],
        ssh_b: ['10.128.0.0/9', 22, 22, 'tcp'],
        ssh_c: ['172.16.0.0/16', 22, 22, 'tcp'],
      },
      [
        'ssh_a admin-port-open: harbor-dental: SSH (port 22) opens to 16,842,752 addresses, most of the internet (10.0.0.0/9, 10.128.0.0/9)',
        'ssh_b admin-port-open: harbor-dental: SSH (port 22) opens to 16,842,752 addresses, most of the internet (10.0.0.0/9, 10.128.0.0/9)',
        'ssh_c admin-access-added: harbor-dental: SSH (port 22) becomes reachable from 172.16.0.0/16',
      ],
    ],
    [
      'exactly a /8 in two halves',
      { ssh_a: ['10.0.0.0/9', 22, 22, 'tcp'], ssh_b: ['10.128.0.0/9', 22, 22, 'tcp'] },
      [
        'ssh_a admin-access-added: harbor-dental: SSH (port 22) becomes reachable from 10.0.0.0/9',
        'ssh_b admin-access-added: harbor-dental: SSH (port 22) becomes reachable from 10.128.0.0/9',
      ],
    ],
    [
      'two halves without a protocol, TCP by default',
      { ssh_low: ['0.0.0.0/1', 22, 22], ssh_high: ['128.0.0.0/1', 22, 22, 'tcp'] },
      [
        'ssh_high admin-port-open: harbor-dental: SSH (port 22) opens to 4,294,967,296 addresses, most of the internet (0.0.0.0/1, 128.0.0.0/1)',
        'ssh_low admin-port-open: harbor-dental: SSH (port 22) opens to 4,294,967,296 addresses, most of the internet (0.0.0.0/1, 128.0.0.0/1)',
      ],
    ],
    [
      'two halves of public web ports',
      { web_low: ['0.0.0.0/1', 443, 443, 'tcp'], web_high: ['128.0.0.0/1', 443, 443, 'tcp'] },
      [],
    ],
  ])('%s', (_, after, expected) => {
    expect(securityRisks(BASE, rules(after))).toEqual(expected);
  });

  // Two /9s are exactly a /8; a /16 more for the same ports tips them over, one for other ports not.
  const HALVES: Record<string, Rule> = {
    ssh_a: ['10.0.0.0/9', 22, 22, 'tcp'],
    ssh_b: ['10.128.0.0/9', 22, 22, 'tcp'],
  };
  it.each<[string, Rule, boolean]>([
    ['the same port', ['172.16.0.0/16', 22, 22, 'tcp'], true],
    ['another port', ['172.16.0.0/16', 2222, 2222, 'tcp'], false],
    ['another protocol', ['172.16.0.0/16', 22, 22, 'udp'], false],
    ['another end port', ['172.16.0.0/16', 22, 23, 'tcp'], false],
    ['another first port', ['172.16.0.0/16', 21, 22, 'tcp'], false],
  ])('a /16 more for %s tips two /9s over: %s', (_, extra, over) => {
    const codes = securityRisks(BASE, rules({ ...HALVES, ssh_c: extra })).map((r) => r.split(':')[0]);
    const halves = over ? 'admin-port-open' : 'admin-access-added';
    expect(codes).toEqual([`ssh_a ${halves}`, `ssh_b ${halves}`, 'ssh_c admin-access-added']);
  });

  it('names the wide networks in address order, without the whole internet reported on its own', () => {
    const after = rules({
      ssh_a: ['128.0.0.0/1', 22, 22, 'tcp'],
      ssh_b: ['0.0.0.0/1', 22, 22, 'tcp'],
      ssh_c: ['0.0.0.0/0', 22, 22, 'tcp'],
    });
    expect(securityRisks(BASE, after)).toEqual([
      'ssh_a admin-port-open: harbor-dental: SSH (port 22) opens to 4,294,967,296 addresses, most of the internet (0.0.0.0/1, 128.0.0.0/1)',
      'ssh_b admin-port-open: harbor-dental: SSH (port 22) opens to 4,294,967,296 addresses, most of the internet (0.0.0.0/1, 128.0.0.0/1)',
      'ssh_c admin-port-open: harbor-dental: SSH (port 22) opens to the whole internet (0.0.0.0/0)',
    ]);
  });

  it('leaves egress rules alone, even to the whole internet', () => {
    const after = rules(OFFICE_SSH);
    after.aws_vpc_security_group_egress_rule = {
      all_out: { security_group_id: SERVER_GROUP, cidr_ipv4: '0.0.0.0/0', ip_protocol: '-1' },
      ssh_out: { security_group_id: SERVER_GROUP, cidr_ipv4: '0.0.0.0/0', from_port: 22, to_port: 22 },
    };
    expect(securityRisks(rules(OFFICE_SSH), after)).toEqual([]);
  });

  it('takes no deleted egress rule for the rule a wider ingress rule replaces', () => {
    const before = rules({});
    before.aws_vpc_security_group_egress_rule = {
      ssh_office: {
        security_group_id: SERVER_GROUP,
        cidr_ipv4: '203.0.113.0/24',
        from_port: 22,
        to_port: 22,
        ip_protocol: 'tcp',
      },
    };
    expect(securityRisks(before, rules({ ssh_wide: ['203.0.0.0/16', 22, 22, 'tcp'] }))).toEqual([
      'ssh_wide admin-access-added: harbor-dental: SSH (port 22) becomes reachable from 203.0.0.0/16',
    ]);
  });

  it('counts ingress only, not what the server may reach outwards', () => {
    const after = rules({ ssh_a: ['10.0.0.0/9', 22, 22, 'tcp'], ssh_b: ['10.128.0.0/9', 22, 22, 'tcp'] });
    after.aws_vpc_security_group_egress_rule = {
      ssh_out: {
        security_group_id: SERVER_GROUP,
        cidr_ipv4: '172.16.0.0/12',
        from_port: 22,
        to_port: 22,
        ip_protocol: 'tcp',
      },
    };
    expect(securityRisks(BASE, after).map((r) => r.split(':')[0])).toEqual([
      'ssh_a admin-access-added',
      'ssh_b admin-access-added',
    ]);
  });

  it('counts the IPv4 networks only, once each, and not a broken one', () => {
    const after = rules({
      ssh_a: ['10.0.0.0/9', 22, 22, 'tcp'],
      ssh_b: ['10.0.0.0/9', 22, 22, 'udp'],
      ssh_c: ['10.1.0.0/16', 22, 22, 'tcp'],
      ssh_six: ['2001:db8::/32', 22, 22, 'tcp'],
      ssh_bad: ['10.300.0.0/9', 22, 22, 'tcp'],
    });
    expect(securityRisks(BASE, after).map((r) => r.split(':')[0])).toEqual([
      'ssh_a admin-access-added',
      'ssh_b admin-access-added',
      'ssh_bad admin-access-added',
      'ssh_c admin-access-added',
      'ssh_six admin-access-added',
    ]);
  });
});

// biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference, as the stack holds it.
const SSM_POLICY = '${aws_iam_policy.ssm.arn}';

/** A policy document as the stack holds it: JSON text. */
function policy(...statements: Array<Record<string, unknown>>): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

const READ_BACKUPS = {
  Effect: 'Allow',
  Action: ['s3:GetObject', 's3:ListBucket'],
  Resource: [
    'arn:aws:s3:::neo-production-harbor-dental-backups',
    'arn:aws:s3:::neo-production-harbor-dental-backups/*',
  ],
};
const EC2_TRUST = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };

/** The server's role and its inline policy, and the backup bucket's policy. */
function iamStack(
  edit: { inline?: unknown; trust?: unknown; bucket?: unknown; extra?: Resources } = {},
): Resources {
  return {
    ...BASE,
    aws_iam_role: {
      server: { name: 'neo-harbor-dental-server', assume_role_policy: edit.trust ?? policy(EC2_TRUST) },
    },
    aws_iam_role_policy: {
      server_buckets: {
        name: 'server-buckets',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference, as the stack holds it.
        role: '${aws_iam_role.server.name}',
        policy: edit.inline ?? policy(READ_BACKUPS),
      },
    },
    aws_s3_bucket_policy: {
      backups: { bucket: 'neo-production-harbor-dental-backups', policy: edit.bucket ?? policy() },
    },
    ...edit.extra,
  };
}

describe('IAM policies', () => {
  it.each<[string, Parameters<typeof iamStack>[0], string[]]>([
    [
      'a new action',
      { inline: policy({ ...READ_BACKUPS, Action: [...READ_BACKUPS.Action, 's3:DeleteObject'] }) },
      ['aws_iam_role_policy.server_buckets iam-broadened: harbor-dental: policy server_buckets allows more'],
    ],
    [
      'a new resource',
      {
        inline: policy({
          ...READ_BACKUPS,
          Resource: [...READ_BACKUPS.Resource, 'arn:aws:s3:::neo-production-acme-corp-backups'],
        }),
      },
      ['aws_iam_role_policy.server_buckets iam-broadened: harbor-dental: policy server_buckets allows more'],
    ],
    [
      'a service-wide action',
      { inline: policy({ ...READ_BACKUPS, Action: 's3:*' }) },
      [
        'aws_iam_role_policy.server_buckets iam-broadened: harbor-dental: policy server_buckets allows more, including a wildcard (*)',
      ],
    ],
    [
      'every action',
      { inline: policy({ ...READ_BACKUPS, Action: '*' }) },
      [
        'aws_iam_role_policy.server_buckets iam-broadened: harbor-dental: policy server_buckets allows more, including a wildcard (*)',
      ],
    ],
    [
      'every resource',
      { inline: policy({ ...READ_BACKUPS, Resource: '*' }) },
      [
        'aws_iam_role_policy.server_buckets iam-broadened: harbor-dental: policy server_buckets allows more, including a wildcard (*)',
      ],
    ],
    [
      'everything but one action',
      { inline: policy({ ...READ_BACKUPS, NotAction: 's3:DeleteBucket', Action: undefined }) },
      [
        'aws_iam_role_policy.server_buckets iam-broadened: harbor-dental: policy server_buckets allows more, including a wildcard (*)',
      ],
    ],
    [
      'everything but one resource',
      {
        inline: policy({
          ...READ_BACKUPS,
          NotResource: 'arn:aws:s3:::neo-production-acme-corp-backups',
          Resource: undefined,
        }),
      },
      [
        'aws_iam_role_policy.server_buckets iam-broadened: harbor-dental: policy server_buckets allows more, including a wildcard (*)',
      ],
    ],
    [
      'a single statement, not in a list',
      {
        inline: JSON.stringify({
          Version: '2012-10-17',
          Statement: { ...READ_BACKUPS, Action: 's3:PutObject' },
        }),
      },
      ['aws_iam_role_policy.server_buckets iam-broadened: harbor-dental: policy server_buckets allows more'],
    ],
    [
      'another account may assume the role',
      { trust: policy(EC2_TRUST, { ...EC2_TRUST, Principal: { AWS: 'arn:aws:iam::210987654321:root' } }) },
      ['aws_iam_role.server iam-broadened: harbor-dental: who may assume the role allows more'],
    ],
    [
      'anyone may assume the role',
      { trust: policy(EC2_TRUST, { ...EC2_TRUST, Principal: { AWS: '*' } }) },
      [
        'aws_iam_role.server iam-broadened: harbor-dental: who may assume the role allows more, including a wildcard (*)',
      ],
    ],
    [
      'the bucket opens to everyone',
      {
        bucket: policy({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::neo-production-harbor-dental-backups/*',
        }),
      },
      [
        'aws_s3_bucket_policy.backups iam-broadened: harbor-dental: policy backups allows more, including a wildcard (*)',
      ],
    ],
    [
      'the bucket opens to a principal',
      {
        bucket: policy({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::210987654321:root' },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::neo-production-harbor-dental-backups/*',
        }),
      },
      ['aws_s3_bucket_policy.backups iam-broadened: harbor-dental: policy backups allows more'],
    ],
    ['an action removed', { inline: policy({ ...READ_BACKUPS, Action: 's3:GetObject' }) }, []],
    [
      'the same grants reordered',
      { inline: policy({ ...READ_BACKUPS, Action: ['s3:ListBucket', 's3:GetObject'] }) },
      [],
    ],
    ['the same grants, as an object', { inline: { Version: '2012-10-17', Statement: [READ_BACKUPS] } }, []],
    [
      'a new action, the document as an object',
      { inline: { Version: '2012-10-17', Statement: [{ ...READ_BACKUPS, Action: 's3:PutObject' }] } },
      ['aws_iam_role_policy.server_buckets iam-broadened: harbor-dental: policy server_buckets allows more'],
    ],
    [
      'two new actions, one of them a wildcard',
      { inline: policy(READ_BACKUPS, { ...READ_BACKUPS, Action: ['s3:DeleteObject', 's3:*'] }) },
      [
        'aws_iam_role_policy.server_buckets iam-broadened: harbor-dental: policy server_buckets allows more, including a wildcard (*)',
      ],
    ],
    ['a denial added', { inline: policy(READ_BACKUPS, { Effect: 'Deny', Action: '*', Resource: '*' }) }, []],
    ['the document broken', { inline: '{"Version": "2012-10-17", "Statement": [' }, []],
  ])('%s', (_, edit, expected) => {
    expect(securityRisks(iamStack(), iamStack(edit))).toEqual(expected);
  });

  it('reads a broken document before as granting nothing', () => {
    const broken = iamStack({ inline: '{"Statement": [' });
    expect(securityRisks(broken, iamStack())).toEqual([
      'aws_iam_role_policy.server_buckets iam-broadened: harbor-dental: policy server_buckets allows more',
    ]);
  });

  it.each<[string, Resources, string[]]>([
    [
      'a managed policy attached',
      {
        aws_iam_role_policy_attachment: {
          admin: {
            role: 'neo-harbor-dental-server',
            policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
          },
        },
      },
      [
        'aws_iam_role_policy_attachment.admin iam-broadened: harbor-dental: role gains the managed policy arn:aws:iam::aws:policy/AdministratorAccess',
      ],
    ],
    [
      'a managed policy attached by a reference',
      {
        aws_iam_role_policy_attachment: {
          ssm: { role: 'neo-harbor-dental-server', policy_arn: SSM_POLICY },
        },
      },
      [
        `aws_iam_role_policy_attachment.ssm iam-broadened: harbor-dental: role gains the managed policy ${SSM_POLICY}`,
      ],
    ],
    [
      'a managed policy attached without an ARN',
      { aws_iam_role_policy_attachment: { unknown: { role: 'neo-harbor-dental-server' } } },
      [
        'aws_iam_role_policy_attachment.unknown iam-broadened: harbor-dental: role gains the managed policy ?',
      ],
    ],
    [
      'a new inline policy',
      {
        aws_iam_role_policy: {
          server_buckets: iamStack().aws_iam_role_policy?.server_buckets ?? {},
          logs: {
            name: 'logs',
            policy: policy({
              Effect: 'Allow',
              Action: 'logs:PutLogEvents',
              Resource: 'arn:aws:logs:us-east-2:123456789012:log-group:harbor-dental',
            }),
          },
        },
      },
      ['aws_iam_role_policy.logs iam-broadened: harbor-dental: a role gains the inline policy logs'],
    ],
  ])('%s to an existing customer', (_, extra, expected) => {
    expect(securityRisks(iamStack(), iamStack({ extra }))).toEqual(expected);
  });

  it('raises nothing for the policies a brand-new customer starts with', () => {
    const extra: Resources = {
      aws_iam_role_policy_attachment: {
        ssm: {
          role: 'neo-harbor-dental-server',
          policy_arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
        },
      },
    };
    expect(
      securityRisks({}, iamStack({ extra, inline: policy({ ...READ_BACKUPS, Action: 's3:*' }) })),
    ).toEqual([]);
  });

  it('raises nothing when a policy or a role goes', () => {
    const before = iamStack({
      extra: {
        aws_iam_role_policy_attachment: {
          ssm: {
            role: 'neo-harbor-dental-server',
            policy_arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
          },
        },
      },
    });
    expect(securityRisks(before, BASE)).toEqual([]);
  });
});

describe('protections switched off', () => {
  const PROTECTED: Resources = {
    ...BASE,
    aws_ebs_volume: { data: { availability_zone: 'us-east-2a', size: 200, encrypted: true } },
    aws_db_instance: { main: { engine: 'mysql', storage_encrypted: true, publicly_accessible: false } },
    aws_elasticache_replication_group: {
      cache: { engine: 'redis', at_rest_encryption_enabled: 'true', transit_encryption_enabled: true },
    },
    aws_instance: { server: { ami: 'ami-0a1b2c3d4e5f60718', metadata_options: { http_tokens: 'required' } } },
    aws_s3_bucket: { backups: { bucket: 'neo-production-harbor-dental-backups' } },
    aws_s3_bucket_public_access_block: {
      backups: {
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      },
    },
    aws_s3_bucket_server_side_encryption_configuration: {
      backups: {
        bucket: 'neo-production-harbor-dental-backups',
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' } }],
      },
    },
  };

  /** PROTECTED with one resource's attributes edited. */
  function edited(address: string, edit: Record<string, unknown>): Resources {
    const [type = '', name = ''] = address.split('.');
    const copy = structuredClone(PROTECTED);
    const byName = copy[type] ?? {};
    byName[name] = { ...byName[name], ...edit };
    return copy;
  }

  it.each<[string, string, Record<string, unknown>, string]>([
    [
      'a volume unencrypted',
      'aws_ebs_volume.data',
      { encrypted: false },
      'encryption-off: harbor-dental: aws_ebs_volume.data: encryption is turned off',
    ],
    [
      'a database unencrypted',
      'aws_db_instance.main',
      { storage_encrypted: false },
      'encryption-off: harbor-dental: aws_db_instance.main: encryption is turned off',
    ],
    [
      "a cache's encryption at rest off (a string)",
      'aws_elasticache_replication_group.cache',
      { at_rest_encryption_enabled: 'false' },
      'encryption-off: harbor-dental: aws_elasticache_replication_group.cache: encryption is turned off',
    ],
    [
      "a cache's encryption in transit dropped",
      'aws_elasticache_replication_group.cache',
      { transit_encryption_enabled: undefined },
      'encryption-off: harbor-dental: aws_elasticache_replication_group.cache: encryption is turned off',
    ],
    [
      'public ACLs allowed',
      'aws_s3_bucket_public_access_block.backups',
      { block_public_acls: false },
      'protection-off: harbor-dental: aws_s3_bucket_public_access_block.backups: public access blocking is turned off',
    ],
    [
      'public policies allowed',
      'aws_s3_bucket_public_access_block.backups',
      { block_public_policy: false },
      'protection-off: harbor-dental: aws_s3_bucket_public_access_block.backups: public access blocking is turned off',
    ],
    [
      'public ACLs honoured',
      'aws_s3_bucket_public_access_block.backups',
      { ignore_public_acls: false },
      'protection-off: harbor-dental: aws_s3_bucket_public_access_block.backups: public access blocking is turned off',
    ],
    [
      'public buckets unrestricted',
      'aws_s3_bucket_public_access_block.backups',
      { restrict_public_buckets: false },
      'protection-off: harbor-dental: aws_s3_bucket_public_access_block.backups: public access blocking is turned off',
    ],
    [
      'IMDSv1 allowed',
      'aws_instance.server',
      { metadata_options: { http_tokens: 'optional' } },
      'protection-off: harbor-dental: aws_instance.server: IMDSv1 is allowed again (instance credentials reachable by SSRF)',
    ],
    [
      'a public database',
      'aws_db_instance.main',
      { publicly_accessible: true },
      'protection-off: harbor-dental: aws_db_instance.main: the database becomes reachable from the internet',
    ],
  ])('%s', (_, address, edit, says) => {
    const risks = securityRisks(PROTECTED, edited(address, edit));
    expect(risks).toEqual([`${address} ${says}`]);
  });

  it.each<[string, string, Record<string, unknown>]>([
    ['a volume encrypted', 'aws_ebs_volume.data', { encrypted: true, size: 300 }],
    ['a volume grows', 'aws_ebs_volume.data', { size: 300 }],
    ['a database stays private, another way', 'aws_db_instance.main', { publicly_accessible: undefined }],
    [
      'IMDSv2 kept',
      'aws_instance.server',
      { metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 2 } },
    ],
  ])('nothing when %s', (_, address, edit) => {
    expect(securityRisks(PROTECTED, edited(address, edit))).toEqual([]);
  });

  it.each<[string, string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'an attribute whose name only ends like a protection',
      'aws_instance.server',
      { not_encrypted: true },
      { not_encrypted: false },
    ],
    [
      'a public access flag nested elsewhere',
      'aws_s3_bucket_public_access_block.backups',
      { settings: { block_public_acls: true } },
      { settings: { block_public_acls: false } },
    ],
    [
      'hop limit, not IMDS tokens',
      'aws_instance.server',
      { metadata_options: { http_tokens: 'required', hop: 'required' } },
      { metadata_options: { http_tokens: 'required', hop: 'optional' } },
    ],
  ])('nothing for %s', (_, address, before, after) => {
    expect(securityRisks(edited(address, before), edited(address, after))).toEqual([]);
  });

  it('a nested encryption flag switched off counts', () => {
    const before = edited('aws_instance.server', { root_block_device: { encrypted: true } });
    const after = edited('aws_instance.server', { root_block_device: { encrypted: false } });
    expect(securityRisks(before, after)).toEqual([
      'aws_instance.server encryption-off: harbor-dental: aws_instance.server: encryption is turned off',
    ]);
  });

  it.each<[string, string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'public access blocking turned on',
      'aws_s3_bucket_public_access_block.backups',
      { block_public_acls: false },
      { block_public_acls: true },
    ],
    [
      'IMDSv2 required',
      'aws_instance.server',
      { metadata_options: { http_tokens: 'optional' } },
      { metadata_options: { http_tokens: 'required' } },
    ],
    [
      'IMDS tokens left to the default from optional',
      'aws_instance.server',
      { metadata_options: { http_tokens: 'optional' } },
      { metadata_options: {} },
    ],
    [
      'a database made private',
      'aws_db_instance.main',
      { publicly_accessible: true },
      { publicly_accessible: false },
    ],
    [
      "a cache's flag written as a boolean",
      'aws_elasticache_replication_group.cache',
      { at_rest_encryption_enabled: 'true' },
      { at_rest_encryption_enabled: true },
    ],
    [
      'a public access flag written as a string',
      'aws_s3_bucket_public_access_block.backups',
      { block_public_acls: true },
      { block_public_acls: 'true' },
    ],
    [
      'look-alikes of protected attributes',
      'aws_db_instance.main',
      {
        encrypted_note: true,
        block_public_acls_note: true,
        publicly_accessible_note: false,
        replica: { publicly_accessible: false, metadata_options: { http_tokens: 'required' } },
        metadata_options: { http_tokens_note: 'required' },
      },
      {
        encrypted_note: false,
        block_public_acls_note: false,
        publicly_accessible_note: true,
        replica: { publicly_accessible: true, metadata_options: { http_tokens: 'optional' } },
        metadata_options: { http_tokens_note: 'optional' },
      },
    ],
  ])('nothing when %s', (_, address, before, after) => {
    expect(securityRisks(edited(address, before), edited(address, after))).toEqual([]);
  });

  it("nothing when the bucket's default encryption changes algorithm", () => {
    const after = edited('aws_s3_bucket_server_side_encryption_configuration.backups', {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
    });
    expect(securityRisks(PROTECTED, after)).toEqual([]);
  });

  it('nothing when an unencrypted volume stays unencrypted or becomes encrypted', () => {
    const plain = edited('aws_ebs_volume.data', { encrypted: false });
    expect(securityRisks(plain, edited('aws_ebs_volume.data', { encrypted: false, size: 300 }))).toEqual([]);
    expect(securityRisks(plain, PROTECTED)).toEqual([]);
  });

  it('nothing when a database that was public stays so, or IMDSv1 stays allowed', () => {
    const open = edited('aws_db_instance.main', { publicly_accessible: true, instance_class: 'db.t3.micro' });
    expect(securityRisks(open, edited('aws_db_instance.main', { publicly_accessible: true }))).toEqual([]);
    const v1 = edited('aws_instance.server', { metadata_options: { http_tokens: 'optional' } });
    expect(
      securityRisks(
        v1,
        edited('aws_instance.server', {
          metadata_options: { http_tokens: 'optional', http_endpoint: 'enabled' },
        }),
      ),
    ).toEqual([]);
  });

  it('a bucket losing its default encryption, but not when the bucket goes too', () => {
    const encryptionGone = structuredClone(PROTECTED);
    delete encryptionGone.aws_s3_bucket_server_side_encryption_configuration;
    expect(securityRisks(PROTECTED, encryptionGone)).toEqual([
      'aws_s3_bucket_server_side_encryption_configuration.backups encryption-off: harbor-dental: a bucket loses its default encryption',
    ]);
    delete encryptionGone.aws_s3_bucket;
    expect(securityRisks(PROTECTED, encryptionGone)).toEqual([]);
  });

  it('nothing when a protected resource is deleted or created', () => {
    const volumeGone = structuredClone(PROTECTED);
    delete volumeGone.aws_ebs_volume;
    expect(securityRisks(PROTECTED, volumeGone)).toEqual([]);
    const added = structuredClone(PROTECTED);
    added.aws_ebs_volume = {
      ...added.aws_ebs_volume,
      logs: { availability_zone: 'us-east-2a', encrypted: false },
    };
    expect(securityRisks(PROTECTED, added)).toEqual([]);
  });
});
