import type { Diagnostic } from './diagnostic.js';
import { loadPlainYaml } from './fast-yaml.js';
import { decodeSpecText } from './text.js';
import { parseYaml, type YamlTree } from './yaml.js';

/** A parsed spec file that can still say where each of its values is written. */
export interface SourceDocument {
  file: string;
  /** The text as decoded (without a byte-order mark), for scans that need the raw characters. */
  text: string;
  /** The syntax tree with positions; parsed on first use for files that took the fast path. */
  tree(): YamlTree | undefined;
}

export type ParseResult =
  | { ok: true; source: SourceDocument; data: unknown; fast: boolean }
  | { ok: false; diagnostics: Diagnostic[] };

/**
 * Parses one spec file safely: its bytes are checked first (size, UTF-8, hidden characters),
 * then plain files take the fast path and everything else the positional parser, which reports
 * every problem at once with its line and column. `fast: false` forces the positional parser.
 */
export function parseSpecFile(
  file: string,
  bytes: Uint8Array,
  options: { fast?: boolean } = {},
): ParseResult {
  const decoded = decodeSpecText(file, bytes);
  if (!decoded.ok) return { ok: false, diagnostics: [decoded.diagnostic] };
  const { text } = decoded;
  if (options.fast !== false) {
    const data = loadPlainYaml(text);
    if (data !== undefined) return { ok: true, source: lazySource(file, text), data, fast: true };
  }
  const parsed = parseYaml(file, text);
  if (!parsed.ok) return parsed;
  return { ok: true, source: { file, text, tree: () => parsed.tree }, data: parsed.data, fast: false };
}

function lazySource(file: string, text: string): SourceDocument {
  let tree: YamlTree | undefined;
  let parsed = false;
  return {
    file,
    text,
    tree() {
      if (!parsed) {
        const result = parseYaml(file, text);
        tree = result.ok ? result.tree : undefined;
        parsed = true;
      }
      return tree;
    },
  };
}
