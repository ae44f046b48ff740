import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStateIds } from '../../../src/apply/terraform/state-ids.js';
import { TerraformPlanError } from '../../../src/apply/terraform/terraform-plan.js';
import { TERRAFORM_PLANS } from '../../helpers/repository.js';

/** `show -json` of a state has the shape of a plan's `prior_state`: real ones are in neo's plans. */
const priorState = (file: string) =>
  JSON.stringify(
    (JSON.parse(readFileSync(join(TERRAFORM_PLANS, 'neo', file), 'utf8')) as { prior_state: unknown })
      .prior_state,
  );

describe('parseStateIds', () => {
  it("reads every managed resource's id from a real state, and nothing else", () => {
    const ids = parseStateIds(priorState('suspend-and-move-zone-lumen-analytics.json'), 'lumen-analytics');
    expect(ids['aws_vpc.main']).toMatch(/^vpc-/);
    expect(ids['aws_instance.server']).toMatch(/^i-/);
    expect(ids['aws_eip.server']).toMatch(/^eipalloc-/);
    expect(Object.keys(ids).every((address) => address.startsWith('aws_'))).toBe(true);
    expect(Object.keys(ids)).toHaveLength(82);
  });

  it.each<[string, string, Record<string, string>]>([
    ['an empty state', '{"format_version":"1.0"}', {}],
    [
      'data sources, resources without an id, and child modules',
      JSON.stringify({
        values: {
          root_module: {
            resources: [
              { address: 'data.aws_caller_identity.current', mode: 'data', values: { id: '123456789012' } },
              { address: 'aws_vpc.main', mode: 'managed', values: { id: 'vpc-1' } },
              { address: 'aws_thing.pending', mode: 'managed', values: {} },
            ],
            child_modules: [
              {
                resources: [
                  { address: 'module.acme.aws_subnet.a', mode: 'managed', values: { id: 'subnet-2' } },
                ],
              },
            ],
          },
        },
      }),
      { 'aws_vpc.main': 'vpc-1', 'module.acme.aws_subnet.a': 'subnet-2' },
    ],
  ])('%s', (_name, text, expected) => {
    expect(parseStateIds(text, 'stack')).toEqual(expected);
  });

  it('refuses what is not a state, naming where it came from', () => {
    expect(() => parseStateIds('Error: no state', '.neo/stacks/acme')).toThrow(
      new TerraformPlanError('Terraform state from .neo/stacks/acme is not JSON'),
    );
    expect(() => parseStateIds('[]', 'x')).toThrow(/not a JSON object/);
  });
});
