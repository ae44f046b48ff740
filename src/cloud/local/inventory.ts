import { join } from 'node:path';
import type { Attributes } from '../../graph/index.js';
import { domainName } from '../dns-names.js';
import { OBSERVED_ATTRIBUTES } from '../observed-attributes.js';
import type { Cloud, CloudResource, Inventory, ObserveOptions } from '../types.js';
import { liveResources } from './liveness.js';
import { LocalStore, type StoredResource } from './store.js';

/** Where a repository keeps its local cloud (git-ignored). */
export function localCloudRoot(repoRoot: string): string {
  return join(repoRoot, 'terraform-state/local');
}

/**
 * The local cloud as the observer sees it: every `cloud/*.json`, projected exactly as the AWS
 * readers project SDK responses, so everything downstream cannot tell the two apart.
 */
export function localCloud(root: string): Cloud {
  return {
    name: 'local',
    async inventory(options: ObserveOptions = {}): Promise<Inventory> {
      // A store of its own each time: every sweep sees the files as they are now.
      const files = await new LocalStore(root).readCloud();
      options.onProgress?.({ done: files.length, total: files.length, what: 'local cloud files' });
      const live = liveResources(files.flatMap((f) => f.resources));
      const containers = containersOf(live);
      const resources = live.flatMap((r) => observed(r, containers) ?? []);
      // Reading files is not an API call: the local cloud has no rate limits to report.
      return { resources, calls: {} };
    },
  };
}

/** What the AWS listings tell about containment without a resource saying so itself. */
interface Containers {
  /** Subnet or route table id → its VPC. */
  vpcOf: Map<string, string>;
  /** Elastic IP or volume id → the instance it is associated with or attached to. */
  instanceOf: Map<string, string>;
}

function containersOf(resources: readonly StoredResource[]): Containers {
  const containers: Containers = { vpcOf: new Map(), instanceOf: new Map() };
  for (const { type, id, attributes } of resources) {
    const { vpc_id: vpc, instance_id: instance, allocation_id: allocation, volume_id: volume } = attributes;
    if ((type === 'aws_subnet' || type === 'aws_route_table') && typeof vpc === 'string') {
      containers.vpcOf.set(id, vpc);
    }
    if (typeof instance !== 'string') continue;
    if (type === 'aws_eip_association' && typeof allocation === 'string')
      containers.instanceOf.set(allocation, instance);
    if (type === 'aws_volume_attachment' && typeof volume === 'string')
      containers.instanceOf.set(volume, instance);
  }
  return containers;
}

function observed(resource: StoredResource, containers: Containers): CloudResource | undefined {
  const names = OBSERVED_ATTRIBUTES[resource.type];
  if (names === undefined) return undefined;
  const attributes: Attributes = {};
  for (const name of names) {
    const value = resource.attributes[name];
    if (name !== 'tags' && value !== undefined) attributes[name] = value;
  }
  normalize(resource.type, attributes);
  const exports = Object.entries(resource.exports).filter(([, v]) => typeof v === 'string') as [
    string,
    string,
  ][];
  return {
    type: resource.type,
    id: resource.id,
    ...(resource.region === undefined ? {} : { region: resource.region }),
    tags: { ...resource.tags },
    attributes,
    exports: { id: resource.id, ...Object.fromEntries(exports) },
    scope: scopeOf(resource, containers),
  };
}

/** Value shapes the AWS readers produce: sets sorted, flags as booleans, names as Route53 keeps them. */
function normalize(type: string, attributes: Attributes): void {
  if (type === 'aws_instance') {
    attributes.monitoring = attributes.monitoring === true;
    sortList(attributes, 'vpc_security_group_ids');
  }
  if (type === 'aws_route53_record') sortList(attributes, 'records');
  if ((type === 'aws_route53_record' || type === 'aws_route53_zone') && typeof attributes.name === 'string') {
    attributes.name = domainName(attributes.name);
  }
}

function sortList(attributes: Attributes, name: string): void {
  const value = attributes[name];
  if (Array.isArray(value)) attributes[name] = [...value].sort();
}

/**
 * Raw ids of what contains the resource, to attribute an untagged one to a customer: its own
 * `vpc_id`, or its subnet's or route table's VPC; its zone; its security group; its instance
 * (an Elastic IP's and a volume's through their association and attachment).
 */
function scopeOf({ type, id, attributes }: StoredResource, containers: Containers): CloudResource['scope'] {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const via = (map: Map<string, string>, key: unknown) =>
    typeof key === 'string' ? map.get(key) : undefined;
  const scope: CloudResource['scope'] = {};
  const vpc =
    type === 'aws_vpc'
      ? id
      : (text(attributes.vpc_id) ??
        via(containers.vpcOf, attributes.subnet_id) ??
        via(containers.vpcOf, attributes.route_table_id));
  const zone = type === 'aws_route53_zone' ? id : text(attributes.zone_id);
  const securityGroup = text(attributes.security_group_id);
  const instance =
    type === 'aws_instance' ? id : (text(attributes.instance_id) ?? containers.instanceOf.get(id));
  if (vpc !== undefined) scope.vpc = vpc;
  if (zone !== undefined) scope.zone = zone;
  if (securityGroup !== undefined) scope.securityGroup = securityGroup;
  if (instance !== undefined) scope.instance = instance;
  return scope;
}
