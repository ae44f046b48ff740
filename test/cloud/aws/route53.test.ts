import {
  type HostedZone,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandInput,
  ListTagsForResourcesCommand,
  type ListTagsForResourcesCommandInput,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { createCaller, createThrottle } from '../../../src/cloud/aws/call.js';
import { CloudAccessError } from '../../../src/cloud/aws/errors.js';
import { readRoute53 } from '../../../src/cloud/aws/route53.js';
import { recordResource, unquote } from '../../../src/cloud/aws/route53-records.js';
import { domainName } from '../../../src/cloud/dns-names.js';
import type { CloudResource } from '../../../src/cloud/types.js';
import {
  apexRecords,
  awsError,
  FAST,
  hostedZone,
  IDS,
  neoTags,
  ok,
  type Route53Mock,
  recordingSleep,
  route53Stub,
  tags,
  zone,
} from './responses.js';

const OTHER_ZONE = 'Z09876543210ZYXWVUTSR';
const PRIVATE_ZONE = 'Z05555555555PRIVATE01';

const ACME_RECORDS: ResourceRecordSet[] = [
  ...apexRecords('acme.example.'),
  {
    Name: 'acme.example.',
    Type: 'A',
    AliasTarget: {
      HostedZoneId: 'Z3AADJGX6KTTL2',
      DNSName: 'dualstack.acme-web-1234567890.us-east-2.elb.amazonaws.com.',
      EvaluateTargetHealth: true,
    },
  },
  {
    Name: 'acme.example.',
    Type: 'TXT',
    TTL: 300,
    ResourceRecords: [
      { Value: '"v=spf1 include:_spf.google.com ~all"' },
      { Value: '"google-site-verification=abc"' },
    ],
  },
  { Name: 'acme.example.', Type: 'MX', TTL: 3600, ResourceRecords: [{ Value: '10 mx.acme.example.' }] },
  {
    Name: 'api.acme.example.',
    Type: 'CNAME',
    SetIdentifier: 'blue',
    Weight: 90,
    TTL: 60,
    ResourceRecords: [{ Value: 'blue.acme.example' }],
  },
  {
    Name: 'api.acme.example.',
    Type: 'CNAME',
    SetIdentifier: 'green',
    Weight: 10,
    TTL: 60,
    ResourceRecords: [{ Value: 'green.acme.example' }],
  },
  // A delegation: an NS below the apex is someone's record, not AWS's.
  { Name: 'dev.acme.example.', Type: 'NS', TTL: 300, ResourceRecords: [{ Value: 'ns-1.example.net.' }] },
  {
    Name: 'mail._domainkey.acme.example.',
    Type: 'TXT',
    TTL: 300,
    ResourceRecords: [
      { Value: '"v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu" "5Oq9sE8kWzNLoYyU2p"' },
    ],
  },
  {
    Name: 'www.acme.example.',
    Type: 'A',
    TTL: 300,
    ResourceRecords: [{ Value: '203.0.113.9' }, { Value: '198.51.100.7' }],
  },
  { Name: '\\052.acme.example.', Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: 'www.acme.example' }] },
];

/** Zones as listed, their tags by id, and record pages per zone (one page unless told otherwise). */
function arrange(mock: Route53Mock, options: { zones?: HostedZone[]; tagged?: string[] } = {}) {
  const zones = options.zones ?? [
    zone,
    hostedZone(OTHER_ZONE, 'other.example.'),
    hostedZone(PRIVATE_ZONE, 'acme.internal.', { PrivateZone: true }),
  ];
  const tagged = new Set(options.tagged ?? [IDS.zone, PRIVATE_ZONE]);
  mock.on(ListHostedZonesCommand).resolves(ok({ HostedZones: zones, IsTruncated: false, MaxItems: 100 }));
  mock.on(ListTagsForResourcesCommand).callsFake(async (input: ListTagsForResourcesCommandInput) =>
    ok({
      ResourceTagSets: (input.ResourceIds ?? []).map((ResourceId) => ({
        ResourceType: 'hostedzone' as const,
        ResourceId,
        Tags: tagged.has(ResourceId) ? neoTags('aws_route53_zone.main') : tags({ team: 'web' }),
      })),
    }),
  );
  mock
    .on(ListResourceRecordSetsCommand, { HostedZoneId: IDS.zone })
    .resolves(ok({ ResourceRecordSets: ACME_RECORDS, IsTruncated: false, MaxItems: 300 }));
}

async function read(arrangeMocks: (mock: Route53Mock) => void) {
  const { client, mock: stub } = route53Stub();
  arrangeMocks(stub);
  const { sleep, delays } = recordingSleep();
  const caller = createCaller(createThrottle({ limits: FAST, sleep }));
  const progress: unknown[] = [];
  const resources = await readRoute53(client, caller, { onProgress: (step) => progress.push(step) });
  return { resources, mock: stub, calls: caller.calls(), delays, progress };
}

function ofType(resources: CloudResource[], type: string): CloudResource[] {
  return resources.filter((resource) => resource.type === type);
}

function record(resources: CloudResource[], id: string): CloudResource | undefined {
  return resources.find((resource) => resource.type === 'aws_route53_record' && resource.id === id);
}

describe('zones', () => {
  it('keeps public zones tagged for neo', async () => {
    const { resources, mock } = await read((stub) => arrange(stub));

    expect(ofType(resources, 'aws_route53_zone')).toStrictEqual([
      {
        type: 'aws_route53_zone',
        id: IDS.zone,
        tags: { 'neo:customer': 'acme', 'neo:resource': 'aws_route53_zone.main' },
        attributes: {
          name: 'acme.example',
          comment: 'acme (managed by neo)',
          tags: { 'neo:customer': 'acme', 'neo:resource': 'aws_route53_zone.main' },
        },
        exports: { id: IDS.zone, zone_id: IDS.zone, arn: `arn:aws:route53:::hostedzone/${IDS.zone}` },
        scope: { zone: IDS.zone },
      },
    ]);
    // The private zone is not even asked about; the untagged one's records are not read.
    expect(mock.commandCalls(ListTagsForResourcesCommand)[0]?.args[0].input).toEqual({
      ResourceType: 'hostedzone',
      ResourceIds: [IDS.zone, OTHER_ZONE],
    });
    expect(
      mock.commandCalls(ListResourceRecordSetsCommand).map((call) => call.args[0].input.HostedZoneId),
    ).toEqual([IDS.zone]);
  });

  it('leaves out an empty comment', async () => {
    const { resources } = await read((stub) =>
      arrange(stub, { zones: [hostedZone(IDS.zone, 'acme.example.', { Comment: '' })] }),
    );
    expect(ofType(resources, 'aws_route53_zone')[0]?.attributes).toEqual({
      name: 'acme.example',
      tags: { 'neo:customer': 'acme', 'neo:resource': 'aws_route53_zone.main' },
    });
  });

  it('follows Marker through the zone listing', async () => {
    const { resources, mock } = await read((stub) => {
      arrange(stub);
      stub
        .on(ListHostedZonesCommand)
        .resolvesOnce(
          ok({
            HostedZones: [hostedZone(OTHER_ZONE, 'other.example.')],
            IsTruncated: true,
            NextMarker: IDS.zone,
            MaxItems: 1,
          }),
        )
        .resolvesOnce(ok({ HostedZones: [zone], IsTruncated: false, MaxItems: 1 }));
    });

    expect(mock.commandCalls(ListHostedZonesCommand).map((call) => call.args[0].input)).toEqual([
      { MaxItems: 100 },
      { MaxItems: 100, Marker: IDS.zone },
    ]);
    expect(ofType(resources, 'aws_route53_zone').map((resource) => resource.id)).toEqual([IDS.zone]);
  });

  it('asks for tags ten zones at a time', async () => {
    const zones = Array.from({ length: 23 }, (_, index) =>
      hostedZone(`Z0${String(index).padStart(19, '0')}`, `customer-${index}.example.`),
    );
    const { mock, calls } = await read((stub) => arrange(stub, { zones, tagged: [] }));

    const batches = mock
      .commandCalls(ListTagsForResourcesCommand)
      .map((call) => call.args[0].input.ResourceIds);
    expect(batches.map((ids) => ids?.length)).toEqual([10, 10, 3]);
    expect(batches.flat()).toEqual(zones.map((item) => item.Id?.replace('/hostedzone/', '')));
    expect(calls).toEqual({ ec2: 0, route53: 4 });
  });

  it('drops a zone deleted between the listing and its records', async () => {
    const gone = hostedZone(OTHER_ZONE, 'other.example.');
    const { resources, delays } = await read((stub) => {
      arrange(stub, { zones: [zone, gone], tagged: [IDS.zone, OTHER_ZONE] });
      stub
        .on(ListResourceRecordSetsCommand, { HostedZoneId: OTHER_ZONE })
        .rejects(awsError('NoSuchHostedZone', 404, `No hosted zone found with ID: ${OTHER_ZONE}`));
    });

    expect(resources.filter((resource) => resource.scope.zone === OTHER_ZONE)).toEqual([]);
    expect(ofType(resources, 'aws_route53_zone').map((resource) => resource.id)).toEqual([IDS.zone]);
    expect(delays).toEqual([500, 1000, 2000]);
  });

  it('asks zone by zone when one of a tag batch was deleted', async () => {
    const { resources, mock } = await read((stub) => {
      arrange(stub, { zones: [zone, hostedZone(OTHER_ZONE, 'other.example.')] });
      stub
        .on(ListTagsForResourcesCommand, { ResourceIds: [IDS.zone, OTHER_ZONE] })
        .rejects(awsError('NoSuchHostedZone', 404))
        .on(ListTagsForResourcesCommand, { ResourceIds: [OTHER_ZONE] })
        .rejects(awsError('NoSuchHostedZone', 404));
    });

    const batches = mock
      .commandCalls(ListTagsForResourcesCommand)
      .map((call) => call.args[0].input.ResourceIds);
    // The pair, four times (NotFound is waited out), then each alone: the deleted one four times.
    expect(batches.slice(0, 4)).toEqual(Array(4).fill([IDS.zone, OTHER_ZONE]));
    expect(batches.slice(4).sort()).toEqual([[IDS.zone], ...Array(4).fill([OTHER_ZONE])].sort());
    expect(ofType(resources, 'aws_route53_zone').map((resource) => resource.id)).toEqual([IDS.zone]);
  });

  it.each([
    ['tags', ListTagsForResourcesCommand, 'route53:ListTagsForResources'],
    ['records', ListResourceRecordSetsCommand, 'route53:ListResourceRecordSets'],
  ] as const)(
    'fails the sweep, naming the permission, when AWS denies the %s',
    async (_what, command, permission) => {
      const { client, mock } = route53Stub();
      arrange(mock);
      mock
        .on(command as typeof ListTagsForResourcesCommand)
        .rejects(awsError('AccessDenied', 403, 'User is not authorized to perform this action'));
      const caller = createCaller(createThrottle({ limits: FAST, sleep: recordingSleep().sleep }));
      const error = await readRoute53(client, caller).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CloudAccessError);
      expect(error).toMatchObject({ permission });
    },
  );

  it('reports progress as zones are read', async () => {
    const { progress } = await read((stub) => {
      arrange(stub, {
        zones: [zone, hostedZone(OTHER_ZONE, 'other.example.')],
        tagged: [IDS.zone, OTHER_ZONE],
      });
      stub
        .on(ListResourceRecordSetsCommand, { HostedZoneId: OTHER_ZONE })
        .resolves(ok({ ResourceRecordSets: [] }));
    });
    expect(progress).toEqual([
      { done: 1, total: 2, what: 'hosted zones' },
      { done: 2, total: 2, what: 'hosted zones' },
    ]);
  });
});

describe('records', () => {
  it('maps each record set but the apex NS and SOA', async () => {
    const { resources } = await read((stub) => arrange(stub));
    expect(ofType(resources, 'aws_route53_record').map((resource) => resource.id)).toEqual([
      `${IDS.zone}_acme.example_A`,
      `${IDS.zone}_acme.example_TXT`,
      `${IDS.zone}_acme.example_MX`,
      `${IDS.zone}_api.acme.example_CNAME_blue`,
      `${IDS.zone}_api.acme.example_CNAME_green`,
      `${IDS.zone}_dev.acme.example_NS`,
      `${IDS.zone}_mail._domainkey.acme.example_TXT`,
      `${IDS.zone}_www.acme.example_A`,
      `${IDS.zone}_*.acme.example_CNAME`,
    ]);
  });

  it.each([
    [
      'values sorted',
      `${IDS.zone}_www.acme.example_A`,
      {
        zone_id: IDS.zone,
        name: 'www.acme.example',
        type: 'A',
        ttl: 300,
        records: ['198.51.100.7', '203.0.113.9'],
      },
    ],
    [
      'an alias, without ttl or records',
      `${IDS.zone}_acme.example_A`,
      {
        zone_id: IDS.zone,
        name: 'acme.example',
        type: 'A',
        alias: {
          name: 'dualstack.acme-web-1234567890.us-east-2.elb.amazonaws.com',
          zone_id: 'Z3AADJGX6KTTL2',
          evaluate_target_health: true,
        },
      },
    ],
    [
      'TXT values unquoted',
      `${IDS.zone}_acme.example_TXT`,
      {
        zone_id: IDS.zone,
        name: 'acme.example',
        type: 'TXT',
        ttl: 300,
        records: ['google-site-verification=abc', 'v=spf1 include:_spf.google.com ~all'],
      },
    ],
    [
      'a long TXT value joined from its strings',
      `${IDS.zone}_mail._domainkey.acme.example_TXT`,
      {
        zone_id: IDS.zone,
        name: 'mail._domainkey.acme.example',
        type: 'TXT',
        ttl: 300,
        records: ['v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu5Oq9sE8kWzNLoYyU2p'],
      },
    ],
    [
      'a weighted set with its identifier',
      `${IDS.zone}_api.acme.example_CNAME_green`,
      {
        zone_id: IDS.zone,
        name: 'api.acme.example',
        type: 'CNAME',
        ttl: 60,
        records: ['green.acme.example'],
        set_identifier: 'green',
      },
    ],
    [
      'a wildcard decoded',
      `${IDS.zone}_*.acme.example_CNAME`,
      { zone_id: IDS.zone, name: '*.acme.example', type: 'CNAME', ttl: 300, records: ['www.acme.example'] },
    ],
  ])('%s', async (_what, id, attributes) => {
    const { resources } = await read((stub) => arrange(stub));
    expect(record(resources, id)).toStrictEqual({
      type: 'aws_route53_record',
      id,
      tags: {},
      attributes,
      exports: { id },
      scope: { zone: IDS.zone },
    });
  });

  it('pages by name, type and identifier, and a weighted name across the boundary comes out once each', async () => {
    const [first, second] = [ACME_RECORDS.slice(0, 6), ACME_RECORDS.slice(6)];
    const { resources, mock } = await read((stub) => {
      arrange(stub);
      stub
        .on(ListResourceRecordSetsCommand, { HostedZoneId: IDS.zone })
        .callsFake(async (input: ListResourceRecordSetsCommandInput) =>
          input.StartRecordName === undefined
            ? ok({
                ResourceRecordSets: first,
                IsTruncated: true,
                NextRecordName: 'api.acme.example.',
                NextRecordType: 'CNAME',
                NextRecordIdentifier: 'green',
                MaxItems: 6,
              })
            : ok({ ResourceRecordSets: second, IsTruncated: false, MaxItems: 6 }),
        );
    });

    expect(first.at(-1)?.SetIdentifier).toBe('blue');
    expect(mock.commandCalls(ListResourceRecordSetsCommand).map((call) => call.args[0].input)).toEqual([
      { HostedZoneId: IDS.zone, MaxItems: 300 },
      {
        HostedZoneId: IDS.zone,
        MaxItems: 300,
        StartRecordName: 'api.acme.example.',
        StartRecordType: 'CNAME',
        StartRecordIdentifier: 'green',
      },
    ]);
    const api = ofType(resources, 'aws_route53_record').filter(
      (resource) => resource.attributes.name === 'api.acme.example',
    );
    expect(api.map((resource) => resource.attributes.set_identifier)).toEqual(['blue', 'green']);
    expect(ofType(resources, 'aws_route53_record')).toHaveLength(9);
  });

  it('keeps a record once when a page repeats the one it starts from', async () => {
    const { resources } = await read((stub) => {
      arrange(stub);
      stub
        .on(ListResourceRecordSetsCommand, { HostedZoneId: IDS.zone })
        .resolvesOnce(
          ok({
            ResourceRecordSets: ACME_RECORDS.slice(0, 7),
            IsTruncated: true,
            NextRecordName: 'api.acme.example.',
            NextRecordType: 'CNAME',
            NextRecordIdentifier: 'green',
          }),
        )
        .resolvesOnce(ok({ ResourceRecordSets: ACME_RECORDS.slice(6), IsTruncated: false }));
    });
    expect(ofType(resources, 'aws_route53_record')).toHaveLength(9);
  });
});

describe('names and values', () => {
  it.each([
    ['acme.example.', 'acme.example'],
    ['WWW.Acme.Example.', 'www.acme.example'],
    ['\\052.acme.example.', '*.acme.example'],
    ['a\\100b.acme.example.', 'a@b.acme.example'],
    ['_dmarc.acme.example.', '_dmarc.acme.example'],
    ['acme.example', 'acme.example'],
  ])('%s is %s', (name, expected) => {
    expect(domainName(name)).toBe(expected);
  });

  it.each([
    ['"v=spf1 -all"', 'v=spf1 -all'],
    ['"abc" "def"', 'abcdef'],
    ['"say \\"hi\\""', 'say "hi"'],
    ['"back\\\\slash"', 'back\\slash'],
    ['unquoted', 'unquoted'],
  ])('TXT %s is %s', (value, expected) => {
    expect(unquote(value)).toBe(expected);
  });
});

describe('record sets of other shapes', () => {
  it.each([
    [
      'an SPF record, unquoted like TXT',
      { Name: 'acme.example.', Type: 'SPF', TTL: 300, ResourceRecords: [{ Value: '"v=spf1 -all"' }] },
      { zone_id: IDS.zone, name: 'acme.example', type: 'SPF', ttl: 300, records: ['v=spf1 -all'] },
    ],
    [
      'a CAA record, quotes kept: they are part of its value',
      { Name: 'acme.example.', Type: 'CAA', TTL: 300, ResourceRecords: [{ Value: '0 issue "amazon.com"' }] },
      { zone_id: IDS.zone, name: 'acme.example', type: 'CAA', ttl: 300, records: ['0 issue "amazon.com"'] },
    ],
    [
      'a record a traffic policy made: no values of its own',
      {
        Name: 'www.acme.example.',
        Type: 'A',
        TTL: 60,
        TrafficPolicyInstanceId: '12345678-abcd-1234-abcd-123456789012',
      },
      { zone_id: IDS.zone, name: 'www.acme.example', type: 'A', ttl: 60 },
    ],
  ] as const)('%s', (_what, set, attributes) => {
    expect(recordResource(set as ResourceRecordSet, IDS.zone, 'acme.example')?.attributes).toStrictEqual(
      attributes,
    );
  });

  it.each(['NS', 'SOA'])('leaves out the apex %s AWS made with the zone', (type) => {
    const set: ResourceRecordSet = {
      Name: 'acme.example.',
      Type: type as 'NS',
      TTL: 900,
      ResourceRecords: [],
    };
    expect(recordResource(set, IDS.zone, 'acme.example')).toBeUndefined();
  });
});
