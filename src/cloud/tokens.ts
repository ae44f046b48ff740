import type { AttributeValue } from '../graph/index.js';
import { wholeReference } from './references.js';

/** Raw cloud values (ids, public IPs) → the `${address.attribute}` tokens that name them. */
export type TokenIndex = Map<string, string[]>;

export function tokenIndex(
  exportsByAddress: Iterable<[address: string, exports: Record<string, string>]>,
): TokenIndex {
  const index: TokenIndex = new Map();
  for (const [address, exports] of exportsByAddress) {
    // `id` first: when two attributes share a value (an EIP's id and allocation id), a
    // reference the spec does not disambiguate reads as the id.
    const names = Object.keys(exports).sort((a, b) => Number(b === 'id') - Number(a === 'id'));
    for (const name of names) {
      const value = exports[name];
      if (value === undefined || value === '') continue;
      const tokens = index.get(value) ?? [];
      tokens.push(`\${${address}.${name}}`);
      index.set(value, tokens);
    }
  }
  return index;
}

/**
 * The observed value with raw values of known resources turned into tokens. Where the desired
 * value at the same place is a token for that very value, that token is used, so two names for
 * one value (`id` and `allocation_id`) compare equal.
 */
export function tokenize(
  observed: AttributeValue,
  desired: AttributeValue | undefined,
  index: TokenIndex,
): AttributeValue {
  if (typeof observed === 'string') return tokenFor(observed, preferredTokens(desired), index);
  if (Array.isArray(observed)) {
    const preferred = preferredTokens(desired);
    return observed.map((item) =>
      typeof item === 'string' ? tokenFor(item, preferred, index) : tokenize(item, undefined, index),
    );
  }
  if (observed !== null && typeof observed === 'object') {
    const counterpart = isRecord(desired) ? desired : {};
    return Object.fromEntries(
      Object.entries(observed).map(([key, value]) => [key, tokenize(value, counterpart[key], index)]),
    );
  }
  return observed;
}

function tokenFor(value: string, preferred: Set<string>, index: TokenIndex): string {
  const tokens = index.get(value);
  if (tokens === undefined) return value;
  return tokens.find((token) => preferred.has(token)) ?? (tokens[0] as string);
}

function preferredTokens(desired: AttributeValue | undefined): Set<string> {
  const values = Array.isArray(desired) ? desired : [desired];
  return new Set(values.filter((v): v is string => typeof v === 'string' && wholeReference(v) !== undefined));
}

function isRecord(value: AttributeValue | undefined): value is { [key: string]: AttributeValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
