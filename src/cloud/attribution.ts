import type { CloudResource } from './types.js';

export const CUSTOMER_TAG = 'neo:customer';
export const RESOURCE_TAG = 'neo:resource';

/**
 * Which customer a cloud resource belongs to: the one the ledger recorded its id for, else its
 * `neo:customer` tag, else the customer whose VPC, hosted zone, security group or instance
 * contains it. That is how a console-launched, untagged instance in a customer's VPC is found,
 * and why an edited tag does not move a resource to another customer. Undefined: not neo's
 * business.
 */
export function customerAttribution(
  resources: readonly CloudResource[],
  recordedOwner: ReadonlyMap<string, string> = new Map(),
): (resource: CloudResource) => string | undefined {
  const ownTag = (resource: CloudResource) => recordedOwner.get(resource.id) ?? resource.tags[CUSTOMER_TAG];
  const byVpc = new Map<string, string>();
  const byZone = new Map<string, string>();
  for (const resource of resources) {
    const tagged = ownTag(resource);
    if (tagged === undefined) continue;
    if (resource.type === 'aws_vpc') byVpc.set(resource.id, tagged);
    if (resource.type === 'aws_route53_zone') byZone.set(resource.id, tagged);
  }
  const inScope = (resource: CloudResource): string | undefined =>
    ownTag(resource) ?? lookup(byVpc, resource.scope.vpc) ?? lookup(byZone, resource.scope.zone);
  const byGroup = new Map<string, string>();
  const byInstance = new Map<string, string>();
  for (const resource of resources) {
    const owner = inScope(resource);
    if (owner === undefined) continue;
    if (resource.type === 'aws_security_group') byGroup.set(resource.id, owner);
    if (resource.type === 'aws_instance') byInstance.set(resource.id, owner);
  }
  return (resource) =>
    inScope(resource) ??
    lookup(byGroup, resource.scope.securityGroup) ??
    lookup(byInstance, resource.scope.instance);
}

function lookup(map: Map<string, string>, key: string | undefined): string | undefined {
  return key === undefined ? undefined : map.get(key);
}
