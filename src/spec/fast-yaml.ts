import { CORE_SCHEMA, load } from 'js-yaml';
import { PARSE_LIMITS } from './text.js';

/**
 * The fast path for plain spec files. `yaml` (which keeps every node's position) parses about
 * 2 MB/s on a cold process: 0.8 s of a 1,000-customer validation. js-yaml 5 is a YAML 1.2 parser
 * that passes the YAML test suite and reads the same files about four times faster, but knows no
 * positions. So a file is read here first; `undefined` sends it to `yaml` instead, which then
 * also produces every message: anything unusual (directives, anchors, tags, errors, keys the two
 * parsers read differently) and, later, any file with a problem to point at.
 */
export function loadPlainYaml(text: string): unknown {
  if (/^%/m.test(text)) return undefined; // a directive could switch the YAML version
  let data: unknown;
  try {
    data = load(text, { schema: CORE_SCHEMA, maxAliases: 0, maxDepth: PARSE_LIMITS.maxDepth, json: false });
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== 'object' || !plainKeys(data)) return undefined;
  return data;
}

/** A null key (`~:` or `null:`) becomes "null" in js-yaml but "" in `yaml`: leave those to `yaml`. */
function plainKeys(root: object): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (!Array.isArray(node) && ('null' in node || '' in node)) return false;
    stack.push(...Object.values(node));
  }
  return true;
}
