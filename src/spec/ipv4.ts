/** An IPv4 network: address as an unsigned 32-bit number and prefix length. */
export interface Ipv4Network {
  address: number;
  prefix: number;
}

export type CidrParse = { ok: true; network: Ipv4Network } | { ok: false; reason: string };

/** Parses a.b.c.d/n strictly: octets 0–255 without leading zeros, prefix 0–32, no host bits. */
export function parseCidr(text: string): CidrParse {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (match === null) return { ok: false, reason: 'must look like 10.20.0.0/16' };
  const octets = match.slice(1, 5);
  for (const octet of octets) {
    if (Number(octet) > 255) return { ok: false, reason: `${octet} is not an address byte (0–255)` };
    if (octet.length > 1 && octet.startsWith('0'))
      return { ok: false, reason: `write ${Number(octet)}, not ${octet}` };
  }
  const prefix = Number(match[5]);
  if (prefix > 32) return { ok: false, reason: `/${prefix} is not a prefix length (0–32)` };
  const address = octets.reduce((acc, o) => acc * 256 + Number(o), 0);
  const network = address - (address % 2 ** (32 - prefix));
  if (network !== address) {
    return {
      ok: false,
      reason: `it has host bits set: did you mean ${formatCidr({ address: network, prefix })}?`,
    };
  }
  return { ok: true, network: { address, prefix } };
}

export function formatCidr(network: Ipv4Network): string {
  return `${formatAddress(network.address)}/${network.prefix}`;
}

export function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

export function contains(outer: Ipv4Network, inner: Ipv4Network): boolean {
  if (inner.prefix < outer.prefix) return false;
  const size = 2 ** (32 - outer.prefix);
  return inner.address >= outer.address && inner.address < outer.address + size;
}

const PRIVATE_RANGES: Ipv4Network[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((cidr) => {
  const parsed = parseCidr(cidr);
  if (!parsed.ok) throw new Error(cidr);
  return parsed.network;
});

/** RFC 1918 private address space. */
export function isPrivate(network: Ipv4Network): boolean {
  return PRIVATE_RANGES.some((range) => contains(range, network));
}

/** The `index`-th subnet of `newPrefix` bits inside `network` (as Terraform's cidrsubnet). */
export function subnet(network: Ipv4Network, newPrefix: number, index: number): Ipv4Network {
  const count = 2 ** (newPrefix - network.prefix);
  if (newPrefix < network.prefix || newPrefix > 32 || index < 0 || index >= count) {
    throw new RangeError(`no subnet #${index} of /${newPrefix} in ${formatCidr(network)}`);
  }
  return { address: network.address + index * 2 ** (32 - newPrefix), prefix: newPrefix };
}

/** Strict dotted-quad IPv4 address (no CIDR). */
export function isIpv4Address(text: string): boolean {
  const parsed = parseCidr(`${text}/32`);
  return parsed.ok;
}

/** How many addresses the networks reach together, overlaps counted once. */
export function addressCount(networks: readonly Ipv4Network[]): number {
  const ranges = networks
    .map((n) => [n.address, n.address + 2 ** (32 - n.prefix)] as const)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = 0;
  for (const [start, stop] of ranges) {
    if (stop <= end) continue;
    total += stop - Math.max(start, end);
    end = stop;
  }
  return total;
}

/** The most addresses admin ports may reach without saying so: a /8, sixteen million. */
export const ADMIN_REACH_LIMIT = 2 ** 24;
