/** EC2 accepts at most 200 values in one filter. */
export const FILTER_VALUES_MAX = 200;

/**
 * Every item of a NextToken-paginated EC2 listing. An empty token ends it too: some
 * AWS-compatible emulators answer `""` rather than leaving it out.
 */
export async function allPages<P extends { NextToken?: string | undefined }, T>(
  fetch: (nextToken: string | undefined) => Promise<P>,
  items: (page: P) => T[] | undefined,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    all.push(...(items(page) ?? []));
    token = page.NextToken || undefined;
  } while (token !== undefined);
  return all;
}

/**
 * Reads `values` (ids for a filter) in chunks the API accepts, in parallel: calls grow with the
 * number of ids over 200, not one per id. No ids, no calls.
 */
export async function inChunks<T>(
  values: readonly string[],
  size: number,
  read: (chunk: string[]) => Promise<T[]>,
): Promise<T[]> {
  const reads: Promise<T[]>[] = [];
  for (let start = 0; start < values.length; start += size) {
    reads.push(read(values.slice(start, start + size)));
  }
  return (await Promise.all(reads)).flat();
}

export function present<T>(value: T | undefined): value is T {
  return value !== undefined;
}
