// Rendering, pure: reports as data in, text out. A folder per report (plan, apply, drift,
// validation, summary, synth); the words they share in words.ts; a renderer picked for a
// format in format.ts.
export { type ApplyMarkdownOptions, renderApplyMarkdown } from './apply/markdown.js';
export {
  customerDriftDetails,
  renderCustomerDriftMarkdown,
  renderDriftMarkdown,
  renderOrphansMarkdown,
} from './drift/markdown.js';
export {
  type DriftRecordContext,
  driftPullRequestTitle,
  foreignCommitsNote,
  renderDriftPullRequestBody,
  renderDriftRecord,
} from './drift/record.js';
export { kindCounts } from './drift/words.js';
export {
  APPLY_REPORT,
  DRIFT_REPORT,
  PLAN_REPORT,
  type Renderers,
  type ReportFormat,
  render,
  VALIDATION_REPORT,
  type Validated,
} from './format.js';
export { firstThatFits, htmlText, mdCode, mdTable, mdText } from './markdown.js';
export { renderPlanJson } from './plan/json.js';
export { type MarkdownOptions, renderPlanMarkdown } from './plan/markdown.js';
export { ansi, type Paint, plain, type Style } from './style.js';
export { type Portfolio, type PortfolioRow, portfolio, renderPortfolioText } from './summary/portfolio.js';
export { renderSynthText, type SynthReport, type SynthRow } from './synth/synth.js';
export {
  type DiagnosticsMarkdownOptions,
  renderDiagnosticsJson,
  renderDiagnosticsMarkdown,
  renderDiagnosticsText,
  renderVerdict,
} from './validation/diagnostics.js';
