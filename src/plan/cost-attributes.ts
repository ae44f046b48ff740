/**
 * Reading the attributes a price depends on. A value Terraform only knows at apply time (a
 * `${…}` reference) cannot be priced: the reader says so to the sink and returns undefined.
 */
import type { Attributes } from '../graph/index.js';

export interface CostSink {
  /** A monthly cost of the resource, in USD. */
  add(item: string, usd: number): void;
  /** Something of the resource the estimate leaves out, and why. */
  miss(what: string): void;
}

/** A string attribute; undefined, and said so, when Terraform only knows it at apply time or it is missing. */
export function text(
  attributes: Attributes,
  key: string,
  out: CostSink,
  fallback?: string,
): string | undefined {
  const value = attributes[key];
  if (value === undefined || value === null) {
    if (fallback === undefined) out.miss(`${key} is not set`);
    return fallback;
  }
  if (typeof value === 'string' && !value.includes('${')) return value;
  out.miss(`${key} is not known until apply`);
  return undefined;
}

/** A number attribute, or `fallback` when absent; undefined, and said so, when it is not known. */
export function amount(
  attributes: Attributes,
  key: string,
  out: CostSink,
  fallback?: number,
): number | undefined {
  const value = attributes[key];
  if (value === undefined || value === null) {
    if (fallback === undefined) out.miss(`${key} is not set`);
    return fallback;
  }
  const parsed = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (typeof parsed === 'number' && Number.isFinite(parsed)) return parsed;
  out.miss(`${key} is not known until apply`);
  return undefined;
}

/** A number attribute that may be absent (undefined then, and nothing said). */
export function optionalAmount(attributes: Attributes, key: string, out: CostSink): number | undefined {
  return attributes[key] === undefined || attributes[key] === null ? undefined : amount(attributes, key, out);
}

/** A sink passing everything on (misses with a prefix) that remembers whether anything was missed. */
export function watching(out: CostSink, prefix = ''): CostSink & { missed: boolean } {
  const sink = {
    missed: false,
    add: out.add,
    miss(what: string) {
      sink.missed = true;
      out.miss(`${prefix}${what}`);
    },
  };
  return sink;
}

/** A boolean attribute, false when absent; undefined, and said so, when it is not known. */
export function flag(attributes: Attributes, key: string, out: CostSink): boolean | undefined {
  const value = attributes[key] ?? false;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  out.miss(`${key} is not known until apply`);
  return undefined;
}

/** A table entry, never one inherited from Object.prototype (`constructor`). */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function isRecord(value: unknown): value is Attributes {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
