import { beforeAll, describe, expect, it } from 'vitest';
import { type Plan, withLiveDrift, withNote, withTerraformCheck } from '../../src/plan/index.js';
import { edit, planBetween } from '../helpers/plans.js';
import { exampleFiles } from '../helpers/repository.js';
import { driftFixture } from '../report/drift/drift-fixture.js';

/** The examples with acme-corp's CPU alarm lowered: one customer changed. */
let plan: Plan;
let frozen: string;
beforeAll(async () => {
  const base = exampleFiles();
  plan = await planBetween(base, edit(base, 'customers/acme-corp.yaml', 'cpu: 80', 'cpu: 60'));
  frozen = JSON.stringify(plan);
});

const counts = { create: 0, update: 1, replace: 0, delete: 0, forget: 0, 'no-op': 0 };

describe('enriching an assembled plan', () => {
  it('withNote adds the note and leaves the plan given as it was', () => {
    const noted = withNote(plan, 'Live drift left out: no credentials');
    expect(noted.notes.at(-1)).toBe('Live drift left out: no credentials');
    expect(noted.notes).toHaveLength(plan.notes.length + 1);
    expect(JSON.stringify(plan)).toBe(frozen);
  });

  it('withLiveDrift keeps only the customers with drift, and leaves the plan given as it was', () => {
    const report = driftFixture();
    const live = withLiveDrift(plan, report, 7, new Map());
    expect(live.live).toMatchObject({ cloud: 'aws', observedAt: report.observedAt, observed: 7 });
    expect(live.live?.customers.map((c) => c.customerId)).toEqual(
      report.customers.filter((c) => c.items.length > 0).map((c) => c.customerId),
    );
    expect(live.customers).toHaveLength(plan.customers.length);
    expect(JSON.stringify(plan)).toBe(frozen);
  });

  it('withTerraformCheck sets the check beside the plan, with a note only when they disagree', () => {
    const agreeing = withTerraformCheck(plan, 'Terraform 1.11.4', [
      { customerId: 'acme-corp', neo: counts, terraform: counts, disagreements: [] },
    ]);
    expect(agreeing.terraform?.tool).toBe('Terraform 1.11.4');
    expect(agreeing.notes).toEqual(plan.notes);
    const disagreeing = withTerraformCheck(plan, 'Terraform 1.11.4', [
      { customerId: 'acme-corp', neo: counts, terraform: counts, disagreements: ['Terraform destroys x'] },
    ]);
    expect(disagreeing.notes.at(-1)).toMatch(/^Terraform plans from the live state/);
    expect(JSON.stringify(plan)).toBe(frozen);
  });
});
