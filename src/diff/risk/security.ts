import type { Leaf } from '../../graph/index.js';
import {
  ADMIN_REACH_LIMIT,
  addressCount,
  cidrContains,
  type Ipv4Network,
  parseCidr,
} from '../../spec/index.js';
import type { Risk } from '../changes.js';
import { num, type RiskContext, type RiskRule, sideOf, str } from './context.js';
import { describePorts, reachesAdminPorts } from './ports.js';

const WORLD = new Set(['0.0.0.0/0', '::/0']);

/** Firewall openings that reach admin ports from the world, or widen what reached them. */
export const ingress: RiskRule = (change, context) => {
  if (change.type !== 'aws_vpc_security_group_ingress_rule') return [];
  if (change.action === 'delete' || change.action === 'no-op') return [];
  const rule = sideOf(context, change, 'after')?.attributes ?? {};
  const old = sideOf(context, change, 'before')?.attributes;
  const protocol = String(rule.ip_protocol ?? 'tcp');
  const from = num(rule.from_port);
  const to = num(rule.to_port);
  const source = str(rule.cidr_ipv4) ?? str(rule.cidr_ipv6);
  const admin = protocol === '-1' || from === undefined || reachesAdminPorts(from, to ?? from);
  const ports = describePorts(from, to, protocol);
  const risk = (code: string, reason: string): Risk[] => [
    { severity: 'security', code, address: change.address, reason: `${context.customerId}: ${reason}` },
  ];
  if (admin && source !== undefined && WORLD.has(source)) {
    return risk('admin-port-open', `${ports} opens to the whole internet (${source})`);
  }
  const wide = admin && source !== undefined ? widestReach(context, protocol, from, to) : undefined;
  if (wide?.sources.includes(source as string)) {
    const size = wide.addresses.toLocaleString('en-US');
    return risk(
      'admin-port-open',
      `${ports} opens to ${size} addresses, most of the internet (${wide.sources.join(', ')})`,
    );
  }
  if (old === undefined) {
    if (!admin || !context.existed || source === undefined) return [];
    // Rules are named after their source, so widening a CIDR deletes one rule and creates another.
    const replaced = replacedRule(context, protocol, from, to, source);
    return replaced === undefined
      ? risk('admin-access-added', `${ports} becomes reachable from ${source}`)
      : risk('ingress-widened', `${ports} opens wider: ${replaced} → ${source}`);
  }
  const oldSource = str(old.cidr_ipv4) ?? str(old.cidr_ipv6);
  if (source !== undefined && oldSource !== undefined && source !== oldSource && widens(oldSource, source)) {
    return risk('ingress-widened', `${ports} opens wider: ${oldSource} → ${source}`);
  }
  const oldProtocol = String(old.ip_protocol ?? 'tcp');
  const was = portSpan(num(old.from_port), num(old.to_port), oldProtocol);
  const now = portSpan(from, to, protocol);
  if (now.from < was.from || now.to > was.to) {
    const oldPorts = describePorts(num(old.from_port), num(old.to_port), oldProtocol);
    return risk('ingress-widened', `a firewall rule grows from ${oldPorts} to ${ports}`);
  }
  return [];
};

/** The ports a rule reaches: every one when it names none, or for every protocol (-1). */
function portSpan(
  from: number | undefined,
  to: number | undefined,
  protocol: string,
): { from: number; to: number } {
  return protocol === '-1' || from === undefined ? { from: 0, to: 65_535 } : { from, to: to ?? from };
}

/** A network this large is a wide opening of its own (an office or a VPN is far smaller). */
const WIDE_NETWORK = 2 ** 16;

/**
 * When the IPv4 sources that reach these ports after the change add up to more than a /8 (two
 * halves of the internet are as open as 0.0.0.0/0), how many addresses, and the wide ones
 * (larger than a /16) that make it so.
 */
function widestReach(
  context: RiskContext,
  protocol: string,
  from: number | undefined,
  to: number | undefined,
): { addresses: number; sources: string[] } | undefined {
  const networks: Array<{ cidr: string; network: Ipv4Network }> = [];
  for (const resource of context.after.resources.values()) {
    if (resource.type !== 'aws_vpc_security_group_ingress_rule') continue;
    const rule = resource.attributes;
    const cidr = str(rule.cidr_ipv4);
    const parsed = cidr === undefined ? undefined : parseCidr(cidr);
    const samePorts =
      String(rule.ip_protocol ?? 'tcp') === protocol &&
      num(rule.from_port) === from &&
      num(rule.to_port) === to;
    if (samePorts && cidr !== undefined && parsed?.ok) networks.push({ cidr, network: parsed.network });
  }
  const addresses = addressCount(networks.map((n) => n.network));
  if (addresses <= ADMIN_REACH_LIMIT) return undefined;
  const wide = networks.filter((n) => addressCount([n.network]) > WIDE_NETWORK && !WORLD.has(n.cidr));
  return { addresses, sources: wide.map((n) => n.cidr).sort() };
}

/** The source of a deleted rule for the same ports that `source` covers, if there is one. */
function replacedRule(
  context: RiskContext,
  protocol: string,
  from: number | undefined,
  to: number | undefined,
  source: string,
): string | undefined {
  for (const change of context.changes.values()) {
    if (change.type !== 'aws_vpc_security_group_ingress_rule' || change.action !== 'delete') continue;
    const rule = context.before.resources.get(change.address)?.attributes ?? {};
    const oldSource = str(rule.cidr_ipv4) ?? str(rule.cidr_ipv6);
    const samePorts =
      String(rule.ip_protocol ?? 'tcp') === protocol &&
      num(rule.from_port) === from &&
      num(rule.to_port) === to;
    if (samePorts && oldSource !== undefined && oldSource !== source && covers(source, oldSource))
      return oldSource;
  }
  return undefined;
}

function covers(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  return a.ok && b.ok && cidrContains(a.network, b.network);
}

/**
 * The new CIDR reaches more addresses than the old one did. IPv6 networks are not compared:
 * only the whole IPv6 internet, or a move to the other address family, counts as wider.
 */
function widens(oldCidr: string, newCidr: string): boolean {
  const old = parseCidr(oldCidr);
  const next = parseCidr(newCidr);
  if (!old.ok || !next.ok) return WORLD.has(newCidr) || old.ok !== next.ok;
  return next.network.prefix < old.network.prefix || !cidrContains(old.network, next.network);
}

/** What a policy document allows, one `action resource principal` line per grant. */
function grants(document: unknown): Set<string> {
  const lines = new Set<string>();
  const parsed = typeof document === 'string' ? safeJson(document) : document;
  const statements = (parsed as { Statement?: unknown } | undefined)?.Statement;
  for (const statement of list(statements) as Array<Record<string, unknown>>) {
    if (statement?.Effect !== 'Allow') continue;
    const actions = statement.NotAction === undefined ? list(statement.Action) : ['*'];
    // A trust policy names no resource: that is no wildcard.
    const resources = statement.NotResource === undefined ? list(statement.Resource ?? '') : ['*'];
    const principal = JSON.stringify(statement.Principal ?? null);
    for (const action of actions)
      for (const resource of resources) lines.add(`${action} ${resource} ${principal}`);
  }
  return lines;
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** IAM policies that allow more than before, and roles that gain managed policies. */
export const iam: RiskRule = (change, context) => {
  const risk = (code: string, reason: string): Risk[] => [
    { severity: 'security', code, address: change.address, reason: `${context.customerId}: ${reason}` },
  ];
  if (change.type === 'aws_iam_role_policy_attachment' && change.action === 'create' && context.existed) {
    const arn = str(sideOf(context, change, 'after')?.attributes.policy_arn) ?? '?';
    return risk('iam-broadened', `role gains the managed policy ${arn}`);
  }
  const root = change.type === 'aws_iam_role' ? 'assume_role_policy' : 'policy';
  if (change.type === 'aws_iam_role_policy' && change.action === 'create' && context.existed) {
    return risk('iam-broadened', `a role gains the inline policy ${change.name}`);
  }
  if (!/^aws_(iam_role_policy|iam_role|s3_bucket_policy)$/.test(change.type) || change.action === 'create')
    return [];
  const before = grants(sideOf(context, change, 'before')?.attributes[root]);
  const added = [...grants(sideOf(context, change, 'after')?.attributes[root])].filter((g) => !before.has(g));
  if (added.length === 0) return [];
  // `*` as the action, a service's actions (s3:*), the resource, or the principal (anyone).
  const wildcard = added.some((g) => /(^|:)\*( |$)| \* |"\*"/.test(g));
  const what = root === 'assume_role_policy' ? 'who may assume the role' : `policy ${change.name}`;
  return risk('iam-broadened', `${what} allows more${wildcard ? ', including a wildcard (*)' : ''}`);
};

/** Settings that protect data at rest or in transit, or access to the instance, switched off. */
const PROTECTIONS: ReadonlyArray<{
  path: RegExp;
  weaker: (before: Leaf, after: Leaf | undefined) => boolean;
  says: string;
}> = [
  {
    path: /(^|\.)(encrypted|storage_encrypted|at_rest_encryption_enabled|transit_encryption_enabled)$/,
    // Some flags are strings in provider 6 (ElastiCache's at_rest_encryption_enabled: "true").
    weaker: (b, a) => isOn(b) && !isOn(a),
    says: 'encryption is turned off',
  },
  {
    path: /^(block_public_acls|block_public_policy|ignore_public_acls|restrict_public_buckets)$/,
    weaker: (b, a) => isOn(b) && !isOn(a),
    says: 'public access blocking is turned off',
  },
  {
    path: /^metadata_options\.http_tokens$/,
    weaker: (b, a) => b === 'required' && a !== 'required',
    says: 'IMDSv1 is allowed again (instance credentials reachable by SSRF)',
  },
  {
    path: /^publicly_accessible$/,
    weaker: (b, a) => b === false && a === true,
    says: 'the database becomes reachable from the internet',
  },
];

export const protections: RiskRule = (change, context) => {
  if (change.action === 'create' || change.action === 'no-op') return [];
  if (change.type === 'aws_s3_bucket_server_side_encryption_configuration' && change.action === 'delete') {
    const bucketGone = [...context.changes.values()].some(
      (c) => c.type === 'aws_s3_bucket' && c.action === 'delete',
    );
    if (!bucketGone)
      return [
        {
          severity: 'security',
          code: 'encryption-off',
          address: change.address,
          reason: `${context.customerId}: a bucket loses its default encryption`,
        },
      ];
  }
  if (change.action === 'delete') return [];
  return change.attributes.flatMap((a): Risk[] => {
    const protection = PROTECTIONS.find((p) => p.path.test(a.path));
    if (protection === undefined || a.before === undefined || !protection.weaker(a.before, a.after))
      return [];
    return [
      {
        severity: 'security',
        code: protection.says.startsWith('encryption') ? 'encryption-off' : 'protection-off',
        address: change.address,
        reason: `${context.customerId}: ${change.address}: ${protection.says}`,
      },
    ];
  });
};

function isOn(value: Leaf | undefined): boolean {
  return value === true || value === 'true';
}
