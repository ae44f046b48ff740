import type { ResourceChange, Risk } from '../changes.js';
import { dataKindOf } from '../data-bearing.js';
import { isGone, type RiskContext, type RiskRule, sideOf, str } from './context.js';

/** Replacing or deleting what holds a customer's data or identity. */
export const dataLoss: RiskRule = (change, context) => {
  if (!isGone(change)) return [];
  const reason = REASONS[change.type]?.(change, context);
  if (reason === undefined) return [];
  const kind = dataKindOf(change.type);
  const intended =
    (context.decommissioning && change.action === 'delete') ||
    (kind !== undefined && context.allowDataLoss.includes(kind));
  const refused =
    kind === undefined || intended
      ? ''
      : `; neo apply refuses it unless customers/${context.customerId}.yaml lists ${kind} under allowDataLoss`;
  const risk: Risk = {
    severity: 'data-loss',
    code: reason.code,
    address: change.address,
    reason: `${reason.text}${refused}`,
  };
  return [intended ? { ...risk, intended: true } : risk];
};

type Reason = (change: ResourceChange, context: RiskContext) => { code: string; text: string } | undefined;

const REASONS: Record<string, Reason> = {
  aws_instance: (change, context) => {
    const id = context.customerId;
    if (change.action === 'delete') {
      return {
        code: 'server-destroyed',
        text: `${id}'s server will be destroyed, and its root disk with it`,
      };
    }
    const volumes = [...context.changes.values()].filter((c) => c.type === 'aws_ebs_volume');
    const volumesLost = volumes.some(isGone);
    const volumes_ =
      volumes.length === 0
        ? ''
        : volumesLost
          ? ', and a data volume is replaced too (see below)'
          : volumes.length === 1
            ? ': the data volume stays'
            : `: the ${volumes.length} data volumes stay`;
    const because = change.replacedBecause?.join(', ') ?? '';
    return {
      code: 'server-replaced',
      text: `${id}'s server will be replaced (${because})${volumes_}; the root disk is lost, ~3 min downtime`,
    };
  },
  aws_ebs_volume: (change, context) => {
    const volume = sideOf(context, change, 'before');
    const size = volume?.attributes.size;
    const snapshot = volume?.attributes.final_snapshot === true ? ' (a final snapshot is taken first)' : '';
    const what = `${context.customerId}'s volume ${change.name}${typeof size === 'number' ? ` (${size} GB)` : ''}`;
    return change.action === 'delete'
      ? { code: 'volume-destroyed', text: `${what} will be destroyed${snapshot}` }
      : { code: 'volume-replaced', text: `${what} will be replaced by an empty one${snapshot}` };
  },
  aws_db_instance: (change, context) => {
    const db = sideOf(context, change, 'before');
    const name = str(db?.attributes.identifier) ?? change.name;
    const snapshot = db?.attributes.skip_final_snapshot === false ? ' (a final snapshot is taken first)' : '';
    const what = `${context.customerId}'s database ${name}`;
    return change.action === 'delete'
      ? { code: 'database-destroyed', text: `${what} will be destroyed${snapshot}` }
      : { code: 'database-replaced', text: `${what} will be replaced by an empty one${snapshot}` };
  },
  aws_elasticache_replication_group: (change, context) => {
    const cache = sideOf(context, change, 'before');
    const name = str(cache?.attributes.replication_group_id) ?? change.name;
    const snapshot =
      str(cache?.attributes.final_snapshot_identifier) === undefined
        ? ''
        : ' (a final snapshot is taken first)';
    const what = `${context.customerId}'s Redis cache ${name}`;
    return change.action === 'delete'
      ? { code: 'cache-destroyed', text: `${what} will be destroyed${snapshot}` }
      : { code: 'cache-replaced', text: `${what} will be replaced by an empty one${snapshot}` };
  },
  aws_s3_bucket: (change, context) => {
    const bucket = str(sideOf(context, change, 'before')?.attributes.bucket) ?? change.name;
    const refused = change.destroyRefused
      ? ': Terraform will refuse (prevent_destroy), so the apply fails'
      : '';
    return {
      code: change.action === 'delete' ? 'bucket-destroyed' : 'bucket-replaced',
      text: `${context.customerId}'s bucket ${bucket} would be ${change.action === 'delete' ? 'destroyed' : 'replaced'} with its objects${refused}`,
    };
  },
  aws_route53_zone: (change, context) => {
    const zone = str(sideOf(context, change, 'before')?.attributes.name) ?? change.name;
    const then =
      change.action === 'delete'
        ? 'its DNS records go with it'
        : 'the new zone gets new name servers, so the domain stops resolving until the registrar is updated';
    return {
      code: change.action === 'delete' ? 'zone-destroyed' : 'zone-replaced',
      text: `${context.customerId}'s hosted zone ${zone} will be ${change.action === 'delete' ? 'destroyed' : 'replaced'}: ${then}`,
    };
  },
};
