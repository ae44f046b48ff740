import type { AttributeChange, ResourceChange, Risk } from '../../diff/index.js';
import type {
  CapacityCheck,
  CustomerChangeKind,
  CustomerPlan,
  LiveDrift,
  Plan,
  PlanSide,
} from '../../plan/index.js';
import { countsText, leafText, plural, signedUsd, usd } from '../words.js';

/** `3 customers: 1 added, 2 changed · 41 to add, 3 to change, 0 to destroy · +$79/month revenue` */
export function headline(plan: Plan): string {
  const { kinds, resources, revenueUsd, awsCostUsd } = plan.totals;
  const count = plan.customers.length;
  if (count === 0) {
    const but =
      (plan.risks ?? []).length > 0 ? `, but ${changeRiskWords(plan.risks ?? [])}: see the risks` : '';
    return plan.unchangedCustomers === 0
      ? `No changes: nothing in this change touches a customer${but}`
      : `No changes: the stacks of the ${plural(plan.unchangedCustomers, 'customer')} this change touches stay the same${but}`;
  }
  const kindList = (Object.entries(kinds) as Array<[CustomerChangeKind, number]>)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  const add = resources.create + resources.replace;
  const destroy = resources.delete + resources.replace;
  const replaced = resources.replace > 0 ? ` (${resources.replace} replaced)` : '';
  const forgotten = resources.forget > 0 ? `, ${resources.forget} to keep unmanaged` : '';
  return [
    `${plural(count, 'customer')}: ${kindList}`,
    `${add} to add, ${resources.update} to change, ${destroy} to destroy${replaced}${forgotten}`,
    `${signedUsd(revenueUsd.after - revenueUsd.before)}/month revenue`,
    `AWS est. ${signedUsd(awsCostUsd.after - awsCostUsd.before)}/month`,
  ].join(' · ');
}

/** `neo's packages change`, `the provider checksums change`, or both. */
function changeRiskWords(risks: readonly Risk[]): string {
  const words = [
    ...(risks.some((r) => r.code === 'packages-changed') ? ["neo's packages change"] : []),
    ...(risks.some((r) => r.code === 'provider-checksums-changed') ? ['the provider checksums change'] : []),
  ];
  return words.length === 0 ? 'the change carries risks of its own' : words.join(' and ');
}

/** Every risk of the plan: the change's own (neo's packages), then each customer's. */
export function planRisks(plan: Plan): Risk[] {
  return [...(plan.risks ?? []), ...plan.customers.flatMap((c) => c.risks)];
}

/** `$79 → $149`, `new: $39`, `$79` when unchanged. */
export function beforeAfter(before: number | undefined, after: number | undefined, format = usd): string {
  if (before === undefined && after === undefined) return '—';
  if (before === undefined) return `— → ${format(after ?? 0)}`;
  if (after === undefined) return `${format(before)} → —`;
  return before === after ? format(after) : `${format(before)} → ${format(after)}`;
}

export function tierChange(customer: CustomerPlan): string {
  const before = customer.before?.planTier;
  const after = customer.after?.planTier;
  if (before === undefined || after === undefined || before === after) return after ?? before ?? '—';
  return `${before} → ${after}`;
}

/** `+41 ~3 -/+1 -0`, leaving out zeros. */
export function resourceCounts(customer: CustomerPlan): string {
  return countsText(customer.counts);
}

export function attributeSides(attribute: AttributeChange): { before: string; after: string } {
  if (attribute.sensitive) {
    return { before: attribute.before === undefined ? '' : '(sensitive)', after: '(sensitive, changed)' };
  }
  return {
    before: attribute.before === undefined ? '—' : leafText(attribute.before),
    after: attribute.afterUnknown
      ? '(known after apply)'
      : attribute.after === undefined
        ? '—'
        : leafText(attribute.after),
  };
}

/** Only tags change (for example the plan tier tag on every resource). */
export function tagsOnly(change: ResourceChange): boolean {
  return (
    change.action === 'update' && change.attributes.every((a) => /^(root_block_device\.)?tags\./.test(a.path))
  );
}

/** The distinct tag edits in a group of tag-only updates (e.g. `neo:plan`: scale → titan). */
export function tagChanges(
  changes: readonly ResourceChange[],
): Array<{ key: string; before: string; after: string }> {
  const seen = new Map<string, { key: string; before: string; after: string }>();
  for (const change of changes) {
    for (const a of change.attributes) {
      const key = a.path.replace(/^(root_block_device\.)?tags\./, '');
      const sides = attributeSides(a);
      seen.set(JSON.stringify([key, sides.before, sides.after]), { key, ...sides });
    }
  }
  return [...seen.values()];
}

/**
 * Quotas worth a reviewer's attention: near or over the limit, and made worse by this change.
 * A fleet already over a quota is not news in every pull request.
 */
export function capacityWarnings(checks: readonly CapacityCheck[]): CapacityCheck[] {
  return checks.filter((c) => c.level !== 'ok' && c.after > c.before);
}

/** A side of the plan as people name it: the ref, and its commit when the ref is not the commit. */
export function sideParts(side: PlanSide): { label: string; commit?: string } {
  const { label, commit } = side;
  return commit === undefined || commit.startsWith(label)
    ? { label }
    : { label, commit: commit.slice(0, 12) };
}

/** What a capacity warning means for the apply. */
export function capacityVerdict(check: CapacityCheck): string {
  return check.level === 'exceeded' ? 'over the quota: AWS will refuse' : 'near the quota';
}

/** What applying does to the modified and missing resources: how many it reverts, how many it keeps. */
export function liveOutcome(live: LiveDrift): { reverted: number; adopted: number } {
  const items = live.customers.flatMap((c) => c.items).filter((i) => i.kind !== 'unmanaged');
  const adopted = items.filter((i) => i.adoptedByChange).length;
  return { reverted: items.length - adopted, adopted };
}
