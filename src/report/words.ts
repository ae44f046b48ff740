/**
 * The words every report shares: counts, money, severities and actions, how a value is quoted,
 * and how text from users and the cloud is made safe for a terminal. Each report's own words
 * are in its folder (plan/words.ts, apply/words.ts, drift/words.ts).
 */
import type { AttributeChange, ChangeCounts, ResourceChange, Risk, RiskSeverity } from '../diff/index.js';
import { bySeverity } from '../diff/index.js';
import type { Leaf } from '../graph/index.js';
import { mdText } from './markdown.js';

/** `1 customer`, `1,000 customers`. */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Money, in dollars: `$79`, `$12.50`. `cents: 'always'` keeps the cents of whole amounts too
 * (`$79.00`), for columns of figures that line up.
 */
export function usd(amount: number, { cents }: { cents?: 'always' } = {}): string {
  const least = cents === 'always' || !Number.isInteger(amount) ? 2 : 0;
  return `$${amount.toLocaleString('en-US', { minimumFractionDigits: least, maximumFractionDigits: 2 })}`;
}

/** `+$40`, `−$12.50`, `±$0`: a change of money. */
export function signedUsd(amount: number): string {
  const rounded = Math.round(amount * 100) / 100;
  if (rounded === 0) return '±$0';
  return `${rounded > 0 ? '+' : '−'}${usd(Math.abs(rounded))}`;
}

/** A risk's severity in words, the same in every report. */
export const SEVERITY_WORDS: Record<RiskSeverity, string> = {
  'data-loss': 'data loss',
  security: 'security',
  'customer-visible': 'customer-visible',
};

/** Terraform's symbols for what happens to a resource. */
export const ACTION_SYMBOLS: Record<ResourceChange['action'], string> = {
  create: '+',
  update: '~',
  replace: '-/+',
  delete: '-',
  forget: '⊘',
  'no-op': ' ',
};

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

/** The few attributes that say what a created or destroyed resource is, as one line. */
export function headlineOf(change: ResourceChange): string {
  const wanted = HEADLINES[change.type] ?? [];
  const side = change.action === 'delete' ? 'before' : 'after';
  return wanted
    .map((path) => change.attributes.find((a) => a.path === path))
    .filter((a): a is AttributeChange => a !== undefined && !a.sensitive)
    .map((a) => `${a.path.replace(/^.*\./, '')} ${leafText(a[side])}`)
    .join(' · ');
}

/** What nobody asked for first; within that, the worst first. */
export function sortedRisks(risks: readonly Risk[]): Risk[] {
  return [...risks].sort(
    (a, b) => Number(a.intended ?? false) - Number(b.intended ?? false) || bySeverity(a, b),
  );
}

/**
 * Text from users and the cloud (a TXT record, a tag set in the console, an error quoting a
 * value) must not reach a terminal as escape sequences, nor break a line: every control
 * character becomes �.
 */
export function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes.
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '�');
}

/**
 * How a renderer quotes what it did not write: the text renderers clean, the markdown ones
 * escape. Words shared between media take one.
 */
export interface Quote {
  /** An identifier or value: an address, an id, a file. */
  code: (value: string) => string;
  /** A word in prose: a customer id. */
  text: (value: string) => string;
}

/** Quoting for the terminal. */
export const TERMINAL: Quote = { code: clean, text: clean };

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
