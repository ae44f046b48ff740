// Resources whose neo tags someone edited are found by the ids the ledger recorded for them.
import { describe, expect, it } from 'vitest';
import { readEc2Region } from '../../../src/cloud/aws/ec2.js';
import type { RecordedIds } from '../../../src/cloud/aws/ec2-recorded.js';
import { readRoute53 } from '../../../src/cloud/aws/route53.js';
import type { CloudResource } from '../../../src/cloud/types.js';
import type { AwsAccount, Ec2Region } from '../../helpers/aws-account.js';
import { mockAccount } from '../../helpers/aws-mock.js';
import { BLUEFIN, FIXTURE_REGION, fixtureAccount } from './fixture-account.js';
import { fastCaller } from './responses.js';

type Tagged = { Tags?: { Key?: string; Value?: string }[] | undefined };

/** A person in the console removing every tag but `Name`. */
function untag(item: Tagged | undefined): void {
  if (item === undefined) throw new Error('nothing to untag');
  item.Tags = (item.Tags ?? []).filter((tag) => tag.Key === 'Name');
}

function region(account: AwsAccount): Ec2Region {
  return account.regions.get(FIXTURE_REGION) as Ec2Region;
}

async function readEc2(account: AwsAccount, recorded: RecordedIds = new Map()) {
  const aws = mockAccount(account);
  const resources = await readEc2Region(FIXTURE_REGION, aws.ec2(FIXTURE_REGION), fastCaller(), recorded);
  return { resources, calls: aws.calls };
}

const has = (resources: CloudResource[], type: string, id: string) =>
  resources.some((resource) => resource.type === type && resource.id === id);

const SUBNET = 'subnet-06f1b9d4e2a8c3507';
const GATEWAY = 'igw-0e6b3d9a1f7c28450';
const ROUTE_TABLE = 'rtb-01f7c3e9b5a2d8460';

const UNTAGGED: Array<[string, string, (r: Ec2Region) => Tagged | undefined, string]> = [
  ['aws_subnet', SUBNET, (r) => r.subnets.find((x) => x.SubnetId === SUBNET), 'ec2:DescribeSubnets'],
  [
    'aws_internet_gateway',
    GATEWAY,
    (r) => r.internetGateways.find((x) => x.InternetGatewayId === GATEWAY),
    'ec2:DescribeInternetGateways',
  ],
  [
    'aws_route_table',
    ROUTE_TABLE,
    (r) => r.routeTables.find((x) => x.RouteTableId === ROUTE_TABLE),
    'ec2:DescribeRouteTables',
  ],
  [
    'aws_ebs_volume',
    BLUEFIN.dataVolume,
    (r) => r.volumes.find((x) => x.VolumeId === BLUEFIN.dataVolume),
    'ec2:DescribeVolumes',
  ],
  [
    'aws_eip',
    BLUEFIN.serverEip,
    (r) => r.addresses.find((x) => x.AllocationId === BLUEFIN.serverEip),
    'ec2:DescribeAddresses',
  ],
];

describe('a resource stripped of its tags', () => {
  it.each(UNTAGGED)(
    '%s %s is read by its recorded id, in one more call',
    async (type, id, find, operation) => {
      const account = fixtureAccount();
      untag(find(region(account)));
      const lost = await readEc2(account);
      expect(has(lost.resources, type, id)).toBe(false);

      const found = await readEc2(account, new Map([[type, new Set([id])]]));
      expect(has(found.resources, type, id)).toBe(true);
      expect(found.calls[operation]).toBe((lost.calls[operation] ?? 0) + 1);
      expect(found.calls.ec2).toBe((lost.calls.ec2 ?? 0) + 1);
    },
  );

  it('costs nothing more when the recorded ids were all listed by their tags', async () => {
    const recorded: RecordedIds = new Map(
      UNTAGGED.map(([type, id]) => [type, new Set([id])] as const).concat([
        ['aws_vpc', new Set([BLUEFIN.vpc])],
        ['aws_instance', new Set([BLUEFIN.server])],
      ]),
    );
    const plain = await readEc2(fixtureAccount());
    const withRecord = await readEc2(fixtureAccount(), recorded);
    expect(withRecord.calls).toEqual(plain.calls);
    expect(withRecord.resources).toEqual(plain.resources);
  });

  it('a VPC is read by id, and brings its gateways, groups and instances along', async () => {
    const account = fixtureAccount();
    const vpc = region(account).vpcs.find((x) => x.VpcId === BLUEFIN.vpc);
    untag(vpc);
    const server = region(account).instances.find((x) => x.InstanceId === BLUEFIN.server);
    untag(server);
    const lost = await readEc2(account);
    expect(has(lost.resources, 'aws_vpc', BLUEFIN.vpc)).toBe(false);
    expect(has(lost.resources, 'aws_nat_gateway', BLUEFIN.nat)).toBe(false);
    expect(has(lost.resources, 'aws_instance', BLUEFIN.server)).toBe(false);

    const { resources } = await readEc2(account, new Map([['aws_vpc', new Set([BLUEFIN.vpc])]]));
    expect(has(resources, 'aws_vpc', BLUEFIN.vpc)).toBe(true);
    expect(has(resources, 'aws_nat_gateway', BLUEFIN.nat)).toBe(true);
    expect(has(resources, 'aws_security_group', 'sg-07d1a5e9c3f2b8460')).toBe(true);
    expect(has(resources, 'aws_instance', BLUEFIN.server)).toBe(true);
  });

  it("an untagged instance outside the customer's VPCs is still read when recorded", async () => {
    const account = fixtureAccount();
    const server = region(account).instances.find((x) => x.InstanceId === BLUEFIN.server);
    untag(server);
    if (server) server.VpcId = BLUEFIN.defaultVpc;
    expect(has((await readEc2(account)).resources, 'aws_instance', BLUEFIN.server)).toBe(false);
    const { resources } = await readEc2(account, new Map([['aws_instance', new Set([BLUEFIN.server])]]));
    expect(has(resources, 'aws_instance', BLUEFIN.server)).toBe(true);
  });

  it('in a region without a customer VPC, volumes and addresses are still read by id', async () => {
    const account = fixtureAccount();
    const r = region(account);
    r.vpcs = r.vpcs.filter((x) => x.VpcId !== BLUEFIN.vpc);
    untag(r.volumes.find((x) => x.VolumeId === BLUEFIN.dataVolume));
    untag(r.addresses.find((x) => x.AllocationId === BLUEFIN.serverEip));
    const recorded: RecordedIds = new Map([
      ['aws_ebs_volume', new Set<string>([BLUEFIN.dataVolume])],
      ['aws_eip', new Set([BLUEFIN.serverEip])],
    ]);
    const { resources } = await readEc2(account, recorded);
    expect(has(resources, 'aws_ebs_volume', BLUEFIN.dataVolume)).toBe(true);
    expect(has(resources, 'aws_eip', BLUEFIN.serverEip)).toBe(true);
  });

  it('a recorded id AWS no longer has reads as nothing, not as an error', async () => {
    const { resources } = await readEc2(
      fixtureAccount(),
      new Map([['aws_subnet', new Set(['subnet-0ffffffffffffffff'])]]),
    );
    expect(has(resources, 'aws_subnet', 'subnet-0ffffffffffffffff')).toBe(false);
  });
});

describe('a hosted zone stripped of its tags', () => {
  it('is read when recorded, with its records', async () => {
    const account = fixtureAccount();
    const zone = account.zones.find((z) => z.zone.Id === `/hostedzone/${BLUEFIN.zone}`);
    if (zone) zone.tags = [];
    const read = (recorded?: ReadonlyMap<string, ReadonlySet<string>>) => {
      const aws = mockAccount(account);
      return readRoute53(aws.route53, fastCaller(), {}, recorded);
    };
    expect(await read()).toEqual([]);
    const resources = await read(new Map([['aws_route53_zone', new Set([BLUEFIN.zone])]]));
    expect(has(resources, 'aws_route53_zone', BLUEFIN.zone)).toBe(true);
    expect(resources.filter((r) => r.type === 'aws_route53_record')).toHaveLength(8);
  });
});
