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
  const byVpc = ownersOf(resources, 'aws_vpc', ownTag);
  const byZone = ownersOf(resources, 'aws_route53_zone', ownTag);
  const inScope = (resource: CloudResource): string | undefined =>
    ownTag(resource) ?? byVpc.get(resource.scope.vpc) ?? byZone.get(resource.scope.zone);
  const byGroup = ownersOf(resources, 'aws_security_group', inScope);
  const byInstance = ownersOf(resources, 'aws_instance', inScope);
  return (resource) =>
    inScope(resource) ?? byGroup.get(resource.scope.securityGroup) ?? byInstance.get(resource.scope.instance);
}

/**
 * Container id → its owner, for the containers of one type. The type matters: an instance's
 * state has the instance's id, and only the instance says whose its attachments are.
 */
function ownersOf(
  resources: readonly CloudResource[],
  type: string,
  owner: (resource: CloudResource) => string | undefined,
): Map<string | undefined, string | undefined> {
  return new Map(
    resources.filter((resource) => resource.type === type).map((resource) => [resource.id, owner(resource)]),
  );
}
