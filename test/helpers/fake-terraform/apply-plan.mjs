// What the fake `terraform apply` does to a stack's state: the saved plan's creates, updates,
// deletes, replaces and imports, with what AWS would decide (ids, addresses) made up and what the
// stack computes from other resources (`${aws_eip.server.allocation_id}`) worked out from theirs.
// The states of all stacks are the mocked AWS account (test/helpers/fake-account.ts reads them).
//
// A state is `terraform show -json` of a state: { format_version, values: { root_module:
// { resources: [{ address, mode, type, name, provider_name, values }] } } }. Each resource's
// values carry its `region` (as the provider neo pins has it), so the account knows where it is.

import { createHash } from 'node:crypto';

/** `terraform show -json` of a state with nothing in it. */
export const EMPTY_STATE = Object.freeze({ format_version: '1.0' });

/**
 * Every resource type neo's stacks hold. A plan with any other type is not one of neo's, and an
 * apply of it fails instead of leaving a hole in the account nobody notices.
 */
export const NEO_TYPES = new Set([
  'aws_budgets_budget',
  'aws_cloudwatch_dashboard',
  'aws_cloudwatch_log_group',
  'aws_cloudwatch_metric_alarm',
  'aws_db_instance',
  'aws_db_subnet_group',
  'aws_dlm_lifecycle_policy',
  'aws_ebs_volume',
  'aws_ec2_instance_state',
  'aws_eip',
  'aws_eip_association',
  'aws_elasticache_replication_group',
  'aws_elasticache_subnet_group',
  'aws_flow_log',
  'aws_iam_instance_profile',
  'aws_iam_role',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_instance',
  'aws_internet_gateway',
  'aws_key_pair',
  'aws_nat_gateway',
  'aws_route',
  'aws_route53_health_check',
  'aws_route53_record',
  'aws_route53_zone',
  'aws_route_table',
  'aws_route_table_association',
  'aws_s3_bucket',
  'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_versioning',
  'aws_security_group',
  'aws_sns_topic',
  'aws_sns_topic_subscription',
  'aws_subnet',
  'aws_volume_attachment',
  'aws_vpc',
  'aws_vpc_security_group_egress_rule',
  'aws_vpc_security_group_ingress_rule',
]);

/** AWS's id prefixes, where they are not the type's name. */
const ID_PREFIXES = {
  aws_vpc: 'vpc',
  aws_subnet: 'subnet',
  aws_internet_gateway: 'igw',
  aws_nat_gateway: 'nat',
  aws_route_table: 'rtb',
  aws_route_table_association: 'rtbassoc',
  aws_security_group: 'sg',
  aws_vpc_security_group_ingress_rule: 'sgr',
  aws_vpc_security_group_egress_rule: 'sgr',
  aws_instance: 'i',
  aws_ebs_volume: 'vol',
  aws_volume_attachment: 'vai',
  aws_eip: 'eipalloc',
  aws_eip_association: 'eipassoc',
};

const ACCOUNT = '123456789012';

/** Stands for a value computed from other resources, until they are known. */
class Pending {
  constructor(expression) {
    this.expression = expression;
  }
}

/** What a change does to the state, by Terraform's actions. */
const EFFECTS = new Map([
  ['create', 'create'],
  ['update', 'update'],
  ['delete', 'delete'],
  ['delete,create', 'replace'],
  ['create,delete', 'replace'],
  ['no-op', 'none'],
  ['read', 'none'],
]);

/**
 * The state the plan was made against (its `prior_state`), each resource placed in its provider's
 * region. A plan of a new customer was made against an empty state.
 */
export function stateBefore(plan, stack = '') {
  plan = ownIds(plan, stack);
  const config = configurationOf(plan);
  const prior = plan.prior_state?.values?.root_module?.resources ?? [];
  const resources = prior
    .filter((r) => r.mode === 'managed')
    .map((r) => placed({ ...r, values: { ...r.values } }, config));
  return stateOf(plan, normalised(new Map(resources.map((r) => [r.address, r])), config));
}

/**
 * The state after applying `plan` to `state`. `leaveOut` names addresses whose planned change
 * the apply does not make (it still "succeeds"); `override` sets values an apply left otherwise
 * than planned (`{ 'aws_ec2_instance_state.server': { state: 'stopped' } }`). `stack` keeps the
 * ids made up for one stack apart from another's.
 */
export function applyPlan(state, plan, { stack = '', leaveOut = [], override = {} } = {}) {
  plan = ownIds(plan, stack);
  if (plan.errored === true) throw new Error('the plan is errored: Terraform saves no plan to apply');
  const config = configurationOf(plan);
  const changes = (plan.resource_changes ?? []).filter((c) => c.mode === 'managed');
  const unknownTypes = [...new Set(changes.map((c) => c.type).filter((t) => !NEO_TYPES.has(t)))];
  if (unknownTypes.length > 0)
    throw new Error(`not a resource type of neo's stacks: ${unknownTypes.join(', ')}`);
  for (const address of [...leaveOut, ...Object.keys(override)]) {
    if (!changes.some((c) => c.address === address)) throw new Error(`the plan has no change to ${address}`);
  }
  const resources = new Map(resourcesOf(state).map((r) => [r.address, r]));
  for (const change of changes) {
    if (leaveOut.includes(change.address)) continue;
    applyChange(resources, change, config, stack);
  }
  resolvePending(resources);
  for (const [address, values] of Object.entries(override)) {
    const resource = resources.get(address);
    if (resource === undefined) throw new Error(`${address} is not in the state to override`);
    resources.set(address, { ...resource, values: { ...resource.values, ...values } });
  }
  return stateOf(plan, normalised(resources, config));
}

/**
 * The plan with the ids of what it was made against made the stack's own. The recorded plans'
 * prior states were made up one customer at a time, with the same ids for the same address in
 * every customer: two of them in one account would share a VPC.
 */
function ownIds(plan, stack) {
  const prior = plan.prior_state?.values?.root_module?.resources ?? [];
  const renamed = new Map();
  for (const { type, values } of prior) {
    for (const id of [values?.id, type === 'aws_route53_zone' ? values?.zone_id : undefined]) {
      if (typeof id !== 'string' || id === '' || renamed.has(id)) continue;
      const hash = createHash('sha256').update(`${stack}/${id}`).digest('hex');
      const dash = id.indexOf('-');
      renamed.set(
        id,
        type === 'aws_route53_zone'
          ? `Z0${hash.slice(0, 19).toUpperCase()}`
          : `${dash > 0 ? id.slice(0, dash) : 'id'}-0${hash.slice(0, 16)}`,
      );
    }
  }
  if (renamed.size === 0) return plan;
  const rename = (value) => {
    if (typeof value === 'string') return renamed.get(value) ?? value;
    if (Array.isArray(value)) return value.map(rename);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rename(v)]));
    return value;
  };
  return { ...plan, prior_state: rename(plan.prior_state), resource_changes: rename(plan.resource_changes) };
}

/** The id of every resource in a state, by address (what neo records after an apply). */
export function stateIds(state) {
  return Object.fromEntries(resourcesOf(state).map((r) => [r.address, r.values?.id]));
}

export function resourcesOf(state) {
  return state?.values?.root_module?.resources ?? [];
}

function applyChange(resources, change, config, stack) {
  const { address, change: planned } = change;
  const effect = EFFECTS.get(planned.actions.join(','));
  if (effect === undefined) throw new Error(`${address}: no idea how to apply ${planned.actions.join(', ')}`);
  const existing = resources.get(address);
  // Terraform reads what it imports into the plan's prior state; the account holds it either way.
  if (planned.importing !== undefined && existing === undefined) {
    resources.set(address, made(change, config, stack, planned.importing.id));
    return;
  }
  if (effect === 'none') return;
  if (effect === 'create' && existing !== undefined)
    throw new Error(`${address} is to be created, but the state has it already`);
  if (effect !== 'create' && existing === undefined)
    throw new Error(`${address} is to be ${effect}d, but the state does not have it`);
  if (effect === 'delete') resources.delete(address);
  else resources.set(address, made(change, config, stack, existing?.values?.id));
}

/** The resource as the apply leaves it: planned values, the unknown ones filled in. */
function made(change, config, stack, previousId) {
  const { after, after_unknown: unknown } = change.change;
  const expressions = config.resources.get(change.address)?.expressions ?? {};
  const salt = `${stack}/${change.address}/${previousId ?? ''}`;
  const values = fill(after, unknown, configValue(expressions), (path) => madeUp(change.type, path, salt));
  return placed(
    {
      address: change.address,
      mode: 'managed',
      type: change.type,
      name: change.name,
      provider_name: change.provider_name,
      values,
    },
    config,
  );
}

function fill(after, unknown, config, invent, path = []) {
  if (unknown === true) {
    if (config !== undefined && config !== null && refersToOthers(config)) return new Pending(config);
    return invent(path);
  }
  if (Array.isArray(unknown)) {
    const list = Array.isArray(after) ? after : [];
    const configs = Array.isArray(config) ? config : [];
    return unknown.map((inner, i) => fill(list[i], inner, configs[i], invent, [...path, String(i)]));
  }
  if (unknown !== null && typeof unknown === 'object') {
    const object = { ...(after ?? {}) };
    for (const [key, inner] of Object.entries(unknown)) {
      const innerConfig = config !== null && typeof config === 'object' ? config[key] : undefined;
      object[key] = fill(object[key], inner, innerConfig, invent, [...path, key]);
    }
    return object;
  }
  return after;
}

/** What AWS decides: ids, ARNs, public addresses, name servers; anything else stays empty. */
function madeUp(type, path, salt) {
  const name = path.at(-1) ?? '';
  const hash = createHash('sha256')
    .update(`${salt}/${path.join('.')}`)
    .digest('hex');
  if (path.length === 1 && name === 'id') {
    if (type === 'aws_route53_zone') return `Z0${hash.slice(0, 19).toUpperCase()}`;
    return `${ID_PREFIXES[type] ?? type.replace(/^aws_/, '')}-0${hash.slice(0, 16)}`;
  }
  if (name === 'arn')
    return `arn:aws:${type.split('_')[1]}::${ACCOUNT}:${type.replace(/^aws_/, '')}/${hash.slice(0, 12)}`;
  if (name === 'public_ip') {
    const [net, host] = [
      Number.parseInt(hash.slice(0, 2), 16) % 2,
      Number.parseInt(hash.slice(2, 4), 16) % 250,
    ];
    return `${net === 0 ? '198.51.100' : '203.0.113'}.${host + 1}`;
  }
  if (name === 'name_servers') return [1, 2, 3, 4].map((n) => `ns-${n}${hash.slice(0, 3)}.awsdns-0${n}.org`);
  if (name === 'owner_id' || name === 'account_id') return ACCOUNT;
  return null;
}

/** A plan's `configuration` as the stack wrote it, and each provider configuration's region. */
function configurationOf(plan) {
  const root = plan.configuration?.root_module ?? {};
  const regions = new Map(
    Object.entries(plan.configuration?.provider_config ?? {}).map(([key, provider]) => [
      key,
      provider.expressions?.region?.constant_value,
    ]),
  );
  return { resources: new Map((root.resources ?? []).map((r) => [r.address, r])), regions };
}

function placed(resource, config) {
  if (typeof resource.values.region === 'string') return resource;
  const key = config.resources.get(resource.address)?.provider_config_key ?? 'aws';
  const region = config.regions.get(key) ?? config.regions.get('aws');
  return region === undefined ? resource : { ...resource, values: { ...resource.values, region } };
}

/**
 * Configuration expressions back to the stack's JSON: `{ constant_value }` is the value (with its
 * `${…}` references), a nested block is a list of objects of expressions.
 */
function configValue(expression) {
  if (Array.isArray(expression)) return expression.map(configValue);
  if (expression === null || typeof expression !== 'object') return undefined;
  if (Object.hasOwn(expression, 'constant_value')) return expression.constant_value;
  if (Object.hasOwn(expression, 'references')) return undefined;
  return Object.fromEntries(Object.entries(expression).map(([key, inner]) => [key, configValue(inner)]));
}

/** `${aws_eip.server.public_ip}`, not `$${aws:InstanceId}` (a literal for the instance). */
const REFERENCE = /(?<!\$)\$\{([a-z0-9_]+\.[a-z0-9_-]+)\.([a-z0-9_.]+)\}/g;

function refersToOthers(value) {
  if (typeof value === 'string') return new RegExp(REFERENCE.source).test(value);
  if (Array.isArray(value)) return value.some(refersToOthers);
  if (value !== null && typeof value === 'object') return Object.values(value).some(refersToOthers);
  return false;
}

/** Works out every value computed from other resources, as Terraform does in dependency order. */
function resolvePending(resources) {
  for (;;) {
    let pending = 0;
    let resolved = 0;
    for (const [address, resource] of resources) {
      const values = replacePending(resource.values, (p) => {
        const value = evaluate(p.expression, resources);
        if (value instanceof Pending || containsPending(value)) {
          pending++;
          return p;
        }
        resolved++;
        return value;
      });
      resources.set(address, { ...resource, values });
    }
    if (pending === 0) return;
    if (resolved === 0) throw new Error(`${pending} values refer to each other in a cycle`);
  }
}

function evaluate(expression, resources) {
  if (typeof expression === 'string') {
    const whole = /^\$\{([a-z0-9_]+\.[a-z0-9_-]+)\.([a-z0-9_.]+)\}$/.exec(expression);
    if (whole !== null) return lookup(resources, whole[1], whole[2]);
    let waiting = false;
    const text = expression.replace(REFERENCE, (_, address, attribute) => {
      const value = lookup(resources, address, attribute);
      if (value instanceof Pending || containsPending(value)) waiting = true;
      return String(value);
    });
    return waiting ? new Pending(expression) : text.replaceAll('$${', '${');
  }
  if (Array.isArray(expression)) return expression.map((e) => evaluate(e, resources));
  if (expression !== null && typeof expression === 'object') {
    return Object.fromEntries(Object.entries(expression).map(([k, v]) => [k, evaluate(v, resources)]));
  }
  return expression;
}

function lookup(resources, address, attribute) {
  const resource = resources.get(address);
  if (resource === undefined)
    throw new Error(`the stack refers to ${address}, which the state does not hold`);
  const value = attribute.split('.').reduce((v, key) => v?.[key], resource.values);
  // What the provider computes from the id (an EIP's allocation id) is known once the id is.
  return value ?? idAlias(resource, attribute) ?? null;
}

function replacePending(value, replace) {
  if (value instanceof Pending) return replace(value);
  if (Array.isArray(value)) return value.map((v) => replacePending(v, replace));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replacePending(v, replace)]));
  }
  return value;
}

function containsPending(value) {
  if (value instanceof Pending) return true;
  if (Array.isArray(value)) return value.some(containsPending);
  if (value !== null && typeof value === 'object') return Object.values(value).some(containsPending);
  return false;
}

/**
 * Attributes the provider sets to the resource's id, or takes the id from: an EIP's allocation id
 * is its id, a zone's id is its zone id, an instance state's id is its instance's.
 */
const SAME_AS_ID = {
  aws_eip: { attribute: 'allocation_id', from: 'id' },
  aws_route53_zone: { attribute: 'zone_id', from: 'zone_id' },
  aws_ec2_instance_state: { attribute: 'instance_id', from: 'instance_id' },
};

function idAlias(resource, attribute) {
  const same = SAME_AS_ID[resource.type];
  return same?.attribute === attribute ? resource.values.id : undefined;
}

/**
 * The provider's own consistency, which made-up states (the recorded plans' prior states) lack:
 * each SAME_AS_ID pair agrees, a record's id is `<zone>_<name>_<type>`, and a value the
 * configuration takes from another resource but the state left empty is that resource's value.
 */
function normalised(resources, config) {
  const byAddress = new Map(resources);
  for (const [address, resource] of byAddress) {
    const values = { ...resource.values };
    const same = SAME_AS_ID[resource.type];
    if (same !== undefined) {
      const value = values[same.from] ?? values.id;
      values.id = value;
      values[same.attribute] = value;
    }
    byAddress.set(address, { ...resource, values });
  }
  for (const [address, resource] of byAddress) {
    const expressions = config.resources.get(address)?.expressions ?? {};
    const values = { ...resource.values };
    for (const [name, expression] of Object.entries(expressions)) {
      const wanted = configValue(expression);
      const empty = values[name] === null || values[name] === undefined;
      if (empty && typeof wanted === 'string' && refersToOthers(wanted) && knows(byAddress, wanted)) {
        values[name] = evaluate(wanted, byAddress);
      }
    }
    if (resource.type === 'aws_route53_record') {
      values.id = [values.zone_id, values.name, values.type, values.set_identifier]
        .filter((p) => p)
        .join('_');
    }
    byAddress.set(address, { ...resource, values });
  }
  return [...byAddress.values()].sort((a, b) => (a.address < b.address ? -1 : 1));
}

function knows(resources, expression) {
  return [...expression.matchAll(REFERENCE)].every(([, address]) => resources.has(address));
}

function stateOf(plan, resources) {
  if (resources.length === 0) return { ...EMPTY_STATE };
  return {
    format_version: '1.0',
    terraform_version: plan.terraform_version,
    values: { root_module: { resources } },
  };
}
