import { describe, expect, it } from 'vitest';
import { customerChanges } from '../../../src/diff/index.js';
import { graphFromTerraform, type ResourceGraph } from '../../../src/graph/index.js';

/** Terraform JSON `resource` blocks: type → name → arguments. */
type Resources = Record<string, Record<string, Record<string, unknown>>>;

const EC2_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** harbor-dental's server role, with an inline policy of the given statements. */
function stack(statements: unknown[]): ResourceGraph {
  const resources: Resources = {
    aws_iam_role: { server: { name: 'neo-harbor-dental-server', assume_role_policy: EC2_TRUST } },
    aws_iam_role_policy: {
      server_agents: {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference, as the stack holds it.
        role: '${aws_iam_role.server.id}',
        policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      },
    },
  };
  return graphFromTerraform({ provider: { aws: [{ region: 'us-east-2' }] }, resource: resources });
}

const wildcardRisks = (before: unknown[], after: unknown[]) =>
  customerChanges('harbor-dental', stack(before), stack(after), 'active')
    .flatMap((change) => change.risks)
    .filter((risk) => risk.code === 'iam-instance-wildcard')
    .map((risk) => risk.reason);

const READ_PARAMETERS = { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' };

describe("the server role's wildcard actions", () => {
  it.each<[string, unknown[]]>([
    ['a null statement', [null, READ_PARAMETERS]],
    ['a statement that is a string', ['Allow everything', READ_PARAMETERS]],
    ['a statement that is a list', [[READ_PARAMETERS], READ_PARAMETERS]],
  ])('reads past %s in a malformed policy and still reports the wildcard beside it', (_, statements) => {
    expect(wildcardRisks([], statements)).toEqual([
      "harbor-dental: the server's role may ssm:GetParameter on every resource (*), other customers' included",
    ]);
  });
});
