import type { ResourceChange } from '../../diff/index.js';
import { resourceKey } from './liveness.js';
import type { LocalStore, StoredResource } from './store.js';

const BUCKET = 'aws_s3_bucket';

/**
 * Refuses an apply that creates an S3 bucket whose name a bucket outside the customer's state
 * already has (made by hand in the console, or by another customer's applies). Bucket names are
 * global in AWS, and `CreateBucket` fails with `BucketAlreadyOwnedByYou` when the name is taken
 * in the account. AWS refuses only at apply time: Terraform's plan cannot know and still shows
 * "+ create", so this runs when writing, not while planning, and before anything is written.
 * Only buckets: other names AWS keeps unique are not simulated.
 */
export async function refuseTakenBucketNames(
  store: LocalStore,
  customerId: string,
  changes: readonly ResourceChange[],
  resources: ReadonlyMap<string, StoredResource>,
  owned: ReadonlySet<string>,
): Promise<void> {
  const created = changes.filter(
    (c) => c.type === BUCKET && (c.action === 'create' || c.action === 'replace'),
  );
  if (created.length === 0) return;
  const taken = await bucketsNotOwned(store, owned);
  const clashes = created.flatMap((change) => {
    const name = resources.get(change.address)?.attributes.bucket;
    const other = typeof name === 'string' ? taken.get(name) : undefined;
    if (other === undefined) return [];
    return [
      `${change.address}: BucketAlreadyOwnedByYou: the bucket ${name} already exists ` +
        `(${other.id} in cloud/${other.file}, not created by this customer's applies)`,
    ];
  });
  if (clashes.length === 0) return;
  const them = clashes.length === 1 ? 'it' : 'them';
  throw new Error(
    `${customerId}: nothing applied, ${clashes.join('; ')}. ` +
      `Delete ${them}, or import ${them} into the customer's state, then apply again.`,
  );
}

/** The buckets that exist and the state does not own, by name: their id and cloud file. */
async function bucketsNotOwned(
  store: LocalStore,
  owned: ReadonlySet<string>,
): Promise<Map<string, { id: string; file: string }>> {
  const live = await store.liveResourceFiles();
  const taken = new Map<string, { id: string; file: string }>();
  for (const file of await store.readCloud()) {
    for (const resource of file.resources) {
      const key = resourceKey(resource);
      const name = resource.attributes.bucket;
      if (resource.type !== BUCKET || owned.has(key) || !live.has(key) || typeof name !== 'string') continue;
      if (!taken.has(name)) taken.set(name, { id: resource.id, file: file.name });
    }
  }
  return taken;
}
