import type { Diagnostic } from './diagnostic.js';
import { quote } from './diagnostic.js';
import type { SourceDocument } from './parse.js';
import type { SpecKind } from './schema.js';

const MODELINE = /^#\s*yaml-language-server:\s*\$schema=(\S*)/m;

/** The modeline an editor needs to check this file against its schema. */
export function expectedModeline(path: string, kind: SpecKind): string {
  const depth = path.split('/').length - 1;
  return `# yaml-language-server: $schema=${'../'.repeat(depth)}schemas/${kind}.schema.json`;
}

/**
 * Spec files start with a yaml-language-server modeline so editors autocomplete and flag
 * mistakes before CI does; a missing or wrong one is a warning, not an error.
 */
export function modelineProblem(source: SourceDocument, kind: SpecKind): Diagnostic | undefined {
  // Only the comment lines at the top of the file count.
  const text = /^([ \t]*(#[^\n]*)?\r?\n)*/.exec(source.text)?.[0] ?? '';
  const expected = expectedModeline(source.file, kind);
  const wanted = expected.slice(expected.indexOf('$schema=') + '$schema='.length);
  const match = MODELINE.exec(text);
  if (match === null) {
    return {
      file: source.file,
      line: 1,
      column: 1,
      severity: 'warning',
      message: `no schema modeline: add \`${expected}\` as the first line so editors check this file as you type`,
    };
  }
  if (match[1] === wanted) return undefined;
  const line = text.slice(0, match.index).split('\n').length;
  return {
    file: source.file,
    line,
    column: 1,
    severity: 'warning',
    message: `the schema modeline points at ${quote(match[1])}: it should read \`${expected}\``,
  };
}
