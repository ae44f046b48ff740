import { describe, expect, it } from 'vitest';
import { type RolloutSettings, rolloutSettings, waves } from '../../src/rollout/index.js';
import { EXAMPLE_CUSTOMERS } from '../helpers/repository.js';

const EXAMPLES = EXAMPLE_CUSTOMERS;
const CANARIES = new Set(['bluefin-bakery', 'tidewater-travel']);
const FLEET = Array.from({ length: 100 }, (_, i) => `customer-${String(i).padStart(3, '0')}`);

const settings = (firstWave: RolloutSettings['firstWave'], growth = 2): RolloutSettings => ({
  firstWave,
  growth,
  pauseMinutes: 0,
});

describe('waves', () => {
  it.each([
    ['a first wave of 2, doubling', settings({ customers: 2 }), 7, [2, 4, 1]],
    ['a first wave of 1, doubling', settings({ customers: 1 }), 7, [1, 2, 4]],
    ['a first wave of 1, tripling', settings({ customers: 1 }, 3), 7, [1, 3, 3]],
    ['waves that do not grow', settings({ customers: 3 }, 1), 7, [3, 3, 1]],
    ['growth of 1.5, rounded up', settings({ customers: 2 }, 1.5), 7, [2, 3, 2]],
    ['a change within the first wave', settings({ customers: 7 }), 7, [7]],
    ['a first wave larger than the change', settings({ customers: 50 }), 7, [7]],
    ['5 % of 100', settings({ percent: 5 }), 100, [5, 10, 20, 40, 25]],
    ['5 % of 7 rounds up to one customer', settings({ percent: 5 }), 7, [1, 2, 4]],
    ['100 %', settings({ percent: 100 }), 100, [100]],
    ['no rollout settings: one wave, as before', undefined, 100, [100]],
    ['nothing affected', settings({ customers: 2 }), 0, []],
  ])('%s', (_, rollout, affected, sizes) => {
    const plan = waves(FLEET.slice(0, affected), rollout, new Set());
    expect(plan.map((w) => w.length)).toEqual(sizes);
    expect(plan.flat().sort()).toEqual(FLEET.slice(0, affected));
  });

  it('puts the canary customers first', () => {
    const [first = [], ...rest] = waves(EXAMPLES, settings({ customers: 2 }), CANARIES);
    expect(new Set(first)).toEqual(CANARIES);
    expect(rest.flat().some((id) => CANARIES.has(id))).toBe(false);
  });

  it('fills the first wave with canaries as far as they go, and lets the rest of them lead the next', () => {
    const canaries = new Set(FLEET.slice(0, 5));
    const [first = [], second = []] = waves(FLEET.slice(0, 20), settings({ customers: 3 }), canaries);
    expect(first.every((id) => canaries.has(id))).toBe(true);
    expect(second.slice(0, 2).every((id) => canaries.has(id))).toBe(true);
    expect(second.slice(2).some((id) => canaries.has(id))).toBe(false);
  });

  it('plans the same waves whatever order the customers come in, and whatever else is affected', () => {
    const plan = waves(FLEET, settings({ customers: 4 }), CANARIES);
    expect(waves([...FLEET].reverse(), settings({ customers: 4 }), CANARIES)).toEqual(plan);
    // Without customer-050, the others keep their order.
    const without = waves(
      FLEET.filter((id) => id !== 'customer-050'),
      settings({ customers: 4 }),
      CANARIES,
    );
    expect(without.flat()).toEqual(plan.flat().filter((id) => id !== 'customer-050'));
  });

  it('draws the first wave from across the fleet, not its alphabetical start', () => {
    const [first = []] = waves(FLEET, settings({ customers: 10 }), new Set());
    expect(first).not.toEqual(FLEET.slice(0, 10));
    expect(first.filter((id) => id >= 'customer-050').length).toBeGreaterThan(0);
  });

  it('lists a customer given twice once', () => {
    expect(waves(['acme-corp', 'acme-corp'], settings({ customers: 1 }), new Set())).toEqual([['acme-corp']]);
  });
});

describe('rolloutSettings', () => {
  it.each([
    ['none', undefined, undefined],
    ['a count', { firstWave: 3 }, { firstWave: { customers: 3 }, growth: 2, pauseMinutes: 0 }],
    [
      'a share, tripling, with a pause',
      { firstWavePercent: 5, growth: 3, pauseMinutes: 15 },
      { firstWave: { percent: 5 }, growth: 3, pauseMinutes: 15 },
    ],
  ])('reads %s', (_, written, expected) => {
    expect(rolloutSettings(written)).toEqual(expected);
  });
});
