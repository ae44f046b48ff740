import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CustomerPlan, Plan } from '../../../src/plan/index.js';
import { renderPlanMarkdown } from '../../../src/report/plan/markdown.js';
import { edit, planBetween } from '../../helpers/plans.js';
import { exampleFiles, PROJECT_ROOT } from '../../helpers/repository.js';

const GITHUB_LIMIT = 65_536;

/** `count` customers like `model`, with ids of their own. */
function fleetLike(model: CustomerPlan, count: number, prefix: string): CustomerPlan[] {
  return Array.from({ length: count }, (_, i) => {
    const customerId = `${prefix}-${String(i).padStart(4, '0')}`;
    return {
      ...model,
      customerId,
      file: `customers/${customerId}.yaml`,
      risks: model.risks.map((r) => ({ ...r, reason: r.reason.replaceAll(model.customerId, customerId) })),
    };
  });
}

describe('a plan too large for one GitHub comment', () => {
  let model: Plan;
  beforeAll(async () => {
    const base = exampleFiles();
    let head = new Map(base).set(
      'customers/saltmarsh-records.yaml',
      readFileSync(join(PROJECT_ROOT, 'test/fixtures/synth/customers/saltmarsh-records.yaml'), 'utf8'),
    );
    head = edit(
      head,
      'customers/lumen-analytics.yaml',
      'availabilityZone: us-east-2b',
      'availabilityZone: us-east-2c',
    );
    model = await planBetween(base, head, { allowBlastRadius: true });
  });

  function planOf(added: number, risky: number): Plan {
    const addedModel = model.customers.find((c) => c.kind === 'added');
    const riskyModel = model.customers.find((c) => c.risks.some((r) => r.severity === 'data-loss'));
    if (addedModel === undefined || riskyModel === undefined) throw new Error('the model plan lacks a case');
    return {
      ...model,
      customers: [...fleetLike(addedModel, added, 'new'), ...fleetLike(riskyModel, risky, 'moved')],
    };
  }

  it.each([
    [2_000, 0],
    [1_995, 5],
    [1_000, 1_000],
  ])('%i new and %i risky customers stay under the limit', (added, risky) => {
    const markdown = renderPlanMarkdown(planOf(added, risky));
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_LIMIT);
    expect(markdown).toContain("Left out to fit GitHub's comment size");
  });

  it('keeps the risky customers in detail and collapses routine ones', () => {
    const markdown = renderPlanMarkdown(planOf(1_995, 5));
    expect(markdown.match(/<details>/g)).toHaveLength(5);
    expect(markdown).toContain('<b>moved-0004</b>');
    expect(markdown).not.toContain('<b>new-0000</b>');
    expect(markdown).toContain('resource details of 1,995 customers');
  });

  it('never cuts a table in half', () => {
    // Every level of collapsing, from a plan that fits to one that must give up its table.
    const tables = [10, 100, 400, 800, 2_000].flatMap((customers) =>
      renderPlanMarkdown(planOf(customers, 0))
        .split(/\n\n+/)
        .filter((block) => block.startsWith('| ')),
    );
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      const rows = table.split('\n');
      expect(rows[1]).toMatch(/^\| (--- \| )+$|^\| ---( \| ---)* \|$/);
      expect(rows.every((row) => row.startsWith('| ') && row.endsWith(' |'))).toBe(true);
    }
  });

  it('says where the full plan is', () => {
    const markdown = renderPlanMarkdown(planOf(2_000, 0), {
      fullPlanAt: 'the job summary and the plan-json artifact',
    });
    expect(markdown).toContain('The full plan is in the job summary and the plan-json artifact.');
  });

  it('leaves a plan that fits untouched', () => {
    const markdown = renderPlanMarkdown(model);
    expect(markdown).not.toContain('Left out');
    expect(markdown.match(/<details>/g)).toHaveLength(model.customers.length);
  });
});
