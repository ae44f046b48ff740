import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyLocal,
  destroyLocal,
  type IdGenerator,
  LocalStore,
  planLocal,
  type StoredResource,
  sequentialIds,
} from '../../../src/cloud/local/index.js';
import { countActions } from '../../../src/diff/index.js';
import { graphFromTerraform, type ResourceGraph } from '../../../src/graph/index.js';
import { EXAMPLE_CUSTOMERS } from '../../helpers/repository.js';
import { stackLookup } from '../../helpers/stacks.js';
import { cloudFile, editCloudFile, snapshot, tempStore, withAttributes, writeCloudFile } from './helpers.js';

const stack = await stackLookup();

const graphOf = (customer: string): ResourceGraph => graphFromTerraform(stack(customer).json);

let store: LocalStore;
let root: string;
let cleanup: () => void;
/** Predictable ids, one counter per test, so a test can tell old ids from new ones. */
let ids: IdGenerator;
beforeEach(() => {
  ({ store, root, cleanup } = tempStore());
  ids = sequentialIds();
});
afterEach(() => cleanup());

// A store per call, as each neo run has its own: hand edits happen between runs.
const apply = (graph: ResourceGraph, customer = 'acme-corp') =>
  applyLocal(new LocalStore(root), customer, graph, { ids });

function stateIds(customer = 'acme-corp'): Record<string, string> {
  const state = JSON.parse(readFileSync(join(root, 'state', `${customer}.json`), 'utf8'));
  return Object.fromEntries(Object.entries(state.resources).map(([a, e]) => [a, (e as { id: string }).id]));
}

/**
 * The cloud's resource of `address`'s type with that id, by default the state's current one (an
 * instance's state shares the instance's id: the type tells them apart).
 */
function resourceAt(
  address: string,
  id: string | undefined = stateIds()[address],
  file = 'acme-corp.json',
): StoredResource | undefined {
  const type = address.slice(0, address.indexOf('.'));
  return cloudFile(root, file).resources.find((r) => r.type === type && r.id === id);
}

/** Every file's text, or only the cloud's (the state keeps references as tokens, on purpose). */
function allText(only: 'cloud/' | '' = ''): string {
  return [...snapshot(root)]
    .filter(([path]) => path.startsWith(only))
    .map(([, text]) => text)
    .join('\n');
}

describe('applyLocal on a fresh cloud', () => {
  it.each(EXAMPLE_CUSTOMERS)(
    'creates every resource of %s with an id and resolves every reference',
    async (customer) => {
      const graph = graphOf(customer);
      const changes = await apply(graph, customer);

      expect(countActions(changes).create).toBe(graph.resources.size);
      expect(Object.keys(stateIds(customer)).sort()).toEqual([...graph.resources.keys()].sort());
      const resources = cloudFile(root, `${customer}.json`).resources;
      expect(resources).toHaveLength(graph.resources.size);
      expect(new Set(resources.map((r) => `${r.type} ${r.id}`)).size).toBe(resources.length);
      // Only policy variables like `${aws:InstanceId}` may remain; `${aws_…}` are references.
      expect(allText('cloud/')).not.toMatch(/\$\{aws_/);
    },
  );

  it.each(EXAMPLE_CUSTOMERS.filter((c) => stack(c).has('aws_instance.server')))(
    'never writes the boot script of %s in clear',
    async (customer) => {
      const graph = graphOf(customer);
      await apply(graph, customer);
      const script = graph.resources.get('aws_instance.server')?.attributes.user_data as string;
      const text = allText();
      // Files are JSON, where the script's lines would appear escaped.
      const lines = script.split('\n').filter((l) => l.length > 20);
      for (const line of lines) expect(text).not.toContain(JSON.stringify(line).slice(1, -1));
      const instance = resourceAt(
        'aws_instance.server',
        stateIds(customer)['aws_instance.server'],
        `${customer}.json`,
      );
      expect(instance?.attributes.user_data).toMatch(/^sha256:[0-9a-f]{64}$/);
    },
  );

  it('lays out the cloud file for people: sorted by type then id, two-space JSON, tags apart', async () => {
    await apply(graphOf('acme-corp'));
    const text = readFileSync(join(root, 'cloud', 'acme-corp.json'), 'utf8');
    const resources = JSON.parse(text).resources as StoredResource[];
    const order = resources.map((r) => [r.type, r.id]);
    expect(order).toEqual([...order].sort((a, b) => (`${a[0]} ${a[1]}` < `${b[0]} ${b[1]}` ? -1 : 1)));
    expect(text).toBe(`${JSON.stringify({ resources }, null, 2)}\n`);
    const vpc = resources.find((r) => r.type === 'aws_vpc');
    expect(vpc).toMatchObject({
      region: 'us-east-2',
      tags: { 'neo:customer': 'acme-corp', Name: 'acme-corp' },
    });
    expect(vpc?.attributes).not.toHaveProperty('tags');
  });

  it('connects resources through the ids and computed values it made', async () => {
    await apply(graphOf('acme-corp'));
    const id = stateIds();
    const server = resourceAt('aws_instance.server');
    const eip = resourceAt('aws_eip.server');
    const zone = resourceAt('aws_route53_zone.main');
    const record = cloudFile(root, 'acme-corp.json').resources.find(
      (r) => r.id === id['aws_route53_record.apex_a'],
    );

    expect(server?.attributes).toMatchObject({
      subnet_id: id['aws_subnet.public_a'],
      vpc_security_group_ids: [id['aws_security_group.server']],
      key_name: 'neo-production-acme-corp-admin', // `${aws_key_pair.admin.key_name}`: set literally
    });
    expect(id['aws_ec2_instance_state.server']).toBe(server?.id); // Terraform's id: the instance's
    expect(eip?.exports).toMatchObject({ allocation_id: id['aws_eip.server'] });
    expect(eip?.exports.public_ip).toMatch(/^3\.(12[89]|1[3-8]\d|19[01])\.\d+\.\d+$/);
    expect(zone?.id).toMatch(/^Z\w{20}$/);
    expect(zone?.exports.name_servers).toHaveLength(4);
    expect(record?.id).toBe(`${zone?.id}_acme-example.com_A`);
    expect(record?.attributes).toMatchObject({ zone_id: zone?.id, records: [eip?.exports.public_ip] });
    expect(resourceAt('aws_s3_bucket_policy.backups')?.attributes.policy).toContain('"arn:aws:s3:::');
  });
});

describe('applyLocal again', () => {
  it('changes nothing when nothing changed: all no-ops, files byte-identical', async () => {
    const graph = graphOf('acme-corp');
    await apply(graph);
    const before = snapshot(root);
    const changes = await apply(graph);
    expect(changes.filter((c) => c.action !== 'no-op')).toEqual([]);
    expect(snapshot(root)).toEqual(before);
  });

  it('updates the instance type in place, keeping the instance id', async () => {
    await apply(graphOf('acme-corp'));
    const before = stateIds();
    const changes = await apply(
      withAttributes(graphOf('acme-corp'), 'aws_instance.server', { instance_type: 't3.large' }),
    );
    expect(changes.filter((c) => c.action !== 'no-op').map((c) => [c.address, c.action])).toEqual([
      ['aws_instance.server', 'update'],
    ]);
    expect(stateIds()).toEqual(before);
    expect(resourceAt('aws_instance.server', before['aws_instance.server'])?.attributes.instance_type).toBe(
      't3.large',
    );
  });

  it('replaces a subnet moved to another zone and, rippling, the server in it, rewiring references', async () => {
    await apply(graphOf('acme-corp'));
    const before = stateIds();
    const moved = withAttributes(graphOf('acme-corp'), 'aws_subnet.public_a', {
      availability_zone: 'us-east-2c',
    });
    const changes = await apply(moved);
    const after = stateIds();

    const replaced = changes.filter((c) => c.action === 'replace').map((c) => c.address);
    expect(replaced).toEqual([
      'aws_ec2_instance_state.server',
      'aws_eip_association.server',
      'aws_instance.server', // its subnet_id forces it, once the subnet's id is unknown
      'aws_route_table_association.public_a',
      'aws_subnet.public_a',
      'aws_volume_attachment.addon_storage_ebs_100',
      'aws_volume_attachment.data',
    ]);
    // The alarms watch the instance by id: updated in place to the new one.
    expect(countActions(changes).update).toBe(6);
    expect(resourceAt('aws_cloudwatch_metric_alarm.cpu')?.attributes.dimensions).toEqual({
      InstanceId: stateIds()['aws_instance.server'],
    });
    for (const address of replaced) expect(after[address]).not.toBe(before[address]);
    expect(resourceAt('aws_instance.server')?.attributes.subnet_id).toBe(after['aws_subnet.public_a']);
    expect(resourceAt('aws_eip_association.server')?.attributes.instance_id).toBe(
      after['aws_instance.server'],
    );
    const text = allText();
    for (const address of replaced) expect(text).not.toContain(`"${before[address]}"`);
  });

  it('deletes what the desired graph no longer has', async () => {
    await apply(graphOf('acme-corp'));
    const rule = stateIds()['aws_vpc_security_group_ingress_rule.ftp'];
    const graph = graphOf('acme-corp');
    graph.resources.delete('aws_vpc_security_group_ingress_rule.ftp');
    const changes = await apply(graph);
    expect(changes.filter((c) => c.action !== 'no-op').map((c) => [c.address, c.action])).toEqual([
      ['aws_vpc_security_group_ingress_rule.ftp', 'delete'],
    ]);
    expect(resourceAt('aws_vpc_security_group_ingress_rule.ftp', rule)).toBeUndefined();
    expect(stateIds()).not.toHaveProperty('aws_vpc_security_group_ingress_rule.ftp');
  });

  it('keeps the applied image of a running server: ami is under ignore_changes', async () => {
    await apply(graphOf('acme-corp'));
    const before = snapshot(root);
    const changes = await apply(
      withAttributes(graphOf('acme-corp'), 'aws_instance.server', { ami: 'ami-0new' }),
    );
    expect(countActions(changes).update).toBe(0);
    expect(snapshot(root)).toEqual(before);
  });

  it('refuses, writing nothing, to replace a bucket under prevent_destroy', async () => {
    await apply(graphOf('acme-corp'));
    const before = snapshot(root);
    const renamed = withAttributes(graphOf('acme-corp'), 'aws_s3_bucket.backups', { bucket: 'another-name' });
    await expect(apply(renamed)).rejects.toThrow(/aws_s3_bucket\.backups.*prevent_destroy/);
    expect(snapshot(root)).toEqual(before);
  });
});

describe('applyLocal after changes made by hand', () => {
  it('reverts an edited attribute and reports it as an update, though the state alone sees nothing to do', async () => {
    await apply(graphOf('acme-corp'));
    const before = snapshot(root);
    const server = stateIds()['aws_instance.server'];
    editCloudFile(root, 'acme-corp.json', (resources) =>
      resources.map((r) =>
        r.id === server && r.type === 'aws_instance'
          ? { ...r, attributes: { ...r.attributes, instance_type: 'm5.24xlarge' } }
          : r,
      ),
    );
    const changes = await apply(graphOf('acme-corp'));
    const updated = changes.filter((c) => c.action !== 'no-op');
    expect(updated.map((c) => [c.address, c.action, c.attributes])).toEqual([
      [
        'aws_instance.server',
        'update',
        [{ path: 'instance_type', before: 'm5.24xlarge', after: 't3.medium' }],
      ],
    ]);
    expect(snapshot(root)).toEqual(before);
  });

  it.each([
    // deleted by hand, what the next apply creates (a terminated instance takes its children along)
    [
      'aws_instance.server',
      [
        'aws_ec2_instance_state.server',
        'aws_eip_association.server',
        'aws_instance.server',
        'aws_volume_attachment.addon_storage_ebs_100',
        'aws_volume_attachment.data',
      ],
    ],
    ['aws_vpc_security_group_ingress_rule.http', ['aws_vpc_security_group_ingress_rule.http']],
    ['aws_eip_association.server', ['aws_eip_association.server']],
  ])('recreates %s with a new id when it was deleted by hand', async (address, created) => {
    await apply(graphOf('acme-corp'));
    const before = stateIds();
    editCloudFile(root, 'acme-corp.json', (resources) => resources.filter((r) => r.id !== before[address]));
    const changes = await apply(graphOf('acme-corp'));
    expect(changes.filter((c) => c.action === 'create').map((c) => c.address)).toEqual(created);
    const after = stateIds();
    // What only pointed at a recreated resource (the alarms watching the server) is repointed.
    const newIds = new Set(created.map((a) => after[a]));
    for (const change of changes.filter((c) => !['create', 'no-op'].includes(c.action))) {
      expect(change.action, change.address).toBe('update');
      for (const attribute of change.attributes) expect(newIds, change.address).toContain(attribute.after);
    }
    expect(after[address]).not.toBe(before[address]);
    expect(resourceAt(address, after[address])).toBeDefined();
    for (const gone of created) expect(allText()).not.toContain(`"${before[gone]}"`);
  });

  it('leaves a hand-made cloud file alone through applies', async () => {
    await apply(graphOf('acme-corp'));
    const console = {
      resources: [
        {
          type: 'aws_instance',
          id: 'i-0handmade',
          attributes: { subnet_id: stateIds()['aws_subnet.public_a'] },
        },
      ],
    };
    await writeCloudFile(root, 'console.json', console);
    const text = readFileSync(join(root, 'cloud', 'console.json'), 'utf8');
    await apply(withAttributes(graphOf('acme-corp'), 'aws_instance.server', { instance_type: 't3.large' }));
    await apply(
      withAttributes(graphOf('acme-corp'), 'aws_subnet.public_a', { availability_zone: 'us-east-2c' }),
    );
    expect(readFileSync(join(root, 'cloud', 'console.json'), 'utf8')).toBe(text);
  });

  it('updates a resource of its state where it lies, even when moved by hand into another file', async () => {
    await apply(graphOf('acme-corp'));
    const eip = stateIds()['aws_eip.server'];
    const moved = resourceAt('aws_eip.server', eip) as StoredResource;
    editCloudFile(root, 'acme-corp.json', (resources) => resources.filter((r) => r.id !== eip));
    await writeCloudFile(root, 'console.json', { resources: [moved] });

    const retagged = withAttributes(graphOf('acme-corp'), 'aws_eip.server', {
      tags: {
        ...(graphOf('acme-corp').resources.get('aws_eip.server')?.attributes.tags as object),
        Role: 'web',
      },
    });
    const changes = await apply(retagged);
    expect(changes.filter((c) => c.action !== 'no-op').map((c) => [c.address, c.action])).toEqual([
      ['aws_eip.server', 'update'],
    ]);
    expect(resourceAt('aws_eip.server', eip)).toBeUndefined();
    expect(resourceAt('aws_eip.server', eip, 'console.json')?.tags.Role).toBe('web');
  });
});

describe('applyLocal creating a bucket whose name is taken', () => {
  const BACKUPS = 'aws_s3_bucket.backups';
  const bucketName = graphOf('acme-corp').resources.get(BACKUPS)?.attributes.bucket as string;
  /** A bucket made by hand in the console, outside any customer's state. */
  const handMade = (bucket: string) => ({
    resources: [{ type: 'aws_s3_bucket', id: 's3_bucket-0handmade', attributes: { bucket } }],
  });
  const bucketsNamed = (name: string) =>
    [...snapshot(root)]
      .filter(([path]) => path.startsWith('cloud/'))
      .flatMap(([, text]) => (JSON.parse(text) as { resources: StoredResource[] }).resources)
      .filter((r) => r.type === 'aws_s3_bucket' && r.attributes.bucket === name);

  it('plans the create, as Terraform does, but the apply fails as AWS would, writing nothing', async () => {
    await writeCloudFile(root, 'console.json', handMade(bucketName));
    const before = snapshot(root);

    const plan = await planLocal(new LocalStore(root), 'acme-corp', graphOf('acme-corp'), { ids });
    expect(plan.changes.find((c) => c.address === BACKUPS)?.action).toBe('create');
    const error = await plan.write().then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('Error'); // a refusal, not a broken cloud file
    expect((error as Error).message).toBe(
      `acme-corp: nothing applied, aws_s3_bucket.backups: BucketAlreadyOwnedByYou: the bucket ${bucketName} ` +
        "already exists (s3_bucket-0handmade in cloud/console.json, not created by this customer's applies). " +
        "Delete it, or import it into the customer's state, then apply again.",
    );
    expect([...snapshot(root).keys()]).toEqual(['cloud/console.json']);
    expect(snapshot(root)).toEqual(before);
  });

  it.each<[string, string, () => Promise<void> | undefined, (graph: ResourceGraph) => ResourceGraph]>([
    // A no-op calls no CreateBucket, so a same-named bucket elsewhere does not matter.
    ['re-applied as is, a copy in console.json', 'no-op', () => copyBucketTo('console.json'), (g) => g],
    ['moved by hand into console.json, retagged', 'update', () => moveBucketTo('console.json'), retagged],
    [
      'replaced keeping its name (destroyed first, as Terraform does)',
      'replace',
      () => undefined,
      (g) => withAttributes(withoutPreventDestroy(g, BACKUPS), BACKUPS, { object_lock_enabled: true }),
    ],
  ])('does not refuse a customer its own bucket: %s', async (_, action, edit, change) => {
    await apply(graphOf('acme-corp'));
    await edit();
    const changes = await apply(change(graphOf('acme-corp')));
    expect(changes.find((c) => c.address === BACKUPS)?.action).toBe(action);
    expect(bucketsNamed(bucketName).map((r) => r.id)).toContain(stateIds()[BACKUPS]);
  });

  it('does not refuse a bucket of another name in console.json', async () => {
    await writeCloudFile(root, 'console.json', handMade('someone-elses-bucket'));
    await apply(graphOf('acme-corp'));
    expect(resourceAt(BACKUPS)?.attributes.bucket).toBe(bucketName);
    expect(bucketsNamed('someone-elses-bucket')).toHaveLength(1);
  });

  it('applies on the next run once the hand-made bucket is deleted', async () => {
    await writeCloudFile(root, 'console.json', handMade(bucketName));
    await expect(apply(graphOf('acme-corp'))).rejects.toThrow(/BucketAlreadyOwnedByYou/);
    editCloudFile(root, 'console.json', (resources) =>
      resources.filter((r) => r.id !== 's3_bucket-0handmade'),
    );

    const changes = await apply(graphOf('acme-corp'));
    expect(countActions(changes).create).toBe(graphOf('acme-corp').resources.size);
    expect(bucketsNamed(bucketName).map((r) => r.id)).toEqual([stateIds()[BACKUPS]]);
  });

  /** Puts a copy of the customer's bucket, under another id and outside its state, in `file`. */
  function copyBucketTo(file: string): Promise<void> {
    const bucket = resourceAt(BACKUPS) as StoredResource;
    return writeCloudFile(root, file, { resources: [{ ...bucket, id: 's3_bucket-0copy' }] });
  }

  /** Moves the customer's bucket out of its cloud file into `file`, as by hand. */
  function moveBucketTo(file: string): Promise<void> {
    const bucket = resourceAt(BACKUPS) as StoredResource;
    editCloudFile(root, 'acme-corp.json', (resources) =>
      resources.filter((r) => r.type !== bucket.type || r.id !== bucket.id),
    );
    return writeCloudFile(root, file, { resources: [bucket] });
  }

  function retagged(graph: ResourceGraph): ResourceGraph {
    const tags = graph.resources.get(BACKUPS)?.attributes.tags as object;
    return withAttributes(graph, BACKUPS, { tags: { ...tags, Role: 'backups' } });
  }
});

/** The graph with `address` no longer under prevent_destroy (a copy). */
function withoutPreventDestroy(graph: ResourceGraph, address: string): ResourceGraph {
  const resources = new Map(graph.resources);
  const resource = resources.get(address);
  if (resource === undefined) throw new Error(`no ${address} in the graph`);
  resources.set(address, { ...resource, preventDestroy: false });
  return { region: graph.region, resources };
}

describe('destroyLocal', () => {
  it("removes the customer's resources and state, and nothing of anyone else's", async () => {
    await apply(graphOf('acme-corp'));
    await apply(graphOf('bluefin-bakery'), 'bluefin-bakery');
    await writeCloudFile(root, 'console.json', { resources: [{ type: 'aws_instance', id: 'i-0handmade' }] });
    const others = [...snapshot(root)].filter(([path]) => !path.includes('acme-corp'));

    const changes = await destroyLocal(store, 'acme-corp');
    expect(countActions(changes).delete).toBe(graphOf('acme-corp').resources.size);
    expect([...snapshot(root)]).toEqual(others);
  });

  it('is a no-op for a customer never applied', async () => {
    expect(await destroyLocal(store, 'acme-corp')).toEqual([]);
    expect(snapshot(root).size).toBe(0);
  });
});
