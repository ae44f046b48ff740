import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awsCloud, CloudAccessError } from '../../../src/cloud/aws/index.js';
import type { Cloud, DriftReport } from '../../../src/cloud/index.js';
import type { Io } from '../../../src/services/index.js';
import {
  type CloudSettings,
  CloudUnavailableError,
  type CommandContext,
  defaultContext,
} from '../../../src/services/index.js';
import { type AwsAccount, accountOf } from '../../helpers/aws-account.js';
import { mockAccount, mockedAwsCloud } from '../../helpers/aws-mock.js';
import { EXAMPLE_CUSTOMERS, exampleFiles, writeTree } from '../../helpers/repository.js';
import {
  allCloudResources,
  editManaged,
  keepLocalCloud,
  localCloudDir,
  managedResource,
  neo,
  type Run,
  writeCloudFile,
} from '../local-cloud.js';

const ACME = 'acme-corp';
const SERVER = 'aws_instance.server';

// One repository applied once; every test puts the local cloud back as the apply left it.
let root: string;
let cleanup: () => void;
let restore: () => void;
beforeAll(async () => {
  const tree = await writeTree(exampleFiles());
  ({ dir: root, cleanup } = tree);
  const applied = await neo(root, ['apply', '--cloud', 'local']);
  if (applied.code !== 0) throw new Error(`apply failed: ${applied.out}${applied.err}`);
  restore = keepLocalCloud(root);
});
afterAll(() => cleanup());
afterEach(() => restore());

const drift = (...args: string[]) => neo(root, ['drift', ...args]);

function report(run: Run): DriftReport {
  return JSON.parse(run.out) as DriftReport;
}

/** Drift as `customer kind address [changed attributes]` and `orphaned customer type id` lines. */
function lines(r: DriftReport): string[] {
  return [
    ...r.customers.flatMap((c) =>
      c.items.map((item) =>
        [
          c.customerId,
          item.kind,
          item.address,
          ...(item.kind === 'modified' ? item.change.attributes.map((a) => a.path) : []),
        ].join(' '),
      ),
    ),
    ...r.orphans.map((o) => `orphaned ${o.customerId} ${o.type} ${o.id}`),
  ];
}

const editAcmeServer = () =>
  editManaged(root, ACME, SERVER, (r) => {
    r.attributes.instance_type = 't3.2xlarge';
  });

/** An instance someone launched by hand into acme-corp's subnet. */
const launchDebugBox = () =>
  writeCloudFile(root, 'console', [
    {
      type: 'aws_instance',
      id: 'i-0c0ffee0c0ffee001',
      region: 'us-east-2',
      tags: { Name: 'debug-box' },
      attributes: {
        instance_type: 't3.micro',
        subnet_id: managedResource(root, ACME, SERVER).attributes.subnet_id ?? null,
      },
    },
  ]);

/** A VPC left of a customer whose file was deleted. */
const leaveOldcoVpc = () =>
  writeCloudFile(root, 'oldco', [
    {
      type: 'aws_vpc',
      id: 'vpc-0dead0000000beef1',
      region: 'us-east-2',
      tags: { 'neo:customer': 'oldco', 'neo:resource': 'aws_vpc.main', ManagedBy: 'neo' },
      attributes: { cidr_block: '10.99.0.0/16' },
    },
  ]);

describe('neo drift on the local cloud', () => {
  it('finds no drift right after an apply', async () => {
    const result = await drift();
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out.split('\n')[0]).toBe('neo drift · No drift in 7 customers');
    expect(result.out).toContain('the local cloud · observed ');
  });

  it.each<[string, () => void, string[], number, string[], string[]]>([
    ['nothing changed', () => {}, [], 0, EXAMPLE_CUSTOMERS, []],
    [
      'an instance type edited',
      editAcmeServer,
      [],
      2,
      EXAMPLE_CUSTOMERS,
      [`${ACME} modified ${SERVER} instance_type`],
    ],
    [
      'an instance launched by hand in the subnet',
      launchDebugBox,
      [],
      2,
      EXAMPLE_CUSTOMERS,
      [`${ACME} unmanaged aws_instance.unmanaged_i-0c0ffee0c0ffee001`],
    ],
    [
      'a VPC of a deleted customer',
      leaveOldcoVpc,
      [],
      2,
      EXAMPLE_CUSTOMERS,
      ['orphaned oldco aws_vpc vpc-0dead0000000beef1'],
    ],
    ['orphans, with a customer named', leaveOldcoVpc, [ACME], 0, [ACME], []],
    [
      'an edit of another customer than the one named',
      editAcmeServer,
      ['bluefin-bakery'],
      0,
      ['bluefin-bakery'],
      [],
    ],
    [
      'drift of the customers named, orphans left out',
      () => {
        editAcmeServer();
        launchDebugBox();
        leaveOldcoVpc();
      },
      [ACME, 'bluefin-bakery'],
      2,
      [ACME, 'bluefin-bakery'],
      [
        `${ACME} modified ${SERVER} instance_type`,
        `${ACME} unmanaged aws_instance.unmanaged_i-0c0ffee0c0ffee001`,
      ],
    ],
  ])('as JSON: %s', async (_name, setup, args, code, customers, expected) => {
    setup();
    const result = await drift('--format', 'json', ...args);
    expect(result.err).toBe('');
    const r = report(result);
    expect(r.customers.map((c) => c.customerId)).toEqual(customers);
    expect(lines(r)).toEqual(expected);
    expect(result.code).toBe(code);
  });

  it('names the one hand edit in the text report, with spec and live values', async () => {
    editAcmeServer();
    const result = await drift();
    expect(result.code).toBe(2);
    const id = managedResource(root, ACME, SERVER).id;
    expect(result.out.split('\n')[0]).toBe('neo drift · Drift in 1 of 7 customers: 1 resource (1 modified)');
    expect(result.out).toContain('acme-corp · 1 modified · fix in customers/acme-corp.yaml');
    expect(result.out).toContain(`  modified   ${SERVER} (${id}): 1 attribute differs from the spec`);
    expect(result.out).toMatch(/^ +instance_type +spec t3\.medium → live t3\.2xlarge$/m);
    expect(result.out.match(/^ +(modified|missing|unmanaged) /gm)).toHaveLength(1);
  });

  it('gives the JSON report of one modified attribute, spec before and live after', async () => {
    editAcmeServer();
    const r = report(await drift('--format', 'json'));
    expect(r).toMatchObject({ formatVersion: 1, cloud: 'local', orphans: [] });
    const drifted = r.customers.filter((c) => c.items.length > 0);
    expect(drifted).toHaveLength(1);
    expect(drifted[0]).toMatchObject({ customerId: ACME, file: 'customers/acme-corp.yaml' });
    expect(drifted[0]?.items).toEqual([
      expect.objectContaining({
        kind: 'modified',
        address: SERVER,
        cloudId: managedResource(root, ACME, SERVER).id,
        change: expect.objectContaining({
          attributes: [{ path: 'instance_type', before: 't3.medium', after: 't3.2xlarge' }],
        }),
      }),
    ]);
  });

  it('renders markdown with the headline, the customer and the orphans', async () => {
    editAcmeServer();
    leaveOldcoVpc();
    const result = await drift('--format', 'markdown');
    expect(result.code).toBe(2);
    expect(result.out.split('\n')[0]).toBe(
      '### neo drift · Drift in 1 of 7 customers: 1 resource (1 modified); 1 orphaned resource',
    );
    expect(result.out).toContain('<details><summary><b>acme-corp</b> · 1 modified</summary>');
    expect(result.out).toContain('`vpc-0dead0000000beef1`');
  });

  it.each([
    ['--format yaml', ['--format', 'yaml'], '--format yaml: use one of text, markdown, json'],
    ['--cloud gcp', ['--cloud', 'gcp'], '--cloud gcp: use one of local, aws'],
    [
      'an unknown customer',
      ['acme-crop'],
      'there is no customer acme-crop in customers/: did you mean `acme-corp`?',
    ],
    ['an unknown option', ['--since', 'yesterday'], "Unknown option '--since'"],
    [
      '--endpoint with the local cloud',
      ['--endpoint', 'http://localhost:4566'],
      '--endpoint goes with --cloud aws',
    ],
  ])('refuses %s with exit 1, as 2 means drift', async (_name, args, message) => {
    const result = await drift(...args);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toContain(message);
    expect(result.err).toContain('Usage: neo drift');
  });
});

describe('a broken local cloud file', () => {
  it('is an error (exit 1) that names the file and what to fix', async () => {
    writeFileSync(join(localCloudDir(root), 'cloud', 'console.json'), '{"resources": {}}\n');
    const result = await drift();
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/console\.json: "resources" must be a list; expected/);
  });
});

describe('neo drift --cloud aws, over a mocked account', () => {
  /** A context whose cloud is whatever `open` gives; `asked` records how it was asked for. */
  function withCloud(open: () => Promise<Cloud>) {
    const asked: Array<{ name: string; settings: CloudSettings }> = [];
    const context = (io: Io): CommandContext => ({
      ...defaultContext(io),
      cloud: async (name, settings) => {
        asked.push({ name, settings });
        return open();
      },
      // The account mirrors the local cloud, ids included: what the local apply recorded holds.
      ledger: (_name, location) => defaultContext(io).ledger('local', location),
    });
    return { asked, context };
  }

  /** The AWS account a faithful apply of the local cloud would leave, after `edit`. */
  function accountCloud(edit: (account: AwsAccount) => void = () => {}) {
    const account = accountOf(allCloudResources(root));
    edit(account);
    return withCloud(async () => mockedAwsCloud(account));
  }

  const resizeAcmeServer = (account: AwsAccount) => {
    const id = managedResource(root, ACME, SERVER).id;
    const server = account.regions.get('us-east-2')?.instances.find((i) => i.InstanceId === id);
    if (server === undefined) throw new Error('the account has no acme-corp server');
    server.InstanceType = 't3.xlarge';
  };

  it.each<[string, (account: AwsAccount) => void, number, string[]]>([
    ['a faithful copy of the local cloud', () => {}, 0, []],
    [
      'an instance type changed in the console',
      resizeAcmeServer,
      2,
      [`${ACME} modified ${SERVER} instance_type`],
    ],
  ])('%s', async (_name, edit, code, expected) => {
    const { asked, context } = accountCloud(edit);
    const result = await neo(root, ['drift', '--cloud', 'aws', '--format', 'json'], context);
    expect(result.err).toBe('');
    const r = report(result);
    expect(r.cloud).toBe('aws');
    expect(r.customers).toHaveLength(7);
    expect(lines(r)).toEqual(expected);
    expect(r.calls.ec2).toBeGreaterThan(0);
    expect(result.code).toBe(code);
    expect(asked).toEqual([{ name: 'aws', settings: { root, regions: ['us-east-2', 'us-east-1'] } }]);
  });

  it('passes --endpoint to the cloud', async () => {
    const { asked, context } = accountCloud();
    const result = await neo(
      root,
      ['drift', '--cloud', 'aws', '--endpoint', 'http://localhost:4566'],
      context,
    );
    expect(result.code).toBe(0);
    expect(asked[0]?.settings.endpoint).toBe('http://localhost:4566');
  });

  /** EC2 clients that deny every call, as AWS does to credentials without ec2:Describe*. */
  function deniedEc2(region: string): EC2Client {
    const client = new EC2Client({
      region,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' },
    });
    const denied = Object.assign(new Error('You are not authorized to perform this operation.'), {
      name: 'UnauthorizedOperation',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    });
    mockClient(client).onAnyCommand().rejects(denied);
    return client;
  }

  it.each<[string, () => Promise<Cloud>, RegExp]>([
    [
      'the cloud denies a permission',
      async () => ({
        name: 'aws',
        inventory: async () => {
          throw new CloudAccessError('ec2:DescribeInstances');
        },
      }),
      /^neo drift: AWS denied ec2:DescribeInstances to the credentials in use\./,
    ],
    [
      'EC2 answers UnauthorizedOperation',
      async () => {
        const aws = mockAccount(accountOf([]));
        return awsCloud({
          regions: ['us-east-2'],
          ec2: deniedEc2,
          route53: aws.route53,
          sleep: async () => {},
        });
      },
      /^neo drift: AWS denied ec2:Describe[A-Za-z]+ to the credentials in use\./,
    ],
    [
      'no credentials are found',
      async () => {
        throw new CloudUnavailableError(
          'No AWS credentials found. Set them the usual way, or use --cloud local.',
        );
      },
      /^neo drift: No AWS credentials found\. Set them the usual way, or use --cloud local\.\n$/,
    ],
  ])('fails with exit 1 when %s, saying why', async (_name, open, message) => {
    const { context } = withCloud(open);
    const result = await neo(root, ['drift', '--cloud', 'aws'], context);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toMatch(message);
  });
});
