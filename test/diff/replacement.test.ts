import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORCES_REPLACEMENT, forcesReplacement } from '../../src/diff/index.js';
import { TERRAFORM_PLANS } from '../helpers/repository.js';
import { type Stack, synthesizeAll } from '../helpers/stacks.js';

/** Types of AWS services without regions. */
const GLOBAL = /^aws_(iam|route53|budgets)_/;

describe('FORCES_REPLACEMENT', () => {
  // Every resource type the synthesizer emits for the example repository and the fixture
  // customers (every OS, panel, DNS mode and add-on kind).
  let stacks: Map<string, Stack>;
  let emitted: Map<string, Set<string>>;

  beforeAll(async () => {
    stacks = await synthesizeAll();
    emitted = new Map();
    for (const stack of stacks.values()) {
      for (const [, type, attributes] of stack.entries()) {
        const names = emitted.get(type) ?? new Set<string>();
        for (const key of Object.keys(attributes)) names.add(key);
        emitted.set(type, names);
      }
    }
  });

  it('has an entry for every resource type the synthesizer emits', () => {
    expect(stacks.size).toBeGreaterThanOrEqual(11);
    expect(emitted.size).toBeGreaterThan(30);
    const missing = [...emitted.keys()].filter((type) => FORCES_REPLACEMENT[type] === undefined).sort();
    expect(missing, 'resource types without a FORCES_REPLACEMENT entry').toEqual([]);
  });

  it.each(Object.entries(FORCES_REPLACEMENT))('%s lists plain attribute paths', (_type, paths) => {
    for (const path of paths) expect(path).toMatch(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it.each(Object.entries(FORCES_REPLACEMENT))(
    '%s lists region exactly when it is regional',
    (type, paths) => {
      expect(paths.includes('region')).toBe(!GLOBAL.test(type));
    },
  );

  it('forces replacement for attributes the synthesizer sets that AWS cannot change in place', () => {
    const identifying: Record<string, string> = {
      aws_vpc: 'cidr_block',
      aws_subnet: 'availability_zone',
      aws_ebs_volume: 'availability_zone',
      aws_s3_bucket: 'bucket',
      aws_route53_zone: 'name',
      aws_iam_role: 'name',
      aws_db_instance: 'engine',
      aws_key_pair: 'public_key',
      aws_volume_attachment: 'instance_id',
    };
    for (const [type, attribute] of Object.entries(identifying)) {
      expect(emitted.get(type)?.has(attribute), `${type} sets ${attribute}`).toBe(true);
      expect(forcesReplacement(type, attribute), `${type}.${attribute}`).toBe(true);
    }
  });
});

describe('forcesReplacement', () => {
  it.each([
    { type: 'aws_subnet', path: 'availability_zone', forces: true },
    { type: 'aws_subnet', path: 'map_public_ip_on_launch', forces: false },
    { type: 'aws_subnet', path: 'tags.Name', forces: false },
    { type: 'aws_instance', path: 'instance_type', forces: false },
    { type: 'aws_instance', path: 'root_block_device.encrypted', forces: true },
    { type: 'aws_instance', path: 'root_block_device[0].encrypted', forces: true },
    { type: 'aws_instance', path: 'root_block_device.volume_size', forces: false },
    { type: 'aws_instance', path: 'ebs_block_device[1].volume_size', forces: true },
    { type: 'aws_instance', path: 'metadata_options.http_tokens', forces: false },
    { type: 'aws_instance', path: 'region', forces: true },
    { type: 'aws_iam_role', path: 'region', forces: false },
    { type: 'aws_s3_bucket_policy', path: 'bucket', forces: true },
    { type: 'aws_s3_bucket_policy', path: 'policy.Statement[0].Action', forces: false },
    { type: 'aws_route53_record', path: 'records', forces: false },
    { type: 'aws_ssm_parameter', path: 'value', forces: undefined },
  ])('$type $path → $forces', ({ type, path, forces }) => {
    expect(forcesReplacement(type, path)).toBe(forces);
  });

  it('does not extend a path to a longer name with the same start', () => {
    // A database's engine is fixed, its version is upgraded in place.
    expect(forcesReplacement('aws_db_instance', 'engine')).toBe(true);
    expect(forcesReplacement('aws_db_instance', 'engine_version')).toBe(false);
  });

  it.each(['identifier', 'identifier_prefix'])('aws_db_instance %s is changed in place', (path) => {
    expect(forcesReplacement('aws_db_instance', path)).toBe(false);
  });
});

interface PlannedChange {
  address: string;
  type: string;
  change: {
    actions: string[];
    before?: Record<string, unknown> | null;
    after?: Record<string, unknown> | null;
    after_unknown?: Record<string, unknown>;
    replace_paths?: unknown[][];
  };
}

function plannedChanges(file: string): PlannedChange[] {
  const plan = JSON.parse(readFileSync(join(TERRAFORM_PLANS, file), 'utf8')) as {
    resource_changes?: PlannedChange[];
  };
  return plan.resource_changes ?? [];
}

/** Other projects' plans, and the real plans of neo's own stacks in neo/. */
const planFiles = [
  ...readdirSync(TERRAFORM_PLANS).filter((f) => f.endsWith('.json')),
  ...readdirSync(join(TERRAFORM_PLANS, 'neo'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => `neo/${f}`),
].sort();

describe('FORCES_REPLACEMENT against real terraform plans', () => {
  it('finds the plan fixtures', () => {
    expect(planFiles.length).toBeGreaterThanOrEqual(10);
  });

  it.each(planFiles)('agrees with the replacements and updates in %s', (file) => {
    for (const { address, type, change } of plannedChanges(file)) {
      if (FORCES_REPLACEMENT[type] === undefined) continue;
      const replacement =
        change.actions.includes('delete') && change.actions.includes('create') && change.replace_paths;
      if (replacement) {
        for (const path of change.replace_paths ?? []) {
          expect(
            forcesReplacement(type, String(path[0])),
            `${file}: ${address} replaced for ${path[0]}`,
          ).toBe(true);
        }
      }
      if (change.actions.length === 1 && change.actions[0] === 'update') {
        for (const key of changedKeys(change)) {
          expect(forcesReplacement(type, key), `${file}: ${address} updated ${key} in place`).toBe(false);
        }
      }
    }
  });

  /** Each type and attribute a plan replaces for, or changes in place: `type attribute`, once. */
  function exercised(files: readonly string[], kind: 'replace' | 'update'): string[] {
    const pairs = files.flatMap((file) =>
      plannedChanges(file)
        .filter((c) => FORCES_REPLACEMENT[c.type] !== undefined)
        .flatMap(({ type, change }) => {
          if (kind === 'update' && change.actions.length === 1 && change.actions[0] === 'update') {
            return changedKeys(change).map((key) => `${type} ${key}`);
          }
          const replaced = change.actions.includes('delete') && change.actions.includes('create');
          if (kind === 'replace' && replaced)
            return (change.replace_paths ?? []).map((p) => `${type} ${p[0]}`);
          return [];
        }),
    );
    return [...new Set(pairs)].sort();
  }

  it("exercises the table on other projects' real replacements and updates", () => {
    const borrowed = planFiles.filter((f) => !f.startsWith('neo/'));
    // One real AWS replacement and one in-place update whose only differences are tags.
    expect(exercised(borrowed, 'replace')).toEqual(['aws_security_group description']);
    expect(exercised(borrowed, 'update')).toEqual([]);
  });

  it("exercises the table on the real replacements and updates of neo's own stacks", () => {
    const own = planFiles.filter((f) => f.startsWith('neo/'));
    // What the provider replaced for, and changed in place, in the plans of neo/ (README there).
    expect(exercised(own, 'replace')).toEqual([
      'aws_db_instance availability_zone',
      'aws_ebs_volume availability_zone',
      'aws_ec2_instance_state instance_id',
      'aws_eip_association instance_id',
      'aws_flow_log vpc_id',
      'aws_instance subnet_id',
      'aws_route route_table_id',
      'aws_route_table vpc_id',
      'aws_route_table_association subnet_id',
      'aws_security_group vpc_id',
      'aws_subnet cidr_block',
      'aws_subnet vpc_id',
      'aws_volume_attachment instance_id',
      'aws_volume_attachment volume_id',
      'aws_vpc cidr_block',
      'aws_vpc_security_group_egress_rule security_group_id',
      'aws_vpc_security_group_ingress_rule security_group_id',
    ]);
    expect(exercised(own, 'update')).toEqual([
      'aws_budgets_budget limit_amount',
      'aws_budgets_budget notification',
      'aws_cloudwatch_metric_alarm actions_enabled',
      'aws_cloudwatch_metric_alarm alarm_description',
      'aws_cloudwatch_metric_alarm threshold',
      'aws_dlm_lifecycle_policy policy_details',
      'aws_instance root_block_device',
      'aws_route53_record records',
    ]);
  });
});

/** Top-level attributes whose value differs in an update, except tags and values unknown until apply. */
function changedKeys(change: PlannedChange['change']): string[] {
  const before = change.before ?? {};
  const after = change.after ?? {};
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((key) => key !== 'tags' && key !== 'tags_all')
    .filter((key) => change.after_unknown?.[key] !== true)
    .filter((key) => !isDeepStrictEqual(before[key], after[key]))
    .sort();
}
