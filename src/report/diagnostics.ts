import type { Diagnostic } from '../spec/index.js';
import { mdCode, mdText } from './markdown.js';
import { type Paint, plain } from './style.js';

export interface DiagnosticCounts {
  errors: number;
  warnings: number;
  files: number;
}

export function countDiagnostics(diagnostics: readonly Diagnostic[]): DiagnosticCounts {
  return {
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    files: new Set(diagnostics.map((d) => d.file)).size,
  };
}

/** One line per problem, `file:line:column: severity: message`, as compilers print them. */
export function renderDiagnosticsText(diagnostics: readonly Diagnostic[], paint: Paint = plain): string {
  return diagnostics
    .map((d) => {
      const where = paint('bold', `${d.file}:${d.line}:${d.column}:`);
      const severity = d.severity === 'error' ? paint('red', 'error:') : paint('yellow', 'warning:');
      return `${where} ${severity} ${d.message}\n`;
    })
    .join('');
}

/** "3 errors and 1 warning in 2 files (58 files checked)" or "58 files checked: no problems". */
export function renderVerdict(
  diagnostics: readonly Diagnostic[],
  checked: number,
  paint: Paint = plain,
): string {
  const { errors, warnings, files } = countDiagnostics(diagnostics);
  const checkedText = `${checked} ${checked === 1 ? 'file' : 'files'} checked`;
  if (errors === 0 && warnings === 0) return `${paint('green', '✔')} ${checkedText}: no problems\n`;
  const parts = [plural(errors, 'error'), ...(warnings > 0 ? [plural(warnings, 'warning')] : [])];
  const mark = errors > 0 ? paint('red', '✖') : paint('yellow', '⚠');
  return `${mark} ${parts.join(' and ')} in ${plural(files, 'file')} (${checkedText})\n`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * GitHub Actions workflow commands, so each problem shows inline in the pull request diff.
 * Escaping follows the runner: `%`, CR and LF everywhere, plus `:` and `,` in properties.
 */
export function renderGithubAnnotations(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const command = d.severity === 'error' ? 'error' : 'warning';
      const properties = [
        `file=${escapeProperty(d.file)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        `title=${escapeProperty('neo validate')}`,
      ].join(',');
      return `::${command} ${properties}::${escapeData(d.message)}\n`;
    })
    .join('');
}

function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

export interface ValidationReport {
  valid: boolean;
  files: number;
  errors: number;
  warnings: number;
  diagnostics: readonly Diagnostic[];
}

export function renderDiagnosticsJson(diagnostics: readonly Diagnostic[], checked: number): string {
  const { errors, warnings } = countDiagnostics(diagnostics);
  const report: ValidationReport = { valid: errors === 0, files: checked, errors, warnings, diagnostics };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Problems as a GitHub comment: what a pull request's plan is when its specs are invalid. */
export function renderDiagnosticsMarkdown(diagnostics: readonly Diagnostic[]): string {
  const { errors, warnings } = countDiagnostics(diagnostics);
  const lines = diagnostics.map((d) => {
    const icon = d.severity === 'error' ? '❌' : '⚠️';
    return `- ${icon} ${mdCode(`${d.file}:${d.line}:${d.column}`)} ${mdText(d.message)}`;
  });
  return [
    `### neo plan · the specs have ${errors} error${errors === 1 ? '' : 's'}${warnings > 0 ? ` and ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`,
    '',
    'Nothing can be planned until they are fixed (each is also annotated on the changed file):',
    '',
    ...lines,
    '',
  ].join('\n');
}
