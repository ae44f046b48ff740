import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RISK_SEVERITIES } from '../../src/diff/index.js';
import type { CustomerChangeKind, CustomerPlan, Plan } from '../../src/plan/index.js';
import { edit, type Files, planBetween } from '../helpers/plans.js';
import { exampleFiles, PROJECT_ROOT } from '../helpers/repository.js';

const NEW_CUSTOMER = readFileSync(
  join(PROJECT_ROOT, 'test/fixtures/synth/customers/saltmarsh-records.yaml'),
  'utf8',
);

function customerOf(plan: Plan, id: string): CustomerPlan {
  const found = plan.customers.find((c) => c.customerId === id);
  if (found === undefined) throw new Error(`${id} is not in the plan`);
  return found;
}

const actions = (customer: CustomerPlan) => new Set(customer.changes.map((c) => c.action));
const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 100) / 100;

/**
 * One pull request with one customer of each kind, on the example repository: saltmarsh-records
 * signs up, lumen-analytics orders extra storage, tidewater-travel is suspended, kestrel-legal
 * (suspended in the example) has paid, nordlicht-media leaves, orchid-studio (decommissioned in
 * the example) has its file deleted, and bluefin-bakery's comment is reworded.
 */
function aWeekOfTickets(base: Files): Files {
  let head = new Map(base).set('customers/saltmarsh-records.yaml', NEW_CUSTOMER);
  head = edit(
    head,
    'customers/lumen-analytics.yaml',
    'addons: [ram-cpu-upgrade]',
    'addons: [ram-cpu-upgrade, storage-ebs-100]',
  );
  head = edit(head, 'customers/tidewater-travel.yaml', 'plan: core', 'plan: core\nstatus: suspended');
  head = edit(head, 'customers/kestrel-legal.yaml', 'status: suspended', 'status: active');
  head = edit(head, 'customers/nordlicht-media.yaml', 'plan: titan', 'plan: titan\nstatus: decommissioned');
  head.delete('customers/orchid-studio.yaml');
  return edit(
    head,
    'customers/bluefin-bakery.yaml',
    '# Small bakery site; DNS stays on the platform',
    '# Small family bakery site; DNS stays on the platform',
  );
}

describe('customer plans through the whole pipeline: one of each kind', () => {
  let plan: Plan;
  beforeAll(async () => {
    const base = exampleFiles();
    plan = await planBetween(base, aWeekOfTickets(base));
  });

  it('lists the customers with changes, in id order', () => {
    expect(plan.customers.map((c) => c.customerId)).toEqual([
      'kestrel-legal',
      'lumen-analytics',
      'nordlicht-media',
      'orchid-studio',
      'saltmarsh-records',
      'tidewater-travel',
    ]);
  });

  it.each<[string, CustomerChangeKind, string | undefined, string | undefined]>([
    ['saltmarsh-records', 'added', undefined, 'active'],
    ['lumen-analytics', 'changed', 'active', 'active'],
    ['tidewater-travel', 'suspended', 'active', 'suspended'],
    ['kestrel-legal', 'resumed', 'suspended', 'active'],
    ['nordlicht-media', 'decommissioned', 'active', 'decommissioned'],
    ['orchid-studio', 'removed', 'decommissioned', undefined],
  ])('%s is %s (%s → %s)', (id, kind, before, after) => {
    const customer = customerOf(plan, id);
    expect(customer.kind).toBe(kind);
    expect(customer.file).toBe(`customers/${id}.yaml`);
    expect(customer.before?.status).toBe(before);
    expect(customer.after?.status).toBe(after);
  });

  it('every customer counts what it lists, and lists no no-ops', () => {
    for (const customer of plan.customers) {
      const listed = { create: 0, update: 0, replace: 0, delete: 0, forget: 0 };
      for (const change of customer.changes) {
        expect(change.action, customer.customerId).not.toBe('no-op');
        listed[change.action as keyof typeof listed]++;
      }
      expect(customer.counts, customer.customerId).toMatchObject(listed);
      // Every risk of every change, worst first.
      expect(customer.risks.length, customer.customerId).toBe(
        customer.changes.flatMap((c) => c.risks).length,
      );
      const ranks = customer.risks.map((r) => RISK_SEVERITIES.indexOf(r.severity));
      expect(ranks, customer.customerId).toEqual([...ranks].sort((a, b) => a - b));
    }
  });

  it('added: everything is created, nothing is at risk, and it is billed the titan price', () => {
    const saltmarsh = customerOf(plan, 'saltmarsh-records');
    expect(saltmarsh.before).toBeUndefined();
    expect(saltmarsh.after).toMatchObject({
      planTier: 'titan',
      region: 'us-east-1',
      priceUsd: 149,
      unpriced: [],
    });
    expect(saltmarsh.after?.awsCostUsd).toBeGreaterThan(0);
    expect(actions(saltmarsh)).toEqual(new Set(['create']));
    expect(saltmarsh.counts['no-op']).toBe(0);
    expect(saltmarsh.risks).toEqual([]);
  });

  it('changed: an extra 100 GB volume is created and billed, nothing else goes', () => {
    const lumen = customerOf(plan, 'lumen-analytics');
    // scale 79 + ram-cpu-upgrade 35 (+ storage-ebs-100 10)
    expect([lumen.before?.priceUsd, lumen.after?.priceUsd]).toEqual([114, 124]);
    expect(lumen.after?.awsCostUsd).toBeGreaterThan(lumen.before?.awsCostUsd ?? Number.POSITIVE_INFINITY);
    expect(lumen.changes.filter((c) => c.action === 'create').map((c) => c.type)).toContain('aws_ebs_volume');
    expect(lumen.counts).toMatchObject({ delete: 0, replace: 0 });
    expect(lumen.risks.filter((r) => r.severity === 'data-loss')).toEqual([]);
  });

  it('suspended: the server stops (as asked), billing stops, volumes and IP still cost', () => {
    const tidewater = customerOf(plan, 'tidewater-travel');
    expect([tidewater.before?.priceUsd, tidewater.after?.priceUsd]).toEqual([57, 0]);
    expect(tidewater.after?.awsCostUsd).toBeGreaterThan(0);
    expect(tidewater.after?.awsCostUsd).toBeLessThan(tidewater.before?.awsCostUsd ?? 0);
    expect(actions(tidewater)).toEqual(new Set(['update']));
    expect(tidewater.risks.map((r) => [r.code, r.intended])).toEqual([['server-stopped', true]]);
  });

  it('resumed: the server starts again (as asked) and the customer is billed again', () => {
    const kestrel = customerOf(plan, 'kestrel-legal');
    expect([kestrel.before?.priceUsd, kestrel.after?.priceUsd]).toEqual([0, 39]);
    expect(kestrel.after?.awsCostUsd).toBeGreaterThan(kestrel.before?.awsCostUsd ?? Number.POSITIVE_INFINITY);
    expect(actions(kestrel)).toEqual(new Set(['update']));
    expect(kestrel.changes.map((c) => c.address)).toContain('aws_ec2_instance_state.server');
    expect(kestrel.risks.map((r) => [r.code, r.intended])).toEqual([['server-started', true]]);
  });

  it('decommissioned: everything but the backup bucket is deleted, every loss as asked', () => {
    const nordlicht = customerOf(plan, 'nordlicht-media');
    expect(nordlicht.after).toMatchObject({ status: 'decommissioned', priceUsd: 0, awsCostUsd: 0 });
    expect(actions(nordlicht)).toEqual(new Set(['delete']));
    expect(nordlicht.changes.map((c) => c.address)).not.toContain('aws_s3_bucket.backups');
    expect(nordlicht.counts['no-op']).toBeGreaterThan(0);
    expect(nordlicht.risks.map((r) => r.code)).toEqual(
      expect.arrayContaining([
        'server-destroyed',
        'database-destroyed',
        'volume-destroyed',
        'zone-destroyed',
      ]),
    );
    expect(nordlicht.risks.filter((r) => !r.intended)).toEqual([]);
  });

  it('removed: neo stops managing the backup bucket and its settings, and destroys nothing', () => {
    const orchid = customerOf(plan, 'orchid-studio');
    expect(orchid.after).toBeUndefined();
    expect(orchid.before).toMatchObject({
      planTier: 'titan',
      region: 'us-east-1',
      priceUsd: 0,
      awsCostUsd: 0,
    });
    // A decommissioned stack holds only the backup bucket and its six settings resources. They
    // are forgotten (kept in AWS, no longer managed): the lifecycle rules keep expiring the
    // backups over their retention, and prevent_destroy never has to refuse anything.
    expect(orchid.counts).toEqual({ create: 0, update: 0, replace: 0, delete: 0, forget: 7, 'no-op': 0 });
    expect(actions(orchid)).toEqual(new Set(['forget']));
    expect(orchid.risks).toEqual([]);
    expect(orchid.changes.some((c) => c.destroyRefused)).toBe(false);
  });

  it('unchanged: a reworded comment is compared, counted and not listed; untouched files are not compared', () => {
    expect(plan.customers.map((c) => c.customerId)).not.toContain('bluefin-bakery');
    // Only bluefin-bakery: acme-corp's file did not change, so it was not even compared.
    expect(plan.unchangedCustomers).toBe(1);
  });

  it('totals are the sums over the listed customers', () => {
    const total = (f: (c: CustomerPlan) => number | undefined) => sum(plan.customers.map((c) => f(c) ?? 0));
    expect(plan.totals.kinds).toEqual({
      added: 1,
      changed: 1,
      suspended: 1,
      resumed: 1,
      decommissioned: 1,
      removed: 1,
    });
    expect(plan.totals.revenueUsd).toEqual({
      before: total((c) => c.before?.priceUsd),
      after: total((c) => c.after?.priceUsd),
    });
    expect(plan.totals.awsCostUsd).toEqual({
      before: total((c) => c.before?.awsCostUsd),
      after: total((c) => c.after?.awsCostUsd),
    });
    // lumen 114 + tidewater 57 + nordlicht 219 (kestrel and orchid pay nothing)
    // → saltmarsh 149 + lumen 124 + kestrel 39 (tidewater and nordlicht pay nothing).
    expect(plan.totals.revenueUsd).toEqual({ before: 390, after: 312 });
    for (const action of ['create', 'update', 'replace', 'delete', 'no-op'] as const) {
      expect(plan.totals.resources[action], action).toBe(sum(plan.customers.map((c) => c.counts[action])));
    }
  });

  it('blast radius: 5 of 7 existing customers change (not more than the minimum of 5), 1 loses data as asked', () => {
    expect(plan.blastRadius).toMatchObject({
      changedCustomers: 5,
      existingCustomers: 7,
      dataLossCustomers: ['nordlicht-media'],
      exceeded: [],
      overridden: false,
    });
  });

  it('capacity: nordlicht-media gives back its VPC, 2 Elastic IPs and zone; saltmarsh-records takes us-east-1', () => {
    expect(
      plan.capacity.map(({ quota, region, before, after, level }) => [quota, region, before, after, level]),
    ).toEqual([
      ['VPCs', 'us-east-1', 0, 1, 'ok'],
      ['Elastic IPs', 'us-east-1', 0, 1, 'ok'],
      ['VPCs', 'us-east-2', 6, 5, 'ok'],
      ['Elastic IPs', 'us-east-2', 7, 5, 'ok'],
      ['hosted zones', undefined, 4, 4, 'ok'],
    ]);
  });
});

describe('a customer file whose comment changed', () => {
  it('is compared and found unchanged', async () => {
    const base = exampleFiles();
    const head = edit(
      base,
      'customers/acme-corp.yaml',
      /^# yaml-language-server.*$/m,
      '# Acme Corp, billed by invoice',
    );
    const plan = await planBetween(base, head);
    expect(plan.customers).toEqual([]);
    expect(plan.unchangedCustomers).toBe(1);
    expect(plan.totals.resources).toEqual({
      create: 0,
      update: 0,
      replace: 0,
      delete: 0,
      forget: 0,
      'no-op': 0,
    });
    expect(plan.totals.revenueUsd).toEqual({ before: 0, after: 0 });
    expect(plan.blastRadius).toMatchObject({ changedCustomers: 0, existingCustomers: 7, exceeded: [] });
  });
});

describe('a first run (no base)', () => {
  let plan: Plan;
  beforeAll(async () => {
    plan = await planBetween(undefined, exampleFiles());
  });

  it('creates every customer of the repository; a new customer that is not active is named by its status', () => {
    expect(plan.base).toBeUndefined();
    // A customer new to neo is 'added' when active; otherwise its status says what creating it
    // means (a stopped server; a backup bucket only). Either way it is not an existing customer.
    expect(plan.customers.map((c) => [c.customerId, c.kind, c.after?.status])).toEqual([
      ['acme-corp', 'added', 'active'],
      ['bluefin-bakery', 'added', 'active'],
      ['kestrel-legal', 'suspended', 'suspended'],
      ['lumen-analytics', 'added', 'active'],
      ['nordlicht-media', 'added', 'active'],
      ['orchid-studio', 'decommissioned', 'decommissioned'],
      ['tidewater-travel', 'added', 'active'],
    ]);
    expect(plan.totals.kinds).toEqual({
      added: 5,
      changed: 0,
      suspended: 1,
      resumed: 0,
      decommissioned: 1,
      removed: 0,
    });
    expect(plan.unchangedCustomers).toBe(0);
    for (const customer of plan.customers) {
      expect(customer.before, customer.customerId).toBeUndefined();
      expect(actions(customer), customer.customerId).toEqual(new Set(['create']));
    }
  });

  it('a decommissioned customer is created with its backup bucket only', () => {
    const orchid = customerOf(plan, 'orchid-studio');
    expect(orchid.changes.map((c) => c.address)).toEqual([
      'aws_s3_bucket.backups',
      'aws_s3_bucket_lifecycle_configuration.backups',
      'aws_s3_bucket_ownership_controls.backups',
      'aws_s3_bucket_policy.backups',
      'aws_s3_bucket_public_access_block.backups',
      'aws_s3_bucket_server_side_encryption_configuration.backups',
      'aws_s3_bucket_versioning.backups',
    ]);
    expect(orchid.after).toMatchObject({ priceUsd: 0, awsCostUsd: 0 });
  });

  it('exceeds no blast radius: there are no existing customers', () => {
    expect(plan.blastRadius).toMatchObject({
      changedCustomers: 0,
      existingCustomers: 0,
      dataLossCustomers: [],
      exceeded: [],
    });
  });

  it('revenue goes from nothing to what the active customers pay', () => {
    // acme-corp 89 + bluefin-bakery 39 + lumen-analytics 114 + nordlicht-media 219 +
    // tidewater-travel 57; kestrel-legal (suspended) and orchid-studio pay nothing.
    expect(plan.totals.revenueUsd).toEqual({ before: 0, after: 518 });
    expect(plan.totals.awsCostUsd).toEqual({
      before: 0,
      after: sum(plan.customers.map((c) => c.after?.awsCostUsd ?? 0)),
    });
  });

  it('capacity starts from nothing', () => {
    expect(plan.capacity.map(({ quota, region, before, after }) => [quota, region, before, after])).toEqual([
      ['VPCs', 'us-east-1', 0, 0],
      ['Elastic IPs', 'us-east-1', 0, 0],
      ['VPCs', 'us-east-2', 0, 6],
      ['Elastic IPs', 'us-east-2', 0, 7],
      ['hosted zones', undefined, 0, 4],
    ]);
  });
});

describe('a plan tier price change (plans/core.yaml 39 → 45)', () => {
  const raise = (files: Files) =>
    edit(files, 'plans/core.yaml', 'priceUsdMonthly: 39', 'priceUsdMonthly: 45');

  let plan: Plan;
  beforeAll(async () => {
    const base = exampleFiles();
    plan = await planBetween(base, raise(base));
  });

  it('touches exactly the core customers, suspended kestrel-legal included', () => {
    expect(plan.customers.map((c) => [c.customerId, c.kind])).toEqual([
      ['bluefin-bakery', 'changed'],
      ['kestrel-legal', 'changed'],
      ['tidewater-travel', 'changed'],
    ]);
    expect(plan.unchangedCustomers).toBe(0);
  });

  it.each([
    // [id, billed before → after, budget limit before → after]
    ['bluefin-bakery', 39, 45, '39.00', '45.00'],
    // Suspended: not billed either way, but its budget still follows the list price.
    ['kestrel-legal', 0, 0, '39.00', '45.00'],
    // core + storage-ebs-100 (10) + storage-s3-250 (8)
    ['tidewater-travel', 57, 63, '57.00', '63.00'],
  ])(
    '%s: billed $%i → $%i; the only AWS change is its budget limit %s → %s',
    (id, before, after, from, to) => {
      const customer = customerOf(plan, id);
      expect([customer.before?.priceUsd, customer.after?.priceUsd]).toEqual([before, after]);
      // None of the core customers sets budget.monthlyUsd: the budget defaults to the price.
      expect(customer.changes.map((c) => [c.address, c.action, c.attributes])).toEqual([
        ['aws_budgets_budget.monthly', 'update', [{ path: 'limit_amount', before: from, after: to }]],
      ]);
      expect(customer.risks).toEqual([]);
      expect(customer.after?.awsCostUsd).toBe(customer.before?.awsCostUsd);
    },
  );

  it('revenue moves, the AWS cost does not', () => {
    expect(plan.totals.revenueUsd).toEqual({ before: 96, after: 108 });
    expect(plan.totals.awsCostUsd.after).toBe(plan.totals.awsCostUsd.before);
    expect(plan.totals.resources).toMatchObject({ create: 0, update: 3, replace: 0, delete: 0 });
  });

  it('a customer with its own budget is changed in price only, without any resource change', async () => {
    const base = edit(
      exampleFiles(),
      'customers/tidewater-travel.yaml',
      'addons: [storage-ebs-100, storage-s3-250]',
      'addons: [storage-ebs-100, storage-s3-250]\nbudget: { monthlyUsd: 80 }',
    );
    const tidewater = customerOf(await planBetween(base, raise(base)), 'tidewater-travel');
    expect(tidewater.kind).toBe('changed');
    expect([tidewater.before?.priceUsd, tidewater.after?.priceUsd]).toEqual([57, 63]);
    expect(tidewater.changes).toEqual([]);
    expect(tidewater.counts).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
  });
});
