import { describe, expect, it } from 'vitest';
import { describePorts, reachesAdminPorts } from '../../../src/diff/risk/ports.js';

describe('reachesAdminPorts', () => {
  it.each([
    // What the whole internet is meant to reach on a hosting server.
    ...[21, 25, 53, 80, 110, 143, 443, 587, 993, 995].map(
      (port) => [`port ${port}`, port, port, false] as const,
    ),
    // SSH, the panels' own ports and the databases are for admins only.
    ...[22, 2083, 2087, 2096, 2222, 3306, 5432, 6379, 8090].map(
      (port) => [`port ${port}`, port, port, true] as const,
    ),
    ['an unnamed port', 8080, 8080, true],
    ['web ports and everything between', 80, 443, true],
    ['a range starting on a public port', 443, 444, true],
    ['a range ending on a public port', 442, 443, true],
    // FTP's passive range is public as a whole, and so is any part of it.
    ['the FTP passive range', 49152, 65535, false],
    ['its first port', 49152, 49152, false],
    ['its last port', 65535, 65535, false],
    ['a part of it', 50000, 60000, false],
    ['one port below it and the range', 49151, 65535, true],
    ['every TCP port', 0, 65535, true],
    ['a wide range of unnamed ports', 10000, 20000, true],
  ] as const)('%s (%i–%i): %s', (_, from, to, admin) => {
    expect(reachesAdminPorts(from, to)).toBe(admin);
  });
});

describe('describePorts', () => {
  it.each([
    [22, 22, 'tcp', 'SSH (port 22)'],
    [22, undefined, 'tcp', 'SSH (port 22)'],
    [3306, 3306, 'tcp', 'MySQL (port 3306)'],
    [5432, 5432, 'tcp', 'PostgreSQL (port 5432)'],
    [6379, 6379, 'tcp', 'Redis (port 6379)'],
    [2083, 2083, 'tcp', 'cPanel (port 2083)'],
    [2087, 2087, 'tcp', 'WHM (port 2087)'],
    [2096, 2096, 'tcp', 'webmail (port 2096)'],
    [2222, 2222, 'tcp', 'DirectAdmin (port 2222)'],
    [8090, 8090, 'tcp', 'CyberPanel (port 8090)'],
    [8080, 8080, 'tcp', 'port 8080'],
    [8080, undefined, 'udp', 'port 8080'],
    [1000, 2000, 'tcp', 'ports 1000–2000'],
    [21, 22, 'tcp', 'ports 21–22'],
    [undefined, undefined, 'tcp', 'every port'],
    [undefined, 22, 'tcp', 'every port'],
    [22, 22, '-1', 'every port'],
  ] as const)('%s–%s over %s: %s', (from, to, protocol, says) => {
    expect(describePorts(from, to, protocol)).toBe(says);
  });
});
