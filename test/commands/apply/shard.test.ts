import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shardOf } from '../../../src/rollout/index.js';
import { EXAMPLE_CUSTOMERS, exampleFiles, writeTree } from '../../helpers/repository.js';
import { editFile, filesUnder, localCloudDir, neo } from '../local-cloud.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function exampleRepository(): Promise<string> {
  const tree = await writeTree(exampleFiles());
  cleanups.push(tree.cleanup);
  return tree.dir;
}

const ledger = (root: string) =>
  Object.keys(
    (
      JSON.parse(readFileSync(join(localCloudDir(root), 'applied.json'), 'utf8')) as {
        customers: Record<string, unknown>;
      }
    ).customers,
  );

/** The ids of the rows whose result is `result`. */
const rowsWith = (out: string, result: string) =>
  out
    .split('\n')
    .map((line) => /^([a-z0-9-]+) +(?:active|suspended|decommissioned|removed) +([a-z]+)/.exec(line))
    .flatMap((m) => (m?.[2] === result ? [m[1] as string] : []));

const inShard = (index: number, count: number) =>
  EXAMPLE_CUSTOMERS.filter((id) => shardOf(id, count) === index);

const ADD_ONCALL = [
  'opsEmails: [noc@neo-hosting.example]',
  'opsEmails: [noc@neo-hosting.example, oncall@neo-hosting.example]',
] as const;

describe('neo apply --shard K/N on the local cloud', () => {
  it('applies every example customer exactly once over 1/2 then 2/2, each run saying what the other holds', async () => {
    const root = await exampleRepository();
    const [first, second] = [inShard(1, 2), inShard(2, 2)];
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);

    const one = await neo(root, ['apply', '--cloud', 'local', '--shard', '1/2']);
    expect(one).toMatchObject({ code: 0, err: '' });
    expect(rowsWith(one.out, 'applied')).toEqual(first);
    expect(ledger(root)).toEqual(first);
    expect(one.out).toContain(
      `shard 1/2: ${first.length} of the 7 affected customers; the other shard holds ${second.length}. The blast radius counts all 7.`,
    );

    const two = await neo(root, ['apply', '--cloud', 'local', '--shard', '2/2']);
    expect(two).toMatchObject({ code: 0, err: '' });
    expect(rowsWith(two.out, 'applied')).toEqual(second);
    expect(ledger(root)).toEqual(EXAMPLE_CUSTOMERS);
    // The first shard's customers are applied now: no longer affected, nothing left elsewhere.
    expect(two.out).toContain(
      `shard 2/2: ${second.length} of the ${second.length} affected customers; the other shard holds 0.`,
    );

    const after = await neo(root, ['apply', '--cloud', 'local']);
    expect(after.out.split('\n')[0]).toBe(
      'neo apply · Nothing to apply: all 7 customers are as last applied to the local cloud',
    );
    expect((await neo(root, ['drift'])).code).toBe(0);
  });

  it('splits the customers over as many shards as asked, none twice, none left out', async () => {
    const root = await exampleRepository();
    const applied: string[] = [];
    for (const index of [1, 2, 3]) {
      const run = await neo(root, ['apply', '--shard', `${index}/3`, '--format', 'json']);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.out) as {
        shard: { index: number; count: number; customers: number; elsewhere: number };
        customers: Array<{ customerId: string; outcome: string }>;
      };
      expect(report.shard).toEqual({
        index,
        count: 3,
        customers: inShard(index, 3).length,
        elsewhere: EXAMPLE_CUSTOMERS.length - applied.length - inShard(index, 3).length,
      });
      expect(report.customers.map((c) => c.customerId)).toEqual(inShard(index, 3));
      applied.push(...report.customers.filter((c) => c.outcome === 'applied').map((c) => c.customerId));
    }
    expect(applied.sort()).toEqual(EXAMPLE_CUSTOMERS);
  });

  it('judges the blast radius over every affected customer: no shard passes under it alone', async () => {
    const root = await exampleRepository();
    expect((await neo(root, ['apply'])).code).toBe(0);
    editFile(root, 'neo.yaml', ...ADD_ONCALL);
    const before = filesUnder(localCloudDir(root));
    for (const index of [1, 2, 3]) {
      // Alone, each shard changes at most 3 customers: under minChangedCustomers (5).
      expect(inShard(index, 3).length).toBeLessThanOrEqual(5);
      const held = await neo(root, ['apply', '--shard', `${index}/3`]);
      expect(held.code).toBe(1);
      expect(held.out).toContain('BLAST RADIUS EXCEEDED: 6 of 7 customers change (86 %, the limit is 20 %)');
      expect(held.out).toContain('The blast radius counts all 6.');
    }
    expect(filesUnder(localCloudDir(root))).toEqual(before);

    const allowed = await neo(root, ['apply', '--shard', '1/3', '--allow-blast-radius']);
    expect(allowed.code).toBe(0);
    expect(rowsWith(allowed.out, 'applied')).toEqual(inShard(1, 3));
  });

  it('plans the shard in a dry run and writes nothing', async () => {
    const root = await exampleRepository();
    const dry = await neo(root, ['apply', '--shard', '2/2', '--dry-run', '--format', 'markdown']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain(
      `**shard 2/2: ${inShard(2, 2).length} of the 7 affected customers; the other shard holds ${inShard(1, 2).length}. The blast radius counts all 7.**`,
    );
    for (const id of inShard(1, 2)) expect(dry.out).not.toContain(`\`${id}\``);
    expect(filesUnder(localCloudDir(root)).size).toBe(0);
  });

  it.each([
    ['K past N', ['--shard', '3/2'], '--shard 3/2: K counts from 1 to N (2)'],
    ['K of 0', ['--shard', '0/2'], '--shard 0/2: K counts from 1 to N (2)'],
    ['no shards', ['--shard', '1/0'], '--shard 1/0: N is the number of shards, from 1 to 256'],
    ['a bare number', ['--shard', '2'], '--shard 2: use K/N, the K-th of N shards, e.g. 1/4'],
    ['words', ['--shard', 'first/second'], '--shard first/second: use K/N, the K-th of N shards, e.g. 1/4'],
    [
      'named customers',
      ['--shard', '1/2', 'acme-corp'],
      '--shard splits the affected customers: name customers or give --shard, not both',
    ],
    [
      'a rollback',
      ['--shard', '1/2', '--at', 'HEAD', 'acme-corp'],
      '--shard and --at do not go together: --at rolls back one customer',
    ],
    [
      'a report comment on GitHub',
      ['--shard', '1/2', '--comment'],
      "--shard and --comment do not go together yet: each shard would overwrite the others' report comment and close their failure issue; post one report gathered from the shards' --format json instead",
    ],
  ])('refuses %s with a usage error', async (_, args, message) => {
    const root = await exampleRepository();
    const run = await neo(root, ['apply', ...args]);
    expect(run.code).toBe(2);
    expect(run.err.split('\n')[0]).toBe(`neo apply: ${message}`);
    expect(run.err).toContain('--shard <k>/<n>');
    expect(filesUnder(localCloudDir(root)).size).toBe(0);
  });
});
