import type { Risk, RiskSeverity } from '../diff/index.js';
import { mdText } from './markdown.js';
import { SEVERITY_WORDS } from './plan-words.js';

/** One icon per severity, so a risk looks the same in a plan comment and a drift report. */
export const SEVERITY_ICONS: Record<RiskSeverity, string> = {
  'data-loss': '⚠️',
  security: '🔓',
  'customer-visible': '👀',
};

/** `- 🔓 **security**: acme-corp: SSH (port 22) opens to the whole internet`, as a list item. */
export function riskItem(risk: Risk): string {
  const expected = risk.intended ? ' (as the spec asks)' : '';
  return `- ${SEVERITY_ICONS[risk.severity]} **${SEVERITY_WORDS[risk.severity]}**${expected}: ${mdText(risk.reason)}`;
}
