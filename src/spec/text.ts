import type { Diagnostic } from './diagnostic.js';

/** Limits that keep a hostile or mistaken file from costing more than a clear error. */
export const PARSE_LIMITS = {
  maxBytes: 256 * 1024,
  maxDepth: 32,
  maxAliasCount: 100,
} as const;

const FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

export type DecodeResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

/**
 * The text of a spec file, if it is one: at most 256 KB of UTF-8 (a byte-order mark is
 * dropped) without control characters or the bidirectional overrides that hide what text says.
 */
export function decodeSpecText(file: string, bytes: Uint8Array): DecodeResult {
  const fail = (line: number, column: number, message: string): DecodeResult => ({
    ok: false,
    diagnostic: { file, line, column, severity: 'error', message },
  });
  if (bytes.byteLength > PARSE_LIMITS.maxBytes) {
    const size = `${Math.round(bytes.byteLength / 1024)} KB`;
    return fail(1, 1, `file is ${size}; spec files may be at most ${PARSE_LIMITS.maxBytes / 1024} KB`);
  }
  const decoded = decodeUtf8(bytes);
  const text = decoded.text.startsWith('\ufeff') ? decoded.text.slice(1) : decoded.text;
  if (!decoded.valid) {
    const { line, col } = positionIn(text, Math.max(text.indexOf('\ufffd'), 0));
    return fail(line, col, 'file is not valid UTF-8: save it as UTF-8 text');
  }
  const forbidden = findForbiddenCharacter(text);
  if (forbidden !== undefined) {
    const { line, col } = positionIn(text, forbidden.offset);
    return fail(line, col, forbidden.message);
  }
  return { ok: true, text };
}

/** 1-based line and column of `offset` in `text`, without a parsed document. */
export function positionIn(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

function decodeUtf8(bytes: Uint8Array): { text: string; valid: boolean } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), valid: true };
  } catch {
    return { text: new TextDecoder('utf-8').decode(bytes), valid: false };
  }
}

function findForbiddenCharacter(text: string): { offset: number; message: string } | undefined {
  FORBIDDEN.lastIndex = 0;
  const match = FORBIDDEN.exec(text);
  if (match === null) return undefined;
  const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  const bidi = code.startsWith('20') || code === '061C';
  const message = bidi
    ? `invisible bidirectional control character U+${code}: remove it (it makes text display differently from what it is)`
    : code === '0000'
      ? 'file contains NUL bytes: it looks like a binary file, not a YAML spec'
      : `control character U+${code} is not allowed in a spec file: remove it`;
  return { offset: match.index, message };
}
