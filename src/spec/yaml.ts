import {
  type Document,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  type Node,
  type ParsedNode,
  parseAllDocuments,
  type YAMLError,
  type YAMLMap,
} from 'yaml';
import type { Diagnostic } from './diagnostic.js';
import { quote } from './diagnostic.js';
import { PARSE_LIMITS } from './text.js';

type LinePosition = (offset: number) => { line: number; col: number };

const PARSE_OPTIONS = {
  version: '1.2',
  schema: 'core', // YAML 1.2 core: `NO`, `on`, `yes` stay strings
  resolveKnownTags: false, // no !!binary, !!set, !!timestamp…: an explicit tag is an error
  uniqueKeys: true,
  strict: true,
  prettyErrors: false,
} as const;

/** A YAML syntax tree with the line positions of its nodes. */
export interface YamlTree {
  doc: Document.Parsed;
  lines: LineCounter;
}

export type YamlResult =
  | { ok: true; tree: YamlTree; data: unknown }
  | { ok: false; diagnostics: Diagnostic[] };

/**
 * Parses decoded spec text with `yaml`, the parser that knows where every node is: one YAML 1.2
 * document, no directives or tags, unique keys, bounded nesting and aliases. Every problem found
 * is returned at once, each with its line and column.
 */
export function parseYaml(file: string, text: string): YamlResult {
  const at = (line: number, column: number, message: string): Diagnostic => ({
    file,
    line,
    column,
    severity: 'error',
    message,
  });
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter: lines });
  const pos = (offset: number) => lines.linePos(offset);
  const atOffset = (offset: number, message: string) => {
    const { line, col } = pos(offset);
    return at(line, col, message);
  };

  if (!Array.isArray(docs) || docs.length === 0) {
    return fail(at(1, 1, 'file is empty: it should hold one YAML mapping'));
  }
  const diagnostics: Diagnostic[] = [];
  if (docs.length > 1) {
    const second = docs[1] as Document.Parsed;
    diagnostics.push(
      atOffset(
        second.range[0],
        'a spec file holds exactly one YAML document: remove this `---` and what follows, or move it to its own file',
      ),
    );
  }
  const doc = docs[0] as Document.Parsed;
  const directive = directiveProblem(text, doc, atOffset);
  if (directive !== undefined) return fail(directive); // tags it declares would only add noise
  diagnostics.push(...yamlProblems(doc, atOffset, pos));
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  const structure = structureProblem(doc);
  if (structure !== undefined) return fail(atOffset(structure.offset, structure.message));
  try {
    const data = doc.toJS({ maxAliasCount: PARSE_LIMITS.maxAliasCount });
    return { ok: true, tree: { doc, lines }, data };
  } catch (error) {
    if (error instanceof ReferenceError || (error instanceof Error && /alias/i.test(error.message))) {
      return fail(
        at(1, 1, 'aliases expand too much (a YAML "billion laughs"): write the values out instead'),
      );
    }
    throw error;
  }
}

function fail(diagnostic: Diagnostic): YamlResult {
  return { ok: false, diagnostics: [diagnostic] };
}

function directiveProblem(
  text: string,
  doc: Document.Parsed,
  atOffset: (offset: number, message: string) => Diagnostic,
): Diagnostic | undefined {
  const explicitYaml = doc.directives?.yaml.explicit === true;
  const directive = /^%/m.exec(text);
  if (!explicitYaml && directive === null) return undefined;
  return atOffset(
    directive?.index ?? 0,
    'remove this directive: spec files are plain YAML 1.2 without %YAML or %TAG lines',
  );
}

function yamlProblems(
  doc: Document.Parsed,
  atOffset: (offset: number, message: string) => Diagnostic,
  lineOf: LinePosition,
): Diagnostic[] {
  const problems = [...doc.errors, ...doc.warnings];
  const exhausted = problems.find((e) => e.code === 'RESOURCE_EXHAUSTION');
  if (exhausted !== undefined) {
    return [atOffset(exhausted.pos[0], tooDeep())];
  }
  return problems.map((e) => atOffset(e.pos[0], yamlMessage(e, doc, lineOf)));
}

function tooDeep(): string {
  return `values are nested more than ${PARSE_LIMITS.maxDepth} levels deep: flatten the structure`;
}

function yamlMessage(error: YAMLError, doc: Document.Parsed, lineOf: LinePosition): string {
  const first = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return duplicateKeyMessage(error.pos[0], doc, lineOf);
    case 'TAG_RESOLVE_FAILED':
      return `${first}: spec files use plain YAML values without tags; remove the tag`;
    case 'TAB_AS_INDENT':
      return 'tabs are not allowed for indentation in YAML: indent with spaces';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'YAML reads the `: ` in this value as a nested key: put the value in quotes, or fix the indentation';
    case 'BAD_SCALAR_START':
      return `YAML syntax error: ${first}: put the value in quotes`;
    default:
      return `YAML syntax error: ${first}`;
  }
}

function duplicateKeyMessage(offset: number, doc: Document.Parsed, lineOf: LinePosition): string {
  let message = 'duplicate key: keep only one';
  visitMaps(doc.contents, (map) => {
    const duplicate = map.items.find((pair) => isScalar(pair.key) && pair.key.range?.[0] === offset);
    if (duplicate === undefined) return;
    const key = (duplicate.key as { value: unknown }).value;
    const firstPair = map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
    const firstOffset = (firstPair?.key as ParsedNode | undefined)?.range[0];
    message = `duplicate key ${quote(String(key))}`;
    message +=
      firstOffset !== undefined && firstOffset !== offset
        ? ` (already set on line ${lineOf(firstOffset).line}): keep only one`
        : ': keep only one';
  });
  return message;
}

function visitMaps(node: unknown, visit: (map: YAMLMap<ParsedNode, ParsedNode>) => void): void {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (isMap(current)) visit(current as YAMLMap<ParsedNode, ParsedNode>);
    if (isCollection(current)) {
      for (const item of current.items) {
        if (isPair(item)) stack.push(item.key, item.value);
        else stack.push(item);
      }
    }
  }
}

/** Too deep, or keys that are not plain scalars: found without recursion, whatever the input. */
function structureProblem(doc: Document.Parsed): { offset: number; message: string } | undefined {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: doc.contents, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (!isCollection(node)) continue;
    const offset = (node as ParsedNode).range[0];
    if (depth > PARSE_LIMITS.maxDepth) return { offset, message: tooDeep() };
    for (const item of node.items) {
      if (isPair(item)) {
        const key = item.key as Node | null;
        if (key !== null && !isScalar(key) && !isAlias(key)) {
          return {
            offset: (key as ParsedNode).range[0],
            message: 'keys must be plain names, not lists or mappings',
          };
        }
        stack.push({ node: item.value, depth: depth + 1 });
      } else {
        stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return undefined;
}
