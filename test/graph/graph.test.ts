import { beforeAll, describe, expect, it } from 'vitest';
import { graphFromTerraform, type ResourceGraph } from '../../src/graph/index.js';
import { ref, resourceIn, synthesizeCustomer } from '../diff/fixtures.js';
import type { TerraformConfig } from '../helpers/stacks.js';

// nordlicht-media has every kind of meta-argument the synthesizer writes (lifecycle on the server
// and the backup bucket, depends_on on the NAT gateway), resources pinned to us-east-1, and
// customer tags in the provider's default_tags.
let config: TerraformConfig;
let graph: ResourceGraph;

beforeAll(async () => {
  config = await synthesizeCustomer('nordlicht-media');
  graph = graphFromTerraform(structuredClone(config));
});

function resource(address: string) {
  const found = graph.resources.get(address);
  if (found === undefined) throw new Error(`the graph has no ${address}`);
  return found;
}

function addresses(source: TerraformConfig): string[] {
  return Object.entries(source.resource).flatMap(([type, byName]) =>
    Object.keys(byName).map((name) => `${type}.${name}`),
  );
}

describe('graphFromTerraform on a synthesized stack', () => {
  it('has one resource per Terraform resource, addressed type.name', () => {
    expect([...graph.resources.keys()].sort()).toEqual(addresses(config).sort());
    for (const [address, { type, name }] of graph.resources) expect(`${type}.${name}`).toBe(address);
    expect(resource('aws_instance.server')).toMatchObject({ type: 'aws_instance', name: 'server' });
  });

  it('reads the JSON text the same as the parsed object', () => {
    expect(graphFromTerraform(JSON.stringify(config))).toEqual(graph);
  });

  it('leaves the Terraform JSON it reads untouched', () => {
    const source = structuredClone(config);
    graphFromTerraform(source);
    expect(source).toEqual(config);
  });

  describe.each([
    { metaArgument: 'lifecycle', address: 'aws_instance.server', edit: undefined },
    { metaArgument: 'lifecycle', address: 'aws_s3_bucket.backups', edit: undefined },
    { metaArgument: 'depends_on', address: 'aws_nat_gateway.main', edit: undefined },
    // The synthesizer gives regional resources a `region` instead of a provider alias; an
    // aliased provider is still Terraform's business, not an attribute.
    { metaArgument: 'provider', address: 'aws_sns_topic.alerts_us_east_1', edit: 'aws.dr' },
  ])('$metaArgument on $address', ({ metaArgument, address, edit }) => {
    it('is not an attribute', () => {
      const source = structuredClone(config);
      if (edit !== undefined) resourceIn(source, address)[metaArgument] = edit;
      expect(resourceIn(source, address)).toHaveProperty([metaArgument]);
      expect(graphFromTerraform(source).resources.get(address)?.attributes).not.toHaveProperty([
        metaArgument,
      ]);
    });
  });

  it('keeps no meta-argument as an attribute anywhere', () => {
    const meta = ['lifecycle', 'depends_on', 'provider', 'count', 'for_each'];
    const leaked = [...graph.resources.values()].flatMap((r) =>
      meta.filter((m) => m in r.attributes).map((m) => `${r.address}.${m}`),
    );
    expect(leaked).toEqual([]);
  });

  it.each([
    { address: 'aws_instance.server', ignoreChanges: ['ami', 'user_data'], preventDestroy: false },
    { address: 'aws_s3_bucket.backups', ignoreChanges: [], preventDestroy: true },
    { address: 'aws_nat_gateway.main', ignoreChanges: [], preventDestroy: false },
    { address: 'aws_db_instance.main', ignoreChanges: [], preventDestroy: false },
  ])('captures the lifecycle of $address', ({ address, ignoreChanges, preventDestroy }) => {
    expect(resource(address)).toMatchObject({ ignoreChanges, preventDestroy });
  });

  it('has no other lifecycle settings than the server and the backup bucket', () => {
    const withLifecycle = [...graph.resources.values()]
      .filter((r) => r.ignoreChanges.length > 0 || r.preventDestroy)
      .map((r) => r.address);
    expect(withLifecycle.sort()).toEqual(['aws_instance.server', 'aws_s3_bucket.backups']);
  });

  it("takes the provider's region as the graph's region", () => {
    expect(graph.region).toBe('us-east-2');
  });

  it.each([
    { address: 'aws_vpc.main', region: 'us-east-2' },
    { address: 'aws_instance.server', region: 'us-east-2' },
    { address: 'aws_db_instance.main', region: 'us-east-2' },
    { address: 'aws_s3_bucket.backups', region: 'us-east-2' },
    { address: 'aws_s3_bucket_policy.backups', region: 'us-east-2' },
    { address: 'aws_cloudwatch_dashboard.main', region: 'us-east-2' },
    // Pinned to us-east-1: Route53 health check metrics only exist there.
    { address: 'aws_cloudwatch_metric_alarm.uptime', region: 'us-east-1' },
    { address: 'aws_sns_topic.alerts_us_east_1', region: 'us-east-1' },
    // Global services have no region.
    { address: 'aws_iam_role.server', region: undefined },
    { address: 'aws_iam_role_policy.server_buckets', region: undefined },
    { address: 'aws_iam_role_policy_attachment.snapshots', region: undefined },
    { address: 'aws_iam_instance_profile.server', region: undefined },
    { address: 'aws_route53_zone.main', region: undefined },
    { address: 'aws_route53_record.apex_a', region: undefined },
    { address: 'aws_route53_health_check.uptime', region: undefined },
    { address: 'aws_budgets_budget.monthly', region: undefined },
  ])('gives $address the region $region', ({ address, region }) => {
    expect(resource(address).attributes.region).toBe(region);
  });

  it('gives every regional resource a region, and keeps the ones written in the JSON', () => {
    const global = /^aws_(iam|route53|budgets)_/;
    const regions = addresses(config).map((address) => ({
      address,
      region: resource(address).attributes.region,
    }));
    const expected = addresses(config).map((address) => ({
      address,
      region: global.test(address) ? undefined : (resourceIn(config, address).region ?? 'us-east-2'),
    }));
    expect(regions).toEqual(expected);
    expect(expected.filter((r) => r.region === 'us-east-1').length).toBeGreaterThan(2);
  });

  it("merges the provider's default tags into each resource's tags", () => {
    expect(resource('aws_instance.server').attributes.tags).toEqual({
      Environment: 'production',
      ManagedBy: 'neo',
      Project: 'neo',
      Team: 'media-ops',
      country: 'NO',
      'neo:customer': 'nordlicht-media',
      'neo:plan': 'titan',
      Name: 'whm.nordlicht-example.de',
      'neo:resource': 'aws_instance.server',
    });
    const defaults = config.provider.aws[0]?.default_tags[0]?.tags ?? {};
    for (const address of addresses(config)) {
      const written = resourceIn(config, address).tags as Record<string, string> | undefined;
      if (written === undefined) continue;
      expect(resource(address).attributes.tags).toEqual({ ...defaults, ...written });
    }
  });

  it("lets a resource's own tags win over the default tags", () => {
    const source = structuredClone(config);
    const server = resourceIn(source, 'aws_instance.server');
    server.tags = { ...(server.tags as Record<string, string>), Environment: 'maintenance', Team: 'noc' };
    expect(graphFromTerraform(source).resources.get('aws_instance.server')?.attributes.tags).toMatchObject({
      Environment: 'maintenance',
      Team: 'noc',
      ManagedBy: 'neo',
      'neo:customer': 'nordlicht-media',
    });
  });

  it('gives no tags to resources that have none (Route53 records, associations)', () => {
    for (const address of ['aws_route53_record.apex_a', 'aws_eip_association.server']) {
      expect(resource(address).attributes).not.toHaveProperty('tags');
    }
  });

  it('keeps references as Terraform tokens', () => {
    expect(resource('aws_instance.server').attributes.subnet_id).toBe(ref('aws_subnet.public_a.id'));
    expect(resource('aws_route53_record.apex_a').attributes.records).toEqual([
      ref('aws_eip.server.public_ip'),
    ]);
  });
});
