import {
  type AttributeChange,
  bySeverity,
  type ChangeCounts,
  type ResourceChange,
  type Risk,
  type RiskSeverity,
} from '../diff/index.js';
import type { Leaf } from '../graph/index.js';
import type {
  CapacityCheck,
  CustomerChangeKind,
  CustomerPlan,
  LiveDrift,
  Plan,
  PlanSide,
} from '../plan/index.js';

/** `3 customers: 1 added, 2 changed · 41 to add, 3 to change, 0 to destroy · +$79/month revenue` */
export function headline(plan: Plan): string {
  const { kinds, resources, revenueUsd, awsCostUsd } = plan.totals;
  const count = plan.customers.length;
  if (count === 0) {
    return plan.unchangedCustomers === 0
      ? 'No changes: nothing in this change touches a customer'
      : `No changes: the stacks of the ${plural(plan.unchangedCustomers, 'customer')} this change touches stay the same`;
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

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

export function usd(amount: number): string {
  const whole = Number.isInteger(amount);
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 })}`;
}

export function signedUsd(amount: number): string {
  const rounded = Math.round(amount * 100) / 100;
  if (rounded === 0) return '±$0';
  return `${rounded > 0 ? '+' : '−'}${usd(Math.abs(rounded))}`;
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

export const SEVERITY_WORDS: Record<RiskSeverity, string> = {
  'data-loss': 'data loss',
  security: 'security',
  'customer-visible': 'customer-visible',
};

export const ACTION_SYMBOLS: Record<ResourceChange['action'], string> = {
  create: '+',
  update: '~',
  replace: '-/+',
  delete: '-',
  forget: '⊘',
  'no-op': ' ',
};

/** `+41 ~3 -/+1 -0`, leaving out zeros. */
export function resourceCounts(customer: CustomerPlan): string {
  return countsText(customer.counts);
}

/** `+3 ~1 -/+1`, as Terraform's symbols; `no resource changes` when all are zero. */
export function countsText(counts: ChangeCounts): string {
  const { create, update, replace, delete: destroy, forget } = counts;
  const parts = [
    create > 0 ? `+${create}` : '',
    update > 0 ? `~${update}` : '',
    replace > 0 ? `-/+${replace}` : '',
    destroy > 0 ? `-${destroy}` : '',
    forget > 0 ? `⊘${forget}` : '',
  ].filter((p) => p !== '');
  return parts.length === 0 ? 'no resource changes' : parts.join(' ');
}

/** A leaf for people: strings as they are, lists comma-separated, references by address. */
export function leafText(value: Leaf | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => leafText(v)).join(', ');
  if (typeof value === 'string') return value.replace(/\$\{([^}]+)\}/g, '‹$1›');
  return String(value);
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

/** The few attributes that say what a created or destroyed resource is. */
const HEADLINES: Record<string, readonly string[]> = {
  aws_instance: ['instance_type', 'root_block_device.volume_size'],
  aws_ebs_volume: ['size', 'type', 'availability_zone'],
  aws_vpc: ['cidr_block'],
  aws_subnet: ['cidr_block', 'availability_zone'],
  aws_route53_zone: ['name'],
  aws_route53_record: ['type', 'name', 'records'],
  aws_vpc_security_group_ingress_rule: ['ip_protocol', 'from_port', 'to_port', 'cidr_ipv4'],
  aws_db_instance: ['engine', 'instance_class', 'allocated_storage', 'multi_az'],
  aws_elasticache_replication_group: ['engine', 'node_type'],
  aws_s3_bucket: ['bucket'],
  aws_cloudwatch_metric_alarm: ['metric_name', 'threshold'],
  aws_sns_topic_subscription: ['protocol', 'endpoint'],
  aws_budgets_budget: ['limit_amount', 'limit_unit'],
  aws_key_pair: ['key_name'],
  aws_nat_gateway: ['subnet_id'],
  aws_ec2_instance_state: ['state'],
};

export function headlineOf(change: ResourceChange): string {
  const wanted = HEADLINES[change.type] ?? [];
  const side = change.action === 'delete' ? 'before' : 'after';
  return wanted
    .map((path) => change.attributes.find((a) => a.path === path))
    .filter((a): a is AttributeChange => a !== undefined && !a.sensitive)
    .map((a) => `${a.path.replace(/^.*\./, '')} ${leafText(a[side])}`)
    .join(' · ');
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

/** What nobody asked for first; within that, the worst first. */
export function sortedRisks(risks: readonly Risk[]): Risk[] {
  return [...risks].sort(
    (a, b) => Number(a.intended ?? false) - Number(b.intended ?? false) || bySeverity(a, b),
  );
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
