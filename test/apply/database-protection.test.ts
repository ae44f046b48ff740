import { ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rdsProtection } from '../../src/apply/aws/index.js';
import { databasesLeaving } from '../../src/apply/database-protection.js';
import { localTarget } from '../../src/apply/local-target.js';
import type { PlannedStack } from '../../src/apply/target.js';
import * as local from '../../src/cloud/local/index.js';
import type { Action, ResourceChange } from '../../src/diff/index.js';
import { graphFromTerraform, type ResourceGraph } from '../../src/graph/index.js';
import { tempStore } from '../cloud/local/helpers.js';
import { resourceChange } from '../helpers/changes.js';
import { stackLookup } from '../helpers/stacks.js';

const stack = await stackLookup();
const acme = (): ResourceGraph => graphFromTerraform(stack('acme-corp').json);

const change = (address: string, action: Action, identifier?: string): ResourceChange =>
  resourceChange(
    address,
    action,
    identifier === undefined ? {} : { attributes: [{ path: 'identifier', before: identifier }] },
  );

const planned = (changes: ResourceChange[], graph = acme()): PlannedStack => ({
  stack: { customerId: 'acme-corp', json: '{}', graph },
  changes,
});

describe('databasesLeaving', () => {
  it.each<[string, ResourceChange[], Array<{ address: string; identifier: string }>]>([
    [
      'a deleted database, named by its identifier before',
      [change('aws_db_instance.main', 'delete', 'neo-production-acme-corp')],
      [{ address: 'aws_db_instance.main', identifier: 'neo-production-acme-corp' }],
    ],
    [
      'a replaced database whose identifier stays: the stack names it',
      [change('aws_db_instance.main', 'replace')],
      [{ address: 'aws_db_instance.main', identifier: 'neo-production-acme-corp' }],
    ],
    ['a database updated in place keeps its protection', [change('aws_db_instance.main', 'update')], []],
    [
      'other resources deleted',
      [change('aws_instance.server', 'delete', 'x'), change('aws_ebs_volume.data', 'replace')],
      [],
    ],
  ])('%s', (_name, changes, expected) => {
    expect(databasesLeaving(planned(changes))).toEqual(expected);
  });
});

describe('rdsProtection', () => {
  const rds = mockClient(RDSClient);
  afterEach(() => rds.reset());
  const protection = () => rdsProtection(() => new RDSClient({ region: 'us-east-2' }));

  it('turns deletion protection off at once', async () => {
    rds.on(ModifyDBInstanceCommand).resolves({});
    await protection().lift('us-east-2', 'neo-production-acme-corp');
    expect(rds.commandCalls(ModifyDBInstanceCommand).map((c) => c.args[0].input)).toEqual([
      { DBInstanceIdentifier: 'neo-production-acme-corp', DeletionProtection: false, ApplyImmediately: true },
    ]);
  });

  it('takes a database already gone as lifted, and says which one failed otherwise', async () => {
    rds
      .on(ModifyDBInstanceCommand, { DBInstanceIdentifier: 'gone' })
      .rejects(Object.assign(new Error('DBInstance gone not found.'), { name: 'DBInstanceNotFoundFault' }))
      .on(ModifyDBInstanceCommand, { DBInstanceIdentifier: 'denied' })
      .rejects(
        Object.assign(new Error('not authorized to perform: rds:ModifyDBInstance'), { name: 'AccessDenied' }),
      );
    await expect(protection().lift('us-east-2', 'gone')).resolves.toBeUndefined();
    await expect(protection().lift('us-east-2', 'denied')).rejects.toThrow(
      'lifting the deletion protection of database denied failed: not authorized to perform: rds:ModifyDBInstance',
    );
  });
});

describe('deletion protection in the local cloud', () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ root, cleanup } = tempStore());
  });
  afterEach(() => cleanup());

  const withoutDatabase = (): ResourceGraph => {
    const graph = acme();
    graph.resources.delete('aws_db_instance.main');
    return graph;
  };

  it('refuses to delete a protected database, as RDS does', async () => {
    await local.applyLocal(new local.LocalStore(root), 'acme-corp', acme());
    const plan = await local.planLocal(new local.LocalStore(root), 'acme-corp', withoutDatabase());
    expect(plan.changes.find((c) => c.address === 'aws_db_instance.main')?.action).toBe('delete');
    await expect(plan.write()).rejects.toThrow(
      'acme-corp: nothing applied, aws_db_instance.main has deletion protection on: the cloud refuses to delete it',
    );
  });

  it("deletes it through neo's apply, which lifts the protection first", async () => {
    const store = new local.LocalStore(root);
    await local.applyLocal(store, 'acme-corp', acme());
    const target = localTarget(local, store);
    const stackWithout = { customerId: 'acme-corp', json: '{}', graph: withoutDatabase() };
    await target.apply(await target.plan(stackWithout));
    const state = await new local.LocalStore(root).readState('acme-corp');
    expect(state.resources['aws_db_instance.main']).toBeUndefined();
  });
});
