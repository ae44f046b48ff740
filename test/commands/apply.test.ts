import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exampleFiles, writeTree } from '../helpers/repository.js';
import {
  cloudResources,
  editCloudFile,
  editFile,
  editManaged,
  filesUnder,
  localCloudDir,
  managedResource,
  neo,
  writeCloudFile,
} from './local-cloud.js';

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

describe('neo apply --cloud local', () => {
  it('creates every customer, then a second run changes nothing, to the byte', async () => {
    const root = await exampleRepository();
    const first = await neo(root, ['apply', '--cloud', 'local']);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out.split('\n')[0]).toBe('Applied 7 customers to the local cloud: 7 changed');
    for (const [id, status] of CUSTOMERS) {
      expect(first.out, id).toMatch(new RegExp(`^${id} +${status} +\\+\\d+$`, 'm'));
    }
    expect(filesIn(root, 'cloud')).toEqual(CUSTOMERS.map(([id]) => `${id}.json`));
    expect(filesIn(root, 'state')).toEqual(CUSTOMERS.map(([id]) => `${id}.json`));

    const applied = filesUnder(localCloudDir(root));
    const second = await neo(root, ['apply', '--cloud', 'local']);
    expect(second).toMatchObject({ code: 0, err: '' });
    expect(second.out.split('\n')[0]).toBe('No changes: the local cloud matches all 7 customers');
    for (const [id, status] of CUSTOMERS) {
      expect(second.out, id).toMatch(new RegExp(`^${id} +${status} +no resource changes$`, 'm'));
    }
    // Not a file rewritten, not even with the same bytes: contents and times are as they were.
    expect(filesUnder(localCloudDir(root))).toEqual(applied);
  });

  it('applies only the customers named, defaulting to the local cloud', async () => {
    const root = await exampleRepository();
    const result = await neo(root, ['apply', 'bluefin-bakery', 'orchid-studio']);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out.split('\n')[0]).toBe('Applied 2 customers to the local cloud: 2 changed');
    expect(result.out).not.toContain('acme-corp');
    expect(filesIn(root, 'cloud')).toEqual(['bluefin-bakery.json', 'orchid-studio.json']);
    expect(filesIn(root, 'state')).toEqual(['bluefin-bakery.json', 'orchid-studio.json']);
  });

  it.each([
    [
      'an unknown customer',
      ['acme-crop'],
      'there is no customer acme-crop in customers/: did you mean `acme-corp`?',
    ],
    ['one unknown among known ones', ['acme-corp', 'acme-crop'], 'did you mean `acme-corp`?'],
    ['--cloud aws', ['--cloud', 'aws'], '--cloud aws: only the local cloud can be applied to'],
    ['an unknown option', ['--force'], "Unknown option '--force'"],
  ])('refuses %s as a usage error (exit 2), writing nothing', async (_name, args, message) => {
    const root = await exampleRepository();
    const result = await neo(root, ['apply', ...args]);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toContain(message);
    expect(result.err).toContain('Usage: neo apply --cloud local');
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

  it('reverts a hand edit of a managed resource, leaving what neo did not create alone', async () => {
    const root = await exampleRepository();
    expect((await neo(root, ['apply'])).code).toBe(0);
    const applied = filesUnder(localCloudDir(root));
    const consoleBox = [{ type: 'aws_instance', id: 'i-0c0ffee0c0ffee001', tags: { Name: 'debug-box' } }];
    writeCloudFile(root, 'console', consoleBox);
    editManaged(root, 'acme-corp', 'aws_instance.server', (r) => {
      r.attributes.instance_type = 't3.2xlarge';
    });
    expect((await neo(root, ['drift'])).code).toBe(2);

    const result = await neo(root, ['apply']);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(managedResource(root, 'acme-corp', 'aws_instance.server').attributes.instance_type).toBe(
      't3.medium',
    );
    const after = filesUnder(localCloudDir(root));
    expect(after.get('cloud/acme-corp.json')?.text).toBe(applied.get('cloud/acme-corp.json')?.text);
    expect(cloudResources(root, 'console')).toMatchObject(consoleBox);
    // The console instance is in no customer's VPC: nothing drifts once the edit is reverted.
    expect(await neo(root, ['drift'])).toMatchObject({ code: 0, err: '' });
  });

  it('recreates a managed resource deleted by hand, and only it', async () => {
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

    const result = await neo(root, ['apply']);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out.split('\n')[0]).toBe('Applied 7 customers to the local cloud: 1 changed');
    expect(result.out).toMatch(/^acme-corp +active +\+1$/m);
    expect(managedResource(root, 'acme-corp', address).attributes).toEqual(deleted.attributes);
    expect((await neo(root, ['drift', 'acme-corp'])).code).toBe(0);
  });
});
