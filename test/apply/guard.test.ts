import { describe, expect, it } from 'vitest';
import { destroyGuard, type GuardedCustomer, losesData } from '../../src/apply/guard.js';
import type { Action, ResourceChange } from '../../src/diff/index.js';
import { resourceChange } from '../helpers/changes.js';

const change = (address: string, action: Action, replacedBecause?: string[]): ResourceChange =>
  resourceChange(address, action, replacedBecause ? { replacedBecause } : {});

const active: GuardedCustomer = { id: 'acme-corp', status: 'active', allowDataLoss: [] };

describe('the destroy guard', () => {
  it.each<[string, GuardedCustomer, ResourceChange, string | undefined]>([
    [
      'refuses replacing an active server',
      active,
      change('aws_instance.server', 'replace', ['availability_zone']),
      'aws_instance.server would be replaced (because of availability_zone), with its data (server): if that is intended, add server to allowDataLoss in customers/acme-corp.yaml, or decommission the customer',
    ],
    [
      'refuses destroying a data volume',
      active,
      change('aws_ebs_volume.data', 'delete'),
      'aws_ebs_volume.data would be destroyed, with its data (volumes): if that is intended, add volumes to allowDataLoss in customers/acme-corp.yaml, or decommission the customer',
    ],
    [
      'refuses destroying a database of a suspended customer',
      { ...active, status: 'suspended' },
      change('aws_db_instance.main', 'delete'),
      'aws_db_instance.main would be destroyed, with its data (databases): if that is intended, add databases to allowDataLoss in customers/acme-corp.yaml, or decommission the customer',
    ],
    [
      'refuses replacing the hosted zone',
      active,
      change('aws_route53_zone.main', 'replace', ['name']),
      'aws_route53_zone.main would be replaced (because of name), with its data (zone): if that is intended, add zone to allowDataLoss in customers/acme-corp.yaml, or decommission the customer',
    ],
    [
      'names every attribute that forces the replacement',
      active,
      change('aws_instance.server', 'replace', ['ami', 'availability_zone']),
      'aws_instance.server would be replaced (because of ami, availability_zone), with its data (server): if that is intended, add server to allowDataLoss in customers/acme-corp.yaml, or decommission the customer',
    ],
    [
      'allows what allowDataLoss names',
      { ...active, allowDataLoss: ['server'] },
      change('aws_instance.server', 'replace'),
      undefined,
    ],
    [
      'allowDataLoss of one kind does not cover another',
      { ...active, allowDataLoss: ['server'] },
      change('aws_ebs_volume.data', 'replace', ['availability_zone']),
      'aws_ebs_volume.data would be replaced (because of availability_zone), with its data (volumes): if that is intended, add volumes to allowDataLoss in customers/acme-corp.yaml, or decommission the customer',
    ],
    [
      'allows decommissioning to destroy the server',
      { ...active, status: 'decommissioned' },
      change('aws_instance.server', 'delete'),
      undefined,
    ],
    [
      'decommissioning does not allow a replacement',
      { ...active, status: 'decommissioned' },
      change('aws_db_instance.main', 'replace', ['engine']),
      'aws_db_instance.main would be replaced (because of engine), with its data (databases): if that is intended, add databases to allowDataLoss in customers/acme-corp.yaml, or decommission the customer',
    ],
    [
      'never destroys the backups, even decommissioned with everything allowed',
      { ...active, status: 'decommissioned', allowDataLoss: ['server', 'volumes', 'databases', 'zone'] },
      change('aws_s3_bucket.backups', 'delete'),
      "aws_s3_bucket.backups would be destroyed: it holds acme-corp's backups, which neo never destroys (they expire after the plan's retention)",
    ],
    [
      'finds the backup bucket inside a module too',
      active,
      change('module.neo.aws_s3_bucket.backups', 'replace'),
      "module.neo.aws_s3_bucket.backups would be replaced: it holds acme-corp's backups, which neo never destroys (they expire after the plan's retention)",
    ],
    [
      'never destroys another bucket either',
      { ...active, status: 'decommissioned' },
      change('aws_s3_bucket.objects', 'delete'),
      'aws_s3_bucket.objects would be destroyed: neo never destroys a bucket with its objects (Terraform would refuse too, prevent_destroy); empty and delete it by hand if it must go',
    ],
    [
      'lets anything without data be replaced',
      active,
      change('aws_security_group.server', 'replace', ['description']),
      undefined,
    ],
    ['lets a server be updated in place', active, change('aws_instance.server', 'update'), undefined],
    ['lets a forgotten bucket go unmanaged', active, change('aws_s3_bucket.backups', 'forget'), undefined],
  ])('%s', (_, customer, planned, refusal) => {
    expect(destroyGuard(customer, [planned])).toEqual(refusal === undefined ? [] : [refusal]);
  });

  it('gives one reason per refused change, in plan order', () => {
    const refusals = destroyGuard(active, [
      change('aws_instance.server', 'replace', ['ami']),
      change('aws_vpc.main', 'replace', ['cidr_block']),
      change('aws_ebs_volume.data', 'delete'),
    ]);
    expect(refusals.map((r) => r.split(' ')[0])).toEqual(['aws_instance.server', 'aws_ebs_volume.data']);
  });
});

describe('what the blast radius counts as data loss', () => {
  it.each<[string, ResourceChange, boolean]>([
    ['a server replaced', change('aws_instance.server', 'replace'), true],
    ['a volume deleted', change('aws_ebs_volume.data', 'delete'), true],
    ['a database replaced', change('aws_db_instance.main', 'replace'), true],
    ['a zone deleted', change('aws_route53_zone.main', 'delete'), true],
    ['a bucket deleted, even one neo would keep', change('aws_s3_bucket.objects', 'delete'), true],
    ['a server updated in place', change('aws_instance.server', 'update'), false],
    ['a volume created', change('aws_ebs_volume.data', 'create'), false],
    ['a bucket left unmanaged (forget)', change('aws_s3_bucket.backups', 'forget'), false],
    ['a security group replaced (no data)', change('aws_security_group.server', 'replace'), false],
  ])('%s: %s', (_name, c, expected) => {
    expect(losesData(c)).toBe(expected);
  });

  it('says why a replacement happens only when Terraform says', () => {
    expect(destroyGuard(active, [change('aws_ebs_volume.data', 'replace')])).toEqual([
      'aws_ebs_volume.data would be replaced, with its data (volumes): if that is intended, add volumes to allowDataLoss in customers/acme-corp.yaml, or decommission the customer',
    ]);
  });
});
