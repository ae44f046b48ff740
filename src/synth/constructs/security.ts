import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { Construct } from 'constructs';
import { FTP_PASSIVE, MAIL_PORTS, PANELS } from '../../spec/index.js';
import type { StackInputs } from '../inputs.js';
import { namePart, provision } from '../resource.js';

const WORLD = '0.0.0.0/0';

interface Opening {
  name: string;
  protocol: 'tcp' | 'udp';
  from: number;
  to?: number;
  description: string;
}

/**
 * The server's firewall. One rule resource per port and source, each with its own address and
 * tag, so the drift observer can tell a rule someone added in the console from one we declared.
 */
export class ServerFirewall extends Construct {
  readonly group: SecurityGroup;

  constructor(scope: Construct, inputs: StackInputs, vpcId: string) {
    super(scope, 'security');
    const { customer } = inputs;
    this.group = provision(this, SecurityGroup, 'server', {
      name: `neo-${customer.id}-server`,
      description: `NEO server of ${customer.id}`,
      vpcId,
      tags: { Name: `${customer.id}-server` },
    });
    for (const opening of publicOpenings(inputs)) this.allow(opening, WORLD, opening.name);
    for (const cidr of customer.network.adminCidrs) {
      for (const opening of adminOpenings(inputs))
        this.allow(opening, cidr, `${opening.name}_${namePart(cidr)}`);
    }
    provision(this, VpcSecurityGroupEgressRule, 'all', {
      securityGroupId: this.group.id,
      ipProtocol: '-1',
      cidrIpv4: WORLD,
      description: 'all outbound traffic',
    });
  }

  private allow(opening: Opening, cidr: string, name: string): void {
    provision(this, VpcSecurityGroupIngressRule, name, {
      securityGroupId: this.group.id,
      ipProtocol: opening.protocol,
      fromPort: opening.from,
      toPort: opening.to ?? opening.from,
      cidrIpv4: cidr,
      description: opening.description,
    });
  }
}

function tcp(name: string, from: number, description: string, to?: number): Opening {
  return { name, protocol: 'tcp', from, description, ...(to === undefined ? {} : { to }) };
}

/** What the whole internet reaches: the website, and the services the panel runs. */
function publicOpenings({ customer }: StackInputs): Opening[] {
  const serves = PANELS[customer.server.panel].serves;
  return [
    tcp('http', 80, 'HTTP'),
    tcp('https', 443, 'HTTPS'),
    ...(serves.mail && customer.dns.mail
      ? MAIL_PORTS.map((port) => tcp(`mail_${port}`, port, `mail (${port})`))
      : []),
    ...(serves.ftp
      ? [
          tcp('ftp', 21, 'FTP control'),
          tcp('ftp_passive', FTP_PASSIVE.from, 'FTP passive data', FTP_PASSIVE.to),
        ]
      : []),
    ...(serves.dns
      ? [
          tcp('dns_tcp', 53, 'DNS over TCP'),
          { name: 'dns_udp', protocol: 'udp' as const, from: 53, description: 'DNS' },
        ]
      : []),
  ];
}

/** What only the customer's admin networks reach: SSH and the panel's own interfaces. */
function adminOpenings({ customer }: StackInputs): Opening[] {
  return [
    tcp('ssh', 22, 'SSH from an admin network'),
    ...PANELS[customer.server.panel].adminPorts.map(({ port }) =>
      tcp(`panel_${port}`, port, `control panel (${port}) from an admin network`),
    ),
  ];
}
