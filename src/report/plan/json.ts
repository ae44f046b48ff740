import type { Plan } from '../../plan/index.js';

/** The plan as JSON for tools and the PR workflow's artifact. Sensitive values are never in it. */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
