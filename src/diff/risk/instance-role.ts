import { referencesIn } from '../../graph/index.js';
import type { Risk } from '../changes.js';
import { type RiskContext, type RiskRule, sideOf, str } from './context.js';

/**
 * Actions AWS lets no policy scope to a resource (Session Manager's channels): on `*` they are
 * as narrow as they can be.
 */
const UNSCOPABLE = /^(ssmmessages|ec2messages):/;

/** Actions that take no resource, and the condition key that must narrow them instead. */
const NARROWED_BY: Readonly<Record<string, string>> = {
  'cloudwatch:PutMetricData': 'cloudwatch:namespace',
};

interface Statement {
  Effect?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/**
 * A customer's server runs code anyone who breaks into a website can run: whatever its role may
 * do on every resource (`*`), it may do to every other customer. Each action an instance role
 * gains on `*` is a risk, but for the few AWS cannot scope and those narrowed by a condition.
 */
export const instanceRoleWildcards: RiskRule = (change, context) => {
  if (change.type !== 'aws_iam_role_policy' || change.action === 'delete' || change.action === 'no-op') {
    return [];
  }
  if (!isInstanceRole(context, sideOf(context, change, 'after')?.attributes.role)) return [];
  const before = wildcardActions(sideOf(context, change, 'before')?.attributes.policy);
  const gained = [...wildcardActions(sideOf(context, change, 'after')?.attributes.policy)].filter(
    (action) => !before.has(action),
  );
  if (gained.length === 0) return [];
  const risk: Risk = {
    severity: 'security',
    code: 'iam-instance-wildcard',
    address: change.address,
    reason: `${context.customerId}: the server's role may ${gained.join(', ')} on every resource (*), other customers' included`,
  };
  return [risk];
};

/** The policy's role is assumed by EC2: the role of a customer's server. */
function isInstanceRole(context: RiskContext, role: unknown): boolean {
  const address = referencesIn(role)[0]?.address;
  const trust = address === undefined ? undefined : context.after.resources.get(address)?.attributes;
  const document = parse(str(trust?.assume_role_policy));
  return statements(document).some((s) => JSON.stringify(s).includes('ec2.amazonaws.com'));
}

/** Actions allowed on `*` (or on everything but some resources) that nothing narrows. */
function wildcardActions(policy: unknown): Set<string> {
  const found = new Set<string>();
  for (const statement of statements(parse(str(policy)))) {
    if (statement.Effect !== 'Allow') continue;
    const everywhere = statement.NotResource !== undefined || list(statement.Resource ?? '*').includes('*');
    if (!everywhere) continue;
    const actions = statement.NotAction === undefined ? list(statement.Action).map(String) : ['*'];
    for (const action of actions) {
      const narrowedBy = NARROWED_BY[action];
      const narrowed = narrowedBy !== undefined && hasConditionOn(statement, narrowedBy);
      if (!UNSCOPABLE.test(action) && !narrowed) found.add(action);
    }
  }
  return found;
}

function hasConditionOn(statement: Statement, key: string): boolean {
  return Object.values(statement.Condition ?? {}).some((test) => Object.keys(test).includes(key));
}

/** The policy's statements; anything else in the list (null, a string) IAM would refuse, and allows nothing. */
function statements(document: unknown): Statement[] {
  const list_ = (document as { Statement?: unknown } | undefined)?.Statement;
  return list(list_).filter((s): s is Statement => typeof s === 'object' && s !== null && !Array.isArray(s));
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
