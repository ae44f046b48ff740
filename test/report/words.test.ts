import { describe, expect, it } from 'vitest';
import { clean, plural, signedUsd, usd } from '../../src/report/words.js';

describe('money', () => {
  it.each([
    [0, '$0'],
    [39, '$39'],
    [12.5, '$12.50'],
    [1234.567, '$1,234.57'],
  ])('usd(%d) = %s', (amount, text) => {
    expect(usd(amount)).toBe(text);
  });

  it.each([
    [0, '$0.00'],
    [39, '$39.00'],
    [1234.5, '$1,234.50'],
  ])("usd(%d, cents: 'always') = %s (figures that line up, as in the portfolio)", (amount, text) => {
    expect(usd(amount, { cents: 'always' })).toBe(text);
  });

  it.each([
    [40, '+$40'],
    [-12.5, '−$12.50'],
    [0.001, '±$0'],
  ])('signedUsd(%d) = %s', (amount, text) => {
    expect(signedUsd(amount)).toBe(text);
  });
});

describe('plural', () => {
  it.each([
    [1, '1 customer'],
    [2, '2 customers'],
    [1000, '1,000 customers'],
  ])('%d → %s', (n, text) => {
    expect(plural(n, 'customer')).toBe(text);
  });
});

describe('clean: text from users and the cloud, made safe for a terminal', () => {
  it.each([
    ['an escape sequence', 'v=spf1\u001b[31m red', 'v=spf1�[31m red'],
    [
      'a newline, which would fake a line of the report',
      'blog\nacme-corp: no changes',
      'blog�acme-corp: no changes',
    ],
    ['a tab', 'a\tb', 'a�b'],
    ['C1 controls', 'x\u009by', 'x�y'],
    [
      'printable text, untouched',
      'Nordlicht Media GmbH · 203.0.113.0/24',
      'Nordlicht Media GmbH · 203.0.113.0/24',
    ],
  ])('%s', (_, input, output) => {
    expect(clean(input)).toBe(output);
  });
});
