// The observers against AWS's own answers (test/fixtures/aws/), served by the mocked account
// with AWS's filtering and paging: what real AWS returns beside what neo made.
import type { Volume, VolumeAttachmentState } from '@aws-sdk/client-ec2';
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { describe, expect, it } from 'vitest';
import { readEc2Region } from '../../../src/cloud/aws/ec2.js';
import { readRoute53 } from '../../../src/cloud/aws/route53.js';
import type { CloudResource } from '../../../src/cloud/types.js';
import type { AwsAccount } from '../../helpers/aws-account.js';
import { mockAccount } from '../../helpers/aws-mock.js';
import {
  BLUEFIN,
  FIXTURE_REGION,
  fixtureAccount,
  smallEc2Pages,
  smallRoute53Pages,
} from './fixture-account.js';
import { fastCaller } from './responses.js';

interface Reading {
  resources: CloudResource[];
  calls: Record<string, number>;
}

async function readEc2(account: AwsAccount, pageSize?: number): Promise<Reading> {
  const aws = mockAccount(account);
  const client = aws.ec2(FIXTURE_REGION);
  const paged = pageSize === undefined ? client : smallEc2Pages(client, pageSize);
  const resources = await readEc2Region(FIXTURE_REGION, paged, fastCaller());
  return { resources, calls: aws.calls };
}

async function readZones(account: AwsAccount, pageSize?: number): Promise<Reading> {
  const aws = mockAccount(account);
  const client = pageSize === undefined ? aws.route53 : smallRoute53Pages(aws.route53, pageSize);
  const resources = await readRoute53(client, fastCaller());
  return { resources, calls: aws.calls };
}

function region(account: AwsAccount) {
  const found = account.regions.get(FIXTURE_REGION);
  if (found === undefined) throw new Error(`the fixtures hold no ${FIXTURE_REGION}`);
  return found;
}

function volume(account: AwsAccount, id: string): Volume {
  const found = region(account).volumes.find((candidate) => candidate.VolumeId === id);
  if (found === undefined) throw new Error(`the fixtures hold no ${id}`);
  return found;
}

const ids = (resources: CloudResource[], type: string) =>
  resources.filter((resource) => resource.type === type).map((resource) => resource.id);

describe('a server terminated and replaced, still listed for an hour', () => {
  it('is not a server: no instance, no power state, nothing scoped to it', async () => {
    const { resources } = await readEc2(fixtureAccount());
    expect(ids(resources, 'aws_instance')).toEqual([BLUEFIN.server]);
    expect(ids(resources, 'aws_ec2_instance_state')).toEqual([BLUEFIN.server]);
    const mentions = resources.filter((resource) =>
      JSON.stringify(resource).includes(BLUEFIN.replacedServer),
    );
    expect(mentions).toEqual([]);
  });

  it('changes nothing in what is observed, though it carries the tags of the live server', async () => {
    const account = fixtureAccount();
    const replaced = region(account).instances.find((i) => i.InstanceId === BLUEFIN.replacedServer);
    const server = region(account).instances.find((i) => i.InstanceId === BLUEFIN.server);
    expect(replaced?.State?.Name).toBe('terminated');
    expect(replaced?.Tags).toEqual(server?.Tags);

    const without = fixtureAccount();
    region(without).instances = region(without).instances.filter(
      (i) => i.InstanceId !== BLUEFIN.replacedServer,
    );
    expect((await readEc2(account)).resources).toEqual((await readEc2(without)).resources);
  });
});

describe('volumes on their way in or out', () => {
  // An attachment counts from `attaching` until `detaching`: the one being detached is already
  // gone for the spec, and `busy` (a detach held up by the instance) is on its way out too.
  it.each([
    ['attached', true],
    ['attaching', true],
    ['detaching', false],
    ['busy', false],
    ['detached', false],
  ] as const)('a data volume %s is attached: %s', async (state, attached) => {
    const account = fixtureAccount();
    const data = volume(account, BLUEFIN.dataVolume);
    data.Attachments = (data.Attachments ?? []).map((attachment) => ({
      ...attachment,
      State: state as VolumeAttachmentState,
    }));
    const { resources } = await readEc2(account);
    const attachmentId = `vai-${BLUEFIN.dataVolume}-${BLUEFIN.server}`;
    expect(ids(resources, 'aws_volume_attachment').includes(attachmentId)).toBe(attached);
    const observed = resources.find((r) => r.type === 'aws_ebs_volume' && r.id === BLUEFIN.dataVolume);
    expect(observed?.scope).toEqual(attached ? { instance: BLUEFIN.server } : {});
  });

  it('reads the volumes AWS answered mid-way as the rule says, device and all', async () => {
    const { resources } = await readEc2(fixtureAccount());
    const attachments = resources.filter((r) => r.type === 'aws_volume_attachment');
    expect(attachments.map((a) => a.attributes)).toEqual([
      { device_name: '/dev/sdf', instance_id: BLUEFIN.server, volume_id: BLUEFIN.dataVolume },
      { device_name: '/dev/sdg', instance_id: BLUEFIN.server, volume_id: BLUEFIN.attachingVolume },
    ]);
    // The volume being detached is still the customer's volume, in no instance's scope.
    expect(ids(resources, 'aws_ebs_volume')).toEqual([
      BLUEFIN.dataVolume,
      BLUEFIN.attachingVolume,
      BLUEFIN.detachingVolume,
    ]);
  });
});

describe('what AWS adds to a server and its network', () => {
  it('leaves out public names, interfaces and private addresses: Terraform does not set them', async () => {
    const { resources } = await readEc2(fixtureAccount());
    const server = resources.find((r) => r.type === 'aws_instance' && r.id === BLUEFIN.server);
    expect(Object.keys(server?.attributes ?? {}).sort()).toEqual([
      'ami',
      'iam_instance_profile',
      'instance_type',
      'key_name',
      'metadata_options',
      'monitoring',
      'root_block_device',
      'subnet_id',
      'tags',
      'vpc_security_group_ids',
    ]);
    expect(JSON.stringify(resources)).not.toMatch(/eni-|compute\.amazonaws\.com|compute\.internal/);
  });

  it("associates the server's Elastic IP, not the NAT gateway's (that one has no instance)", async () => {
    const { resources } = await readEc2(fixtureAccount());
    expect(ids(resources, 'aws_eip')).toEqual([BLUEFIN.serverEip, BLUEFIN.natEip]);
    expect(ids(resources, 'aws_eip_association')).toEqual([BLUEFIN.serverEipAssociation]);
  });

  it("reads none of the account's own: the default VPC, its bastion, main route tables, deleted NAT gateways", async () => {
    const { resources } = await readEc2(fixtureAccount());
    const text = JSON.stringify(resources);
    for (const id of [BLUEFIN.defaultVpc, BLUEFIN.bastion, BLUEFIN.bastionRoot, BLUEFIN.mainRouteTable]) {
      expect(text).not.toContain(id);
    }
    expect(ids(resources, 'aws_nat_gateway')).toEqual([BLUEFIN.nat]);
  });

  it.each([1, 2])('reads the same in pages of %i as in one answer', async (size) => {
    const whole = await readEc2(fixtureAccount());
    const paged = await readEc2(fixtureAccount(), size);
    expect(paged.resources).toEqual(whole.resources);
    expect(paged.calls['ec2:DescribeVolumes']).toBeGreaterThan(whole.calls['ec2:DescribeVolumes'] ?? 0);
  });
});

describe('Route53 as it answers', () => {
  it("reads alias records beside plain ones, in neo's public zones only", async () => {
    const { resources } = await readZones(fixtureAccount());
    expect(ids(resources, 'aws_route53_zone')).toEqual([BLUEFIN.zone]);
    const records = resources.filter((r) => r.type === 'aws_route53_record');
    expect(records.map((r) => `${r.attributes.name} ${r.attributes.type}`)).toEqual([
      'bluefin.example A',
      'bluefin.example MX',
      'bluefin.example TXT',
      // Route53 answers `\052` for the wildcard, as for every character outside a-z0-9-_.
      '*.bluefin.example CNAME',
      '_dmarc.bluefin.example TXT',
      'mail.bluefin.example A',
      'shop.bluefin.example A',
      'www.bluefin.example A',
    ]);
    expect(records.find((r) => r.attributes.name === 'shop.bluefin.example')?.attributes).toStrictEqual({
      zone_id: BLUEFIN.zone,
      name: 'shop.bluefin.example',
      type: 'A',
      alias: {
        name: 'dualstack.bluefin-shop-1820461937.us-east-2.elb.amazonaws.com',
        zone_id: 'Z3AADJGX6KTTL2',
        evaluate_target_health: true,
      },
    });
    expect(records.find((r) => r.attributes.name === 'www.bluefin.example')?.attributes.alias).toStrictEqual({
      name: 'bluefin.example',
      zone_id: BLUEFIN.zone,
      evaluate_target_health: false,
    });
    expect(records.find((r) => r.attributes.name === 'bluefin.example')?.attributes).toStrictEqual({
      zone_id: BLUEFIN.zone,
      name: 'bluefin.example',
      type: 'A',
      ttl: 300,
      records: ['3.141.59.26'],
    });
  });

  it('pages zones and records, MaxItems coming back as the string AWS writes', async () => {
    const aws = mockAccount(fixtureAccount());
    const page = await aws.route53.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: BLUEFIN.zone, MaxItems: 2 }),
    );
    expect(page.MaxItems).toBe('2');
    expect(page.IsTruncated).toBe(true);

    const whole = await readZones(fixtureAccount());
    const paged = await readZones(fixtureAccount(), 2);
    expect(paged.resources).toEqual(whole.resources);
    // Three zones two at a time; ten record sets two at a time.
    expect(paged.calls['route53:ListHostedZones']).toBe(2);
    expect(paged.calls['route53:ListResourceRecordSets']).toBe(5);
  });
});
