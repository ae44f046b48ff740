import type {
  Addon,
  AddonSettingsByKind,
  AlertThresholds,
  CustomerSpec,
  MaintenanceWindow,
  PlanTierSpec,
  PlatformSpec,
} from './generated/spec-types.js';
import { upgradeInstanceType } from './instance-sizes.js';
import type { SpecRepository } from './repository.js';

type Kind = Addon['kind'];

/** A catalog add-on as ordered by a customer, with its id and typed settings. */
export type OrderedAddon = {
  [K in Kind]: Omit<Addon, 'kind' | 'settings'> & { id: string; kind: K; settings: AddonSettingsByKind[K] };
}[Kind];

export type DnsRecord = Required<NonNullable<NonNullable<CustomerSpec['dns']>['records']>[number]>;

/**
 * A customer with every default applied and every reference resolved: what neo provisions.
 * Built only from a repository that validated without errors.
 */
export interface Customer {
  id: string;
  domain: string;
  contact: CustomerSpec['contact'];
  status: NonNullable<CustomerSpec['status']>;
  /** Data-bearing resource kinds this change may replace or destroy (the destroy guard's override). */
  allowDataLoss: NonNullable<CustomerSpec['allowDataLoss']>;
  /** Rolled out to first: a rollout's first wave takes canary customers before any other. */
  canary: boolean;
  /** The customer's own window, else neo.yaml's; none: changes with downtime apply at once. */
  maintenanceWindow?: MaintenanceWindow;
  region: string;
  availabilityZone: string;
  /** The plan tier (`plan:` in the file), resolved from plans/. */
  tier: PlanTierSpec;
  /** The instance type is the tier's, raised by a RAM/CPU upgrade add-on. */
  server: Omit<CustomerSpec['server'], 'hostname' | 'availabilityZone'> & {
    hostname: string;
    instanceType: string;
  };
  network: Required<CustomerSpec['network']>;
  dns: { zone: 'route53' | 'external'; mail: boolean; records: DnsRecord[] };
  monitoring: { alertEmails: string[]; thresholds: Required<AlertThresholds> };
  backups: { retentionDays: number; crossRegion: boolean };
  addons: OrderedAddon[];
  budget?: CustomerSpec['budget'];
  tags: Record<string, string>;
  /** Plan price plus add-ons, in USD per month. */
  monthlyPriceUsd: number;
}

export function resolveCustomers(repository: SpecRepository): Customer[] {
  const platform = repository.platform?.data;
  if (platform === undefined) throw new Error('resolveCustomers needs a valid repository (no neo.yaml)');
  return [...repository.customers.values()].map((file) => resolveCustomer(file.data, repository, platform));
}

function resolveCustomer(spec: CustomerSpec, repository: SpecRepository, platform: PlatformSpec): Customer {
  const tier = repository.tiers.get(spec.plan)?.data;
  if (tier === undefined) throw new Error(`customer ${spec.id}: plan tier ${spec.plan} is missing`);
  const region = spec.region ?? platform.defaultRegion;
  const { hostname, availabilityZone, ...server } = spec.server;
  const addons = (spec.addons ?? []).map((id) => orderedAddon(id, repository));
  const maintenanceWindow = spec.maintenanceWindow ?? platform.maintenanceWindow;
  return {
    id: spec.id,
    domain: spec.domain,
    contact: spec.contact,
    status: spec.status ?? 'active',
    allowDataLoss: spec.allowDataLoss ?? [],
    canary: spec.canary ?? false,
    ...(maintenanceWindow === undefined ? {} : { maintenanceWindow }),
    region,
    availabilityZone: availabilityZone ?? `${region}a`,
    tier,
    server: {
      ...server,
      hostname: hostname ?? `server.${spec.domain}`,
      instanceType: instanceType(tier, addons),
    },
    network: {
      cidr: spec.network.cidr,
      adminCidrs: spec.network.adminCidrs,
      allowAdminFromAnywhere: spec.network.allowAdminFromAnywhere ?? false,
      natGateway: spec.network.natGateway ?? false,
    },
    dns: {
      zone: spec.dns?.zone ?? 'route53',
      mail: spec.dns?.mail ?? true,
      records: (spec.dns?.records ?? []).map((r) => ({ ...r, ttl: r.ttl ?? 300 })),
    },
    monitoring: {
      alertEmails: spec.monitoring?.alertEmails ?? [spec.contact.email],
      thresholds: { ...platform.alerting.thresholds, ...spec.monitoring?.thresholds },
    },
    backups: {
      retentionDays: spec.backups?.retentionDays ?? tier.backups.retentionDays,
      crossRegion: spec.backups?.crossRegion ?? tier.backups.crossRegionCopy,
    },
    addons,
    ...(spec.budget === undefined ? {} : { budget: spec.budget }),
    tags: Object.fromEntries(
      Object.entries(spec.tags ?? {}).filter((e): e is [string, string] => e[1] !== undefined),
    ),
    monthlyPriceUsd: round2(tier.priceUsdMonthly + addons.reduce((sum, a) => sum + a.priceUsdMonthly, 0)),
  };
}

function orderedAddon(id: string, repository: SpecRepository): OrderedAddon {
  const addon = repository.addons?.data.addons[id];
  if (addon === undefined) throw new Error(`add-on ${id} is missing from the catalog`);
  return { ...addon, id } as OrderedAddon;
}

function instanceType(tier: PlanTierSpec, addons: OrderedAddon[]): string {
  const steps = addons.reduce(
    (sum, a) => sum + (a.kind === 'instance-upgrade' ? a.settings.sizeSteps : 0),
    0,
  );
  const upgrade = upgradeInstanceType(tier.server.instanceType, steps);
  if (!upgrade.ok)
    throw new Error(`cannot upgrade ${tier.server.instanceType} by ${steps} sizes (${upgrade.reason})`);
  return upgrade.instanceType;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
