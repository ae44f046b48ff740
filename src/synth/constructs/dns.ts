import { Route53Record } from '@cdktf/provider-aws/lib/route53-record/index.js';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone/index.js';
import { Construct } from 'constructs';
import type { Customer } from '../../spec/index.js';
import type { StackInputs } from '../inputs.js';
import { namePart, provision, uniqueNames } from '../resource.js';

const DEFAULT_TTL = 300;

interface RecordSet {
  /** Relative to the domain; `@` is the apex. */
  name: string;
  type: string;
  ttl: number;
  values: string[];
}

function relative(fqdn: string, domain: string): string | undefined {
  const suffix = `.${domain.toLowerCase()}`;
  return fqdn.toLowerCase().endsWith(suffix) ? fqdn.slice(0, -suffix.length) : undefined;
}

/**
 * The record sets of a customer's zone: the site, the server's hostname and mail (managed by neo),
 * then the customer's own records. A customer TXT at the apex joins neo's SPF record, since a
 * name has one TXT record set.
 */
function recordSets(customer: Customer, serverAddress: string): RecordSet[] {
  const { domain, dns } = customer;
  const a = (name: string): RecordSet => ({ name, type: 'A', ttl: DEFAULT_TTL, values: [serverAddress] });
  const sets: RecordSet[] = [a('@'), a('www')];
  if (dns.mail) {
    sets.push(a('mail'));
    sets.push({ name: '@', type: 'MX', ttl: DEFAULT_TTL, values: [`10 mail.${domain}`] });
    sets.push({
      name: '_dmarc',
      type: 'TXT',
      ttl: DEFAULT_TTL,
      values: [`v=DMARC1; p=quarantine; rua=mailto:postmaster@${domain}`],
    });
  }
  const host = relative(customer.server.hostname, domain);
  if (host !== undefined && !sets.some((s) => s.name === host && s.type === 'A')) sets.push(a(host));
  sets.push(apexTxt(customer));
  for (const record of dns.records) {
    if (record.name === '@' && record.type === 'TXT') continue;
    sets.push({ name: record.name, type: record.type, ttl: record.ttl, values: record.values });
  }
  return sets;
}

/**
 * The apex TXT set: neo's SPF policy plus the customer's own apex TXT values. A domain may have
 * one SPF record only, so a customer who publishes their own (mail hosted elsewhere) keeps theirs.
 */
function apexTxt({ dns }: Customer): RecordSet {
  const own = dns.records.find((r) => r.name === '@' && r.type === 'TXT');
  const values = own?.values ?? [];
  const hasSpf = values.some((v) => v.toLowerCase().startsWith('v=spf1'));
  const spf = dns.mail ? 'v=spf1 a mx ~all' : 'v=spf1 -all';
  return { name: '@', type: 'TXT', ttl: own?.ttl ?? DEFAULT_TTL, values: hasSpf ? values : [spf, ...values] };
}

/** Terraform name of a record set: `apex_a`, `www_a`, `blog_cname`, `sip_tcp_srv`. */
function recordName(set: RecordSet): string {
  return `${set.name === '@' ? 'apex' : namePart(set.name.replaceAll('*', 'wildcard'))}_${set.type.toLowerCase()}`;
}

/** The customer's Route53 zone, unless DNS stays on the platform's nameservers. */
export class Dns extends Construct {
  readonly zone: Route53Zone | undefined;

  constructor(scope: Construct, inputs: StackInputs, serverAddress: string) {
    super(scope, 'dns');
    const { customer } = inputs;
    if (customer.dns.zone === 'external') return;
    this.zone = provision(this, Route53Zone, 'main', {
      name: customer.domain,
      comment: `NEO customer ${customer.id}`,
      forceDestroy: false,
    });
    const nameOf = uniqueNames();
    for (const set of recordSets(customer, serverAddress)) {
      provision(this, Route53Record, nameOf(recordName(set)), {
        zoneId: this.zone.zoneId,
        name: set.name === '@' ? customer.domain : `${set.name}.${customer.domain}`,
        type: set.type,
        ttl: set.ttl,
        records: set.values,
      });
    }
  }
}
