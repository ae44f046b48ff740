import { directoryCache, stackHash, synthCodeVersion } from './cache.js';
import { synthesizeFleet } from './fleet.js';
import type { StackInputs } from './inputs.js';
import { StackDirectory } from './stack-directory.js';

/** Cached stacks unused this long are removed by a full synth. */
const CACHE_DAYS = 30;
const DAY_MS = 86_400_000;

export interface WriteOptions {
  /** Where stacks go, one `<id>/main.tf.json` each. */
  out: string;
  cacheDir: string;
  /** Build every stack, ignoring the cache and the stacks already written. */
  rebuild: boolean;
  /** `inputs` is the whole fleet: remove other customers' stacks and prune the cache. */
  wholeFleet: boolean;
  now: Date;
}

export interface WrittenStack {
  customerId: string;
  resources: number;
  /** Built by this run, rather than already written or taken from the cache. */
  built: boolean;
  file: string;
}

/**
 * Writes the stack of every customer in `inputs`, building only what changed: a stack already
 * written from the same inputs is left alone, one in the cache is copied, the rest are built.
 */
export async function writeStacks(
  inputs: StackInputs[],
  options: WriteOptions,
): Promise<{ stacks: WrittenStack[]; removed: string[] }> {
  const cache = directoryCache(options.cacheDir);
  const code = synthCodeVersion();
  const hashes = inputs.map((i) => stackHash(i, code));
  const directory = new StackDirectory(options.out);
  const written = inputs.map((input, i) =>
    options.rebuild ? undefined : directory.current(input.customer.id, hashes[i] as string),
  );
  const pending = inputs.flatMap((_, i) => (written[i] === undefined ? [i] : []));
  const built = await synthesizeFleet(
    pending.map((i) => inputs[i] as StackInputs),
    // --rebuild still refreshes the cache with what it built.
    {
      cache: options.rebuild ? { get: () => undefined, set: (hash, stack) => cache.set(hash, stack) } : cache,
      codeVersion: code,
    },
  );
  const fresh = new Map(pending.map((i, n) => [i, built[n]]));
  for (const stack of built) directory.write(stack.customerId, stack.hash, stack);
  const stacks = inputs.map(({ customer }, i): WrittenStack => {
    const stack = fresh.get(i);
    return {
      customerId: customer.id,
      resources: stack?.resources ?? written[i] ?? 0,
      built: stack !== undefined && !stack.cached,
      file: directory.stackFile(customer.id),
    };
  });
  const removed = options.wholeFleet ? directory.removeOthers(new Set(inputs.map((i) => i.customer.id))) : [];
  directory.save();
  if (options.wholeFleet) cache.prune(new Date(options.now.getTime() - CACHE_DAYS * DAY_MS));
  return { stacks, removed };
}
