// AWS name limits, checked where they are tightest: the longest environment and customer id the
// schemas allow, on the plan with a database, with every add-on that creates a named resource.
import { describe, expect, it } from 'vitest';
import { synthesizeStack } from '../../src/synth/stack.js';
import { exampleFiles } from '../helpers/repository.js';
import { inputsOf, Stack } from '../helpers/stacks.js';

const ID = '9-longest-possible-customer-id-x'; // 32 characters, starting with a digit
const ENVIRONMENT = 'staging-eu-north'; // 16 characters

async function longestStack(): Promise<Stack> {
  const files = exampleFiles();
  const platform = (files.get('neo.yaml') as string).replace(
    'environment: production',
    `environment: ${ENVIRONMENT}`,
  );
  const nordlicht = files.get('customers/nordlicht-media.yaml') as string;
  const customer = nordlicht
    .replace('id: nordlicht-media', `id: ${ID}`)
    .replace('domain: nordlicht-example.de', 'domain: longest-example.de')
    .replaceAll('nordlicht-example.de', 'longest-example.de')
    .replace(
      'addons: [redis-cache, storage-ebs-500]',
      'addons: [redis-cache, rds-extra, storage-s3-250, storage-ebs-500]',
    );
  files.set('neo.yaml', platform);
  files.set(`customers/${ID}.yaml`, customer);
  const inputs = (await inputsOf(files)).find((i) => i.customer.id === ID);
  if (inputs === undefined) throw new Error('the longest customer did not resolve');
  return new Stack(inputs, synthesizeStack(inputs).json);
}

const stack = await longestStack();

/** [resource type, attribute, AWS's limit, pattern the value must match] */
const LIMITS: Array<[string, string, number, RegExp]> = [
  ['aws_s3_bucket', 'bucket', 63, /^[a-z0-9][a-z0-9-]*[a-z0-9]$/],
  ['aws_iam_role', 'name', 64, /^[\w+=,.@-]+$/],
  ['aws_iam_instance_profile', 'name', 128, /^[\w+=,.@-]+$/],
  ['aws_db_instance', 'identifier', 63, /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/],
  ['aws_db_instance', 'final_snapshot_identifier', 255, /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/],
  ['aws_elasticache_replication_group', 'replication_group_id', 40, /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/],
  ['aws_db_subnet_group', 'name', 255, /^[a-z0-9 ._-]+$/],
  ['aws_elasticache_subnet_group', 'name', 255, /^[a-z0-9-]+$/],
  ['aws_security_group', 'name', 255, /^(?!sg-)[\w .:/()#,@[\]+=&;{}!$*-]+$/],
  ['aws_key_pair', 'key_name', 255, /^[\x20-\x7e]+$/],
  ['aws_cloudwatch_metric_alarm', 'alarm_name', 255, /^[\x20-\x7e]+$/],
  ['aws_cloudwatch_dashboard', 'dashboard_name', 255, /^[\w-]+$/],
  ['aws_cloudwatch_log_group', 'name', 512, /^[\w\-./#]+$/],
  ['aws_sns_topic', 'name', 256, /^[\w-]+$/],
  ['aws_budgets_budget', 'name', 100, /^[^:\\]+$/],
];

describe('names at the longest environment and customer id', () => {
  it.each(LIMITS)('%s.%s fits in %i characters', (type, attribute, limit, pattern) => {
    const names = Object.values(stack.all(type)).map((r) => r[attribute] as string);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect({ name, length: name.length <= limit, pattern: pattern.test(name) }).toEqual({
        name,
        length: true,
        pattern: true,
      });
    }
  });
});
