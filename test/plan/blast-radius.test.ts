import { describe, expect, it } from 'vitest';
import type { Risk } from '../../src/diff/index.js';
import { stackDigest } from '../../src/graph/index.js';
import { blastRadius } from '../../src/plan/blast-radius.js';
import {
  acceptanceOf,
  type BlastRadiusLimits,
  blocks,
  type CustomerChangeKind,
  type CustomerFacts,
  type CustomerPlan,
  DEFAULT_BLAST_RADIUS,
  measureAccepted,
  type RadiusEntry,
} from '../../src/plan/index.js';

const LIMITS: BlastRadiusLimits = { maxDataLossCustomers: 3, maxChangedPercent: 20, minChangedCustomers: 5 };

const CORE: CustomerFacts = {
  status: 'active',
  planTier: 'core',
  region: 'us-east-2',
  priceUsd: 39,
  awsCostUsd: 26.23,
  unpriced: [],
};

const SUSPENDED: CustomerFacts = { ...CORE, status: 'suspended', priceUsd: 0, awsCostUsd: 12.55 };
const DECOMMISSIONED: CustomerFacts = { ...CORE, status: 'decommissioned', priceUsd: 0, awsCostUsd: 0 };

function serverDestroyed(id: string, intended = false): Risk {
  return {
    severity: 'data-loss',
    code: 'server-destroyed',
    address: 'aws_instance.server',
    reason: `${id}'s server will be destroyed, and its root disk with it`,
    ...(intended ? { intended: true as const } : {}),
  };
}

function sshOpens(id: string): Risk {
  return {
    severity: 'security',
    code: 'admin-port-open',
    address: 'aws_vpc_security_group_ingress_rule.ssh_0_0_0_0_0',
    reason: `${id}: SSH (port 22) opens wider: 192.0.2.0/28 → 0.0.0.0/0`,
  };
}

/** A customer's plan with the sides its kind implies; `risks` as the diff would assess them. */
function plan(customerId: string, kind: CustomerChangeKind, risks: Risk[] = []): CustomerPlan {
  const sides: Record<CustomerChangeKind, { before?: CustomerFacts; after?: CustomerFacts }> = {
    added: { after: CORE },
    changed: { before: CORE, after: { ...CORE, priceUsd: 49 } },
    suspended: { before: CORE, after: SUSPENDED },
    resumed: { before: SUSPENDED, after: CORE },
    decommissioned: { before: CORE, after: DECOMMISSIONED },
    removed: { before: DECOMMISSIONED },
    unchanged: { before: CORE, after: CORE },
  };
  return {
    customerId,
    file: `customers/${customerId}.yaml`,
    kind,
    ...sides[kind],
    changes: [],
    counts: { create: 0, update: risks.length, replace: 0, delete: 0, forget: 0, 'no-op': 40 },
    risks,
  };
}

const SHOPS = [
  'acme-corp',
  'bluefin-bakery',
  'ferrous-games',
  'kestrel-legal',
  'lumen-analytics',
  'nordlicht-media',
  'open-door-coop',
  'quarry-hill-dental',
  'saltmarsh-records',
  'tidewater-travel',
];

/** `n` existing customers with a plain change (no data loss). */
const changed = (n: number) => SHOPS.slice(0, n).map((id) => plan(id, 'changed'));
/** `n` existing customers whose server is destroyed. */
const losing = (n: number) => SHOPS.slice(0, n).map((id) => plan(id, 'changed', [serverDestroyed(id)]));

describe('blastRadius', () => {
  it('the defaults are the documented ones', () => {
    expect(DEFAULT_BLAST_RADIUS).toEqual(LIMITS);
  });

  it.each<[string, CustomerPlan[], number, string[]]>([
    ['no customer loses data', changed(2), 100, []],
    ['3 lose data, the limit is 3', losing(3), 100, []],
    ['4 lose data, the limit is 3', losing(4), 100, ['4 customers lose data (the limit is 3)']],
    [
      '6 of 10 change, more than the minimum of 5',
      changed(6),
      10,
      ['6 of 10 customers change (60 %, the limit is 20 %)'],
    ],
    ['5 of 10 change: 50 %, but not more than the minimum of 5', changed(5), 10, []],
    ['6 of 30 change: exactly 20 %', changed(6), 30, []],
    ['7 of 30 change: 23 %', changed(7), 30, ['7 of 30 customers change (23 %, the limit is 20 %)']],
    [
      'both limits: the data loss is said first',
      losing(6),
      10,
      ['6 customers lose data (the limit is 3)', '6 of 10 customers change (60 %, the limit is 20 %)'],
    ],
  ])('%s', (_, customers, existing, exceeded) => {
    const radius = blastRadius(customers, existing, LIMITS, false);
    expect(radius.exceeded).toEqual(exceeded);
    expect(blocks(radius)).toBe(exceeded.length > 0);
  });

  it('names the customers that lose data, and counts every changed existing customer', () => {
    const customers = [
      plan('acme-corp', 'changed', [sshOpens('acme-corp')]),
      plan('bluefin-bakery', 'changed', [serverDestroyed('bluefin-bakery'), sshOpens('bluefin-bakery')]),
      plan('kestrel-legal', 'resumed'),
      plan('tidewater-travel', 'changed', [serverDestroyed('tidewater-travel')]),
    ];
    expect(blastRadius(customers, 7, LIMITS, false)).toEqual({
      limits: LIMITS,
      dataLossCustomers: ['bluefin-bakery', 'tidewater-travel'],
      changedCustomers: 4,
      existingCustomers: 7,
      exceeded: [],
      overridden: false,
    });
  });

  it('new customers do not count: 10 added at once is routine', () => {
    const added = SHOPS.map((id) => plan(id, 'added', [serverDestroyed(id)]));
    const radius = blastRadius([...added, plan('acme-corp-eu', 'changed')], 1, LIMITS, false);
    expect(radius).toMatchObject({ dataLossCustomers: [], changedCustomers: 1, exceeded: [] });
  });

  it('a customer new to neo counts as new whatever its kind (a first run names it by its status)', () => {
    const created = [
      { ...plan('kestrel-legal', 'suspended'), before: undefined },
      {
        ...plan('orchid-studio', 'decommissioned', [serverDestroyed('orchid-studio', true)]),
        before: undefined,
      },
    ];
    expect(blastRadius(created, 0, LIMITS, false)).toMatchObject({
      dataLossCustomers: [],
      changedCustomers: 0,
    });
  });

  it('unchanged customers do not count', () => {
    const unchanged = SHOPS.map((id) => plan(id, 'unchanged'));
    expect(blastRadius(unchanged, 10, LIMITS, false)).toMatchObject({ changedCustomers: 0, exceeded: [] });
  });

  it.each<CustomerChangeKind>(['changed', 'suspended', 'resumed', 'decommissioned', 'removed'])(
    'a %s customer existed, so it counts',
    (kind) => {
      const customers = SHOPS.slice(0, 6).map((id) => plan(id, kind));
      expect(blastRadius(customers, 10, LIMITS, false).changedCustomers).toBe(6);
    },
  );

  // What the code does: a data-loss risk counts even when it is intended (decommissioning). So
  // decommissioning more customers at once than maxDataLossCustomers needs the override.
  it('intended data loss (decommissioning) counts towards the data-loss limit', () => {
    const customers = SHOPS.slice(0, 4).map((id) => plan(id, 'decommissioned', [serverDestroyed(id, true)]));
    const radius = blastRadius(customers, 100, LIMITS, false);
    expect(radius.dataLossCustomers).toEqual(SHOPS.slice(0, 4));
    expect(radius.exceeded).toEqual(['4 customers lose data (the limit is 3)']);
  });

  it('security and customer-visible risks are not data loss', () => {
    const customers = SHOPS.slice(0, 4).map((id) => plan(id, 'changed', [sshOpens(id)]));
    expect(blastRadius(customers, 100, LIMITS, false).dataLossCustomers).toEqual([]);
  });

  it('says one customer loses data in the singular', () => {
    const radius = blastRadius(losing(1), 100, { ...LIMITS, maxDataLossCustomers: 0 }, false);
    expect(radius.exceeded).toEqual(['1 customer loses data (the limit is 0)']);
  });

  it.each<[string, BlastRadiusLimits, CustomerPlan[], number, number]>([
    ['maxDataLossCustomers 0: any data loss', { ...LIMITS, maxDataLossCustomers: 0 }, losing(1), 100, 1],
    ['minChangedCustomers 0: a share alone', { ...LIMITS, minChangedCustomers: 0 }, changed(1), 2, 1],
    ['maxChangedPercent 100: never by share', { ...LIMITS, maxChangedPercent: 100 }, changed(10), 10, 0],
  ])('limits from neo.yaml apply: %s', (_, limits, customers, existing, count) => {
    const radius = blastRadius(customers, existing, limits, false);
    expect(radius.exceeded).toHaveLength(count);
    expect(radius.limits).toBe(limits);
  });

  it('overridden: exceeded is kept, so the report still says it, but it no longer blocks', () => {
    const radius = blastRadius(losing(6), 10, LIMITS, true);
    expect(radius.overridden).toBe(true);
    expect(radius.exceeded).toHaveLength(2);
    expect(blocks(radius)).toBe(false);
    expect(blocks({ ...radius, overridden: false })).toBe(true);
  });

  it('within limits, the override changes nothing', () => {
    const radius = blastRadius(changed(1), 10, LIMITS, true);
    expect(radius.exceeded).toEqual([]);
    expect(blocks(radius)).toBe(false);
  });

  it.each<[string, CustomerPlan[]]>([
    ['a first run: every customer is new', SHOPS.map((id) => plan(id, 'added'))],
    ['no customers at all', []],
    // Inconsistent input must not divide by zero into "Infinity %".
    ['changes without existing customers', changed(6)],
  ])('existingCustomers 0, %s: the share cannot be exceeded', (_, customers) => {
    const radius = blastRadius(customers, 0, LIMITS, false);
    expect(radius.existingCustomers).toBe(0);
    expect(radius.exceeded).toEqual([]);
    expect(blocks(radius)).toBe(false);
  });
});

/** The digest of the stack a customer was applied at, as the ledger keeps it. */
const applied = (id: string, version = 1) => stackDigest(JSON.stringify({ customer: id, version }));

/** Entries as an apply counts them: existing customers changed from the stack applied before. */
const entries = (ids: string[], losesData = false, version = 1): RadiusEntry[] =>
  ids.map((customerId) => ({
    customerId,
    existed: true,
    changed: true,
    losesData,
    from: applied(customerId, version),
  }));

/** What a reviewed plan accepted: these customers, from the stacks applied before. */
const acceptance = (ids: string[], stateMove = false) => ({
  customers: new Map(ids.map((id) => [id, applied(id).slice(0, 16)])),
  stateMove,
});

describe('acceptanceOf: what a plan over the limits, overridden, asks reviewers to accept', () => {
  it('the existing customers it changes, each with the stack it changes from; not the new or unchanged', () => {
    const customers = [...changed(6), plan('acme-corp-eu', 'added'), plan('zephyr-yoga', 'unchanged')].map(
      (c) => (c.before === undefined ? c : { ...c, beforeStack: applied(c.customerId) }),
    );
    const radius = blastRadius(customers, 10, LIMITS, true);
    expect(acceptanceOf({ customers, blastRadius: radius })).toEqual(acceptance(SHOPS.slice(0, 6)));
  });

  it('a customer whose stack the plan did not know, with no stack to match', () => {
    const customers = changed(6);
    const radius = blastRadius(customers, 10, LIMITS, true);
    expect(acceptanceOf({ customers, blastRadius: radius })?.customers).toEqual(
      new Map(SHOPS.slice(0, 6).map((id) => [id, ''])),
    );
  });

  it('a state move, when the plan shows one', () => {
    const radius = blastRadius([], 10, LIMITS, true, 'the state moves from s3://a to s3://b');
    expect(radius.stateMove).toBe('the state moves from s3://a to s3://b');
    expect(acceptanceOf({ customers: [], blastRadius: radius })).toEqual(acceptance([], true));
  });

  it.each<[string, boolean, number]>([
    ['without the override', false, 6],
    ['within the limits', true, 1],
  ])('nothing %s', (_, overridden, n) => {
    const customers = changed(n);
    expect(
      acceptanceOf({ customers, blastRadius: blastRadius(customers, 10, LIMITS, overridden) }),
    ).toBeUndefined();
  });
});

describe('measureAccepted: a reviewed acceptance covers what its plan showed, nothing more', () => {
  const accepted = acceptance(SHOPS.slice(0, 6));

  it('accepts the run when it holds only the accepted changes', () => {
    const radius = measureAccepted(entries(SHOPS.slice(0, 6)), 10, LIMITS, accepted);
    expect(radius.exceeded).toEqual(['6 of 10 customers change (60 %, the limit is 20 %)']);
    expect(radius.overridden).toBe(true);
    expect(blocks(radius)).toBe(false);
  });

  it('accepts a few changes besides, when those alone are within the limits', () => {
    const radius = measureAccepted(entries(SHOPS.slice(0, 8)), 10, LIMITS, accepted);
    expect(radius.changedCustomers).toBe(8);
    expect(blocks(radius)).toBe(false);
  });

  it('holds back the run when changes it did not show exceed the limits on their own', () => {
    const heldBefore = entries(SHOPS.slice(4, 10), true);
    const radius = measureAccepted(
      [...entries(SHOPS.slice(0, 4)), ...heldBefore],
      10,
      LIMITS,
      acceptance(SHOPS.slice(0, 4)),
    );
    expect(radius.exceeded).toEqual([
      '6 customers lose data (the limit is 3)',
      '6 of 10 customers change (60 %, the limit is 20 %)',
    ]);
    expect(radius.dataLossCustomers).toEqual(SHOPS.slice(4, 10));
    expect(radius.unaccepted).toEqual(SHOPS.slice(4, 10));
    expect(blocks(radius)).toBe(true);
  });

  it('does not cover a customer the apply changes from another stack than the plan did (a change held back before it)', () => {
    // The plan started from version 2, the ledger still has version 1: the apply would also
    // carry the change from 1 to 2, which no one accepted.
    const radius = measureAccepted(entries(SHOPS.slice(0, 6), false, 0), 10, LIMITS, accepted);
    expect(radius.exceeded).toEqual(['6 of 10 customers change (60 %, the limit is 20 %)']);
    expect(blocks(radius)).toBe(true);
    expect(
      blocks(
        measureAccepted(
          entries(SHOPS.slice(0, 6)).map(({ from: _, ...e }) => e),
          10,
          LIMITS,
          accepted,
        ),
      ),
    ).toBe(true);
  });

  it('names as unaccepted only the existing customers it changes, not the new or unchanged', () => {
    const others: RadiusEntry[] = [
      { customerId: 'zephyr-yoga', existed: false, changed: true, losesData: true },
      { ...entries(['open-door-coop'])[0], changed: false } as RadiusEntry,
    ];
    const radius = measureAccepted(
      [...entries(SHOPS.slice(0, 4)), ...entries(SHOPS.slice(4, 10), true), ...others],
      10,
      LIMITS,
      acceptance(SHOPS.slice(0, 4)),
    );
    expect(radius.unaccepted).toEqual(SHOPS.slice(4, 10));
  });

  it.each<[string, Partial<RadiusEntry>, string]>([
    [
      'a customer the plan did not show, from a stack no one knows',
      { from: undefined },
      applied('acme-corp').slice(0, 16),
    ],
    ['a customer whose stack neither the plan nor the apply knew', { from: '' }, ''],
  ])('does not cover %s', (_, entry, planned) => {
    const unknown = SHOPS.slice(0, 6).map((id) => ({ ...entries([id])[0], ...entry }) as RadiusEntry);
    const accepted = { customers: new Map([['acme-corp', planned]]), stateMove: false };
    const radius = measureAccepted(unknown, 10, LIMITS, accepted);
    expect(radius.unaccepted).toEqual(SHOPS.slice(0, 6));
    expect(blocks(radius)).toBe(true);
  });

  it('holds back a state move its plan did not show, and accepts one it did', () => {
    const move = 'the state moves from s3://a to s3://b';
    expect(blocks(measureAccepted(entries(['acme-corp']), 10, LIMITS, accepted, move))).toBe(true);
    expect(
      blocks(measureAccepted(entries(['acme-corp']), 10, LIMITS, { ...accepted, stateMove: true }, move)),
    ).toBe(false);
  });

  it('within the limits, it is the plain blast radius', () => {
    const radius = measureAccepted(entries(['acme-corp']), 10, LIMITS, accepted);
    expect(radius).toEqual(blastRadius(changed(1), 10, LIMITS, false));
  });
});
