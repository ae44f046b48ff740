import { describe, expect, it } from 'vitest';
import type { DriftItem } from '../../src/cloud/index.js';
import type { Attributes, GraphResource, ResourceGraph } from '../../src/graph/index.js';
import { adoptedDrift } from '../../src/plan/index.js';
import { attribute, customer, missing, modified, risk, unmanaged } from '../report/drift/drift-fixture.js';

const TXT = 'aws_route53_record.apex_txt';
const SERVER = 'aws_instance.server';
/** `${target}`: a Terraform reference, as graphs and drift hold them. */
const token = (target: string) => `\${${target}}`;
const OLD = ['google-site-verification=old', 'v=spf1 a mx ~all'];
const NEW = ['google-site-verification=new', 'v=spf1 a mx ~all'];

function resource(address: string, attributes: Attributes): GraphResource {
  const [type = '', name = ''] = address.split('.');
  return { address, type, name, attributes, ignoreChanges: [], preventDestroy: false };
}

/** acme-corp's stack at head: a TXT record and a server, `records` and server attributes as given. */
function head(records: Attributes['records'], server: Attributes = {}): ResourceGraph {
  return {
    region: 'us-east-2',
    resources: new Map(
      [
        resource(TXT, { name: 'acme-example.com', type: 'TXT', ttl: 300, records }),
        resource(SERVER, { instance_type: 't3.medium', ...server }),
        resource('aws_key_pair.main', { key_name: 'acme-2027', public_key: 'ssh-ed25519 AAAA' }),
      ].map((r) => [r.address, r]),
    ),
  };
}

/** The TXT record's drift: spec OLD, live NEW, with a risk of restoring it and one of the live state. */
const txtDrift = modified(
  TXT,
  'Z1_acme-example.com_TXT',
  [attribute('records', OLD, NEW)],
  [
    risk('customer-visible', 'site-dns-changes', 'restoring the spec: acme-corp: the TXT record changes'),
    risk('security', 'made-up', 'acme-corp: something live is open'),
  ],
);

/** `address adopted?` of each item of acme-corp's drift, planned against `graph`. */
function adoption(items: DriftItem[], graph: ResourceGraph | undefined): string[] {
  return adoptedDrift(customer('acme-corp', items), graph).items.map(
    (i) => `${i.address}${i.adoptedByChange ? ' adopted' : ''}`,
  );
}

describe('adoptedDrift', () => {
  it.each<[string, Attributes['records'], string]>([
    ['says what is live', [...NEW].reverse(), `${TXT} adopted`],
    ['still says the base spec', OLD, TXT],
    ['says something else again', ['google-site-verification=other', 'v=spf1 a mx ~all'], TXT],
  ])('adopts a modified record only when the head %s', (_name, records, expected) => {
    expect(adoption([txtDrift], head(records))).toEqual([expected]);
  });

  it('drops the risks of restoring an adopted item, and keeps those of the live state', () => {
    const [item] = adoptedDrift(customer('acme-corp', [txtDrift]), head(NEW)).items;
    expect(item?.change.risks.map((r) => r.code)).toEqual(['made-up']);
    // The drift it was given is left as it was.
    expect(txtDrift.change.risks).toHaveLength(2);
    expect(txtDrift).not.toHaveProperty('adoptedByChange');
  });

  it('adopts a modified resource only when every differing attribute has its live value', () => {
    const server = modified(SERVER, 'i-0a1', [
      attribute('instance_type', 't3.medium', 't3.large'),
      attribute('key_name', 'acme', 'acme-2027'),
    ]);
    expect(adoption([server], head(OLD, { instance_type: 't3.large' }))).toEqual([SERVER]);
    // A reference the head's own stack sets is compared as the value it resolves to.
    const keyName = token('aws_key_pair.main.key_name');
    expect(adoption([server], head(OLD, { instance_type: 't3.large', key_name: keyName }))).toEqual([
      `${SERVER} adopted`,
    ]);
  });

  it('does not adopt where the head refers to what the cloud computes, or the value is sensitive', () => {
    const subnet = token('aws_subnet.public_b.id');
    const moved = modified(SERVER, 'i-0a1', [attribute('subnet_id', token('aws_subnet.public.id'), subnet)]);
    expect(adoption([moved], head(OLD, { subnet_id: subnet }))).toEqual([SERVER]);
    const secret = modified(SERVER, 'i-0a1', [{ path: 'user_data', sensitive: true }]);
    expect(adoption([secret], head(OLD))).toEqual([SERVER]);
  });

  it('adopts a missing resource when the head has neither it nor what went with it', () => {
    const gone = (consequences: string[]) => missing('aws_eip.server', { domain: 'vpc' }, consequences);
    expect(adoption([gone([])], head(OLD))).toEqual(['aws_eip.server adopted']);
    expect(adoption([gone([TXT])], head(OLD))).toEqual(['aws_eip.server']);
    expect(adoption([missing(TXT, { type: 'TXT' }, [])], head(OLD))).toEqual([TXT]);
  });

  it('never marks unmanaged resources, nor anything of a customer the change removes', () => {
    const extra = unmanaged('aws_instance.unmanaged_i_0f3', 'i-0f3', { instance_type: 't3.xlarge' });
    expect(adoption([extra], head(OLD))).toEqual(['aws_instance.unmanaged_i_0f3']);
    expect(adoption([txtDrift, missing('aws_eip.server', {}, [])], undefined)).toEqual([
      TXT,
      'aws_eip.server',
    ]);
  });
});
