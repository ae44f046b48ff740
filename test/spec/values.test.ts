import { describe, expect, it } from 'vitest';
import { quote } from '../../src/spec/diagnostic.js';
import { closest, editDistance, suggest } from '../../src/spec/hints.js';
import { formatCidr, parseCidr, subnet } from '../../src/spec/ipv4.js';

describe('parseCidr', () => {
  it.each([
    ['10.20.0.0/16', { ok: true, network: { address: 0x0a140000, prefix: 16 } }],
    ['0.0.0.0/0', { ok: true, network: { address: 0, prefix: 0 } }],
    ['203.0.113.7/32', { ok: true, network: { address: 0xcb007107, prefix: 32 } }],
    ['10.20.0.1/16', { ok: false, reason: 'it has host bits set: did you mean 10.20.0.0/16?' }],
    ['10.256.0.0/16', { ok: false, reason: '256 is not an address byte (0–255)' }],
    ['10.020.0.0/16', { ok: false, reason: 'write 20, not 020' }],
    ['10.0.0.0/33', { ok: false, reason: '/33 is not a prefix length (0–32)' }],
    ['10.0.0.0', { ok: false, reason: 'must look like 10.20.0.0/16' }],
  ])('%s', (text, expected) => {
    expect(parseCidr(text)).toEqual(expected);
  });

  it('carves subnets like terraform cidrsubnet', () => {
    const vpc = parseCidr('10.20.0.0/16');
    if (!vpc.ok) throw new Error(vpc.reason);
    expect([0, 1, 2, 3].map((i) => formatCidr(subnet(vpc.network, 18, i)))).toEqual([
      '10.20.0.0/18',
      '10.20.64.0/18',
      '10.20.128.0/18',
      '10.20.192.0/18',
    ]);
    expect(() => subnet(vpc.network, 18, 4)).toThrow(RangeError);
  });
});

describe('hints', () => {
  it.each([
    ['cyberpannel', ['cpanel', 'cyberpanel', 'directadmin', 'none'], 'cyberpanel'],
    ['scael', ['core', 'scale', 'titan'], 'scale'],
    ['Cpanel', ['cpanel', 'cyberpanel'], 'cpanel'],
    ['almalinux9', ['almalinux-8', 'almalinux-9'], 'almalinux-9'],
    ['enterprise', ['core', 'scale', 'titan'], undefined],
    ['10', ['1', '3', '14'], undefined],
  ])('closest(%s)', (input, candidates, expected) => {
    expect(closest(input, candidates)).toBe(expected);
  });

  it('suggests the list when nothing is close', () => {
    expect(suggest('gold', ['core', 'scale', 'titan'])).toBe('use one of core, scale, titan');
    expect(suggest('scael', ['core', 'scale', 'titan'])).toBe('did you mean `scale`?');
  });

  it('counts a transposition as one edit', () => {
    expect(editDistance('scael', 'scale')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('quote', () => {
  it.each([
    ['acme', '`acme`'],
    ['a`b', "`a'b`"],
    ['line\nbreak', '`line\\u{000a}break`'],
    ['evil\u202Eexe.pdf', '`evil\\u{202e}exe.pdf`'],
    ['x'.repeat(100), `\`${'x'.repeat(59)}…\``],
    [42, '`42`'],
  ])('quote(%j)', (value, quoted) => {
    expect(quote(value)).toBe(quoted);
  });
});
