import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitAll, initRepository } from '../../helpers/git.js';
import { exampleFiles, writeTree } from '../../helpers/repository.js';
import {
  allCloudResources,
  editFile,
  filesUnder,
  localCloudDir,
  managedResource,
  neo,
} from '../local-cloud.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const ledger = (root: string) =>
  JSON.parse(readFileSync(join(localCloudDir(root), 'applied.json'), 'utf8')) as {
    customers: Record<string, { commit?: string; rollback?: true }>;
  };

/** The zone acme-corp's server runs in, read from its subnet in the local cloud. */
function serverZone(root: string): unknown {
  const server = managedResource(root, 'acme-corp', 'aws_instance.server');
  return allCloudResources(root).find((r) => r.id === server.attributes.subnet_id)?.attributes
    .availability_zone;
}

describe('neo apply --at: a rollback passes the destroy guard like any apply', () => {
  it('refuses rolling a server back to the zone it left, when the commit rolled back to does not allow the loss', async () => {
    const tree = await writeTree(exampleFiles());
    cleanups.push(tree.cleanup);
    const root = tree.dir;
    const git = await initRepository(root);
    const before = await commitAll(git, 'customers');
    expect((await neo(root, ['apply'])).code).toBe(0);
    expect(serverZone(root)).toBe('us-east-2a');

    // Reviewed and merged: the move to us-east-2b, with the loss it costs accepted in the spec.
    editFile(
      root,
      'customers/acme-corp.yaml',
      'status: active\n',
      'status: active\nallowDataLoss: [server, volumes, databases]\n',
    );
    editFile(
      root,
      'customers/acme-corp.yaml',
      '  panel: cyberpanel\n',
      '  panel: cyberpanel\n  availabilityZone: us-east-2b\n',
    );
    const moved = await commitAll(git, 'acme-corp: move to us-east-2b');
    expect((await neo(root, ['apply'])).code).toBe(0);
    expect(serverZone(root)).toBe('us-east-2b');
    const cloud = filesUnder(localCloudDir(root));

    // Back to before the move: that replaces the server again, which the old spec never allowed.
    const rollback = await neo(root, ['apply', '--at', before.slice(0, 7), 'acme-corp']);
    expect(rollback.code).toBe(1);
    expect(rollback.out).toContain('acme-corp · refused by the destroy guard: nothing was applied');
    expect(rollback.out).toContain(
      'aws_instance.server would be replaced (because of subnet_id), with its data (server): if that is intended, add server to allowDataLoss in customers/acme-corp.yaml, or decommission the customer',
    );
    expect(rollback.out).toContain('aws_db_instance.main would be replaced');
    // Nothing moved: not the cloud, not the record of what was applied.
    expect(filesUnder(localCloudDir(root))).toEqual(cloud);
    expect(serverZone(root)).toBe('us-east-2b');
    expect(ledger(root).customers['acme-corp']).toMatchObject({ commit: moved });
    expect(ledger(root).customers['acme-corp']?.rollback).toBeUndefined();
  });
});
