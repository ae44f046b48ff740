import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyLocal,
  type LocalStore,
  localCloud,
  localCloudRoot,
  sequentialIds,
} from '../../../src/cloud/local/index.js';
import { OBSERVED_ATTRIBUTES } from '../../../src/cloud/observed-attributes.js';
import type { CloudResource } from '../../../src/cloud/types.js';
import { graphFromTerraform } from '../../../src/graph/index.js';
import { stackLookup } from '../../helpers/stacks.js';
import { tempStore, writeCloudFile } from './helpers.js';

let store: LocalStore;
let root: string;
let cleanup: () => void;
beforeEach(() => {
  ({ store, root, cleanup } = tempStore());
});
afterEach(() => cleanup());

/** A small hand-written cloud: one server with everything that hangs off it, and its DNS. */
const CONSOLE = [
  {
    type: 'aws_vpc',
    id: 'vpc-1',
    region: 'us-east-2',
    tags: { Name: 'net' },
    attributes: { cidr_block: '10.0.0.0/16', enable_dns_support: true },
  },
  {
    type: 'aws_subnet',
    id: 'subnet-1',
    attributes: {
      vpc_id: 'vpc-1',
      availability_zone: 'us-east-2a',
      cidr_block: '10.0.0.0/24',
      map_public_ip_on_launch: false,
    },
  },
  { type: 'aws_route_table', id: 'rtb-1', attributes: { vpc_id: 'vpc-1' } },
  {
    type: 'aws_route',
    id: 'r-1',
    attributes: { route_table_id: 'rtb-1', destination_cidr_block: '0.0.0.0/0', gateway_id: 'igw-1' },
  },
  {
    type: 'aws_route_table_association',
    id: 'rtbassoc-1',
    attributes: { route_table_id: 'rtb-1', subnet_id: 'subnet-1' },
  },
  {
    type: 'aws_security_group',
    id: 'sg-1',
    attributes: { vpc_id: 'vpc-1', name: 'web', description: 'web', revoke_rules_on_delete: true },
  },
  {
    type: 'aws_vpc_security_group_ingress_rule',
    id: 'sgr-1',
    attributes: {
      security_group_id: 'sg-1',
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      cidr_ipv4: '0.0.0.0/0',
    },
  },
  {
    type: 'aws_instance',
    id: 'i-1',
    region: 'us-east-2',
    tags: { Name: 'by hand' },
    attributes: {
      ami: 'ami-1',
      instance_type: 't3.small',
      subnet_id: 'subnet-1',
      vpc_security_group_ids: ['sg-2', 'sg-1'],
      user_data: 'sha256:00',
      credit_specification: { cpu_credits: 'standard' },
      root_block_device: { volume_size: 30, encrypted: true, tags: { Name: 'root' } },
    },
  },
  {
    type: 'aws_ebs_volume',
    id: 'vol-1',
    attributes: { availability_zone: 'us-east-2a', size: 100, type: 'gp3', final_snapshot: true },
  },
  {
    type: 'aws_volume_attachment',
    id: 'vai-1',
    attributes: {
      device_name: '/dev/sdf',
      instance_id: 'i-1',
      volume_id: 'vol-1',
      stop_instance_before_detaching: true,
    },
  },
  {
    type: 'aws_eip',
    id: 'eipalloc-1',
    attributes: { domain: 'vpc' },
    exports: { id: 'eipalloc-1', allocation_id: 'eipalloc-1', public_ip: '3.128.0.1' },
  },
  {
    type: 'aws_eip_association',
    id: 'eipassoc-1',
    attributes: { allocation_id: 'eipalloc-1', instance_id: 'i-1' },
  },
  {
    type: 'aws_ec2_instance_state',
    id: 'ec2_instance_state-1',
    attributes: { instance_id: 'i-1', state: 'running' },
  },
  {
    type: 'aws_route53_zone',
    id: 'Z1',
    attributes: { name: 'Example.COM.', comment: 'hand', force_destroy: false },
    exports: { zone_id: 'Z1', name_servers: ['ns-1.awsdns-01.com'] },
  },
  {
    type: 'aws_route53_record',
    id: 'Z1_www.example.com_A',
    attributes: {
      zone_id: 'Z1',
      name: 'WWW.Example.COM.',
      type: 'A',
      ttl: 300,
      records: ['3.128.0.2', '3.128.0.1'],
    },
  },
  { type: 'aws_s3_bucket', id: 'bucket-1', attributes: { bucket: 'bucket-1' } },
];

async function inventoryOf(resources: readonly object[] = CONSOLE): Promise<CloudResource[]> {
  await writeCloudFile(root, 'console.json', { resources });
  return (await localCloud(root).inventory()).resources;
}

function byId(resources: readonly CloudResource[], id: string): CloudResource | undefined {
  return resources.find((r) => r.id === id);
}

describe('localCloud inventory', () => {
  it.each([
    // id, attributes as the AWS readers shape them
    ['vpc-1', { cidr_block: '10.0.0.0/16' }],
    ['sg-1', { vpc_id: 'vpc-1', name: 'web', description: 'web' }],
    [
      'i-1',
      {
        ami: 'ami-1',
        instance_type: 't3.small',
        subnet_id: 'subnet-1',
        vpc_security_group_ids: ['sg-1', 'sg-2'],
        monitoring: false,
        root_block_device: { volume_size: 30, encrypted: true, tags: { Name: 'root' } },
      },
    ],
    ['vol-1', { availability_zone: 'us-east-2a', size: 100, type: 'gp3' }],
    ['vai-1', { device_name: '/dev/sdf', instance_id: 'i-1', volume_id: 'vol-1' }],
    ['Z1', { name: 'example.com', comment: 'hand' }],
    [
      'Z1_www.example.com_A',
      { zone_id: 'Z1', name: 'www.example.com', type: 'A', ttl: 300, records: ['3.128.0.1', '3.128.0.2'] },
    ],
  ])('projects %s onto the observed attributes', async (id, attributes) => {
    expect(byId(await inventoryOf(), id)?.attributes).toEqual(attributes);
  });

  it('keeps tags and region in their own fields, and only string exports (with the id)', async () => {
    const resources = await inventoryOf();
    expect(byId(resources, 'i-1')).toMatchObject({ region: 'us-east-2', tags: { Name: 'by hand' } });
    expect(byId(resources, 'Z1')).not.toHaveProperty('region');
    expect(byId(resources, 'Z1')?.exports).toEqual({ id: 'Z1', zone_id: 'Z1' });
    expect(byId(resources, 'eipalloc-1')?.exports).toEqual({
      id: 'eipalloc-1',
      allocation_id: 'eipalloc-1',
      public_ip: '3.128.0.1',
    });
  });

  it('leaves out what the AWS observer does not read', async () => {
    expect(byId(await inventoryOf(), 'bucket-1')).toBeUndefined();
  });

  it.each([
    ['vpc-1', { vpc: 'vpc-1' }],
    ['subnet-1', { vpc: 'vpc-1' }],
    ['sg-1', { vpc: 'vpc-1' }],
    ['sgr-1', { securityGroup: 'sg-1' }],
    ['i-1', { vpc: 'vpc-1', instance: 'i-1' }],
    ['vai-1', { instance: 'i-1' }],
    ['eipassoc-1', { instance: 'i-1' }],
    ['eipalloc-1', { instance: 'i-1' }],
    ['vol-1', { instance: 'i-1' }],
    ['ec2_instance_state-1', { instance: 'i-1' }],
    ['r-1', { vpc: 'vpc-1' }],
    ['rtbassoc-1', { vpc: 'vpc-1' }],
    ['Z1', { zone: 'Z1' }],
    ['Z1_www.example.com_A', { zone: 'Z1' }],
  ])('scopes %s by what contains it', async (id, scope) => {
    expect(byId(await inventoryOf(), id)?.scope).toEqual(scope);
  });

  it.each([
    // removed by hand, what vanishes along with it
    ['i-1', ['vai-1', 'eipassoc-1', 'ec2_instance_state-1']],
    ['eipalloc-1', ['eipassoc-1']],
    ['vol-1', ['vai-1']],
    ['sg-1', ['sgr-1']],
    ['Z1', ['Z1_www.example.com_A']],
    ['subnet-1', ['rtbassoc-1', 'i-1', 'vai-1', 'eipassoc-1', 'ec2_instance_state-1']],
    ['rtb-1', ['r-1', 'rtbassoc-1']],
  ])('drops what cannot outlive %s', async (removed, vanished) => {
    const all = (await inventoryOf()).map((r) => r.id);
    const left = (await inventoryOf(CONSOLE.filter((r) => r.id !== removed))).map((r) => r.id);
    expect(left).toEqual(all.filter((id) => id !== removed && !vanished.includes(id)));
  });

  it('reads only the .json files, makes no API calls, and finds nothing where there is no local cloud', async () => {
    expect(await localCloud(join(root, 'nowhere')).inventory()).toEqual({
      resources: [],
      calls: {},
    });
    await writeCloudFile(root, 'a.json', { resources: CONSOLE.slice(0, 2) });
    await writeCloudFile(root, 'b.json', { resources: CONSOLE.slice(2, 3) });
    await writeCloudFile(root, 'notes.txt', 'not part of the cloud');
    const progress: unknown[] = [];
    const inventory = await localCloud(root).inventory({ onProgress: (p) => progress.push(p) });
    expect(inventory.calls).toEqual({});
    expect(inventory.resources.map((r) => r.id)).toEqual(['vpc-1', 'subnet-1', 'rtb-1']);
    expect(progress).toEqual([{ done: 2, total: 2, what: 'local cloud files' }]);
  });

  it('sees an applied stack as the AWS observer would', async () => {
    const stack = await stackLookup();
    const graph = graphFromTerraform(stack('acme-corp').json);
    await applyLocal(store, 'acme-corp', graph, { ids: sequentialIds() });
    const resources = (await localCloud(root).inventory()).resources;

    const observed = [...graph.resources.values()].filter((r) => OBSERVED_ATTRIBUTES[r.type] !== undefined);
    expect(resources).toHaveLength(observed.length);
    for (const resource of resources) {
      const allowed = OBSERVED_ATTRIBUTES[resource.type]?.filter((a) => a !== 'tags') ?? [];
      expect(Object.keys(resource.attributes).filter((a) => !allowed.includes(a))).toEqual([]);
    }
    const server = resources.find((r) => r.type === 'aws_instance');
    expect(server?.attributes).not.toHaveProperty('user_data');
    expect(server?.tags['neo:resource']).toBe('aws_instance.server');
    const subnet = resources.find((r) => r.id === server?.attributes.subnet_id);
    expect(server?.scope).toEqual({ vpc: subnet?.attributes.vpc_id, instance: server?.id });
  });

  it('lives under terraform-state/local of the repository', () => {
    expect(localCloudRoot('/repo')).toBe(join('/repo', 'terraform-state/local'));
  });
});

describe('malformed files', () => {
  it.each([
    ['{ "resources": [', 'not valid JSON'],
    ['{}', '"resources" must be a list'],
    ['{ "resources": [ 42 ] }', 'resources[0] must be an object'],
    ['{ "resources": [ { "id": "i-1" } ] }', 'resources[0] needs a "type"'],
    [
      '{ "resources": [ { "type": "aws_vpc", "id": "vpc-1" }, { "type": "aws_vpc" } ] }',
      'resources[1] needs an "id"',
    ],
    [
      '{ "resources": [ { "type": "aws_vpc", "id": "vpc-1", "tags": { "n": 1 } } ] }',
      '"tags" must map names to strings',
    ],
    [
      '{ "resources": [ { "type": "aws_vpc", "id": "vpc-1", "attributes": [] } ] }',
      '"attributes" must be an object',
    ],
  ])('a cloud file %s is refused, naming the file and the fix', async (content, problem) => {
    await writeCloudFile(root, 'console.json', content);
    const reading = localCloud(root).inventory();
    await expect(reading).rejects.toThrow(join(root, 'cloud', 'console.json'));
    await expect(reading).rejects.toThrow(problem);
    await expect(reading).rejects.toThrow(/expected \{ "resources": \[/);
  });

  it.each([
    ['[]', '"customer" must be a string'],
    ['{ "customer": "acme-corp" }', '"resources" must be an object'],
    [
      '{ "customer": "acme-corp", "resources": { "aws_vpc.main": { "id": 1 } } }',
      'resource "aws_vpc.main" needs',
    ],
  ])('a state file %s is refused, naming the file and the fix', async (content, problem) => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(root, 'state'), { recursive: true });
    writeFileSync(join(root, 'state', 'acme-corp.json'), content);
    const applying = applyLocal(store, 'acme-corp', { region: undefined, resources: new Map() });
    await expect(applying).rejects.toThrow(join(root, 'state', 'acme-corp.json'));
    await expect(applying).rejects.toThrow(problem);
  });
});
