import type { Diagnostic } from '../diagnostic.js';
import { locate, type SpecPath } from '../locate.js';
import type { SpecFile, SpecRepository } from '../repository.js';

export interface ReportOptions {
  /** Point at the key rather than its value. */
  key?: boolean;
  severity?: Diagnostic['severity'];
}

export interface RuleContext {
  readonly repository: SpecRepository;
  report(file: SpecFile<unknown>, path: SpecPath, message: string, options?: ReportOptions): void;
}

/** A cross-file rule: reads the repository, reports what is wrong. */
export type Rule = (context: RuleContext) => void;

export function runRules(repository: SpecRepository, rules: readonly Rule[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const context: RuleContext = {
    repository,
    report(file, path, message, options = {}) {
      const position = locate(file.source, path, { key: options.key === true });
      diagnostics.push({ file: file.path, ...position, severity: options.severity ?? 'error', message });
    },
  };
  for (const rule of rules) rule(context);
  return diagnostics;
}
