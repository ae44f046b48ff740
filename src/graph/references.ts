/** A Terraform reference inside a value: `${aws_vpc.main.id}` → address and attribute. */
export interface Reference {
  address: string;
  attribute: string;
}

const TOKEN = /\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([A-Za-z0-9_.[\]]+)\}/g;

/** Every resource reference in a string (interpolations in a larger string included). */
export function referencesIn(value: unknown): Reference[] {
  if (typeof value === 'string') {
    return [...value.matchAll(TOKEN)].map((m) => ({ address: m[1] ?? '', attribute: m[2] ?? '' }));
  }
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  return [];
}
