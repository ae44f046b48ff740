import { isIPv6 } from 'node:net';
import { quote } from '../diagnostic.js';
import type { CustomerSpec } from '../generated/spec-types.js';
import { isIpv4Address } from '../ipv4.js';
import { sound } from '../repository.js';
import type { Rule } from './context.js';

type DnsRecord = NonNullable<NonNullable<CustomerSpec['dns']>['records']>[number];

/** Record sets neo writes itself, by "name type"; user records must not collide with them. */
export function managedRecordSets(customer: CustomerSpec): Map<string, string> {
  const managed = new Map<string, string>([
    ['@ A', "the site's address (the server's Elastic IP)"],
    ['www A', 'www (the server)'],
  ]);
  const hostname = relativeName(customer.server.hostname ?? `server.${customer.domain}`, customer.domain);
  if (hostname !== undefined) managed.set(`${hostname} A`, "the server's hostname");
  if (customer.dns?.mail ?? true) {
    managed.set('mail A', 'the mail server');
    managed.set('@ MX', 'mail delivery');
    managed.set('_dmarc TXT', 'the DMARC policy');
  }
  return managed;
}

function relativeName(fqdn: string, domain: string): string | undefined {
  const name = fqdn.toLowerCase();
  const suffix = `.${domain.toLowerCase()}`;
  return name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
}

/** Extra DNS records: only in a Route53 zone, not colliding with managed ones, values well-formed. */
export const dnsRecords: Rule = ({ repository, report }) => {
  for (const customer of repository.customers.values()) {
    if (!sound(customer, 'dns', 'server/hostname', 'domain')) continue;
    const records = customer.data.dns?.records ?? [];
    if (records.length > 0 && customer.data.dns?.zone === 'external') {
      report(
        customer,
        ['dns', 'records'],
        "records are only managed in a Route53 zone: set dns.zone: route53, or keep these records on the platform's nameservers",
        { key: true },
      );
      continue;
    }
    const managed = managedRecordSets(customer.data);
    const managedNames = new Set([...managed.keys()].map((k) => k.split(' ')[0]));
    const seen = new Map<string, number>();
    const cnames = new Set(records.filter((r) => r.type === 'CNAME').map((r) => r.name));
    for (const [i, record] of records.entries()) {
      const at = (message: string, path: Array<string | number> = []) =>
        report(customer, ['dns', 'records', i, ...path], message);
      const set = `${record.name} ${record.type}`;
      const owner = managed.get(set);
      if (owner !== undefined) {
        at(`${record.type} ${record.name} is managed by neo (${owner}): remove this record`);
        continue;
      }
      if (record.type === 'CNAME' && (record.name === '@' || managedNames.has(record.name))) {
        at(
          `a CNAME cannot share its name with other records, and ${record.name} has records managed by neo: use another name`,
        );
        continue;
      }
      if (record.type !== 'CNAME' && cnames.has(record.name)) {
        at(
          `${record.name} already has a CNAME, which cannot share its name with other records: remove one of them`,
        );
        continue;
      }
      const first = seen.get(set);
      if (first !== undefined) {
        at(
          `a second ${record.type} record for ${record.name} (the first is item ${first + 1}): merge the values into one record`,
        );
        continue;
      }
      seen.set(set, i);
      const mail = customer.data.dns?.mail ?? true;
      for (const [j, value] of record.values.entries()) {
        const problem = valueProblem(record, value, mail);
        if (problem !== undefined)
          at(`${quote(value)} is not a valid ${record.type} value: ${problem}`, ['values', j]);
      }
    }
  }
};

const HOST = /^([a-z0-9_]([a-z0-9_-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?\.?$/i;

function valueProblem(record: DnsRecord, value: string, mail: boolean): string | undefined {
  switch (record.type) {
    case 'A':
      return isIpv4Address(value) ? undefined : 'write an IPv4 address such as 203.0.113.10';
    case 'AAAA':
      return isIPv6(value) ? undefined : 'write an IPv6 address such as 2001:db8::10';
    case 'CNAME':
      if (record.values.length > 1) return 'a CNAME has exactly one target';
      return HOST.test(value) ? undefined : 'write one host name such as shops.example.net';
    case 'MX': {
      const [preference, host, ...rest] = value.split(' ');
      return /^\d{1,5}$/.test(preference ?? '') && host !== undefined && HOST.test(host) && rest.length === 0
        ? undefined
        : "write '<preference> <host>' such as '10 mx1.example.net'";
    }
    case 'SRV': {
      const parts = value.split(' ');
      const numbers = parts.slice(0, 3).every((p) => /^\d{1,5}$/.test(p));
      return parts.length === 4 && numbers && HOST.test(parts[3] ?? '')
        ? undefined
        : "write '<priority> <weight> <port> <target>' such as '10 5 5060 sip.example.net'";
    }
    case 'CAA':
      return /^\d{1,3} (issue|issuewild|iodef) "[^"]*"$/.test(value)
        ? undefined
        : 'write \'<flags> <tag> "<value>"\' such as \'0 issue "letsencrypt.org"\'';
    case 'TXT':
      if (mail && record.name === '@' && value.startsWith('v=spf1')) {
        return 'neo manages the SPF record while dns.mail is true: remove it, or set dns.mail: false and manage mail records yourself';
      }
      return undefined;
    default:
      return undefined;
  }
}
