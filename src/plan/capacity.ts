import type { Customer } from '../spec/index.js';
import type { CapacityCheck } from './types.js';

/** What one customer holds of the account's quotas. */
export interface Footprint {
  vpcs: number;
  elasticIps: number;
  hostedZones: number;
}

/**
 * Mirrors what the synthesizer builds (test/plan/capacity.test.ts checks it against real
 * stacks): a decommissioned customer keeps only its backup bucket.
 */
export function footprint(customer: Customer): Footprint {
  if (customer.status === 'decommissioned') return { vpcs: 0, elasticIps: 0, hostedZones: 0 };
  return {
    vpcs: 1,
    elasticIps: 1 + (customer.network.natGateway ? 1 : 0),
    hostedZones: customer.dns.zone === 'route53' ? 1 : 0,
  };
}

export interface Quotas {
  hostedZones: number;
  regions: Record<string, { vpcs: number; elasticIps: number } | undefined>;
}

/** Share of a quota from which the plan warns: AWS quota increases take days. */
const NEAR = 0.8;

/**
 * The quotas the repository needs before and after, against the account's quotas in neo.yaml:
 * every quota in use, so tools see the whole picture; renderers show the ones worth a warning.
 */
export function capacityChecks(
  before: readonly Customer[],
  after: readonly Customer[],
  quotas: Quotas,
): CapacityCheck[] {
  const used = (customers: readonly Customer[]) => {
    const byRegion = new Map<string, { vpcs: number; elasticIps: number }>();
    let hostedZones = 0;
    for (const customer of customers) {
      const print = footprint(customer);
      const region = byRegion.get(customer.region) ?? { vpcs: 0, elasticIps: 0 };
      region.vpcs += print.vpcs;
      region.elasticIps += print.elasticIps;
      byRegion.set(customer.region, region);
      hostedZones += print.hostedZones;
    }
    return { byRegion, hostedZones };
  };
  const old = used(before);
  const next = used(after);
  const checks: CapacityCheck[] = [];
  const regions = [...new Set([...old.byRegion.keys(), ...next.byRegion.keys()])].sort();
  for (const region of regions) {
    const limit = quotas.regions[region];
    if (limit === undefined) continue;
    for (const [quota, key] of [
      ['VPCs', 'vpcs'],
      ['Elastic IPs', 'elasticIps'],
    ] as const) {
      checks.push(
        check(
          quota,
          old.byRegion.get(region)?.[key] ?? 0,
          next.byRegion.get(region)?.[key] ?? 0,
          limit[key],
          region,
        ),
      );
    }
  }
  checks.push(check('hosted zones', old.hostedZones, next.hostedZones, quotas.hostedZones));
  return checks;
}

function check(
  quota: CapacityCheck['quota'],
  before: number,
  after: number,
  limit: number,
  region?: string,
): CapacityCheck {
  const level = after > limit ? 'exceeded' : after >= limit * NEAR && after > 0 ? 'near' : 'ok';
  return { quota, ...(region === undefined ? {} : { region }), before, after, limit, level };
}
