import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileLedger } from '../../../src/apply/index.js';
import { awsCloud } from '../../../src/cloud/aws/index.js';
import {
  type CommandContext,
  defaultContext,
  type Io,
  type LedgerLocation,
} from '../../../src/services/index.js';
import { accountOf } from '../../helpers/aws-account.js';
import { mockAccount } from '../../helpers/aws-mock.js';
import { type FakeTerraform, fakeTerraform } from '../../helpers/fake-terraform.js';
import { commitAll, committedExample } from '../../helpers/git.js';
import { allCloudResources, editFile, filesUnder, localCloudDir, neo } from '../local-cloud.js';

/**
 * A merged change is held to the platform as it was last applied, not to the rules it brings:
 * it cannot lower its own blast radius, and it cannot move the state away unnoticed.
 */
let root: string;
let cleanup: () => void;
let git: Awaited<ReturnType<typeof committedExample>>['git'];
beforeEach(async () => {
  const example = await committedExample();
  ({ dir: root, cleanup, git } = example);
});
afterEach(() => cleanup());

const ADD_ONCALL: [string, string] = [
  'opsEmails: [noc@neo-hosting.example]',
  'opsEmails: [noc@neo-hosting.example, oncall@neo-hosting.example]',
];

describe('neo apply holds a change to the blast radius of the commit applied before', () => {
  it('refuses a change that raises its own limits to pass them', async () => {
    expect((await neo(root, ['apply'])).code).toBe(0);
    const before = filesUnder(localCloudDir(root));
    editFile(root, 'neo.yaml', ...ADD_ONCALL);
    editFile(root, 'neo.yaml', 'maxChangedPercent: 20', 'maxChangedPercent: 100');
    await commitAll(git, 'an on-call address for everyone, and no limit to stop it');

    const held = await neo(root, ['apply']);
    expect(held.code).toBe(1);
    expect(held.out).toContain('exceeds the blast-radius limits');
    expect(held.out).toContain('the limit is 20 %');
    expect(filesUnder(localCloudDir(root))).toEqual(before);
    // Accepted on purpose, it goes through; the next change is held to the new limits.
    expect((await neo(root, ['apply', '--allow-blast-radius'])).code).toBe(0);
  });
});

describe('neo apply refuses a state that moved without being copied', () => {
  let fake: FakeTerraform;
  beforeEach(() => {
    fake = fakeTerraform();
  });
  afterEach(() => fake.dispose());

  /** One ledger per place the state can be, as the S3 ledger is an object beside the state. */
  const ledgerFile = (location: LedgerLocation) =>
    join(
      fake.root,
      `${location.stateBackend.bucket}-${location.stateBackend.keyPrefix.replaceAll('/', '_')}json`,
    );

  function context(io: Io): CommandContext {
    const aws = mockAccount(accountOf(allCloudResources(root)));
    return {
      ...defaultContext(io),
      ledger: async (_, location) => fileLedger(ledgerFile(location)),
      sleep: async () => {},
      cloud: async () =>
        awsCloud({
          regions: ['us-east-2', 'us-east-1'],
          ec2: aws.ec2,
          route53: aws.route53,
          sleep: async () => {},
        }),
    };
  }
  const applyAws = (args: string[] = []) =>
    neo(root, ['apply', '--cloud', 'aws', ...args], context, fake.env);

  it('holds every customer back when neo.yaml points the state elsewhere and the old ledger has records', async () => {
    expect((await neo(root, ['apply'])).code).toBe(0);
    expect((await applyAws()).code).toBe(0);
    const oldLedger = ledgerFile({
      root,
      stateBackend: {
        bucket: 'neo-production-terraform-state',
        keyPrefix: 'customers/',
        region: 'us-east-2',
      },
    });
    expect(existsSync(oldLedger)).toBe(true);

    editFile(root, 'neo.yaml', 'keyPrefix: customers/', 'keyPrefix: tenants/');
    await commitAll(git, 'keep the state under tenants/');
    const moved = await applyAws();
    expect(moved.code).toBe(1);
    expect(moved.out).toContain(
      'the Terraform state and the ledger move (stateBackend keyPrefix "customers/" → "tenants/")',
    );
    expect(moved.out).toContain('exceeds the blast-radius limits');
    expect(fake.invocations().filter((i) => i.command === 'apply')).toEqual([]);
    expect(readFileSync(oldLedger, 'utf8')).toContain('acme-corp');
  });

  it('lets a first apply through: no ledger anywhere, nothing moved', async () => {
    expect((await neo(root, ['apply'])).code).toBe(0); // the local cloud stands for AWS's read-back
    editFile(root, 'neo.yaml', 'keyPrefix: customers/', 'keyPrefix: tenants/');
    await commitAll(git, 'the state under tenants/ from the start');
    expect((await applyAws()).code).toBe(0);
  });
});
