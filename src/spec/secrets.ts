import type { Diagnostic } from './diagnostic.js';
import type { SourceDocument } from './parse.js';
import { positionIn } from './text.js';

/**
 * Secrets have no place in a spec (the server's SSH access takes a public key, the database
 * password is kept by RDS). Finding one is reported by kind and position only: the message
 * never repeats it, and the key should be rotated because it is in git history now.
 */
const SECRETS: ReadonlyArray<{ pattern: RegExp; message: string }> = [
  {
    pattern: /-----BEGIN ([A-Z]+ )*PRIVATE KEY( BLOCK)?-----/,
    message:
      'this is a private key: never commit one. Remove it, rotate the key (it is in git history now) and use the public key (.pub) instead',
  },
  {
    pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/,
    message:
      'this looks like an AWS access key id: remove it and rotate the key; neo takes credentials from the environment',
  },
  {
    // Classic tokens (ghp_, gho_, …) and fine-grained ones (github_pat_, 82 characters after it).
    pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})\b/,
    message: 'this looks like a GitHub token: remove it and revoke the token',
  },
];

export function secretProblems(source: SourceDocument): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const { pattern, message } of SECRETS) {
    const match = pattern.exec(source.text);
    if (match === null) continue;
    const { line, col } = positionIn(source.text, match.index);
    problems.push({ file: source.file, line, column: col, severity: 'error', message });
  }
  return problems;
}
