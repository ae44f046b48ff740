import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTerraformPlan, TerraformPlanError } from '../../../src/apply/terraform/terraform-plan.js';
import type { TerraformPlan } from '../../../src/apply/types.js';
import { type ChangeCounts, countActions, type ResourceChange } from '../../../src/diff/index.js';
import { TERRAFORM_PLANS } from '../../helpers/repository.js';

function raw(file: string): string {
  return readFileSync(join(TERRAFORM_PLANS, file), 'utf8');
}

function parsed(file: string): TerraformPlan {
  return parseTerraformPlan(raw(file), file);
}

function counts(some: Partial<ChangeCounts>): ChangeCounts {
  return { create: 0, update: 0, replace: 0, delete: 0, forget: 0, 'no-op': 0, ...some };
}

function change(changes: ResourceChange[], address: string): ResourceChange {
  const found = changes.filter((c) => c.address === address);
  expect(found, address).toHaveLength(1);
  return found[0] as ResourceChange;
}

/** A plan with one resource change, for the rules the fixtures do not cover. */
function planWith(entry: Record<string, unknown>, top: Record<string, unknown> = {}): string {
  return JSON.stringify({ format_version: '1.2', resource_changes: [entry], ...top });
}

function resource(
  change: Record<string, unknown>,
  more: Record<string, unknown> = {},
): Record<string, unknown> {
  return { address: 'aws_instance.web', mode: 'managed', type: 'aws_instance', name: 'web', change, ...more };
}

function only(text: string): ResourceChange {
  const { changes } = parseTerraformPlan(text);
  expect(changes).toHaveLength(1);
  return changes[0] as ResourceChange;
}

describe('parseTerraformPlan: every fixture', () => {
  const fixtures: Array<
    [
      file: string,
      formatVersion: string,
      terraformVersion: string | undefined,
      errored: boolean,
      changes: Partial<ChangeCounts>,
      drift: Partial<ChangeCounts>,
    ]
  > = [
    ['cds-snc-aws-import-tf1.7.json', '1.2', '1.7.1', false, { create: 1, 'no-op': 2 }, {}],
    ['checkov-aws-create-before-destroy-edited.json', '1.1', '1.2.4', false, { replace: 1 }, {}],
    ['checkov-aws-mixed-0.12.json', '0.1', '0.12.23', false, { create: 55 }, {}],
    [
      'j2md-aws-vpc-mixed-drift-tf1.1.json',
      '1.0',
      '1.1.2',
      false,
      { create: 2, update: 1, replace: 1, delete: 1, 'no-op': 3 },
      { update: 4 },
    ],
    ['opentofu-drift-relevant-attributes.json', '1.2', undefined, false, { update: 2 }, { update: 1 }],
    ['opentofu-plan-error.json', '1.2', undefined, true, {}, {}],
    ['opentofu-refresh-only.json', '1.2', undefined, false, {}, { update: 1 }],
    ['opentofu-replace-sensitive.json', '1.2', undefined, false, { replace: 1 }, {}],
    ['opentofu-sensitive-values.json', '1.0', undefined, false, { create: 1 }, {}],
    ['terracost-aws-instance-drift-tf1.6.json', '1.2', '1.6.1', false, { create: 1 }, { delete: 1 }],
    [
      'terraform-compliance-aws-drift-tf1.0.json',
      '0.1',
      '1.0.0',
      false,
      { create: 5, update: 1, delete: 2, 'no-op': 7 },
      { update: 9, delete: 6 },
    ],
    [
      'tfplan2md-azuredevops-mixed-tf1.14.json',
      '1.2',
      '1.14.2',
      false,
      { create: 2, update: 1, replace: 1, delete: 1, 'no-op': 1 },
      {},
    ],
  ];

  it('covers every plan in the fixture directory', () => {
    const files = readdirSync(TERRAFORM_PLANS).filter((f) => f.endsWith('.json'));
    expect(fixtures.map(([file]) => file).sort()).toEqual(files.sort());
  });

  it('are the files they were copied from, byte for byte (the git blob ids in SOURCES.md)', () => {
    const sources = readFileSync(join(TERRAFORM_PLANS, 'SOURCES.md'), 'utf8');
    const blobs = [...sources.matchAll(/^\| `([^`]+\.json)` \| `([0-9a-f]{40})` \|$/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(blobs.map(([file]) => file).sort()).toEqual(fixtures.map(([file]) => file).sort());
    for (const [file, blob] of blobs) {
      const bytes = readFileSync(join(TERRAFORM_PLANS, file as string));
      const id = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
      expect(id, file).toBe(blob);
    }
  });

  it.each(fixtures)(
    '%s: versions, errored and action counts',
    (file, formatVersion, terraformVersion, errored, changes, drift) => {
      const plan = parsed(file);
      expect(plan.formatVersion).toBe(formatVersion);
      expect(plan.terraformVersion).toBe(terraformVersion);
      expect('terraformVersion' in plan).toBe(terraformVersion !== undefined);
      expect(plan.errored).toBe(errored);
      expect(countActions(plan.changes)).toEqual(counts(changes));
      expect(countActions(plan.drift)).toEqual(counts(drift));
    },
  );

  it.each(fixtures)('%s: no risks, and addresses end in type and name', (file) => {
    for (const c of [...parsed(file).changes, ...parsed(file).drift]) {
      expect(c.risks).toEqual([]);
      expect(c.address.endsWith(`${c.type}.${c.name}`), c.address).toBe(true);
    }
  });
});

describe("parseTerraformPlan: the real plans of neo's own stacks (neo/)", () => {
  const own = (file: string) => parseTerraformPlan(raw(`neo/${file}`), file);
  const counted: Array<[file: string, changes: Partial<ChangeCounts>]> = [
    ['create-acme-corp.json', { create: 84 }],
    ['decommission-nordlicht-media.json', { delete: 95, 'no-op': 7 }],
    ['network-cidr-and-resume-kestrel-legal.json', { replace: 33, update: 6, 'no-op': 36 }],
    ['records-alarms-budget-tags-acme-corp.json', { create: 3, update: 54, delete: 3, 'no-op': 27 }],
    ['suspend-and-move-zone-lumen-analytics.json', { replace: 14, update: 7, 'no-op': 61 }],
  ];

  it('covers every plan there', () => {
    const files = readdirSync(join(TERRAFORM_PLANS, 'neo')).filter((f) => f.endsWith('.json'));
    expect(counted.map(([file]) => file).sort()).toEqual(files.sort());
  });

  it.each(counted)('%s: Terraform 1.11, not errored, action counts', (file, changes) => {
    const plan = own(file);
    expect(plan).toMatchObject({ formatVersion: '1.2', terraformVersion: '1.11.4', errored: false });
    expect(countActions(plan.changes)).toEqual(counts(changes));
    expect(plan.drift).toEqual([]);
  });

  it('a moved network: the server is replaced because of its subnet, known only after apply', () => {
    const server = change(own('network-cidr-and-resume-kestrel-legal.json').changes, 'aws_instance.server');
    expect(server.action).toBe('replace');
    expect(server.replacedBecause).toEqual(['subnet_id']);
    expect(server.attributes).toContainEqual(
      expect.objectContaining({ path: 'subnet_id', afterUnknown: true, forcesReplacement: true }),
    );
  });

  it('a decommissioned customer: the backup bucket is kept, its server destroyed', () => {
    const { changes } = own('decommission-nordlicht-media.json');
    expect(change(changes, 'aws_s3_bucket.backups').action).toBe('no-op');
    expect(change(changes, 'aws_instance.server').action).toBe('delete');
  });
});

describe('parseTerraformPlan: what each fixture exercises', () => {
  it('opentofu-replace-sensitive: a replacement forced by content, sensitive_content (null) left out', () => {
    expect(parsed('opentofu-replace-sensitive.json').changes).toEqual([
      {
        address: 'local_file.local_file',
        type: 'local_file',
        name: 'local_file',
        action: 'replace',
        attributes: [
          {
            path: 'content',
            before: '{"hello":"world"}',
            after: '{"goodbye":"world"}',
            forcesReplacement: true,
          },
          { path: 'id', before: '2248ee2fa0aaaad99178531f924bf00b4b0a8f4e', afterUnknown: true },
        ],
        replacedBecause: ['content'],
        risks: [],
      },
    ]);
  });

  it('opentofu-sensitive-values: the sensitive ami without its value, the unknown id listed', () => {
    expect(parsed('opentofu-sensitive-values.json').changes).toEqual([
      {
        address: 'test_instance.test',
        type: 'test_instance',
        name: 'test',
        action: 'create',
        attributes: [
          { path: 'ami', sensitive: true },
          { path: 'id', afterUnknown: true },
        ],
        risks: [],
      },
    ]);
  });

  it('opentofu-refresh-only: no resource_changes, the drift as an update', () => {
    expect(parsed('opentofu-refresh-only.json')).toEqual({
      changes: [],
      drift: [
        {
          address: 'tfcoremock_simple_resource.drift',
          type: 'tfcoremock_simple_resource',
          name: 'drift',
          action: 'update',
          attributes: [{ path: 'string', before: 'Hello, world!', after: 'Hello, drift!' }],
          risks: [],
        },
      ],
      errored: false,
      formatVersion: '1.2',
    });
  });

  it('opentofu-drift-relevant-attributes: drift and changes are converted alike', () => {
    const plan = parsed('opentofu-drift-relevant-attributes.json');
    expect(plan.drift.map((c) => [c.address, c.action, c.attributes])).toEqual([
      [
        'tfcoremock_simple_resource.base',
        'update',
        [
          { path: 'number', before: 0, after: 1 },
          { path: 'string', before: 'Hello, world!', after: 'Hello, drift!' },
        ],
      ],
    ]);
    expect(plan.changes.map((c) => [c.address, c.action, c.attributes])).toEqual([
      [
        'tfcoremock_simple_resource.base',
        'update',
        [
          { path: 'number', before: 1, after: 0 },
          { path: 'string', before: 'Hello, drift!', after: 'Hello, change!' },
        ],
      ],
      [
        'tfcoremock_simple_resource.dependent',
        'update',
        [{ path: 'string', before: 'Hello, world!', after: 'Hello, change!' }],
      ],
    ]);
  });

  it('opentofu-plan-error: errored, with no changes and no drift', () => {
    expect(parsed('opentofu-plan-error.json')).toEqual({
      changes: [],
      drift: [],
      errored: true,
      formatVersion: '1.2',
    });
  });

  describe('j2md-aws-vpc-mixed-drift-tf1.1', () => {
    const plan = parsed('j2md-aws-vpc-mixed-drift-tf1.1.json');

    it('lists the changes in the plan order', () => {
      expect(plan.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
        'delete aws_instance.test',
        'no-op aws_internet_gateway.myGW',
        'no-op aws_key_pair.my-key-pair',
        'create aws_route_table.public-route',
        'create aws_route_table_association.puclic-a',
        'replace aws_security_group.admin',
        'update aws_subnet.public-a',
        'no-op aws_vpc.myVPC',
      ]);
    });

    it('replaces the security group because of its description; the new ids are unknown', () => {
      expect(change(plan.changes, 'aws_security_group.admin')).toEqual({
        address: 'aws_security_group.admin',
        type: 'aws_security_group',
        name: 'admin',
        action: 'replace',
        attributes: [
          {
            path: 'arn',
            before: 'arn:aws:ec2:ap-northeast-1:999999999999:security-group/sg-05bf69021f9e927aa',
            afterUnknown: true,
          },
          { path: 'description', before: 'test', after: 'description', forcesReplacement: true },
          { path: 'id', before: 'sg-05bf69021f9e927aa', afterUnknown: true },
          { path: 'name_prefix', before: '', afterUnknown: true },
          { path: 'owner_id', before: '999999999999', afterUnknown: true },
          // Unset before (null) and unknown after: still listed.
          { path: 'tags_all', afterUnknown: true },
        ],
        replacedBecause: ['description'],
        risks: [],
      });
    });

    it('deletes the instance with every attribute it had, before values only', () => {
      const instance = change(plan.changes, 'aws_instance.test');
      expect(instance.action).toBe('delete');
      expect(instance.attributes).toHaveLength(57);
      expect(instance.attributes.filter((a) => 'after' in a || a.afterUnknown)).toEqual([]);
      expect(instance.attributes).toContainEqual({ path: 'instance_type', before: 't2.micro' });
      expect(instance.attributes).toContainEqual({ path: 'id', before: 'i-0ecc384fa6f8d0623' });
      expect(instance.attributes).toContainEqual({
        path: 'vpc_security_group_ids',
        before: ['sg-05bf69021f9e927aa'],
      });
    });

    it('updates only the changed subnet tags; no-ops have no attributes', () => {
      expect(change(plan.changes, 'aws_subnet.public-a').attributes).toEqual([
        { path: 'tags.Name', before: 'test_subnet', after: 'test_subnet1' },
        { path: 'tags_all.Name', before: 'test_subnet', after: 'test_subnet1' },
      ]);
      expect(plan.changes.filter((c) => c.action === 'no-op').map((c) => c.attributes)).toEqual([[], [], []]);
    });

    it('has 4 drift updates whose only difference is tags null → {} (no leaf changes)', () => {
      expect(plan.drift.map((c) => [c.action, c.address, c.attributes])).toEqual([
        ['update', 'aws_internet_gateway.myGW', []],
        ['update', 'aws_key_pair.my-key-pair', []],
        ['update', 'aws_security_group.admin', []],
        ['update', 'aws_vpc.myVPC', []],
      ]);
    });
  });

  describe('terracost-aws-instance-drift-tf1.6', () => {
    const plan = parsed('terracost-aws-instance-drift-tf1.6.json');

    it('has the instance deleted outside Terraform in the drift, and re-created', () => {
      expect(plan.drift.map((c) => [c.action, c.address, c.type, c.name])).toEqual([
        ['delete', 'module.instance.aws_instance.this[0]', 'aws_instance', 'this[0]'],
      ]);
      expect(plan.changes.map((c) => [c.action, c.address, c.type, c.name])).toEqual([
        ['create', 'module.instance.aws_instance.this[0]', 'aws_instance', 'this[0]'],
      ]);
    });

    it('lists what the deleted instance had, and the new one’s user data as sensitive and unknown', () => {
      const [drifted] = plan.drift;
      expect(drifted?.attributes).toHaveLength(111);
      expect(drifted?.attributes.slice(0, 2)).toEqual([
        { path: 'ami', before: 'ami-07355fe79b493752d' },
        { path: 'arn', before: 'arn:aws:ec2:eu-west-1:925975919351:instance/i-05c28ff3646566ad2' },
      ]);
      expect(plan.changes[0]?.attributes.filter((a) => a.sensitive)).toEqual([
        { path: 'user_data', sensitive: true, afterUnknown: true },
        { path: 'user_data_base64', sensitive: true, afterUnknown: true },
      ]);
    });
  });

  describe('terraform-compliance-aws-drift-tf1.0', () => {
    const plan = parsed('terraform-compliance-aws-drift-tf1.0.json');

    it('builds addresses for the drift entries Terraform 1.0 wrote without one (and without index)', () => {
      expect(plan.drift.map((c) => `${c.action} ${c.address}`)).toEqual([
        'update aws_cloudwatch_event_rule.metrics_schedule',
        'update aws_cloudwatch_event_target.Metricos_custom_alert_event_target_frequent',
        'update aws_iam_role_policy.lambda_execution_policy',
        'update aws_cloudwatch_event_rule.Metricos_custom_alert_schedule_frequent',
        'update aws_iam_role_policy_attachment.lambda_logging_policy_attachment',
        'delete aws_lambda_permission.allow_alert_event_bridge_to_call_monitor_metric_lambdas_frequent',
        'update aws_iam_role_policy_attachment.lambda_execution_policy_attachment_vpc_access',
        'delete aws_lambda_permission.allow_metric_event_bridge_to_call_monitor_metric_lambda',
        'update aws_cloudwatch_log_group.log_group',
        'delete aws_security_group.lambda_sg',
        'delete aws_ssm_parameter.lambda_sg_id',
        'update aws_cloudwatch_event_target.metric_event_target',
        'update aws_iam_role.lambda_execution_role',
        'delete aws_lambda_function.lambda',
        'delete aws_security_group_rule.task_sg_egress_rule',
      ]);
      // Its drift updates have identical before and after.
      expect(plan.drift.filter((c) => c.action === 'update').flatMap((c) => c.attributes)).toEqual([]);
    });

    it('keeps count indexes in resource_changes addresses and names', () => {
      const rule = change(
        plan.changes,
        'aws_cloudwatch_event_rule.Metricos_custom_alert_schedule_frequent[0]',
      );
      expect([rule.action, rule.name]).toEqual(['delete', 'Metricos_custom_alert_schedule_frequent[0]']);
    });

    it('lists the sensitive, unknown SSM value without a value, and the unknown arn of an update', () => {
      expect(change(plan.changes, 'aws_ssm_parameter.lambda_sg_id').attributes).toContainEqual({
        path: 'value',
        sensitive: true,
        afterUnknown: true,
      });
      expect(change(plan.changes, 'aws_cloudwatch_event_target.metric_event_target').attributes).toEqual([
        { path: 'arn', before: '', afterUnknown: true },
      ]);
    });
  });

  describe('tfplan2md-azuredevops-mixed-tf1.14', () => {
    const plan = parsed('tfplan2md-azuredevops-mixed-tf1.14.json');

    it('leaves the data source read out', () => {
      expect(plan.changes.map((c) => `${c.action} ${c.address}`)).toEqual([
        'delete azuredevops_build_definition.example',
        'create azuredevops_build_definition.example2',
        'no-op azuredevops_git_repository.example',
        'update azuredevops_project.example',
        'create azuredevops_project.example2',
        'replace azuredevops_variable_group.example',
      ]);
    });

    it('replaces the variable group for its (unknown) project_id; secret variables have no values', () => {
      const group = change(plan.changes, 'azuredevops_variable_group.example');
      expect(group.replacedBecause).toEqual(['project_id']);
      expect(group.attributes.filter((a) => a.forcesReplacement)).toEqual([
        {
          path: 'project_id',
          before: '0f0b93a6-f450-49b2-ad52-fe3303c2f9aa',
          afterUnknown: true,
          forcesReplacement: true,
        },
      ]);
      expect(group.attributes.filter((a) => a.path.startsWith('secret_variable'))).toEqual([
        { path: 'secret_variable[0].content_type', sensitive: true, afterUnknown: true },
        { path: 'secret_variable[0].enabled', sensitive: true, afterUnknown: true },
        { path: 'secret_variable[0].expires', sensitive: true, afterUnknown: true },
      ]);
      expect(group.attributes).toContainEqual({
        path: 'variable[1].name',
        before: 'ENVIRONMENT',
        after: 'ENV',
      });
    });

    it('deletes the build definition no longer configured; updates one project feature', () => {
      const build = change(plan.changes, 'azuredevops_build_definition.example');
      expect(build.attributes).toHaveLength(34);
      expect(build.attributes.filter((a) => a.path.startsWith('variable[0]'))).toEqual([
        { path: 'variable[0].allow_override', sensitive: true },
        { path: 'variable[0].is_secret', sensitive: true },
        { path: 'variable[0].name', sensitive: true },
        { path: 'variable[0].secret_value', sensitive: true },
        { path: 'variable[0].value', sensitive: true },
      ]);
      expect(change(plan.changes, 'azuredevops_project.example').attributes).toEqual([
        { path: 'features.boards', before: 'enabled', after: 'disabled' },
      ]);
    });
  });

  it('cds-snc-aws-import: the imported no-ops have no attributes; the log group create lists set and unknown ones', () => {
    const plan = parsed('cds-snc-aws-import-tf1.7.json');
    expect(plan.changes.filter((c) => c.action === 'no-op').map((c) => [c.address, c.attributes])).toEqual([
      ['aws_cloudwatch_log_group.controltower-notificationforwarder', []],
      ['aws_sns_topic.controltower-notificationforwarder', []],
    ]);
    expect(change(plan.changes, 'aws_cloudwatch_log_group.topic').attributes).toEqual([
      { path: 'arn', afterUnknown: true },
      { path: 'id', afterUnknown: true },
      { path: 'log_group_class', afterUnknown: true },
      { path: 'name', after: 'topic' },
      { path: 'name_prefix', afterUnknown: true },
      { path: 'retention_in_days', after: 14 },
      { path: 'skip_destroy', after: false },
      { path: 'tags_all', afterUnknown: true },
    ]);
  });

  it('checkov create-before-destroy: ["create","delete"] is a replacement, without a reason to give', () => {
    const [secret] = parsed('checkov-aws-create-before-destroy-edited.json').changes;
    expect(secret?.action).toBe('replace');
    expect(secret && 'replacedBecause' in secret).toBe(false);
    expect(secret?.attributes.filter((a) => 'after' in a)).toEqual([
      { path: 'name', after: 'test' },
      { path: 'recovery_window_in_days', after: 30 },
    ]);
  });

  it('checkov 0.12 (legacy format, no *_sensitive fields): 55 creates over 39 types, secrets by name', () => {
    const { changes } = parsed('checkov-aws-mixed-0.12.json');
    expect(changes.every((c) => c.action === 'create')).toBe(true);
    expect(new Set(changes.map((c) => c.type)).size).toBe(39);
    expect(change(changes, 'aws_neptune_cluster_instance.default[0]').name).toBe('default[0]');
    expect(change(changes, 'aws_db_instance.default').attributes).toContainEqual({
      path: 'password',
      sensitive: true,
    });
    expect(change(changes, 'aws_instance.web_host').attributes).toContainEqual({
      path: 'user_data',
      sensitive: true,
    });
    expect(change(changes, 'aws_instance.db_app').attributes).toContainEqual({
      path: 'user_data',
      sensitive: true,
      afterUnknown: true,
    });
  });
});

describe('parseTerraformPlan: sensitive values never come out', () => {
  it.each([
    ['opentofu-sensitive-values.json', ['boop']],
    ['tfplan2md-azuredevops-mixed-tf1.14.json', ['supersecret', 'SECRET_KEY', 'BUILD_PLATFORM', 'Any CPU']],
    ['checkov-aws-mixed-0.12.json', ['Aa1234321Bb', '44c6c808e6449ee36dfcfc4ebd66c1b9634b40f2']],
  ])('%s', (file, secrets) => {
    const output = JSON.stringify(parsed(file));
    for (const secret of secrets) {
      expect(raw(file), 'the fixture holds the secret').toContain(secret);
      expect(output).not.toContain(secret);
    }
  });

  it('redacts under whole-value, nested, list-element and JSON-document marks', () => {
    const parsedChange = only(
      planWith(
        resource({
          actions: ['update'],
          before: {
            a: 'old-a',
            b: { c: 'old-c', d: 'same' },
            ips: ['1.1.1.1', 'hidden-1'],
            policy: '{"S":"p1"}',
          },
          after: {
            a: 'new-a',
            b: { c: 'new-c', d: 'same' },
            ips: ['1.1.1.1', 'hidden-2'],
            policy: '{"S":"p2"}',
          },
          before_sensitive: { b: { c: true }, ips: [false, true], policy: true },
          after_sensitive: { a: true, b: { c: true }, ips: [false, true], policy: true },
          after_unknown: {},
        }),
      ),
    );
    expect(parsedChange.attributes).toEqual([
      { path: 'a', sensitive: true },
      { path: 'b.c', sensitive: true },
      { path: 'ips', sensitive: true },
      // flatten parses policy documents into leaves; the mark on `policy` covers them.
      { path: 'policy.S', sensitive: true },
    ]);
    for (const secret of ['old-a', 'new-a', 'old-c', 'new-c', 'hidden', 'p1', 'p2'])
      expect(JSON.stringify(parsedChange)).not.toContain(secret);
  });

  it.each([
    ['before_sensitive', { before_sensitive: true, after_sensitive: false }],
    ['after_sensitive', { before_sensitive: false, after_sensitive: true }],
  ])('redacts every attribute when %s is true', (_, marks) => {
    const parsedChange = only(
      planWith(
        resource({
          actions: ['update'],
          before: { x: 'one', y: [1] },
          after: { x: 'two', y: [2] },
          ...marks,
        }),
      ),
    );
    expect(parsedChange.attributes).toEqual([
      { path: 'x', sensitive: true },
      { path: 'y', sensitive: true },
    ]);
  });

  it('redacts attributes neo takes for secrets even without marks', () => {
    const parsedChange = only(
      planWith(resource({ actions: ['create'], before: null, after: { password: 'hunter2', name: 'db' } })),
    );
    expect(parsedChange.attributes).toEqual([
      { path: 'name', after: 'db' },
      { path: 'password', sensitive: true },
    ]);
  });
});

describe('parseTerraformPlan: rules', () => {
  it.each([
    [['create'], 'create'],
    [['update'], 'update'],
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace'],
    [['delete'], 'delete'],
    [['no-op'], 'no-op'],
    [['forget'], 'forget'],
  ])('%j → %s', (actions, action) => {
    expect(only(planWith(resource({ actions, before: null, after: null }))).action).toBe(action);
  });

  it('leaves out reads and anything in mode "data"', () => {
    const plan = JSON.stringify({
      format_version: '1.2',
      resource_changes: [
        resource({ actions: ['read'] }),
        { ...resource({ actions: ['no-op'] }), mode: 'data', address: 'data.aws_ami.ubuntu' },
      ],
    });
    expect(parseTerraformPlan(plan).changes).toEqual([]);
  });

  it('refuses actions it does not know, naming the resource', () => {
    expect(() =>
      parseTerraformPlan(planWith(resource({ actions: ['delete', 'update'] })), 'stacks/acme'),
    ).toThrow(
      new TerraformPlanError(
        'Terraform plan from stacks/acme: aws_instance.web has unknown actions ["delete","update"]',
      ),
    );
  });

  it.each([
    [{ module_address: 'module.x', index: 0 }, 'module.x.aws_instance.this[0]', 'this[0]'],
    [{ module_address: 'module.x', index: 'a' }, 'module.x.aws_instance.this["a"]', 'this["a"]'],
    [{ index: 2 }, 'aws_instance.this[2]', 'this[2]'],
    [{}, 'aws_instance.this', 'this'],
  ])('builds an address from %j when there is none', (parts, address, name) => {
    const entry = {
      mode: 'managed',
      type: 'aws_instance',
      name: 'this',
      change: { actions: ['update'] },
      ...parts,
    };
    const built = only(planWith(entry));
    expect([built.address, built.type, built.name]).toEqual([address, 'aws_instance', name]);
  });

  it('joins replace_paths in flatten’s syntax and marks the attributes at and under them', () => {
    const replaced = only(
      planWith(
        resource({
          actions: ['delete', 'create'],
          before: { root_block_device: [{ volume_size: 8, iops: 100 }], tags: { Name: 'a', Team: 'x' } },
          after: { root_block_device: [{ volume_size: 16, iops: 200 }], tags: { Name: 'b', Team: 'y' } },
          replace_paths: [['root_block_device', 0, 'volume_size'], ['tags', 'Name'], ['subnet_id']],
          after_unknown: { subnet_id: true },
        }),
      ),
    );
    expect(replaced.replacedBecause).toEqual(['root_block_device[0].volume_size', 'tags.Name', 'subnet_id']);
    expect(replaced.attributes).toEqual([
      { path: 'root_block_device[0].iops', before: 100, after: 200 },
      { path: 'root_block_device[0].volume_size', before: 8, after: 16, forcesReplacement: true },
      { path: 'subnet_id', afterUnknown: true, forcesReplacement: true },
      { path: 'tags.Name', before: 'a', after: 'b', forcesReplacement: true },
      { path: 'tags.Team', before: 'x', after: 'y' },
    ]);
  });

  it.each([
    ['replace_because_tainted', undefined, ['tainted']],
    ['replace_by_request', undefined, ['requested (-replace)']],
    ['replace_because_cannot_update', undefined, ['cannot update in place']],
    ['replace_because_cannot_update', [], ['cannot update in place']],
    ['replace_by_request', [['ami']], ['ami']],
    [undefined, undefined, undefined],
  ])('action_reason %s with replace_paths %j → replacedBecause %j', (reason, paths, because) => {
    const entry = resource(
      { actions: ['delete', 'create'], before: { ami: 'a' }, after: { ami: 'b' }, replace_paths: paths },
      { action_reason: reason },
    );
    expect(only(planWith(entry)).replacedBecause).toEqual(because);
  });

  it('marks unknown values, whole attributes and list elements, leaving their after values out', () => {
    const updated = only(
      planWith(
        resource({
          actions: ['update'],
          before: { cidr_blocks: ['10.0.0.0/8'], name: 'same', route: [{ gateway: 'igw-1' }] },
          after: { cidr_blocks: ['10.0.0.0/8', null], name: 'same' },
          after_unknown: { cidr_blocks: [false, true], arn: true, route: true },
        }),
      ),
    );
    expect(updated.attributes).toEqual([
      { path: 'arn', afterUnknown: true },
      { path: 'cidr_blocks', before: ['10.0.0.0/8'], afterUnknown: true },
      { path: 'route[0].gateway', before: 'igw-1', afterUnknown: true },
    ]);
  });

  it('drops nulls (unset): null → value lists only after, value → null only before', () => {
    const updated = only(
      planWith(
        resource({
          actions: ['update'],
          before: { a: null, b: 'x', c: null },
          after: { a: 'y', b: null, c: null },
        }),
      ),
    );
    expect(updated.attributes).toEqual([
      { path: 'a', after: 'y' },
      { path: 'b', before: 'x' },
    ]);
  });

  it('reads resource_drift, errored and terraform_version', () => {
    const plan = parseTerraformPlan(
      JSON.stringify({
        format_version: '1.2',
        terraform_version: '1.9.8',
        errored: true,
        resource_drift: [resource({ actions: ['delete'], before: { id: 'i-1' }, after: null })],
      }),
    );
    expect(plan).toEqual({
      changes: [],
      drift: [
        {
          address: 'aws_instance.web',
          type: 'aws_instance',
          name: 'web',
          action: 'delete',
          attributes: [{ path: 'id', before: 'i-1' }],
          risks: [],
        },
      ],
      errored: true,
      formatVersion: '1.2',
      terraformVersion: '1.9.8',
    });
  });
});

describe('parseTerraformPlan: not a plan', () => {
  it.each([
    [
      'Error: Failed to load plan',
      'Terraform plan from stacks/acme is not JSON (it starts "Error: Failed to load plan")',
    ],
    ['', 'Terraform plan from stacks/acme is empty'],
    ['[]', 'Terraform plan from stacks/acme is not a plan: expected a JSON object, got an array'],
    ['null', 'Terraform plan from stacks/acme is not a plan: expected a JSON object, got null'],
    ['42', 'Terraform plan from stacks/acme is not a plan: expected a JSON object, got a number'],
    ['{"resource_changes": []}', 'Terraform plan from stacks/acme is not a plan: it has no format_version'],
    ['{"format_version": 1}', 'Terraform plan from stacks/acme is not a plan: it has no format_version'],
    [
      '{"format_version": "1.2", "resource_changes": {}}',
      'Terraform plan from stacks/acme: resource_changes is not a list',
    ],
    [
      '{"format_version": "1.2", "resource_drift": [7]}',
      'Terraform plan from stacks/acme: resource_drift[0] is not an object',
    ],
    [
      '{"format_version": "1.2", "resource_changes": [{"address": "a.b", "type": "a", "name": "b"}]}',
      'Terraform plan from stacks/acme: a.b (resource_changes[0]) has no change.actions',
    ],
    [
      '{"format_version": "1.2", "resource_changes": [{"address": "a.b", "change": {"actions": ["create"]}}]}',
      'Terraform plan from stacks/acme: resource_changes[0] has no type or name',
    ],
  ])('%j → %s', (text, message) => {
    let error: unknown;
    try {
      parseTerraformPlan(text, 'stacks/acme');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TerraformPlanError);
    expect((error as Error).name).toBe('TerraformPlanError');
    expect((error as Error).message.startsWith(message), (error as Error).message).toBe(true);
  });

  it('says "Terraform plan" without a source', () => {
    expect(() => parseTerraformPlan('{}')).toThrow(
      'Terraform plan is not a plan: it has no format_version (expected the output of `terraform show -json <planfile>`)',
    );
  });
});
