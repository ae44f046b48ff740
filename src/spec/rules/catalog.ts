import { isProvisioned, UNPROVISIONED_ADDON_KINDS } from '../addon-kinds.js';
import { quote } from '../diagnostic.js';
import type { CustomerSpec } from '../generated/spec-types.js';
import { suggest } from '../hints.js';
import { type SpecFile, sound, tierExists, usable } from '../repository.js';
import type { Rule, RuleContext } from './context.js';

/** The customer's plan tier is a file in plans/. */
export const planExists: Rule = ({ repository, report }) => {
  const tiers = [...repository.tiers.keys()];
  for (const customer of repository.customers.values()) {
    if (!sound(customer, 'plan') || tierExists(repository, customer.data.plan)) continue;
    report(
      customer,
      ['plan'],
      `there is no plan tier ${quote(customer.data.plan)} in plans/: ${suggest(customer.data.plan, tiers)}`,
    );
  }
};

/** Every add-on is in the catalog and offered on the customer's plan tier. */
export const addonsAvailable: Rule = ({ repository, report }) => {
  const catalog = repository.addons;
  if (!usable(catalog, 'addons') || catalog === undefined) return;
  const ids = Object.keys(catalog.data.addons);
  for (const customer of repository.customers.values()) {
    if (!sound(customer, 'addons', 'plan')) continue;
    for (const [i, id] of (customer.data.addons ?? []).entries()) {
      const addon = catalog.data.addons[id];
      if (addon !== undefined && !sound(catalog, `addons/${id}/plans`)) continue;
      if (addon === undefined) {
        report(
          customer,
          ['addons', i],
          `there is no add-on ${quote(id)} in plans/addons.yaml: ${suggest(id, ids)}`,
        );
      } else if (repository.tiers.has(customer.data.plan) && !addon.plans.includes(customer.data.plan)) {
        report(
          customer,
          ['addons', i],
          `add-on ${quote(id)} is not available on plan ${customer.data.plan} (only on ${addon.plans.join(', ')}): change the plan or remove the add-on`,
        );
      } else if (sound(catalog, `addons/${id}/kind`) && !isProvisioned(addon.kind)) {
        report(
          customer,
          ['addons', i],
          `add-on ${quote(id)} cannot be provisioned yet (${UNPROVISIONED_ADDON_KINDS[addon.kind]}): remove it, or it would be billed and never delivered`,
        );
      }
    }
  }
};

/** The add-on catalog only names plan tiers that exist. */
export const addonPlansExist: Rule = ({ repository, report }) => {
  const catalog = repository.addons;
  if (!usable(catalog, 'addons') || catalog === undefined) return;
  const tiers = [...repository.tiers.keys()];
  for (const [id, addon] of Object.entries(catalog.data.addons)) {
    if (!sound(catalog, `addons/${id}/plans`)) continue;
    for (const [i, tier] of (addon?.plans ?? []).entries()) {
      if (tierExists(repository, tier)) continue;
      report(
        catalog,
        ['addons', id, 'plans', i],
        `there is no plan tier ${quote(tier)} in plans/: ${suggest(tier, tiers)}`,
      );
    }
  }
};

/** The region (or the platform default) is one neo places customers in, with an image for the OS. */
export const regionAndImage: Rule = (context) => {
  const { repository } = context;
  const platform = repository.platform;
  if (!sound(platform, 'defaultRegion', 'regions') || platform === undefined) return;
  for (const customer of repository.customers.values()) {
    if (!sound(customer, 'region', 'server/os', 'server/availabilityZone')) continue;
    const region = customer.data.region ?? platform.data.defaultRegion;
    if (!platform.data.regions.includes(region)) {
      // A default region that is not offered is reported once, on neo.yaml.
      if (customer.data.region === undefined) continue;
      context.report(
        customer,
        ['region'],
        `region ${quote(region)} is not one of the platform's regions in neo.yaml: ${suggest(region, platform.data.regions)}`,
      );
      continue;
    }
    checkImage(context, customer, region);
    checkAvailabilityZone(context, customer, region);
  }
};

function checkImage(context: RuleContext, customer: SpecFile<CustomerSpec>, region: string): void {
  const images = context.repository.images;
  const os = customer.data.server.os;
  if (!sound(images, `images/${os}`) || images === undefined) return;
  if (images.data.images[os]?.[region] !== undefined) return;
  const where = customer.data.region === undefined ? ['server', 'os'] : ['region'];
  const available = Object.keys(images.data.images[os] ?? {});
  const elsewhere = available.length > 0 ? ` (${os} is available in ${available.join(', ')})` : '';
  context.report(
    customer,
    where,
    `there is no golden image for ${os} in ${region} in plans/images.yaml${elsewhere}: add one or choose another region or OS`,
  );
}

function checkAvailabilityZone(context: RuleContext, customer: SpecFile<CustomerSpec>, region: string): void {
  const zone = customer.data.server.availabilityZone;
  if (zone === undefined || (zone.startsWith(region) && /^[a-z]$/.test(zone.slice(region.length)))) return;
  context.report(
    customer,
    ['server', 'availabilityZone'],
    `availability zone ${quote(zone)} is not in the customer's region ${region}: use a zone such as ${region}a`,
  );
}
