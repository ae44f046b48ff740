import type { ResourceChange } from '../../diff/index.js';
import {
  adoptedAddresses,
  type CustomerPlan,
  type LiveDrift,
  type Plan,
  type PlanSide,
} from '../../plan/index.js';
import { customerDriftLines } from '../drift/text.js';
import { cloudText, observedText } from '../drift/words.js';
import { type Paint, plain, type Style } from '../style.js';
import { ACTION_SYMBOLS, clean, headlineOf, plural, SEVERITY_WORDS, sortedRisks } from '../words.js';
import { terraformCheckLines } from './terraform-check.js';
import {
  attributeSides,
  beforeAfter,
  capacityVerdict,
  capacityWarnings,
  headline,
  liveOutcome,
  planRisks,
  sideParts,
  tagChanges,
  tagsOnly,
  tierChange,
} from './words.js';

const ACTION_STYLES: Record<ResourceChange['action'], Style> = {
  create: 'green',
  update: 'yellow',
  replace: 'red',
  delete: 'red',
  forget: 'cyan',
  'no-op': 'dim',
};

/** The plan for a terminal, like `terraform plan` but per customer and with the business facts. */
export function renderPlanText(plan: Plan, paint: Paint = plain): string {
  const out: string[] = [];
  const base = plan.base === undefined ? 'no base (everything is created)' : `base ${sideLabel(plan.base)}`;
  out.push(paint('bold', `neo plan · ${plan.environment} · ${base} → head ${sideLabel(plan.head)}`));
  out.push(clean(headline(plan)), '');
  for (const exceeded of plan.blastRadius.exceeded) {
    const tag = plan.blastRadius.overridden
      ? 'blast radius exceeded (override given)'
      : 'BLAST RADIUS EXCEEDED';
    out.push(paint('red', `${tag}: ${clean(exceeded)}`));
  }
  if (plan.blastRadius.exceeded.length > 0) {
    if (!plan.blastRadius.overridden) out.push('  split the change, or accept it with --allow-blast-radius');
    out.push('');
  }
  const terraform = terraformCheckLines(plan.terraform, paint, clean);
  out.push(...terraform.top);
  const risks = sortedRisks(planRisks(plan));
  if (risks.length > 0) {
    out.push(paint('bold', 'Risks'));
    for (const risk of risks) {
      const label = `${SEVERITY_WORDS[risk.severity]}${risk.intended ? ' (as asked)' : ''}`.padEnd(28);
      out.push(`  ${paint(risk.severity === 'data-loss' ? 'red' : 'yellow', label)}${clean(risk.reason)}`);
    }
    out.push('');
  }
  for (const customer of plan.customers) out.push(...customerLines(customer, paint), '');
  out.push(...liveLines(plan.live, paint));
  out.push(...terraform.section);
  for (const check of capacityWarnings(plan.capacity)) {
    const where = check.region ?? 'the account';
    out.push(
      paint(
        'yellow',
        `capacity: ${check.quota} in ${where}: ${check.before} → ${check.after} of ${check.limit}, ${capacityVerdict(check)}`,
      ),
    );
  }
  for (const note of plan.notes) out.push(paint('yellow', `note: ${clean(note)}`));
  if (plan.unchangedCustomers > 0)
    out.push(paint('dim', `${plural(plan.unchangedCustomers, 'customer')} compared and unchanged`));
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * Drift of the compared customers, which applying reverts too (except unmanaged resources, and
 * what the change adopts).
 */
function liveLines(live: LiveDrift | undefined, paint: Paint): string[] {
  if (live === undefined) return [];
  const seen = `${cloudText(live.cloud)}, observed ${observedText(live.observedAt)}`;
  if (live.customers.length === 0)
    return [paint('dim', `No live drift in the ${plural(live.observed, 'customer')} compared (${seen})`), ''];
  const { reverted, adopted } = liveOutcome(live);
  const effect =
    adopted === 0
      ? 'applying restores the spec, reverting modified and missing resources'
      : reverted === 0
        ? 'this change adopts what is live, so applying changes none of the modified and missing resources'
        : 'applying restores the spec, reverting the modified and missing resources this change does not adopt';
  return [
    paint('bold', `Live drift (${seen}): ${effect}`),
    ...live.customers.flatMap((c) => [...customerDriftLines(c, paint, adoptedAddresses(c)), '']),
  ];
}

function customerLines(customer: CustomerPlan, paint: Paint): string[] {
  const facts = [
    customer.kind,
    tierChange(customer),
    `${beforeAfter(customer.before?.priceUsd, customer.after?.priceUsd)}/month`,
    `AWS est. ${beforeAfter(customer.before?.awsCostUsd, customer.after?.awsCostUsd)}/month`,
  ];
  const lines = [`${paint('bold', clean(customer.customerId))} · ${clean(facts.join(' · '))}`];
  const tagged = customer.changes.filter(tagsOnly);
  for (const change of customer.changes.filter((c) => !tagsOnly(c)))
    lines.push(...changeLines(change, paint));
  if (tagged.length > 0) {
    const edits = tagChanges(tagged).map((t) => `${t.key}: ${t.before} → ${t.after}`);
    lines.push(
      paint('yellow', `  ~ tags only on ${plural(tagged.length, 'resource')}: ${clean(edits.join(', '))}`),
    );
  }
  return lines;
}

function changeLines(change: ResourceChange, paint: Paint): string[] {
  const symbol = ACTION_SYMBOLS[change.action].padStart(3);
  const style = ACTION_STYLES[change.action];
  if (change.action === 'create' || change.action === 'delete') {
    const summary = headlineOf(change);
    return [
      `${paint(style, `${symbol} ${change.address}`)}${summary === '' ? '' : paint('dim', `  ${clean(summary)}`)}`,
    ];
  }
  const because =
    change.replacedBecause === undefined
      ? ''
      : paint('dim', `  (replaced: ${clean(change.replacedBecause.join(', '))})`);
  const lines = [`${paint(style, `${symbol} ${change.address}`)}${because}`];
  for (const attribute of change.attributes) {
    const { before, after } = attributeSides(attribute);
    const forces = attribute.forcesReplacement ? paint('red', '  # forces replacement') : '';
    lines.push(`      ${clean(attribute.path)}: ${clean(before)} → ${clean(after)}${forces}`);
  }
  return lines;
}

function sideLabel(side: PlanSide): string {
  const { label, commit } = sideParts(side);
  return commit === undefined ? label : `${label} (${commit})`;
}
