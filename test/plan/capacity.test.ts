import { beforeAll, describe, expect, it } from 'vitest';
import { capacityChecks, type Quotas } from '../../src/plan/capacity.js';
import { type CapacityCheck, footprint } from '../../src/plan/index.js';
import { type Customer, loadSchemas, resolveCustomers, validateRepository } from '../../src/spec/index.js';
import { memorySource } from '../helpers/repository.js';
import { type Stack, synthesizeAll, synthFiles } from '../helpers/stacks.js';

/** The example repository and the synth fixtures, resolved (no synthesis). */
let customers: Map<string, Customer>;

beforeAll(async () => {
  const validation = await validateRepository(memorySource(synthFiles()), { schemas: loadSchemas() });
  const errors = validation.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`fixture specs are invalid: ${JSON.stringify(errors)}`);
  customers = new Map(resolveCustomers(validation.repository).map((c) => [c.id, c]));
});

function customer(id: string): Customer {
  const found = customers.get(id);
  if (found === undefined) throw new Error(`no fixture customer ${id}`);
  return found;
}

type Variant = {
  status?: Customer['status'];
  region?: string;
  natGateway?: boolean;
  zone?: Customer['dns']['zone'];
};

/** acme-corp (active, us-east-2, Route53 zone, no NAT gateway) with some facts changed. */
function acme(variant: Variant = {}, id = 'acme-corp'): Customer {
  const base = customer('acme-corp');
  return {
    ...base,
    id,
    domain: `${id}-example.com`,
    status: variant.status ?? base.status,
    region: variant.region ?? base.region,
    network: { ...base.network, natGateway: variant.natGateway ?? base.network.natGateway },
    dns: { ...base.dns, zone: variant.zone ?? base.dns.zone },
  };
}

/** `n` customers like acme-corp, each with its own id: shop-01, shop-02, … */
function shops(n: number, variant: Variant = {}, prefix = 'shop'): Customer[] {
  return Array.from({ length: n }, (_, i) => acme(variant, `${prefix}-${String(i + 1).padStart(2, '0')}`));
}

describe('footprint', () => {
  it.each<[string, Variant, { vpcs: number; elasticIps: number; hostedZones: number }]>([
    ['active, Route53 zone', {}, { vpcs: 1, elasticIps: 1, hostedZones: 1 }],
    [
      'active, DNS on the platform nameservers',
      { zone: 'external' },
      { vpcs: 1, elasticIps: 1, hostedZones: 0 },
    ],
    [
      'active, NAT gateway (its own Elastic IP)',
      { natGateway: true },
      { vpcs: 1, elasticIps: 2, hostedZones: 1 },
    ],
    [
      'active, NAT gateway and external DNS',
      { natGateway: true, zone: 'external' },
      { vpcs: 1, elasticIps: 2, hostedZones: 0 },
    ],
    [
      'suspended: everything is kept, the server stopped',
      { status: 'suspended' },
      { vpcs: 1, elasticIps: 1, hostedZones: 1 },
    ],
    [
      'suspended with a NAT gateway',
      { status: 'suspended', natGateway: true },
      { vpcs: 1, elasticIps: 2, hostedZones: 1 },
    ],
    [
      'decommissioned: only the backup bucket is left',
      { status: 'decommissioned', natGateway: true },
      { vpcs: 0, elasticIps: 0, hostedZones: 0 },
    ],
  ])('%s', (_, variant, expected) => {
    expect(footprint(acme(variant))).toEqual(expected);
  });
});

describe('footprint matches what the synthesizer really builds', () => {
  let stacks: Map<string, Stack>;
  beforeAll(async () => {
    stacks = await synthesizeAll(synthFiles());
  });

  const IDS = [...synthFiles().keys()]
    .filter((path) => path.startsWith('customers/'))
    .map((path) => path.slice('customers/'.length, -'.yaml'.length))
    .sort();

  it('the fleet has every shape the footprint distinguishes', () => {
    const all = IDS.map(customer);
    expect(new Set(all.map((c) => c.status))).toEqual(new Set(['active', 'suspended', 'decommissioned']));
    expect(all.some((c) => c.status !== 'decommissioned' && c.network.natGateway)).toBe(true);
    expect(all.some((c) => c.status !== 'decommissioned' && c.dns.zone === 'external')).toBe(true);
    expect(all.some((c) => c.status !== 'decommissioned' && c.dns.zone === 'route53')).toBe(true);
    expect(new Set(all.map((c) => c.region))).toEqual(new Set(['us-east-1', 'us-east-2']));
  });

  it.each(IDS)('%s', (id) => {
    const stack = stacks.get(id);
    if (stack === undefined) throw new Error(`no stack for ${id}`);
    const count = (type: string) => Object.keys(stack.all(type)).length;
    expect({
      vpcs: count('aws_vpc'),
      elasticIps: count('aws_eip'),
      hostedZones: count('aws_route53_zone'),
    }).toEqual(footprint(customer(id)));
  });
});

describe('capacityChecks', () => {
  const QUOTAS: Quotas = {
    hostedZones: 10,
    regions: { 'us-east-2': { vpcs: 5, elasticIps: 5 }, 'us-east-1': { vpcs: 20, elasticIps: 20 } },
  };
  const find = (checks: CapacityCheck[], quota: CapacityCheck['quota'], region?: string) => {
    const found = checks.find((c) => c.quota === quota && c.region === region);
    if (found === undefined) throw new Error(`no check of ${quota} in ${region ?? 'the account'}`);
    return found;
  };

  it.each<[string, number, number, CapacityCheck['level']]>([
    ['1 of 5', 0, 1, 'ok'],
    ['3 of 5 (60 %)', 2, 3, 'ok'],
    ['4 of 5 (80 %): near, AWS takes days to raise a quota', 3, 4, 'near'],
    ['5 of 5: at the limit, still possible', 4, 5, 'near'],
    ['6 of 5: AWS will refuse', 5, 6, 'exceeded'],
    ['back from 6 to 4', 6, 4, 'near'],
    ['back from 6 to 3', 6, 3, 'ok'],
  ])('VPCs in us-east-2: %s', (_, before, after, level) => {
    const checks = capacityChecks(
      shops(before, { zone: 'external' }),
      shops(after, { zone: 'external' }),
      QUOTAS,
    );
    expect(find(checks, 'VPCs', 'us-east-2')).toEqual({
      quota: 'VPCs',
      region: 'us-east-2',
      before,
      after,
      limit: 5,
      level,
    });
  });

  it.each<[number, CapacityCheck['level']]>([
    [15, 'ok'],
    [16, 'near'],
    [20, 'near'],
    [21, 'exceeded'],
  ])('Elastic IPs in us-east-1 with a limit of 20: %i used is %s', (used, level) => {
    const after = shops(used, { region: 'us-east-1', zone: 'external' });
    expect(find(capacityChecks([], after, QUOTAS), 'Elastic IPs', 'us-east-1').level).toBe(level);
  });

  it('a NAT gateway takes a second Elastic IP: 3 customers, 5 of 5 addresses', () => {
    const after = [...shops(2, { natGateway: true }), acme()];
    const checks = capacityChecks([], after, QUOTAS);
    expect(find(checks, 'VPCs', 'us-east-2')).toMatchObject({ after: 3, level: 'ok' });
    expect(find(checks, 'Elastic IPs', 'us-east-2')).toMatchObject({ before: 0, after: 5, level: 'near' });
  });

  it('hosted zones are account-wide: one check, without a region, across both regions', () => {
    const after = [
      ...shops(5),
      ...shops(4, { region: 'us-east-1' }, 'dr-shop'),
      ...shops(3, { zone: 'external' }, 'bind-shop'),
    ];
    const zones = capacityChecks(shops(5), after, QUOTAS).filter((c) => c.quota === 'hosted zones');
    expect(zones).toEqual([{ quota: 'hosted zones', before: 5, after: 9, limit: 10, level: 'near' }]);
  });

  it('regions are checked separately: a full us-east-2 does not spill into us-east-1', () => {
    const after = [
      ...shops(6, { zone: 'external' }),
      ...shops(1, { region: 'us-east-1', zone: 'external' }, 'dr'),
    ];
    const checks = capacityChecks([], after, QUOTAS);
    expect(find(checks, 'VPCs', 'us-east-2')).toMatchObject({ after: 6, level: 'exceeded' });
    expect(find(checks, 'VPCs', 'us-east-1')).toMatchObject({ after: 1, level: 'ok' });
  });

  it('suspending keeps the quotas taken, decommissioning gives them back', () => {
    const before = shops(5, { natGateway: true });
    const statuses: Customer['status'][] = ['active', 'active', 'suspended', 'suspended', 'decommissioned'];
    const after = statuses.map((status, i) => acme({ natGateway: true, status }, `shop-0${i + 1}`));
    const checks = capacityChecks(before, after, QUOTAS);
    expect(find(checks, 'VPCs', 'us-east-2')).toMatchObject({ before: 5, after: 4 });
    expect(find(checks, 'Elastic IPs', 'us-east-2')).toMatchObject({
      before: 10,
      after: 8,
      level: 'exceeded',
    });
    expect(find(checks, 'hosted zones')).toMatchObject({ before: 5, after: 4 });
  });

  it('checks come in a stable order: regions sorted, VPCs then Elastic IPs, hosted zones last', () => {
    const checks = capacityChecks([acme({ region: 'us-east-1' })], [acme()], QUOTAS);
    expect(checks.map((c) => [c.quota, c.region])).toEqual([
      ['VPCs', 'us-east-1'],
      ['Elastic IPs', 'us-east-1'],
      ['VPCs', 'us-east-2'],
      ['Elastic IPs', 'us-east-2'],
      ['hosted zones', undefined],
    ]);
    // Moving acme-corp from the DR region to the primary one.
    expect(find(checks, 'VPCs', 'us-east-1')).toMatchObject({ before: 1, after: 0 });
    expect(find(checks, 'VPCs', 'us-east-2')).toMatchObject({ before: 0, after: 1 });
  });

  it('a region without a quota in neo.yaml is not checked (validation requires one for every region)', () => {
    const checks = capacityChecks([], [acme({ region: 'eu-central-1' })], QUOTAS);
    expect(checks.filter((c) => c.region !== undefined)).toEqual([]);
    expect(find(checks, 'hosted zones')).toMatchObject({ after: 1 });
  });

  it('a region nobody uses, before or after, is not checked', () => {
    const checks = capacityChecks(shops(1), shops(2), QUOTAS);
    expect(checks.map((c) => c.region)).not.toContain('us-east-1');
  });

  it('a quota of 0 is exceeded by the first use, and ok while unused', () => {
    const quotas: Quotas = { hostedZones: 0, regions: { 'us-east-2': { vpcs: 0, elasticIps: 0 } } };
    expect(find(capacityChecks([], [], quotas), 'hosted zones').level).toBe('ok');
    expect(find(capacityChecks([], [acme()], quotas), 'hosted zones').level).toBe('exceeded');
  });

  it('reports every quota in use, unmoved and far from its limit too (renderers choose what to show)', () => {
    const fleet = shops(2);
    expect(capacityChecks(fleet, fleet, QUOTAS).every((c) => c.level === 'ok' && c.before === c.after)).toBe(
      true,
    );
    expect(capacityChecks(fleet, fleet, QUOTAS).length).toBeGreaterThan(0);
  });
});
