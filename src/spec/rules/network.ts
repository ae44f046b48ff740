import { quote } from '../diagnostic.js';
import { ADMIN_REACH_LIMIT, addressCount, type Ipv4Network, isPrivate, parseCidr } from '../ipv4.js';
import { sound } from '../repository.js';
import type { Rule } from './context.js';

/** Smallest VPC that still holds two public and two private subnets of useful size. */
const VPC_PREFIX = { min: 16, max: 24 } as const;

export const vpcCidr: Rule = ({ repository, report }) => {
  for (const customer of repository.customers.values()) {
    if (!sound(customer, 'network/cidr')) continue;
    const cidr = customer.data.network.cidr;
    const parsed = parseCidr(cidr);
    const where = ['network', 'cidr'];
    if (!parsed.ok) {
      report(customer, where, `${quote(cidr)} is not a valid network: ${parsed.reason}`);
    } else if (parsed.network.prefix < VPC_PREFIX.min || parsed.network.prefix > VPC_PREFIX.max) {
      report(
        customer,
        where,
        `a VPC range must be /${VPC_PREFIX.min} to /${VPC_PREFIX.max} (${cidr} is /${parsed.network.prefix}): AWS allows no larger, and four subnets need at least a /${VPC_PREFIX.max}`,
      );
    } else if (!isPrivate(parsed.network)) {
      report(
        customer,
        where,
        `${cidr} is public address space: use a private range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`,
      );
    }
  }
};

/** Admin ports (SSH, panel) are only open to named networks unless the file says otherwise. */
export const adminCidrs: Rule = ({ repository, report }) => {
  for (const customer of repository.customers.values()) {
    if (!sound(customer, 'network/adminCidrs', 'network/allowAdminFromAnywhere')) continue;
    const network = customer.data.network;
    const parsed: Ipv4Network[] = [];
    for (const [i, cidr] of network.adminCidrs.entries()) {
      const where = ['network', 'adminCidrs', i];
      const one = parseCidr(cidr);
      if (one.ok) parsed.push(one.network);
      if (!one.ok) {
        report(customer, where, `${quote(cidr)} is not a valid network: ${one.reason}`);
      } else if (one.network.prefix === 0 && network.allowAdminFromAnywhere !== true) {
        report(
          customer,
          where,
          '0.0.0.0/0 opens SSH and the control panel to the whole internet: list the networks that need access, or set network.allowAdminFromAnywhere: true to accept the risk',
        );
      } else if (one.network.prefix === 0) {
        report(
          customer,
          where,
          'SSH and the control panel are open to the whole internet (allowAdminFromAnywhere: true)',
          {
            severity: 'warning',
          },
        );
      }
    }
    const reach = addressCount(parsed);
    // One 0.0.0.0/0 is reported above; wide networks that add up to most of the internet
    // (0.0.0.0/1 and 128.0.0.0/1) are the same risk said another way.
    if (reach > ADMIN_REACH_LIMIT && !parsed.some((n) => n.prefix === 0)) {
      const size = reach.toLocaleString('en-US');
      if (network.allowAdminFromAnywhere !== true) {
        report(
          customer,
          ['network', 'adminCidrs'],
          `together these networks open SSH and the control panel to ${size} addresses, more than a /8: list the networks that need access, or set network.allowAdminFromAnywhere: true to accept the risk`,
        );
      } else {
        report(
          customer,
          ['network', 'adminCidrs'],
          `SSH and the control panel are open to ${size} addresses (allowAdminFromAnywhere: true)`,
          { severity: 'warning' },
        );
      }
    }
  }
};
