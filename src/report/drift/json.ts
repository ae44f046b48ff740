import type { DriftReport } from '../../cloud/index.js';

/**
 * The drift report as JSON for tools and the scheduled workflow's artifact, exactly as observed
 * (`formatVersion: 1`). Sensitive values are not in the report, so none can be in it.
 */
export function renderDriftJson(report: DriftReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
