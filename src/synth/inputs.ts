import type { Customer, PlatformSpec } from '../spec/index.js';

/** Where a stack keeps its Terraform state. */
export type StateBackend =
  | { kind: 's3' }
  /** `path` is written as is: relative to the directory Terraform runs in. */
  | { kind: 'local'; path: string };

/** Everything one customer's stack is made from; nothing else may influence the output. */
export interface StackInputs {
  customer: Customer;
  platform: PlatformSpec;
  /** The golden image for the customer's OS in the customer's region. */
  image: { ami: string };
  backend: StateBackend;
}

/** Names shared by several constructs, so they cannot disagree. */
export function resourceNames(inputs: StackInputs) {
  const { customer, platform } = inputs;
  const prefix = `neo-${platform.environment}-${customer.id}`;
  return {
    prefix,
    backupBucket: `${prefix}-backups`,
    objectBucket: `${prefix}-objects`,
    alertTopic: `${prefix}-alerts`,
    logGroup: `/neo/${platform.environment}/${customer.id}`,
  };
}

/** Tags every taggable resource carries (the provider's default_tags), customer tags first. */
export function stackTags({ customer, platform }: StackInputs): Record<string, string> {
  return {
    ...customer.tags,
    Project: 'neo',
    ManagedBy: 'neo',
    Environment: platform.environment,
    'neo:customer': customer.id,
    'neo:plan': customer.tier.id,
  };
}
