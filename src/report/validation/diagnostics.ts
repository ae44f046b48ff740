import type { Diagnostic } from '../../spec/index.js';
import { mdCode, mdText } from '../markdown.js';
import { type Paint, plain } from '../style.js';

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
export interface DiagnosticsMarkdownOptions {
  /** The command the result is of, in the headline. */
  command?: 'plan' | 'validate' | 'apply';
  /** Files checked, for the verdict of a valid repository. */
  checked?: number;
  /** Largest text to produce: problems beyond it are counted, not listed. */
  maxChars?: number;
}

/** The problems as markdown (a plan comment or the job summary), one line each, as many as fit. */
export function renderDiagnosticsMarkdown(
  diagnostics: readonly Diagnostic[],
  options: DiagnosticsMarkdownOptions = {},
): string {
  const { errors, warnings } = countDiagnostics(diagnostics);
  const command = options.command ?? 'plan';
  if (errors === 0 && warnings === 0) {
    return `### neo ${command} · ${options.checked === undefined ? 'the specs are valid' : `${plural(options.checked, 'file')} checked: no problems`}\n`;
  }
  const headline = `### neo ${command} · the specs have ${plural(errors, 'error')}${warnings > 0 ? ` and ${plural(warnings, 'warning')}` : ''}`;
  const intro =
    errors === 0
      ? 'Warnings (each is also annotated on the changed file):'
      : command === 'validate'
        ? 'Each is also annotated on the changed file:'
        : `Nothing can be ${command === 'plan' ? 'planned' : 'applied'} until they are fixed:`;
  const max = options.maxChars ?? 60_000;
  const lines: string[] = [];
  let length = headline.length + intro.length + 200;
  for (const d of diagnostics) {
    const icon = d.severity === 'error' ? '❌' : '⚠️';
    const line = `- ${icon} ${mdCode(`${d.file}:${d.line}:${d.column}`)} ${mdText(d.message)}`;
    if (length + line.length + 1 > max) break;
    lines.push(line);
    length += line.length + 1;
  }
  const more = diagnostics.length - lines.length;
  const rest =
    more > 0 ? [`- … and ${plural(more, 'more problem')}: run \`neo validate\` to see them all`] : [];
  return [headline, '', intro, '', ...lines, ...rest, ''].join('\n');
}
