import type { Risk } from '../changes.js';
import { changed, isGone, type RiskContext, type RiskRule, sideOf, str } from './context.js';

/** Changes the customer or their visitors notice: downtime, a new IP, the site's DNS. */
export const customerVisible: RiskRule = (change, context) => {
  const risk = (code: string, reason: string, intended = false): Risk[] => [
    {
      severity: 'customer-visible',
      code,
      address: change.address,
      reason: `${context.customerId}: ${reason}`,
      ...(intended ? { intended: true as const } : {}),
    },
  ];
  switch (change.type) {
    case 'aws_instance': {
      const size = changed(change, 'instance_type');
      if (change.action !== 'update' || size === undefined) return [];
      return risk(
        'server-resized',
        `the server changes size ${size.before} → ${size.after}: it is stopped and started (~2 min downtime)`,
      );
    }
    case 'aws_ec2_instance_state': {
      const state = changed(change, 'state');
      if (state?.after === 'stopped' && change.action !== 'create')
        return risk(
          'server-stopped',
          'the server is stopped (suspended): sites and mail go offline',
          context.suspending,
        );
      if (state?.before === 'stopped' && state.after === 'running')
        return risk('server-started', 'the server starts again: sites and mail come back online', true);
      return [];
    }
    case 'aws_eip':
      return isGone(change) && !context.decommissioning
        ? risk(
            'public-ip-changes',
            'the public IP address changes: update DNS hosted elsewhere and any allow-lists',
          )
        : [];
    case 'aws_db_instance': {
      const size = changed(change, 'instance_class');
      return change.action === 'update' && size !== undefined
        ? risk(
            'database-resized',
            `the database changes class ${size.before} → ${size.after} (a few minutes of downtime)`,
          )
        : [];
    }
    case 'aws_route53_record':
      return siteRecord(change, context, risk);
    default:
      return [];
  }
};

/** Records at the apex or www: what visitors and mail senders resolve. */
function siteRecord(
  change: Parameters<RiskRule>[0],
  context: RiskContext,
  risk: (code: string, reason: string, intended?: boolean) => Risk[],
): Risk[] {
  if (change.action === 'no-op' || change.action === 'forget' || context.decommissioning) return [];
  if (change.action === 'create' && !context.existed) return [];
  const record = (sideOf(context, change, 'after') ?? sideOf(context, change, 'before'))?.attributes;
  const name = str(record?.name) ?? '';
  const zone = str(
    context.after.resources.get('aws_route53_zone.main')?.attributes.name ??
      context.before.resources.get('aws_route53_zone.main')?.attributes.name,
  );
  if (zone === undefined || (name !== zone && name !== `www.${zone}`)) return [];
  const verb = { create: 'is added', update: 'changes', replace: 'changes', delete: 'is removed' }[
    change.action
  ];
  return risk('site-dns-changes', `the ${str(record?.type) ?? ''} record of ${name} ${verb}`);
}
