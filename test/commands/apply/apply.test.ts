import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitAll, initRepository } from '../../helpers/git.js';
import { exampleFiles, writeTree } from '../../helpers/repository.js';
import {
  allCloudResources,
  cloudResources,
  editCloudFile,
  editFile,
  editManaged,
  filesUnder,
  localCloudDir,
  managedResource,
  neo,
  writeCloudFile,
} from '../local-cloud.js';

const CUSTOMERS: Array<[id: string, status: string]> = [
  ['acme-corp', 'active'],
  ['bluefin-bakery', 'active'],
  ['kestrel-legal', 'suspended'],
  ['lumen-analytics', 'active'],
  ['nordlicht-media', 'active'],
  ['orchid-studio', 'decommissioned'],
  ['tidewater-travel', 'active'],
];

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A temporary copy of the example repository, removed after the test. */
async function exampleRepository(): Promise<string> {
  const tree = await writeTree(exampleFiles());
  cleanups.push(tree.cleanup);
  return tree.dir;
}

/** `cloud/` or `state/` of the local cloud: its file names. */
const filesIn = (root: string, folder: 'cloud' | 'state') =>
  existsSync(join(localCloudDir(root), folder)) ? readdirSync(join(localCloudDir(root), folder)).sort() : [];

/** The ledger of the local cloud: what was applied, per customer. */
const ledger = (root: string) =>
  JSON.parse(readFileSync(join(localCloudDir(root), 'applied.json'), 'utf8')) as {
    customers: Record<string, { commit?: string; stackHash: string; status: string; rollback?: true }>;
  };

const firstLine = (text: string) => text.split('\n')[0];

/** Each customer's row: `acme-corp active applied +85 ✓ 0.1 s` → [id, status, result]. */
const rows = (out: string) =>
  out
    .split('\n')
    .map((line) =>
      /^([a-z0-9-]+) +(active|suspended|decommissioned|removed) +(applied|unchanged|refused|forgotten|failed[a-z ]*?)(?= {2}|$)/.exec(
        line,
      ),
    )
    .flatMap((m) => (m ? [[m[1], m[2], m[3]]] : []));

describe('neo apply --cloud local', () => {
  it('creates every customer, then a second run has nothing to apply and writes nothing', async () => {
    const root = await exampleRepository();
    const first = await neo(root, ['apply', '--cloud', 'local']);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(firstLine(first.out)).toBe('neo apply · Applied 7 customers to the local cloud');
    expect(rows(first.out)).toEqual(CUSTOMERS.map(([id, status]) => [id, status, 'applied']));
    expect(filesIn(root, 'cloud')).toEqual(CUSTOMERS.map(([id]) => `${id}.json`));
    expect(filesIn(root, 'state')).toEqual(CUSTOMERS.map(([id]) => `${id}.json`));
    expect(Object.keys(ledger(root).customers)).toEqual(CUSTOMERS.map(([id]) => id));
    expect(await neo(root, ['drift'])).toMatchObject({ code: 0 });

    const applied = filesUnder(localCloudDir(root));
    const second = await neo(root, ['apply', '--cloud', 'local']);
    expect(second).toMatchObject({ code: 0, err: '' });
    expect(firstLine(second.out)).toBe(
      'neo apply · Nothing to apply: all 7 customers are as last applied to the local cloud',
    );
    // Not a file rewritten, not even with the same bytes: contents and times are as they were.
    expect(filesUnder(localCloudDir(root))).toEqual(applied);
  });

  it('plans without applying or recording anything with --dry-run', async () => {
    const root = await exampleRepository();
    const dry = await neo(root, ['apply', '--dry-run']);
    expect(dry).toMatchObject({ code: 0, err: '' });
    expect(firstLine(dry.out)).toBe('neo apply · Dry run for the local cloud: 7 customers to apply');
    expect(dry.out).toMatch(/^acme-corp +active +to apply +\+\d+ +—/m);
    expect(existsSync(localCloudDir(root))).toBe(false);

    expect((await neo(root, ['apply'])).code).toBe(0);
    editFile(root, 'customers/acme-corp.yaml', 'cpu: 80', 'cpu: 70');
    const applied = filesUnder(localCloudDir(root));
    const next = await neo(root, ['apply', '--dry-run']);
    expect(firstLine(next.out)).toBe(
      'neo apply · Dry run for the local cloud: 1 customer to apply; 6 unaffected',
    );
    expect(next.out).toMatch(/^acme-corp +active +to apply +~1 /m);
    expect(filesUnder(localCloudDir(root))).toEqual(applied);
  });

  it('applies only the customers named, defaulting to the local cloud', async () => {
    const root = await exampleRepository();
    const result = await neo(root, ['apply', 'bluefin-bakery', 'orchid-studio']);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(rows(result.out)).toEqual([
      ['bluefin-bakery', 'active', 'applied'],
      ['orchid-studio', 'decommissioned', 'applied'],
    ]);
    expect(filesIn(root, 'cloud')).toEqual(['bluefin-bakery.json', 'orchid-studio.json']);
    expect(Object.keys(ledger(root).customers)).toEqual(['bluefin-bakery', 'orchid-studio']);
    expect((await neo(root, ['drift', 'bluefin-bakery', 'orchid-studio'])).code).toBe(0);
  });

  it.each([
    [
      'an unknown customer',
      ['acme-crop'],
      'there is no customer acme-crop in customers/: did you mean `acme-corp`?',
    ],
    ['one unknown among known ones', ['acme-corp', 'acme-crop'], 'did you mean `acme-corp`?'],
    ['an unknown cloud', ['--cloud', 'gcp'], '--cloud gcp: use one of local, aws'],
    ['--at without a customer', ['--at', 'HEAD'], '--at rolls back one customer: name exactly one'],
    ['--at with two customers', ['--at', 'HEAD', 'acme-corp', 'bluefin-bakery'], 'name exactly one'],
    ['a concurrency of 0', ['--concurrency', '0'], '--concurrency 0: use a whole number from 1 to 64'],
    ['--endpoint without aws', ['--endpoint', 'http://localhost:4566'], '--endpoint goes with --cloud aws'],
    ['an unknown option', ['--force'], "Unknown option '--force'"],
  ])('refuses %s as a usage error (exit 2), writing nothing', async (_name, args, message) => {
    const root = await exampleRepository();
    const result = await neo(root, ['apply', ...args]);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toContain(message);
    expect(result.err).toContain('Usage: neo apply [--cloud local|aws]');
    expect(existsSync(localCloudDir(root))).toBe(false);
  });

  it('refuses invalid specs with file:line:column (exit 1), writing nothing', async () => {
    const root = await exampleRepository();
    editFile(root, 'customers/acme-corp.yaml', 'plan: scale', 'plan: nonexistent');
    const result = await neo(root, ['apply', '--cloud', 'local']);
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      'customers/acme-corp.yaml:5:7: error: there is no plan tier `nonexistent` in plans/: use one of core, scale, titan',
    );
    expect(existsSync(localCloudDir(root))).toBe(false);
  });

  it('leaves hand edits of unaffected customers to the named or --all runs, which revert them', async () => {
    const root = await exampleRepository();
    expect((await neo(root, ['apply'])).code).toBe(0);
    const applied = filesUnder(localCloudDir(root));
    const consoleBox = [{ type: 'aws_instance', id: 'i-0c0ffee0c0ffee001', tags: { Name: 'debug-box' } }];
    writeCloudFile(root, 'console', consoleBox);
    editManaged(root, 'acme-corp', 'aws_instance.server', (r) => {
      r.attributes.instance_type = 't3.2xlarge';
    });
    expect((await neo(root, ['apply'])).out).toContain('Nothing to apply');
    expect((await neo(root, ['drift'])).code).toBe(2);

    const named = await neo(root, ['apply', 'acme-corp']);
    expect(named).toMatchObject({ code: 0, err: '' });
    expect(named.out).toMatch(/^acme-corp +active +applied +~1 +✓/m);
    expect(managedResource(root, 'acme-corp', 'aws_instance.server').attributes.instance_type).toBe(
      't3.medium',
    );
    const after = filesUnder(localCloudDir(root));
    expect(after.get('cloud/acme-corp.json')?.text).toBe(applied.get('cloud/acme-corp.json')?.text);
    expect(cloudResources(root, 'console')).toMatchObject(consoleBox);
    // The console instance is in no customer's VPC: nothing drifts once the edit is reverted.
    expect(await neo(root, ['drift'])).toMatchObject({ code: 0, err: '' });
  });

  it('recreates a managed resource deleted by hand with --all, and only it', async () => {
    const root = await exampleRepository();
    expect((await neo(root, ['apply'])).code).toBe(0);
    const address = 'aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24';
    const deleted = managedResource(root, 'acme-corp', address);
    editCloudFile(root, 'acme-corp', (resources) => {
      resources.splice(
        resources.findIndex((r) => r.id === deleted.id),
        1,
      );
    });
    expect((await neo(root, ['drift', 'acme-corp'])).out).toMatch(
      /missing +aws_vpc_security_group_ingress_rule/,
    );

    const result = await neo(root, ['apply', '--all']);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(firstLine(result.out)).toBe(
      'neo apply · Applied 1 of 7 customers to the local cloud: 6 unchanged',
    );
    expect(result.out).toMatch(/^acme-corp +active +applied +\+1 /m);
    expect(managedResource(root, 'acme-corp', address).attributes).toEqual(deleted.attributes);
    expect((await neo(root, ['drift', 'acme-corp'])).code).toBe(0);
  });

  it('catches up what an earlier run missed: every customer whose stack differs from its record', async () => {
    const root = await exampleRepository();
    expect((await neo(root, ['apply'])).code).toBe(0);
    editFile(root, 'customers/acme-corp.yaml', 'cpu: 80', 'cpu: 70');
    editFile(
      root,
      'customers/bluefin-bakery.yaml',
      'adminCidrs: [192.0.2.0/28]',
      'adminCidrs: [192.0.2.0/27]',
    );
    // A run that covered only acme-corp (cancelled, or named), then the next full run.
    expect(rows((await neo(root, ['apply', 'acme-corp'])).out)).toEqual([['acme-corp', 'active', 'applied']]);
    const next = await neo(root, ['apply']);
    expect(rows(next.out)).toEqual([['bluefin-bakery', 'active', 'applied']]);
    expect(firstLine(next.out)).toContain('6 unaffected');
    expect((await neo(root, ['apply'])).out).toContain('Nothing to apply');
    expect((await neo(root, ['drift'])).code).toBe(0);
  });
});

describe('the destroy guard on the local cloud', () => {
  it('refuses moving a server to another zone until allowDataLoss says so', async () => {
    const root = await exampleRepository();
    expect((await neo(root, ['apply'])).code).toBe(0);
    const before = filesUnder(localCloudDir(root));
    editFile(
      root,
      'customers/acme-corp.yaml',
      '  panel: cyberpanel\n',
      '  panel: cyberpanel\n  availabilityZone: us-east-2b\n',
    );

    const refused = await neo(root, ['apply']);
    expect(refused.code).toBe(1);
    expect(rows(refused.out)).toEqual([['acme-corp', 'active', 'refused']]);
    // A zone move takes the server, its volumes and its database along: each is named.
    for (const line of [
      'aws_instance.server would be replaced (because of subnet_id), with its data (server): if that is intended, add server to allowDataLoss in customers/acme-corp.yaml, or decommission the customer',
      'aws_ebs_volume.data would be replaced (because of availability_zone), with its data (volumes)',
      'aws_db_instance.main would be replaced (because of availability_zone), with its data (databases)',
    ]) {
      expect(refused.out).toContain(line);
    }
    expect(filesUnder(localCloudDir(root))).toEqual(before);

    editFile(
      root,
      'customers/acme-corp.yaml',
      'status: active\n',
      'status: active\nallowDataLoss: [server, volumes]\n',
    );
    // One kind short of what the move loses is still refused.
    const partly = await neo(root, ['apply']);
    expect(partly.code).toBe(1);
    expect(partly.out).toContain('aws_db_instance.main would be replaced');
    expect(partly.out).not.toContain('aws_instance.server would be replaced');
    expect(filesUnder(localCloudDir(root))).toEqual(before);

    editFile(root, 'customers/acme-corp.yaml', '[server, volumes]', '[server, volumes, databases]');
    const allowed = await neo(root, ['apply']);
    expect(allowed.code).toBe(0);
    expect(rows(allowed.out)).toEqual([['acme-corp', 'active', 'applied']]);
    const server = managedResource(root, 'acme-corp', 'aws_instance.server');
    const subnet = allCloudResources(root).find((r) => r.id === server.attributes.subnet_id);
    expect(subnet?.attributes.availability_zone).toBe('us-east-2b');
    expect((await neo(root, ['drift'])).code).toBe(0);
  });

  it('suspends, then decommissions and forgets a customer, keeping its backups', async () => {
    const root = await exampleRepository();
    expect((await neo(root, ['apply'])).code).toBe(0);
    editFile(root, 'customers/acme-corp.yaml', 'status: active', 'status: suspended');
    const suspended = await neo(root, ['apply']);
    expect(rows(suspended.out)).toEqual([['acme-corp', 'suspended', 'applied']]);
    const state = cloudResources(root, 'acme-corp').find((r) => r.type === 'aws_ec2_instance_state');
    expect(state?.attributes.state).toBe('stopped');
    expect(suspended.out).toMatch(/^acme-corp +suspended +applied +~\d+ +✓/m);
    expect((await neo(root, ['apply', '--format', 'json'])).code).toBe(0);
    expect((await neo(root, ['drift'])).code).toBe(0);

    editFile(root, 'customers/acme-corp.yaml', 'status: suspended', 'status: decommissioned');
    const decommissioned = await neo(root, ['apply']);
    expect(decommissioned.code).toBe(0);
    expect(rows(decommissioned.out)).toEqual([['acme-corp', 'decommissioned', 'applied']]);
    const left = cloudResources(root, 'acme-corp').map((r) => r.type);
    expect(new Set(left)).toEqual(
      new Set([
        'aws_s3_bucket',
        'aws_s3_bucket_lifecycle_configuration',
        'aws_s3_bucket_ownership_controls',
        'aws_s3_bucket_policy',
        'aws_s3_bucket_public_access_block',
        'aws_s3_bucket_server_side_encryption_configuration',
        'aws_s3_bucket_versioning',
      ]),
    );
    expect((await neo(root, ['drift'])).code).toBe(0);

    rmSync(join(root, 'customers/acme-corp.yaml'));
    const forgotten = await neo(root, ['apply']);
    expect(forgotten.code).toBe(0);
    expect(rows(forgotten.out)).toEqual([['acme-corp', 'removed', 'forgotten']]);
    expect(ledger(root).customers['acme-corp']).toBeUndefined();
    expect(filesIn(root, 'state')).not.toContain('acme-corp.json');
    expect(cloudResources(root, 'acme-corp').map((r) => r.type)).toContain('aws_s3_bucket');
  });

  it('decommissions a customer with object storage, keeping that bucket as well as the backups', async () => {
    const root = await exampleRepository();
    expect((await neo(root, ['apply'])).code).toBe(0);
    editFile(root, 'customers/tidewater-travel.yaml', 'plan: ', 'status: decommissioned\nplan: ');
    const result = await neo(root, ['apply']);
    expect(result.code).toBe(0);
    expect(rows(result.out)).toEqual([['tidewater-travel', 'decommissioned', 'applied']]);
    const buckets = cloudResources(root, 'tidewater-travel').filter((r) => r.type === 'aws_s3_bucket');
    expect(buckets.map((b) => b.tags['neo:resource']).sort()).toEqual([
      'aws_s3_bucket.backups',
      'aws_s3_bucket.objects',
    ]);
    expect((await neo(root, ['drift'])).code).toBe(0);
  });

  it('refuses to forget a customer whose file was deleted while active', async () => {
    const root = await exampleRepository();
    expect((await neo(root, ['apply'])).code).toBe(0);
    rmSync(join(root, 'customers/acme-corp.yaml'));
    const result = await neo(root, ['apply']);
    expect(result.code).toBe(1);
    expect(rows(result.out)).toEqual([['acme-corp', 'removed', 'refused']]);
    expect(result.out).toContain(
      'customers/acme-corp.yaml is gone, but acme-corp was last applied as active: restore the file, set status: decommissioned and apply that first',
    );
    expect(ledger(root).customers['acme-corp']?.status).toBe('active');
  });

  it('stops the whole run before applying anything when it exceeds the blast radius', async () => {
    const root = await exampleRepository();
    expect((await neo(root, ['apply'])).code).toBe(0);
    const before = filesUnder(localCloudDir(root));
    editFile(
      root,
      'neo.yaml',
      'opsEmails: [noc@neo-hosting.example]',
      'opsEmails: [noc@neo-hosting.example, oncall@neo-hosting.example]',
    );
    const held = await neo(root, ['apply']);
    expect(held.code).toBe(1);
    expect(held.out).toContain('exceeds the blast-radius limits');
    expect(held.out).toContain('customers change (');
    expect(filesUnder(localCloudDir(root))).toEqual(before);

    const allowed = await neo(root, ['apply', '--allow-blast-radius']);
    expect(allowed.code).toBe(0);
    expect(rows(allowed.out).every(([, , result]) => result === 'applied')).toBe(true);
    expect((await neo(root, ['drift'])).code).toBe(0);
  });
});

describe('neo apply --at: rolling one customer back', () => {
  it('applies the customer as of an earlier commit, records it, and the next run re-applies head', async () => {
    const root = await exampleRepository();
    const git = await initRepository(root);
    const first = await commitAll(git, 'customers');
    expect((await neo(root, ['apply'])).code).toBe(0);
    expect(ledger(root).customers['acme-corp']?.commit).toBe(first);
    editFile(root, 'customers/acme-corp.yaml', 'cpu: 80', 'cpu: 60');
    const second = await commitAll(git, 'acme-corp: alert at 60 % CPU');
    expect(rows((await neo(root, ['apply'])).out)).toEqual([['acme-corp', 'active', 'applied']]);
    const alarm = () =>
      managedResource(root, 'acme-corp', 'aws_cloudwatch_metric_alarm.cpu').attributes.threshold;
    expect(alarm()).toBe(60);

    const rollback = await neo(root, ['apply', '--at', first.slice(0, 7), 'acme-corp']);
    expect(rollback).toMatchObject({ code: 0, err: '' });
    expect(firstLine(rollback.out)).toBe(
      `neo apply · Rolled back acme-corp on the local cloud to ${first.slice(0, 12)}`,
    );
    expect(alarm()).toBe(80);
    expect(ledger(root).customers['acme-corp']).toMatchObject({ commit: first, rollback: true });

    const next = await neo(root, ['apply']);
    expect(rows(next.out)).toEqual([['acme-corp', 'active', 'applied']]);
    expect(alarm()).toBe(60);
    expect(ledger(root).customers['acme-corp']).toEqual(expect.objectContaining({ commit: second }));
    expect(ledger(root).customers['acme-corp']?.rollback).toBeUndefined();
  });

  it('refuses an unknown commit as a usage error', async () => {
    const root = await exampleRepository();
    await commitAll(await initRepository(root), 'customers');
    const result = await neo(root, ['apply', '--at', 'deadbeef', 'acme-corp']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--at deadbeef: no such commit');
  });
});
