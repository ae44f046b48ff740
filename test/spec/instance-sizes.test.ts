import { describe, expect, it } from 'vitest';
import { upgradeInstanceType } from '../../src/spec/index.js';

describe('RAM/CPU upgrades', () => {
  it.each([
    ['t3.medium', 0, 't3.medium'],
    ['t3.small', 1, 't3.medium'],
    ['t3.medium', 1, 't3.large'],
    ['t3.medium', 2, 't3.xlarge'],
    ['t3a.large', 2, 't3a.2xlarge'],
    ['t4g.nano', 1, 't4g.micro'],
    ['m6i.large', 1, 'm6i.xlarge'],
    ['m7i.8xlarge', 1, 'm7i.12xlarge'],
    ['r5.xlarge', 3, 'r5.8xlarge'],
  ])('%s + %i size(s) = %s', (from, steps, to) => {
    expect(upgradeInstanceType(from, steps)).toEqual({ ok: true, instanceType: to });
  });

  it.each([
    ['t3.2xlarge', 1, { ok: false, reason: 'beyond-largest', largest: 't3.2xlarge' }],
    ['t3.xlarge', 2, { ok: false, reason: 'beyond-largest', largest: 't3.2xlarge' }],
    ['x2idn.16xlarge', 1, { ok: false, reason: 'unknown-family' }],
    ['m6i.medium', 1, { ok: false, reason: 'unknown-family' }],
  ])('%s + %i size(s) is refused', (from, steps, expected) => {
    expect(upgradeInstanceType(from, steps)).toEqual(expected);
  });
});
