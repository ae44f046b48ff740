import { describe, expect, it } from 'vitest';
import { type Action, countActions, type ResourceChange } from '../../src/diff/index.js';
import { crossCheck } from '../../src/plan/index.js';
import type { CustomerPlan } from '../../src/plan/types.js';

function change(address: string, action: Action, replacedBecause?: string[]): ResourceChange {
  const type = address.slice(0, address.indexOf('.'));
  const name = address.slice(type.length + 1);
  return {
    address,
    type,
    name,
    action,
    attributes: [],
    risks: [],
    ...(replacedBecause ? { replacedBecause } : {}),
  };
}

function planned(changes: ResourceChange[]): CustomerPlan {
  return {
    customerId: 'acme-corp',
    file: 'customers/acme-corp.yaml',
    kind: 'changed',
    changes,
    counts: countActions(changes),
    risks: [],
  };
}

describe("Terraform's plan beside neo's", () => {
  it.each<[string, ResourceChange[], ResourceChange[], string[]]>([
    [
      'agree on the same changes (no-ops are not compared)',
      [change('aws_cloudwatch_metric_alarm.cpu', 'update')],
      [change('aws_cloudwatch_metric_alarm.cpu', 'update'), change('aws_vpc.main', 'no-op')],
      [],
    ],
    [
      'flag a replacement neo did not predict first, with what forces it',
      [change('aws_instance.server', 'update')],
      [change('aws_instance.server', 'replace', ['user_data'])],
      [
        'Terraform replaces aws_instance.server (because of user_data), which neo planned as an update',
        'Terraform plans 1 to replace; neo plans 1 to change',
      ],
    ],
    [
      'flag a destruction neo did not plan at all',
      [],
      [change('aws_ebs_volume.data', 'delete')],
      [
        'Terraform destroys aws_ebs_volume.data, which neo planned as no change',
        'Terraform plans 1 to destroy; neo plans no changes',
      ],
    ],
    [
      'flag a replacement neo predicted and Terraform does not make',
      [change('aws_security_group.server', 'replace', ['description'])],
      [change('aws_security_group.server', 'update')],
      [
        'neo planned to replace aws_security_group.server; Terraform plans an update',
        'Terraform plans 1 to change; neo plans 1 to replace',
      ],
    ],
    [
      'say once what both sides call differently',
      [change('aws_db_instance.main', 'replace')],
      [change('aws_db_instance.main', 'delete')],
      [
        'Terraform destroys aws_db_instance.main, which neo planned as a replace',
        'Terraform plans 1 to destroy; neo plans 1 to replace',
      ],
    ],
    [
      'name differing counts when no single resource explains them',
      [change('aws_route53_record.www_a', 'create')],
      [change('aws_route53_record.www_a', 'create'), change('aws_route53_record.blog_cname', 'update')],
      ['Terraform plans 1 to add, 1 to change; neo plans 1 to add'],
    ],
  ])('%s', (_, neo, terraform, disagreements) => {
    const check = crossCheck(planned(neo), terraform);
    expect(check.disagreements).toEqual(disagreements);
    expect(check.terraform).toEqual(countActions(terraform));
    expect(check.neo).toEqual(countActions(neo));
  });
});
