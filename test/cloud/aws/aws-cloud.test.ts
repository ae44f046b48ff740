import { DescribeInstancesCommand, DescribeVpcsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import {
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  ListTagsForResourcesCommand,
} from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { awsCloud, CloudAccessError, defaultAwsClients } from '../../../src/cloud/aws/index.js';
import { OBSERVED_ATTRIBUTES } from '../../../src/cloud/observed-attributes.js';
import type { AttributeValue } from '../../../src/graph/index.js';
import {
  ACME,
  apexRecords,
  awsError,
  dataVolume,
  type Ec2Mock,
  ec2Stub,
  FAST,
  IDS,
  neoTags,
  ok,
  REGION,
  recordingSleep,
  route53Stub,
  zone,
} from './responses.js';

const ORPHAN_REGION = 'eu-west-1';

/** acme in us-east-2 with its zone, and a volume left behind in eu-west-1. */
function account() {
  const east = ec2Stub(ACME);
  const west = ec2Stub(
    { volumes: [{ ...dataVolume, AvailabilityZone: 'eu-west-1a', Attachments: [] }] },
    ORPHAN_REGION,
  );
  const route53 = route53Stub();
  route53.mock.on(ListHostedZonesCommand).resolves(ok({ HostedZones: [zone], IsTruncated: false }));
  route53.mock.on(ListTagsForResourcesCommand).resolves(
    ok({
      ResourceTagSets: [
        { ResourceType: 'hostedzone', ResourceId: IDS.zone, Tags: neoTags('aws_route53_zone.main') },
      ],
    }),
  );
  route53.mock.on(ListResourceRecordSetsCommand).resolves(
    ok({
      ResourceRecordSets: [
        ...apexRecords('acme.example.'),
        { Name: 'www.acme.example.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '3.14.15.92' }] },
      ],
      IsTruncated: false,
    }),
  );
  const mocks: Record<string, Ec2Mock> = { [REGION]: east.mock, [ORPHAN_REGION]: west.mock };
  const clients: Record<string, EC2Client> = { [REGION]: east.client, [ORPHAN_REGION]: west.client };
  const { sleep, delays } = recordingSleep();
  const cloud = awsCloud({
    regions: [REGION, ORPHAN_REGION],
    ec2: (region) => clients[region] ?? east.client,
    route53: route53.client,
    sleep,
    limits: FAST,
  });
  return { cloud, mocks, route53: route53.mock, delays };
}

function walk(value: AttributeValue, visit: (leaf: AttributeValue) => void): void {
  visit(value);
  if (Array.isArray(value)) for (const item of value) walk(item, visit);
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) walk(item, visit);
}

describe('awsCloud', () => {
  it('reads every region and Route53, counting the calls sent', async () => {
    const { cloud, mocks, route53 } = account();
    const inventory = await cloud.inventory();

    expect(cloud.name).toBe('aws');
    const regions = new Set(inventory.resources.map((resource) => resource.region));
    expect(regions).toEqual(new Set([REGION, ORPHAN_REGION, undefined]));
    expect(inventory.calls).toEqual({
      ec2: (mocks[REGION]?.calls().length ?? 0) + (mocks[ORPHAN_REGION]?.calls().length ?? 0),
      route53: route53.calls().length,
    });
    expect(inventory.calls).toEqual({ ec2: 13, route53: 3 });
  });

  it('holds only observed attributes, for every observed type, with AWS value types', async () => {
    const { resources } = await account().cloud.inventory();

    expect(new Set(resources.map((resource) => resource.type))).toEqual(
      new Set(Object.keys(OBSERVED_ATTRIBUTES)),
    );
    for (const resource of resources) {
      const allowed = OBSERVED_ATTRIBUTES[resource.type] ?? [];
      expect(
        Object.keys(resource.attributes).filter((name) => !allowed.includes(name)),
        resource.type,
      ).toEqual([]);
      walk(resource.attributes, (leaf) =>
        expect(leaf, `${resource.type} ${resource.id}`).not.toBeUndefined(),
      );
      walk(resource.attributes, (leaf) => expect(leaf, `${resource.type} ${resource.id}`).not.toBeNull());
      expect(resource.exports.id).toBe(resource.id);
      expect(resource.region === undefined).toBe(resource.type.startsWith('aws_route53_'));
    }
    const subnet = resources.find((resource) => resource.type === 'aws_subnet');
    expect(typeof subnet?.attributes.map_public_ip_on_launch).toBe('boolean');
    const volume = resources.find((resource) => resource.type === 'aws_ebs_volume');
    expect(typeof volume?.attributes.size).toBe('number');
  });

  it('counts retries, and each sweep counts its own', async () => {
    const { cloud, mocks, delays } = account();
    mocks[REGION]
      ?.on(DescribeVpcsCommand)
      .rejectsOnce(awsError('RequestLimitExceeded', 503, 'Request limit exceeded.'))
      .resolves(ok({ Vpcs: ACME.vpcs }));

    const first = await cloud.inventory();
    const second = await cloud.inventory();

    expect(first.calls.ec2).toBe(14);
    expect(delays).toHaveLength(1);
    expect(second.calls.ec2).toBe(13);
    expect(second.resources).toHaveLength(first.resources.length);
  });

  it('fails at once, naming the permission, when AWS denies a listing', async () => {
    const { cloud, mocks, delays } = account();
    mocks[REGION]
      ?.on(DescribeInstancesCommand)
      .rejects(awsError('UnauthorizedOperation', 403, 'You are not authorized to perform this operation.'));

    const error = await cloud.inventory().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CloudAccessError);
    expect(error).toMatchObject({ permission: 'ec2:DescribeInstances' });
    expect(mocks[REGION]?.commandCalls(DescribeInstancesCommand)).toHaveLength(1);
    expect(delays).toEqual([]);
  });
});

describe('defaultAwsClients', () => {
  it('makes one EC2 client per region, on first use, that does not retry on its own', async () => {
    const clients = defaultAwsClients({ regions: [REGION, ORPHAN_REGION] });
    const east = clients.ec2(REGION);

    expect(clients.ec2(REGION)).toBe(east);
    expect(clients.ec2(ORPHAN_REGION)).not.toBe(east);
    expect(await east.config.region()).toBe(REGION);
    expect(await east.config.maxAttempts()).toBe(1);
    expect(await clients.route53.config.maxAttempts()).toBe(1);
    expect(await clients.route53.config.region()).toBe(REGION);
  });

  it('points both services at an emulator when asked', async () => {
    const clients = defaultAwsClients({ regions: [REGION], endpoint: 'http://localhost:4566' });
    for (const client of [clients.ec2(REGION), clients.route53]) {
      expect(await client.config.endpoint?.()).toMatchObject({
        hostname: 'localhost',
        port: 4566,
        protocol: 'http:',
      });
    }
  });

  it('keeps no state between calls', () => {
    const first = defaultAwsClients({ regions: [REGION] });
    const second = defaultAwsClients({ regions: [REGION] });
    expect(second.ec2(REGION)).not.toBe(first.ec2(REGION));
  });
});
