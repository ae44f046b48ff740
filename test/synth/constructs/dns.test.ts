import { describe, expect, it } from 'vitest';
import { stackLookup } from '../../helpers/stacks.js';

const stack = await stackLookup();

/** The zone's record sets as "name type ttl: values". */
function records(id: string): string[] {
  return Object.values(stack(id).all('aws_route53_record'))
    .map((r) => `${r.name} ${r.type} ${r.ttl}: ${(r.records as string[]).join(' | ')}`)
    .sort();
}

const IP = '${aws_eip.server.public_ip}';

describe('DNS', () => {
  it('creates the zone with the site, hostname, mail and the customer records', () => {
    expect(stack('acme-corp').get('aws_route53_zone.main')).toMatchObject({
      name: 'acme-example.com',
      force_destroy: false,
    });
    expect(records('acme-corp')).toEqual([
      `_dmarc.acme-example.com TXT 300: v=DMARC1; p=quarantine; rua=mailto:postmaster@acme-example.com`,
      `acme-example.com A 300: ${IP}`,
      'acme-example.com MX 300: 10 mail.acme-example.com',
      // the customer's apex TXT joins neo's SPF record
      'acme-example.com TXT 300: v=spf1 a mx ~all | google-site-verification=3pQm1x0Kc2vJ8bYtR6wZ',
      'blog.acme-example.com CNAME 300: acme-example.com',
      `mail.acme-example.com A 300: ${IP}`,
      `server.acme-example.com A 300: ${IP}`,
      `www.acme-example.com A 300: ${IP}`,
    ]);
  });

  it("keeps a customer's own SPF record and MX when mail is hosted elsewhere", () => {
    expect(records('saltmarsh-records')).toEqual([
      `*.cdn.saltmarsh-records-example.net CNAME 300: cdn.saltmarsh-records-example.net.edgekey.example`,
      `cp.saltmarsh-records-example.net A 300: ${IP}`,
      'saltmarsh-records-example.net A 300: ${aws_eip.server.public_ip}',
      'saltmarsh-records-example.net MX 300: 10 mx1.mailhost.example | 20 mx2.mailhost.example',
      'saltmarsh-records-example.net TXT 300: v=spf1 include:_spf.mailhost.example ~all | verification=8c1d2e',
      `www.saltmarsh-records-example.net A 300: ${IP}`,
    ]);
    expect(Object.keys(stack('saltmarsh-records').all('aws_route53_record'))).toContain('wildcard_cdn_cname');
  });

  it('says a domain without mail sends none (SPF -all, no MX, no mail host)', () => {
    expect(records('quarry-hill-dental')).toEqual([
      `quarry-hill-dental-example.com A 300: ${IP}`,
      'quarry-hill-dental-example.com TXT 300: v=spf1 -all',
      `server.quarry-hill-dental-example.com A 300: ${IP}`,
      `www.quarry-hill-dental-example.com A 300: ${IP}`,
    ]);
  });

  it("puts the panel hostname in the zone and keeps the customer's TTLs", () => {
    expect(records('nordlicht-media')).toEqual(
      expect.arrayContaining([
        `whm.nordlicht-example.de A 300: ${IP}`,
        'shop.nordlicht-example.de CNAME 3600: shops.myshopify.com',
        'nordlicht-example.de CAA 300: 0 issue "letsencrypt.org" | 0 issue "amazon.com"',
        '_sip._tcp.nordlicht-example.de SRV 300: 10 5 5060 sip.nordlicht-example.de',
      ]),
    );
  });

  it.each(['bluefin-bakery', 'tidewater-travel'])(
    'leaves %s (external DNS) to the platform nameservers',
    (id) => {
      expect(stack(id).all('aws_route53_zone')).toEqual({});
      expect(stack(id).all('aws_route53_record')).toEqual({});
      expect(stack(id).config.output.name_servers).toBeUndefined();
    },
  );
});
