import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/plan/index.js';
import { defaultContext } from '../../../src/services/index.js';
import { type FakeTerraform, FIXTURES, fakeTerraform } from '../../helpers/fake-terraform.js';
import { commitAll, committedExample } from '../../helpers/git.js';
import { editFile, neo } from '../local-cloud.js';

/**
 * The examples on main, and a branch that lowers acme-corp's CPU alarm and changes
 * bluefin-bakery's admin network. Terraform (the fake) agrees on acme-corp and, replaying a real
 * plan of one of neo's stacks whose server, volume and database are replaced (as after a zone
 * move made live), disagrees on bluefin-bakery.
 */
let root: string;
let cleanup: () => void;
let fake: FakeTerraform;
beforeAll(async () => {
  const example = await committedExample();
  ({ dir: root, cleanup } = example);
  const git = example.git;
  await git.checkoutLocalBranch('feature');
  editFile(root, 'customers/acme-corp.yaml', 'cpu: 80', 'cpu: 60');
  editFile(root, 'customers/bluefin-bakery.yaml', '192.0.2.0/28', '192.0.2.16/28');
  await commitAll(git, 'acme-corp: alert at 60 % CPU; bluefin-bakery: new office network');
  fake = fakeTerraform();
  // Terraform's own JSON for the one change neo plans for acme-corp.
  const acmePlan = join(fake.root, 'acme-corp-plan.json');
  writeFileSync(
    acmePlan,
    JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.10.5',
      resource_changes: [
        {
          address: 'aws_cloudwatch_metric_alarm.cpu',
          mode: 'managed',
          type: 'aws_cloudwatch_metric_alarm',
          name: 'cpu',
          change: {
            actions: ['update'],
            before: { threshold: 80 },
            after: { threshold: 60 },
            after_unknown: {},
          },
        },
      ],
      errored: false,
    }),
  );
  fake.scenario({
    stacks: {
      'acme-corp': { plan: acmePlan },
      'bluefin-bakery': { plan: join(FIXTURES, 'neo/suspend-and-move-zone-lumen-analytics.json') },
    },
  });
});
afterAll(() => {
  fake.dispose();
  cleanup();
});

const plan = (args: string[], env: Record<string, string> = fake.env) =>
  neo(root, ['plan', '--base', 'main', '--terraform', ...args], defaultContext, env);

describe('neo plan --terraform', () => {
  it("sets Terraform's counts beside neo's, and only plans: nothing is applied", async () => {
    const before = fake.invocations().length;
    const result = await plan(['--format', 'json']);
    expect(result).toMatchObject({ code: 0, err: '' });
    const check = (JSON.parse(result.out) as Plan).terraform;
    expect(check?.tool).toBe('Terraform 1.10.5');
    expect(check?.customers.map((c) => [c.customerId, c.disagreements.length])).toEqual([
      ['acme-corp', 0],
      ['bluefin-bakery', 16],
    ]);
    expect(check?.customers[1]?.disagreements.slice(0, 2)).toEqual([
      'Terraform replaces aws_db_instance.main (because of availability_zone), which neo planned as no change',
      'Terraform replaces aws_ebs_volume.data (because of availability_zone), which neo planned as no change',
    ]);
    const runs = fake.invocations().slice(before);
    expect(new Set(runs.filter((r) => r.command !== 'version').map((r) => r.stack))).toEqual(
      new Set(['acme-corp', 'bluefin-bakery']),
    );
    expect(runs.filter((r) => r.command === 'apply')).toEqual([]);
  });

  it('leads the text and the markdown with the disagreement', async () => {
    const text = (await plan([])).out;
    const lines = text.split('\n');
    expect(lines[3]).toBe('TERRAFORM DISAGREES with neo for 1 customer (Terraform 1.10.5):');
    expect(lines[4]).toMatch(/^ {2}bluefin-bakery: Terraform replaces aws_db_instance\.main/);
    expect(text).toMatch(/^acme-corp +~1 +~1 +agrees$/m);

    const markdown = (await plan(['--format', 'markdown'])).out;
    const caution = markdown.indexOf('> **Terraform disagrees with neo** for 1 customer');
    expect(caution).toBeGreaterThan(0);
    expect(caution).toBeLessThan(markdown.indexOf('| customer'));
    expect(markdown).toContain('| `acme-corp` | ~1 | ~1 | ✓ |');
    expect(markdown).toContain('planned each changed customer against its live state');
  });

  it('stays a plan without Terraform, and says why the cross-check is missing', async () => {
    const result = await plan(['--format', 'json'], { PATH: '/nonexistent/bin' });
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.out) as Plan;
    expect(parsed.terraform).toBeUndefined();
    expect(parsed.notes.some((n) => n.startsWith('Terraform cross-check left out:'))).toBe(true);
  });
});
