import { describe, expect, it } from 'vitest';
import { loadSchemas, validateRepository } from '../../../src/spec/index.js';
import { exampleFiles, memorySource } from '../../helpers/repository.js';

/**
 * The network rules over one customer, harbor-dental, alone in the example repository:
 * each case is its `network:` block and the exact diagnostics it must get, at line:column.
 */
const schemas = loadSchemas();
const FILE = 'customers/harbor-dental.yaml';

function customerYaml(network: string): string {
  return [
    '# yaml-language-server: $schema=../schemas/customer.schema.json',
    'id: harbor-dental',
    'domain: harbor-dental-example.com',
    'contact: { name: Harbor Dental, email: admin@harbor-dental-example.com }',
    'plan: core',
    'server:',
    '  os: almalinux-9',
    '  panel: cpanel',
    '  sshPublicKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIACpU5a3H1pKC9nUHrjiq673epGk61AhR1GOutn7Fcnk ops@harbor',
    'network:',
    ...network.split('\n').map((line) => `  ${line}`),
    '',
  ].join('\n');
}

/** The example repository's neo.yaml and catalogs, without its customers. */
const CATALOGS = new Map([...exampleFiles()].filter(([path]) => !path.startsWith('customers/')));

async function diagnosticsOf(network: string): Promise<string[]> {
  const files = new Map(CATALOGS);
  files.set(FILE, customerYaml(network));
  const { diagnostics } = await validateRepository(memorySource(files), { schemas });
  expect(diagnostics.filter((d) => d.file !== FILE)).toEqual([]);
  return diagnostics.map((d) => `${d.line}:${d.column} ${d.severity}: ${d.message}`);
}

const OFFICE = 'adminCidrs: [203.0.113.0/24]';
const TOO_WIDE =
  ': list the networks that need access, or set network.allowAdminFromAnywhere: true to accept the risk';

describe('the VPC range', () => {
  it.each([
    ['a /16 inside 10.0.0.0/8', '10.20.0.0/16', []],
    ['a /24, the smallest', '10.20.30.0/24', []],
    ['a /16 inside 172.16.0.0/12', '172.31.0.0/16', []],
    ['a /16 inside 192.168.0.0/16', '192.168.0.0/16', []],
    [
      'a /15, larger than AWS allows',
      '10.20.0.0/15',
      [
        '11:9 error: a VPC range must be /16 to /24 (10.20.0.0/15 is /15): AWS allows no larger, and four subnets need at least a /24',
      ],
    ],
    [
      'a /25, too small for four subnets',
      '10.20.30.0/25',
      [
        '11:9 error: a VPC range must be /16 to /24 (10.20.30.0/25 is /25): AWS allows no larger, and four subnets need at least a /24',
      ],
    ],
    [
      'just outside 172.16.0.0/12',
      '172.32.0.0/16',
      [
        '11:9 error: 172.32.0.0/16 is public address space: use a private range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16',
      ],
    ],
    [
      'carrier-grade NAT space',
      '100.64.0.0/16',
      [
        '11:9 error: 100.64.0.0/16 is public address space: use a private range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16',
      ],
    ],
    [
      'a leading zero',
      '10.020.0.0/16',
      ['11:9 error: `10.020.0.0/16` is not a valid network: write 20, not 020'],
    ],
  ])('%s (%s)', async (_, cidr, expected) => {
    expect(await diagnosticsOf(`cidr: ${cidr}\n${OFFICE}`)).toEqual(expected);
  });
});

describe('the admin networks', () => {
  it.each([
    ['an office', 'adminCidrs: [203.0.113.0/24]', []],
    [
      'an office, anywhere allowed but not used',
      'adminCidrs: [203.0.113.0/24]\nallowAdminFromAnywhere: true',
      [],
    ],
    ['exactly a /8, the most allowed', 'adminCidrs: [10.0.0.0/8]', []],
    [
      'the whole internet',
      'adminCidrs: [0.0.0.0/0]',
      [`12:16 error: 0.0.0.0/0 opens SSH and the control panel to the whole internet${TOO_WIDE}`],
    ],
    [
      'the whole internet, not accepted',
      'adminCidrs: [0.0.0.0/0]\nallowAdminFromAnywhere: false',
      [`12:16 error: 0.0.0.0/0 opens SSH and the control panel to the whole internet${TOO_WIDE}`],
    ],
    [
      'the whole internet, accepted',
      'adminCidrs: [0.0.0.0/0]\nallowAdminFromAnywhere: true',
      [
        '12:16 warning: SSH and the control panel are open to the whole internet (allowAdminFromAnywhere: true)',
      ],
    ],
    [
      'the whole internet as the second network, reported there and only once',
      'adminCidrs: [203.0.113.0/24, 0.0.0.0/0, 0.0.0.0/1]',
      [`12:32 error: 0.0.0.0/0 opens SSH and the control panel to the whole internet${TOO_WIDE}`],
    ],
    [
      'a /8 and an office: more than a /8 together',
      'adminCidrs: [10.0.0.0/8, 203.0.113.0/24]',
      [
        `12:15 error: together these networks open SSH and the control panel to 16,777,472 addresses, more than a /8${TOO_WIDE}`,
      ],
    ],
    [
      'two halves of the internet, accepted',
      'adminCidrs: [0.0.0.0/1, 128.0.0.0/1]\nallowAdminFromAnywhere: true',
      [
        '12:15 warning: SSH and the control panel are open to 4,294,967,296 addresses (allowAdminFromAnywhere: true)',
      ],
    ],
    [
      'host bits set in the second network',
      'adminCidrs: [203.0.113.0/24, 198.51.100.7/24]',
      [
        '12:32 error: `198.51.100.7/24` is not a valid network: it has host bits set: did you mean 198.51.100.0/24?',
      ],
    ],
    [
      'a broken network beside wide ones: the wide ones still add up',
      'adminCidrs: [10.300.0.0/16, 0.0.0.0/1, 128.0.0.0/1]',
      [
        `12:15 error: together these networks open SSH and the control panel to 4,294,967,296 addresses, more than a /8${TOO_WIDE}`,
        '12:16 error: `10.300.0.0/16` is not a valid network: 300 is not an address byte (0–255)',
      ],
    ],
  ])('%s', async (_, network, expected) => {
    expect(await diagnosticsOf(`cidr: 10.20.0.0/16\n${network}`)).toEqual(expected);
  });

  it('says nothing more about a VPC range the schema already refused', async () => {
    const diagnostics = await diagnosticsOf(`cidr: 10.20.0.0\n${OFFICE}`);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatch(/^11:9 error: `10\.20\.0\.0` is not a valid network\.cidr: /);
  });

  it('says nothing more about an admin network the schema already refused', async () => {
    const diagnostics = await diagnosticsOf('cidr: 10.20.0.0/16\nadminCidrs: [office, 0.0.0.0/0]');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatch(/^12:16 error: `office` is not a valid network\.adminCidrs\[0\]: /);
  });

  it('says nothing more about a network block the schema already refused', async () => {
    const diagnostics = await diagnosticsOf(
      'cidr: 10.20.0.0/16\nadminCidrs: [0.0.0.0/0]\nallowAdminFromAnywhere: yes',
    );
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatch(/^13:\d+ error: .*allowAdminFromAnywhere/);
  });
});
