import { quote } from '../diagnostic.js';
import type { AddonCatalogSpec, CustomerSpec } from '../generated/spec-types.js';
import { upgradeInstanceType } from '../instance-sizes.js';
import { type SpecFile, sound, usable } from '../repository.js';
import type { Rule } from './context.js';

/** Backups stay within what the plan tier includes. */
export const backupsWithinPlan: Rule = ({ repository, report }) => {
  for (const customer of repository.customers.values()) {
    const tier = repository.tiers.get(customer.data.plan);
    if (!sound(customer, 'backups', 'plan') || !sound(tier, 'id', 'backups') || tier === undefined) continue;
    const backups = customer.data.backups ?? {};
    const limit = tier.data.backups.retentionDays;
    if (backups.retentionDays !== undefined && backups.retentionDays > limit) {
      report(
        customer,
        ['backups', 'retentionDays'],
        `plan ${tier.name} keeps backups for at most ${limit} days: lower retentionDays to ${limit} or less, or move to a larger plan`,
      );
    }
    if (backups.crossRegion === true && !tier.data.backups.crossRegionCopy) {
      report(
        customer,
        ['backups', 'crossRegion'],
        `plan ${tier.name} does not include cross-region backup copies: remove crossRegion or move to a plan that includes it`,
      );
    }
  }
};

/** Storage add-ons stay within the tier's expansion limit, and at most one size upgrade applies. */
export const addonLimits: Rule = ({ repository, report }) => {
  const catalog = repository.addons;
  if (!usable(catalog, 'addons') || catalog === undefined) return;
  for (const customer of repository.customers.values()) {
    const tier = repository.tiers.get(customer.data.plan);
    if (!sound(customer, 'addons', 'plan') || !sound(tier, 'id', 'storage') || tier === undefined) continue;
    const ordered = customer.data.addons ?? [];
    if (!ordered.every((id) => catalog.data.addons[id] === undefined || sound(catalog, `addons/${id}`)))
      continue;
    const extra = extraStorage(customer, catalog.data);
    if (extra.total > tier.data.storage.maxExpansionGb) {
      report(
        customer,
        ['addons', extra.last],
        `storage add-ons add ${extra.total} GB, more than the ${tier.data.storage.maxExpansionGb} GB plan ${tier.name} allows: remove one or move to a larger plan`,
      );
    }
    const upgrades = upgradeIndexes(customer.data, catalog.data);
    const first = upgrades[0];
    if (first !== undefined && sound(tier, 'server/instanceType')) {
      const problem = upgradeProblem(
        tier.data.server.instanceType,
        catalog.data.addons[ordered[first] ?? ''],
      );
      if (problem !== undefined) report(customer, ['addons', first], problem);
    }
    for (const i of upgrades.slice(1)) {
      report(
        customer,
        ['addons', i],
        `only one RAM/CPU upgrade applies at a time (${quote(customer.data.addons?.[upgrades[0] ?? 0])} is already listed): keep one`,
      );
    }
  }
};

/** Why a RAM/CPU upgrade cannot apply to the tier's instance type, if it cannot. */
function upgradeProblem(instanceType: string, addon: AddonCatalogSpec['addons'][string]): string | undefined {
  const steps = (addon?.settings as { sizeSteps?: number } | undefined)?.sizeSteps ?? 0;
  const upgrade = upgradeInstanceType(instanceType, steps);
  if (upgrade.ok) return undefined;
  const why =
    upgrade.reason === 'beyond-largest'
      ? `${upgrade.largest} is the largest size`
      : 'neo knows no larger sizes of that family';
  return `cannot upgrade ${instanceType} by ${steps} size(s): ${why}; remove the add-on or move to a larger plan`;
}

function extraStorage(
  customer: SpecFile<CustomerSpec>,
  catalog: AddonCatalogSpec,
): { total: number; last: number } {
  let total = 0;
  let last = 0;
  for (const [i, id] of (customer.data.addons ?? []).entries()) {
    const addon = catalog.addons[id];
    if (addon?.kind !== 'ebs-storage') continue;
    total += (addon.settings as { sizeGb: number }).sizeGb;
    last = i;
  }
  return { total, last };
}

function upgradeIndexes(customer: CustomerSpec, catalog: AddonCatalogSpec): number[] {
  return (customer.addons ?? []).flatMap((id, i) =>
    catalog.addons[id]?.kind === 'instance-upgrade' ? [i] : [],
  );
}
