import { isAlias, isMap, isScalar, isSeq, type Node, type ParsedNode } from 'yaml';
import type { SourceDocument } from './parse.js';
import type { YamlTree } from './yaml.js';

export type SpecPath = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  column: number;
}

/**
 * Where the value at `path` is written. With `key`, where its key is written instead (for
 * problems with a key itself). A path that does not exist resolves to its nearest existing
 * ancestor, so a missing key points at the mapping that lacks it.
 */
export function locate(source: SourceDocument, path: SpecPath, options: { key?: boolean } = {}): Position {
  const tree = source.tree();
  if (tree === undefined) return { line: 1, column: 1 };
  let node: Node | null | undefined = tree.doc.contents;
  let keyNode: Node | null | undefined;
  for (const segment of path) {
    const resolved = resolveAlias(tree, node);
    const next = child(resolved, segment);
    if (next === undefined) break;
    node = next.value;
    keyNode = next.key;
  }
  const target = options.key === true && keyNode ? keyNode : (node ?? keyNode);
  const offset = (target as ParsedNode | null | undefined)?.range?.[0] ?? firstContentOffset(tree);
  const { line, col } = tree.lines.linePos(offset);
  return { line, column: col };
}

function child(
  node: Node | null | undefined,
  segment: string | number,
): { key?: Node; value: Node | null } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      if (isScalar(key) && String(key.value) === String(segment)) {
        return { key, value: (pair.value as Node | null) ?? key };
      }
    }
    return undefined;
  }
  if (isSeq(node)) {
    const item = node.items[Number(segment)] as Node | undefined;
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}

function resolveAlias(tree: YamlTree, node: Node | null | undefined): Node | null | undefined {
  return isAlias(node) ? (node.resolve(tree.doc) as Node | undefined) : node;
}

function firstContentOffset(tree: YamlTree): number {
  return (tree.doc.contents as ParsedNode | null)?.range[0] ?? 0;
}

/** JSON pointer (as in ajv's instancePath) to path segments. */
export function pointerToPath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** A path as users read it in YAML terms: server.panel, addons[1], tags."Cost Center". */
export function describePath(path: SpecPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number' || /^\d+$/.test(segment)) text += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `${text === '' ? '' : '.'}${JSON.stringify(segment)}`;
  }
  return text;
}
