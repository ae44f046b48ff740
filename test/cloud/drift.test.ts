import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCloud } from '../../src/cloud/aws/index.js';
import {
  assembleObservation,
  type CustomerDrift,
  customerDrift,
  type Inventory,
  observableGraph,
} from '../../src/cloud/index.js';
import { applyLocal, LocalStore, localCloud, sequentialIds } from '../../src/cloud/local/index.js';
import { graphFromTerraform, type ResourceGraph } from '../../src/graph/index.js';
import { type AwsAccount, accountOf, type StoredResource } from '../helpers/aws-account.js';
import { mockAccount, mockedAwsCloud } from '../helpers/aws-mock.js';
import { type Stack, synthesizeAll } from '../helpers/stacks.js';

let root: string;
let stacks: Map<string, Stack>;
let desired: Map<string, ResourceGraph>;
let applied: StoredResource[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'neo-drift-'));
  stacks = await synthesizeAll();
  desired = new Map();
  const store = new LocalStore(root);
  const ids = sequentialIds();
  for (const [id, stack] of stacks) {
    const graph = graphFromTerraform(stack.json);
    await applyLocal(store, id, graph, { ids });
    desired.set(id, observableGraph(graph));
  }
  applied = (await store.readCloud()).flatMap((file) => file.resources);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function driftOf(inventory: Inventory): CustomerDrift[] {
  const observation = assembleObservation(inventory, { desired, known: new Set(stacks.keys()) });
  return [...desired].map(([id, graph]) => {
    const observed = observation.customers.get(id);
    if (observed === undefined) throw new Error(`${id} not observed`);
    return customerDrift(id, graph, observed, (stacks.get(id) as Stack).inputs.customer.status);
  });
}

async function awsDrift(edit: (account: AwsAccount) => void = () => {}): Promise<CustomerDrift[]> {
  const account = accountOf(structuredClone(applied));
  edit(account);
  return driftOf(await mockedAwsCloud(account).inventory());
}

/** Drift as `customer kind address [changed attribute paths]`, one line per reported item. */
function lines(drifts: CustomerDrift[]): string[] {
  return drifts.flatMap((d) =>
    d.items.map((item) =>
      [
        d.customerId,
        item.kind,
        item.address.replace(/unmanaged_.*/, 'unmanaged_…'),
        ...(item.kind === 'modified' ? item.change.attributes.map((a) => a.path) : []),
      ]
        .join(' ')
        .trim(),
    ),
  );
}

describe('a faithful live copy of every customer', () => {
  it('reports no drift from the aws observer', async () => {
    const drifts = await awsDrift();
    expect(drifts.length).toBeGreaterThanOrEqual(7);
    expect(lines(drifts)).toEqual([]);
  });

  it('reports no drift from the local cloud', async () => {
    expect(lines(driftOf(await localCloud(root).inventory()))).toEqual([]);
  });

  it('observes every observable resource of every customer', async () => {
    const account = accountOf(structuredClone(applied));
    const aws = mockAccount(account);
    const cloud = awsCloud({ regions: ['us-east-2', 'us-east-1'], ec2: aws.ec2, route53: aws.route53 });
    const observation = assembleObservation(await cloud.inventory(), {
      desired,
      known: new Set(stacks.keys()),
    });
    for (const [id, graph] of desired) {
      const observed = observation.customers.get(id)?.graph.resources;
      expect([...(observed?.keys() ?? [])].sort(), id).toEqual([...graph.resources.keys()].sort());
    }
  });
});

const ACME = 'acme-corp';
const tags = (...pairs: Array<[string, string]>) => pairs.map(([Key, Value]) => ({ Key, Value }));
const tagged = (address: string) => (item: { Tags?: Array<{ Key?: string; Value?: string }> }) =>
  item.Tags?.some((t) => t.Key === 'neo:resource' && t.Value === address) === true;
const ec2 = (account: AwsAccount) =>
  account.regions.get('us-east-2') as NonNullable<ReturnType<AwsAccount['regions']['get']>>;
const acmeServer = (account: AwsAccount) => {
  const found = ec2(account).instances.find(
    (i) => tagged('aws_instance.server')(i) && i.Tags?.some((t) => t.Value === ACME),
  );
  if (found === undefined) throw new Error('acme-corp has no server');
  return found;
};

/** Ten console edits people really make, each with the one line drift must report. */
const CONSOLE_EDITS: Array<[string, (account: AwsAccount) => void, string]> = [
  [
    'instance type changed',
    (a) => {
      acmeServer(a).InstanceType = 't3.xlarge';
    },
    'acme-corp modified aws_instance.server instance_type',
  ],
  [
    'SSH opened to the world',
    (a) => {
      const rule = ec2(a).securityGroupRules.find(
        (r) =>
          tagged('aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24')(r) &&
          r.Tags?.some((t) => t.Value === ACME),
      );
      if (rule) rule.CidrIpv4 = '0.0.0.0/0';
    },
    'acme-corp modified aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24 cidr_ipv4',
  ],
  [
    'a DNS record edited',
    (a) => {
      const zone = a.zones.find((z) => z.zone.Name === 'acme-example.com.');
      const record = zone?.records.find((r) => r.Name === 'www.acme-example.com.' && r.Type === 'A');
      if (record) record.ResourceRecords = [{ Value: '198.51.100.23' }];
    },
    'acme-corp modified aws_route53_record.www_a records',
  ],
  [
    'data volume resized',
    (a) => {
      const volume = ec2(a).volumes.find(
        (v) => tagged('aws_ebs_volume.data')(v) && v.Tags?.some((t) => t.Value === ACME),
      );
      if (volume) volume.Size = 400;
    },
    'acme-corp modified aws_ebs_volume.data size',
  ],
  [
    'Elastic IP released',
    (a) => {
      const addresses = ec2(a).addresses;
      const index = addresses.findIndex((x) => x.InstanceId === acmeServer(a).InstanceId);
      addresses.splice(index, 1);
    },
    'acme-corp missing aws_eip.server',
  ],
  [
    'instance terminated',
    (a) => {
      const region = ec2(a);
      const id = acmeServer(a).InstanceId;
      region.instances = region.instances.filter((i) => i.InstanceId !== id);
      region.volumes = region.volumes.filter(
        (v) => !(v.Attachments?.[0]?.InstanceId === id && v.Attachments?.[0]?.Device === '/dev/xvda'),
      );
      for (const volume of region.volumes.filter((v) => v.Attachments?.[0]?.InstanceId === id)) {
        volume.Attachments = [];
        volume.State = 'available';
      }
      for (const address of region.addresses.filter((x) => x.InstanceId === id)) {
        delete address.InstanceId;
        delete address.AssociationId;
      }
    },
    'acme-corp missing aws_instance.server',
  ],
  [
    'an extra instance launched in the VPC',
    (a) => {
      const server = acmeServer(a);
      ec2(a).instances.push({
        InstanceId: 'i-0f3a9c1d2e4b5a697',
        InstanceType: 't3.micro',
        ImageId: 'ami-0ea3c35c5c3284d82',
        SubnetId: server.SubnetId,
        VpcId: server.VpcId,
        State: { Code: 16, Name: 'running' },
        SecurityGroups: server.SecurityGroups,
        Monitoring: { State: 'disabled' },
        Tags: tags(['Name', 'debug-box']),
      });
    },
    'acme-corp unmanaged aws_instance.unmanaged_…',
  ],
  [
    'a neo: tag removed',
    (a) => {
      const server = acmeServer(a);
      server.Tags = server.Tags?.filter((t) => t.Key !== 'neo:plan');
    },
    'acme-corp modified aws_instance.server tags.neo:plan',
  ],
  [
    'detailed monitoring disabled',
    (a) => {
      acmeServer(a).Monitoring = { State: 'disabled' };
    },
    'acme-corp modified aws_instance.server monitoring',
  ],
  [
    'IMDSv1 re-allowed',
    (a) => {
      const server = acmeServer(a);
      server.MetadataOptions = { ...server.MetadataOptions, HttpTokens: 'optional' };
    },
    'acme-corp modified aws_instance.server metadata_options.http_tokens',
  ],
];

describe('console edits are each reported precisely, exactly once', () => {
  it.each(CONSOLE_EDITS)('%s', async (_name, edit, expected) => {
    expect(lines(await awsDrift(edit))).toEqual([expected]);
  });

  it('folds what hangs on a released Elastic IP into it', async () => {
    const [, edit] = CONSOLE_EDITS[4] as (typeof CONSOLE_EDITS)[number];
    const item = (await awsDrift(edit)).find((d) => d.customerId === ACME)?.items[0];
    expect(item?.consequences).toEqual(
      expect.arrayContaining([
        'aws_eip_association.server',
        'aws_route53_record.apex_a',
        'aws_route53_record.www_a',
      ]),
    );
  });

  it('flags SSH opened to the world as a security risk', async () => {
    const [, edit] = CONSOLE_EDITS[1] as (typeof CONSOLE_EDITS)[number];
    const item = (await awsDrift(edit)).find((d) => d.customerId === ACME)?.items[0];
    expect(item?.change.risks.map((r) => r.severity)).toContain('security');
  });

  it('keeps a server whose neo:resource tag was removed, reporting the tag', async () => {
    const drifts = await awsDrift((a) => {
      const server = acmeServer(a);
      server.Tags = server.Tags?.filter((t) => t.Key !== 'neo:resource');
    });
    expect(lines(drifts)).toEqual(['acme-corp modified aws_instance.server tags.neo:resource']);
  });

  it('never shows an attribute that reads the same on both sides, even with identity by tags alone', async () => {
    // No ledger here: a VPC stripped of its tags is missing, and the resources referring to it
    // are not changed for that (no `spec ‹x.id› → live ‹x.id›`, no server "replaced").
    const drifts = await awsDrift((a) => {
      const vpc = ec2(a).vpcs.find((v) => tagged('aws_vpc.main')(v) && v.Tags?.some((t) => t.Value === ACME));
      if (vpc === undefined) throw new Error('acme-corp has no VPC');
      vpc.Tags = [];
    });
    const acme = drifts.find((d) => d.customerId === ACME)?.items ?? [];
    for (const item of acme) {
      for (const attribute of item.change.attributes) {
        expect(JSON.stringify(attribute.after), `${item.address} ${attribute.path}`).not.toBe(
          JSON.stringify(attribute.before),
        );
      }
    }
    expect(acme.map((i) => i.address)).not.toContain('aws_instance.server');
    expect(acme.flatMap((i) => i.change.risks).filter((r) => r.code === 'server-replaced')).toEqual([]);
  });

  it('tells a copied instance ("launch more like this", tags and all) from the original', async () => {
    const drifts = await awsDrift((a) => {
      const server = acmeServer(a);
      ec2(a).instances.push({
        ...structuredClone(server),
        InstanceId: 'i-0c0b1e5a2d3f4e5f6',
        BlockDeviceMappings: [],
      });
    });
    expect(lines(drifts)).toEqual(['acme-corp unmanaged aws_instance.unmanaged_…']);
    expect(drifts.find((d) => d.customerId === ACME)?.items[0]?.cloudId).toBe('i-0c0b1e5a2d3f4e5f6');
  });
});

describe('orphans', () => {
  it('are the resources tagged for a customer id that has no file', async () => {
    const account = accountOf(structuredClone(applied));
    const aws = mockAccount(account);
    const cloud = awsCloud({ regions: ['us-east-2', 'us-east-1'], ec2: aws.ec2, route53: aws.route53 });
    const known = new Set([...stacks.keys()].filter((id) => id !== ACME));
    const others = new Map([...desired].filter(([id]) => id !== ACME));
    const observation = assembleObservation(await cloud.inventory(), { desired: others, known });
    const orphaned = observation.orphans.filter((o) => o.customerId === ACME);
    expect(observation.orphans).toEqual(orphaned);
    expect(
      orphaned
        .map((o) => o.address)
        .filter((a) => a !== undefined)
        .sort(),
    ).toEqual(
      [...(desired.get(ACME)?.resources.values() ?? [])]
        .filter((r) => 'tags' in r.attributes)
        .map((r) => r.address)
        .sort(),
    );
  });
});
