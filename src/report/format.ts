import type { ApplyReport } from '../apply/index.js';
import type { DriftReport } from '../cloud/index.js';
import type { Plan } from '../plan/index.js';
import type { Diagnostic } from '../spec/index.js';
import { renderApplyJson } from './apply/json.js';
import { renderApplyMarkdown } from './apply/markdown.js';
import { renderApplyText } from './apply/text.js';
import { renderDriftJson } from './drift/json.js';
import { renderDriftMarkdown } from './drift/markdown.js';
import { renderDriftText } from './drift/text.js';
import { renderPlanJson } from './plan/json.js';
import { renderPlanMarkdown } from './plan/markdown.js';
import { renderPlanText } from './plan/text.js';
import type { Paint } from './style.js';
import {
  renderDiagnosticsJson,
  renderDiagnosticsMarkdown,
  renderDiagnosticsText,
  renderGithubAnnotations,
  renderVerdict,
} from './validation/diagnostics.js';

/**
 * The one place a report's renderer is picked for a format: a command names the report and the
 * format the user asked for, and writes what comes back.
 */
export type Renderers<T, F extends string> = Record<F, (report: T, paint: Paint) => string>;

export function render<T, F extends string>(
  renderers: Renderers<T, F>,
  format: F,
  report: T,
  paint: Paint,
): string {
  return renderers[format](report, paint);
}

export type ReportFormat = 'text' | 'markdown' | 'json';

export const PLAN_REPORT: Renderers<Plan, ReportFormat> = {
  text: renderPlanText,
  markdown: (plan) => renderPlanMarkdown(plan),
  json: renderPlanJson,
};

export const APPLY_REPORT: Renderers<ApplyReport, ReportFormat> = {
  text: renderApplyText,
  markdown: (report) => renderApplyMarkdown(report),
  json: renderApplyJson,
};

export const DRIFT_REPORT: Renderers<DriftReport, ReportFormat> = {
  text: renderDriftText,
  markdown: (report) => renderDriftMarkdown(report),
  json: renderDriftJson,
};

/** The specs' problems, and how many files were checked. */
export interface Validated {
  diagnostics: readonly Diagnostic[];
  checked: number;
}

/** `github`: workflow commands, which Actions turns into annotations at file and line. */
export const VALIDATION_REPORT: Renderers<Validated, ReportFormat | 'github'> = {
  text: ({ diagnostics, checked }, paint) =>
    renderDiagnosticsText(diagnostics, paint) + renderVerdict(diagnostics, checked, paint),
  markdown: ({ diagnostics }) => renderDiagnosticsMarkdown(diagnostics),
  json: ({ diagnostics, checked }) => renderDiagnosticsJson(diagnostics, checked),
  github: ({ diagnostics, checked }) =>
    renderGithubAnnotations(diagnostics) + renderVerdict(diagnostics, checked),
};
