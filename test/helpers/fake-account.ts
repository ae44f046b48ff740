/**
 * The mocked AWS account as the fake Terraform's stacks hold it: each stack's state (what its
 * applies left, or what it held before) turned into what AWS's APIs would describe.
 */
import { type AwsAccount, accountOf, type StoredResource } from './aws-account.js';
import { resourcesOf, type StateJson, type StateResource } from './fake-terraform/apply-plan.mjs';

/** Nested blocks the state keeps as a list of one, which the account reads as the block. */
const SINGLE_BLOCKS = new Set(['root_block_device', 'metadata_options']);

export function accountOfStates(states: Iterable<StateJson>): AwsAccount {
  return accountOf([...states].flatMap((state) => resourcesOf(state).map(storedResource)));
}

/** A state's resource as the local cloud stores one, the form `accountOf` reads. */
export function storedResource(resource: StateResource): StoredResource {
  const { tags, tags_all: tagsAll, region, ...rest } = resource.values;
  const attributes = Object.fromEntries(
    Object.entries(rest).map(([name, value]) => [
      name,
      SINGLE_BLOCKS.has(name) && Array.isArray(value) ? (value[0] ?? null) : value,
    ]),
  ) as StoredResource['attributes'];
  const publicIp = resource.values.public_ip;
  return {
    type: resource.type,
    id: String(resource.values.id),
    ...(typeof region === 'string' ? { region } : {}),
    // AWS holds every tag, the provider's default tags included.
    tags: (tagsAll ?? tags ?? {}) as Record<string, string>,
    attributes,
    exports: typeof publicIp === 'string' ? { public_ip: publicIp } : {},
  };
}
