import { describe, expect, it } from 'vitest';
import { stackLookup } from '../../helpers/stacks.js';

const stack = await stackLookup();

/** The server's ingress as "protocol from[-to] source" lines, sorted. */
function ingress(id: string): string[] {
  const rules = stack(id).all('aws_vpc_security_group_ingress_rule');
  return Object.values(rules)
    .filter((r) => r.security_group_id === '${aws_security_group.server.id}')
    .map((r) => {
      const ports = r.from_port === r.to_port ? `${r.from_port}` : `${r.from_port}-${r.to_port}`;
      return `${r.ip_protocol} ${ports} ${r.cidr_ipv4}`;
    })
    .sort();
}

const WEB = ['tcp 443 0.0.0.0/0', 'tcp 80 0.0.0.0/0'];
const MAIL = ['110', '143', '25', '587', '993', '995'].map((p) => `tcp ${p} 0.0.0.0/0`);
const FTP = ['tcp 21 0.0.0.0/0', 'tcp 49152-65535 0.0.0.0/0'];
const DNS = ['tcp 53 0.0.0.0/0', 'udp 53 0.0.0.0/0'];
const admin = (cidr: string, ...ports: number[]) => [22, ...ports].map((p) => `tcp ${p} ${cidr}`);

describe('server firewall', () => {
  it.each([
    [
      'cPanel: WHM, cPanel and webmail from the admin networks; mail, FTP and DNS',
      'nordlicht-media',
      [
        ...WEB,
        ...MAIL,
        ...FTP,
        ...DNS,
        ...admin('198.51.100.0/24', 2083, 2087, 2096),
        ...admin('192.0.2.17/32', 2083, 2087, 2096),
      ],
    ],
    [
      'CyberPanel: 8090 from the admin network',
      'acme-corp',
      [...WEB, ...MAIL, ...FTP, ...DNS, ...admin('203.0.113.0/24', 8090)],
    ],
    [
      'DirectAdmin: 2222 from the admin network',
      'ferrous-games',
      [...WEB, ...MAIL, ...FTP, ...DNS, ...admin('203.0.113.200/29', 2222)],
    ],
    ['no panel: the website and SSH only', 'bluefin-bakery', [...WEB, ...admin('192.0.2.0/28')]],
    [
      'a panel without mail for the customer: no mail ports',
      'saltmarsh-records',
      [...WEB, ...FTP, ...DNS, ...admin('198.51.100.16/28', 2083, 2087, 2096)],
    ],
    [
      'admin from anywhere, as explicitly allowed',
      'open-door-coop',
      [...WEB, ...MAIL, ...FTP, ...DNS, ...admin('0.0.0.0/0', 8090)],
    ],
  ])('%s', (_what, id, expected) => {
    expect(ingress(id)).toEqual([...expected].sort());
  });

  it('lets all traffic out', () => {
    expect(stack('acme-corp').get('aws_vpc_security_group_egress_rule.all')).toMatchObject({
      ip_protocol: '-1',
      cidr_ipv4: '0.0.0.0/0',
    });
  });
});
