import type { AttributeValue } from '../graph/index.js';

/** `${type.name.attribute}`: a Terraform reference to another resource of the same stack. */
const REFERENCE = /\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\}/g;
const WHOLE_REFERENCE = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\}$/;

export type ReferenceLookup = (address: string, attribute: string) => AttributeValue | undefined;

/**
 * Replaces references by what `lookup` knows of them, at any depth. A string that is exactly
 * one reference takes the referenced value as it is (a list of name servers stays a list); a
 * reference inside a longer string is interpolated. What `lookup` does not know stays a token.
 */
export function resolveReferences(value: AttributeValue, lookup: ReferenceLookup): AttributeValue {
  if (typeof value === 'string') return resolveString(value, lookup);
  if (Array.isArray(value)) return value.map((item) => resolveReferences(item, lookup));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, lookup)]));
  }
  return value;
}

function resolveString(text: string, lookup: ReferenceLookup): AttributeValue {
  const whole = WHOLE_REFERENCE.exec(text);
  if (whole) return lookup(whole[1] as string, whole[2] as string) ?? text;
  if (!text.includes('${')) return text;
  return text.replace(REFERENCE, (token, address: string, attribute: string) => {
    const resolved = lookup(address, attribute);
    return typeof resolved === 'string' || typeof resolved === 'number' ? String(resolved) : token;
  });
}

/** The `[address, attribute]` of a string that is exactly one reference. */
export function wholeReference(text: string): [address: string, attribute: string] | undefined {
  const match = WHOLE_REFERENCE.exec(text);
  return match ? [match[1] as string, match[2] as string] : undefined;
}
