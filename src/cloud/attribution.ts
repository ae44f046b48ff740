import type { CloudResource } from './types.js';

export const CUSTOMER_TAG = 'neo:customer';
export const RESOURCE_TAG = 'neo:resource';

/**
 * Which customer a cloud resource belongs to: its `neo:customer` tag, or else the customer whose
 * VPC, hosted zone, security group or instance contains it. That is how a console-launched,
 * untagged instance in a customer's VPC is found. Undefined: not neo's business.
 */
export function customerAttribution(
  resources: readonly CloudResource[],
): (resource: CloudResource) => string | undefined {
  const byVpc = new Map<string, string>();
  const byZone = new Map<string, string>();
  for (const resource of resources) {
    const tagged = resource.tags[CUSTOMER_TAG];
    if (tagged === undefined) continue;
    if (resource.type === 'aws_vpc') byVpc.set(resource.id, tagged);
    if (resource.type === 'aws_route53_zone') byZone.set(resource.id, tagged);
  }
  const inScope = (resource: CloudResource): string | undefined =>
    resource.tags[CUSTOMER_TAG] ?? lookup(byVpc, resource.scope.vpc) ?? lookup(byZone, resource.scope.zone);
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
