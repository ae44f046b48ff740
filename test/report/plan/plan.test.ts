import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Risk } from '../../../src/diff/index.js';
import type { Plan } from '../../../src/plan/index.js';
import { renderPlanJson } from '../../../src/report/plan/json.js';
import { renderPlanMarkdown } from '../../../src/report/plan/markdown.js';
import { renderPlanText } from '../../../src/report/plan/text.js';
import { gfmHtmlOf, tableShapes } from '../../helpers/gfm.js';
import { edit, type Files, planBetween } from '../../helpers/plans.js';
import { exampleFiles, PROJECT_ROOT } from '../../helpers/repository.js';

const NEW_CUSTOMER = readFileSync(
  join(PROJECT_ROOT, 'test/fixtures/synth/customers/saltmarsh-records.yaml'),
  'utf8',
);

/** One pull request that does everything a week of support tickets does. */
function busyWeek(base: Files): Files {
  let head = new Map(base).set('customers/saltmarsh-records.yaml', NEW_CUSTOMER);
  head = edit(head, 'customers/bluefin-bakery.yaml', 'plan: core', 'plan: scale');
  head = edit(
    head,
    'customers/lumen-analytics.yaml',
    'addons: [ram-cpu-upgrade]',
    'addons: [ram-cpu-upgrade, storage-ebs-100]',
  );
  head = edit(head, 'customers/lumen-analytics.yaml', 'values: [203.0.113.77]', 'values: [203.0.113.78]');
  head = edit(head, 'customers/tidewater-travel.yaml', 'plan: core', 'plan: core\nstatus: suspended');
  head = edit(head, 'customers/nordlicht-media.yaml', 'plan: titan', 'plan: titan\nstatus: decommissioned');
  return edit(head, 'customers/acme-corp.yaml', 'adminCidrs: [203.0.113.0/24]', 'adminCidrs: [203.0.0.0/16]');
}

describe('a realistic plan', () => {
  let plan: Plan;
  beforeAll(async () => {
    const base = exampleFiles();
    plan = await planBetween(base, busyWeek(base), { allowBlastRadius: true });
  });

  it('says what happens to each customer, in the language of the business', () => {
    const kinds = Object.fromEntries(plan.customers.map((c) => [c.customerId, c.kind]));
    expect(kinds).toEqual({
      'acme-corp': 'changed',
      'bluefin-bakery': 'changed',
      'lumen-analytics': 'changed',
      'nordlicht-media': 'decommissioned',
      'saltmarsh-records': 'added',
      'tidewater-travel': 'suspended',
    });
    const bluefin = plan.customers.find((c) => c.customerId === 'bluefin-bakery');
    expect([bluefin?.before?.planTier, bluefin?.after?.planTier]).toEqual(['core', 'scale']);
    expect(bluefin?.after?.priceUsd).toBeGreaterThan(bluefin?.before?.priceUsd ?? Number.POSITIVE_INFINITY);
  });

  it('renders as markdown for the pull request', async () => {
    await expect(renderPlanMarkdown(plan)).toMatchFileSnapshot('__snapshots__/plan.md');
  });

  it('renders on GitHub as the tables and collapsed sections it means to', () => {
    const markdown = renderPlanMarkdown(plan);
    const html = gfmHtmlOf(markdown);
    expect(html.startsWith('<h3>neo plan · 6 customers')).toBe(true);
    // Every table the markdown writes comes out as a table, each row as wide as its header.
    const written = markdown.split('\n').filter((line) => /^\| (--- \| )*---/.test(line)).length;
    const shapes = tableShapes(html);
    expect(shapes).toHaveLength(written);
    for (const rows of shapes) expect(new Set(rows).size).toBe(1);
    // No table row fell out into a paragraph, and no paragraph was swallowed by a table.
    expect(html).not.toMatch(/<p>\|/);
    expect(html).toMatch(/<p>Tags only on \d+ resources/);
    expect(html).not.toMatch(/<td>(Tags only|<\/details>)/);
    // One <details> per customer, each closed.

    expect(html.match(/<details>/g)).toHaveLength(plan.customers.length);
    expect(html.match(/<\/details>/g)).toHaveLength(plan.customers.length);
    expect(html.match(/<summary>/g)).toHaveLength(plan.customers.length);
  });

  it('renders as text for the terminal', async () => {
    await expect(renderPlanText(plan)).toMatchFileSnapshot('__snapshots__/plan.txt');
  });

  it('renders as JSON that parses back to the same plan', () => {
    expect(JSON.parse(renderPlanJson(plan))).toEqual(JSON.parse(JSON.stringify(plan)));
  });
});

describe("a plan whose change is neo's own packages", () => {
  const PACKAGES: Risk = {
    severity: 'security',
    code: 'packages-changed',
    address: 'package-lock.json',
    reason:
      "neo's packages change (package-lock.json): their code runs in every plan and apply from the merge on, with the apply's credentials; read the package diff before approving. What the new packages change in AWS is not shown: both sides are built with them (npm ci of the base lockfile failed).",
  };
  let plan: Plan;
  beforeAll(async () => {
    const files = exampleFiles();
    plan = { ...(await planBetween(files, files)), risks: [PACKAGES] };
  });

  it.each([
    ['markdown', () => renderPlanMarkdown(plan)],
    ['text', () => renderPlanText(plan)],
  ])('does not read as "No changes" alone in %s, and lists the risk', (_, render) => {
    const out = render();
    expect(out).toMatch(/^(### neo plan · )?No changes: .*, but neo's packages change: see the risks$/m);
    expect(out).toContain('What the new packages change in AWS is not shown');
  });
});
