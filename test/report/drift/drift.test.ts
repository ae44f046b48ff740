import { describe, expect, it } from 'vitest';
import type { CustomerDrift, DriftReport } from '../../../src/cloud/index.js';
import { renderDriftJson } from '../../../src/report/drift/json.js';
import { renderCustomerDriftMarkdown, renderDriftMarkdown } from '../../../src/report/drift/markdown.js';
import { renderDriftText } from '../../../src/report/drift/text.js';
import type { Paint } from '../../../src/report/style.js';
import { gfmHtmlOf, tableShapes } from '../../helpers/gfm.js';
import { attribute, customer, driftFixture, modified, unmanaged } from './drift-fixture.js';

const GITHUB_LIMIT = 65_536;
const HOSTILE = 'v=spf1 </details> @octocat `x` | <b>y</b> \u001b[31mred';

function acme(report: DriftReport): CustomerDrift {
  const found = report.customers.find((c) => c.customerId === 'acme-corp');
  if (found === undefined) throw new Error('the fixture lacks acme-corp');
  return found;
}

/** Markdown outside code spans: where GitHub looks for mentions and HTML. */
function outsideCode(markdown: string): string {
  return markdown.replace(/(`+)(?!`).*?(?<!`)\1(?!`)/g, '');
}

describe('a drift report', () => {
  const report = driftFixture();

  it('renders as markdown for an issue or comment', async () => {
    await expect(renderDriftMarkdown(report)).toMatchFileSnapshot('__snapshots__/drift.md');
  });

  it('renders as text for the terminal', async () => {
    await expect(renderDriftText(report, (_style, text) => text)).toMatchFileSnapshot(
      '__snapshots__/drift.txt',
    );
  });

  it('counts drift by kind in its headline', () => {
    expect(renderDriftText(report, (_s, t) => t).split('\n')[0]).toBe(
      'neo drift · Drift in 3 of 5 customers: 8 resources (5 modified, 1 missing, 2 unmanaged); 6 orphaned resources',
    );
  });

  it('renders on GitHub as the tables and collapsed sections it means to', () => {
    const markdown = renderDriftMarkdown(report);
    const html = gfmHtmlOf(markdown);
    expect(html.startsWith('<h3>neo drift · Drift in 3 of 5 customers')).toBe(true);
    const written = markdown.split('\n').filter((line) => /^\| (--- \| )*---/.test(line)).length;
    const shapes = tableShapes(html);
    expect(shapes).toHaveLength(written);
    expect(written).toBe(3);
    for (const rows of shapes) expect(new Set(rows).size).toBe(1);
    expect(html).not.toMatch(/<p>\|/);
    expect(html).not.toMatch(/<td>[^<]*(<\/details>|The spec in)/);
    for (const tag of [/<details>/g, /<\/details>/g, /<summary>/g]) expect(html.match(tag)).toHaveLength(3);
    // The risks and the resources are two lists, not one.
    expect(html.match(/<ul>/g)?.length).toBeGreaterThanOrEqual(6);
  });

  it('shows each customer’s risks before its resources, the worst first', () => {
    const text = renderDriftText(report, (_s, t) => t);
    const kestrel = text.slice(text.indexOf('kestrel-legal ·'));
    expect(kestrel.indexOf('data loss')).toBeLessThan(kestrel.indexOf('customer-visible'));
    expect(kestrel.indexOf('customer-visible')).toBeLessThan(kestrel.indexOf('  modified'));
    const markdown = renderDriftMarkdown(report);
    expect(markdown.indexOf('🔓 **security**')).toBeLessThan(
      markdown.indexOf('**modified** `aws_instance.server`'),
    );
  });

  it('colours only through the paint it is given', () => {
    const tagged: Paint = (style, text) => `[${style}]${text}[/]`;
    const text = renderDriftText(report, tagged);
    expect(text).toContain('[red]missing  [/]  aws_eip.server');
    expect(text).toContain('[red]  # forces replacement[/]');
    expect(renderDriftText(report, (_s, t) => t)).not.toContain('\u001b');
  });

  it('renders as JSON that parses back to the same report', () => {
    const json = renderDriftJson(report);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json).toContain('\n  "formatVersion": 1,');
    expect(JSON.parse(json)).toEqual(report);
  });
});

describe('a report without drift', () => {
  const report: DriftReport = {
    ...driftFixture(),
    customers: [customer('lumen-analytics', []), customer('tidewater-travel', [])],
    orphans: [],
  };

  it('says so in one line, with where and when it looked', () => {
    expect(renderDriftText(report, (_s, t) => t)).toBe(
      'neo drift · No drift in 2 customers\n\naws · observed 2026-11-25 03:00 UTC · 1,168 API calls (ec2 58, route53 1,110)\n',
    );
    expect(renderDriftMarkdown(report)).toBe(
      '### neo drift · No drift in 2 customers\n\n<sub>aws · observed 2026-11-25 03:00 UTC · 1,168 API calls (ec2 58, route53 1,110)</sub>\n',
    );
  });
});

describe('values from the cloud', () => {
  const report: DriftReport = {
    ...driftFixture(),
    customers: [
      customer('acme-corp', [
        modified('aws_route53_record.txt_spf', 'Z0_spf_TXT', [
          attribute('records', ['v=spf1 -all'], [HOSTILE]),
        ]),
        unmanaged('aws_route53_record.unmanaged_z0_evil_txt', `Z0 ${HOSTILE}`, {
          name: 'evil.acme.example',
          records: [HOSTILE],
          type: 'TXT',
        }),
      ]),
    ],
    orphans: [
      { customerId: `oldco ${HOSTILE}`, type: 'aws_instance', id: `i-0 ${HOSTILE}`, region: 'us-east-2' },
    ],
  };
  const markdowns = {
    report: renderDriftMarkdown(report),
    pull: renderCustomerDriftMarkdown(acme(report), report),
  };

  it.each(Object.keys(markdowns))('stay text in the %s markdown', (which) => {
    const markdown = markdowns[which as keyof typeof markdowns];
    expect(markdown).toContain('@octocat');
    expect(outsideCode(markdown)).not.toMatch(/@octocat|<b>y/);
    const html = gfmHtmlOf(markdown);
    expect(html).not.toContain('<b>y</b>');
    expect(html).toContain('&lt;b&gt;y&lt;/b&gt;');
    expect(html.match(/<details>/g)?.length).toBe(html.match(/<\/details>/g)?.length);
    for (const rows of tableShapes(html)) expect(new Set(rows).size).toBe(1);
    expect(markdown).not.toContain('\u001b');
  });

  it('cannot send escape sequences to a terminal', () => {
    const text = renderDriftText(report, (_s, t) => t);
    expect(text).toContain('�[31mred');
    expect(text).not.toContain('\u001b');
  });

  it('never show a sensitive value', () => {
    const secret = modified('aws_instance.server', 'i-0a', [{ path: 'user_data', sensitive: true }]);
    const only = { ...report, customers: [customer('acme-corp', [secret])], orphans: [] };
    expect(renderDriftText(only, (_s, t) => t)).toContain('user_data  spec (sensitive) → live (sensitive)');
    expect(renderDriftMarkdown(only)).toContain('`user_data`: spec `(sensitive)` → live `(sensitive)`');
  });
});

describe("one customer's drift pull request", () => {
  const report = driftFixture();
  const body = renderCustomerDriftMarkdown(acme(report), report);

  it('says what drifted, where and when', () => {
    expect(body.split('\n')[0]).toBe(
      '### acme-corp: 3 drifted resources in aws, observed 2026-11-25 03:00 UTC',
    );
    expect(body).toContain('  - `instance_type`: spec `t3.medium` → live `t3.large`');
    expect(body).toContain("in acme-corp's VPC, not created by neo");
  });

  it('says what merging does and how to keep the live state', () => {
    expect(body).toContain('Restores the spec: the apply that follows reverts 2 modified resources.');
    expect(body).toContain(
      'neo does not delete unmanaged resources: remove `aws_instance.unmanaged_i_0f3a9c1d2e4b5a697` in the AWS console, or adopt it.',
    );
    expect(body).toContain('Edit `customers/acme-corp.yaml` on this branch');
  });

  it('names a replacement, and what a missing resource takes with it', () => {
    const kestrel = report.customers.find((c) => c.customerId === 'kestrel-legal');
    const bluefin = report.customers.find((c) => c.customerId === 'bluefin-bakery');
    if (kestrel === undefined || bluefin === undefined) throw new Error('fixture lacks a customer');
    const context = { cloud: 'local' as const, observedAt: report.observedAt };
    expect(renderCustomerDriftMarkdown(kestrel, context)).toContain(
      'To do so it replaces `aws_instance.server`. neo does not delete unmanaged resources: remove `aws_ebs_volume.addon_storage_ebs_100` in the local cloud',
    );
    expect(renderCustomerDriftMarkdown(bluefin, context)).toContain(
      'in the spec, gone from the cloud; with it: `aws_eip_association.server`, `aws_route53_record.apex_a`',
    );
  });
});

describe('a drift report too large for one GitHub comment', () => {
  const model = driftFixture();
  const [acmeCorp, bluefin] = model.customers;
  const fleet: DriftReport = {
    ...model,
    customers: Array.from({ length: 2_000 }, (_, i) => ({
      ...((i % 2 === 0 ? acmeCorp : bluefin) ?? customer('x', [])),
      customerId: `customer-${String(i).padStart(4, '0')}`,
    })),
    orphans: Array.from({ length: 300 }, (_, i) => ({
      customerId: `gone-${i % 7}`,
      type: 'aws_ebs_volume',
      id: `vol-${String(i).padStart(17, '0')}`,
      region: 'us-east-2',
    })),
  };

  it('stays under the limit and still names every customer', () => {
    const markdown = renderDriftMarkdown(fleet);
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_LIMIT);
    for (const c of fleet.customers) expect(markdown).toContain(`\`${c.customerId}\``);
    expect(markdown).toContain("Left out to fit GitHub's size limit");
    expect(markdown).toContain('**gone-6** · 42 resources');
  });

  it('never cuts a table in half', () => {
    // Every level of collapsing: the full report, and ever smaller limits down to the fleet's.
    const full = renderDriftMarkdown(fleet, { maxChars: Number.MAX_SAFE_INTEGER });
    const tables = [full.length, full.length / 2, full.length / 4, GITHUB_LIMIT].flatMap((maxChars) =>
      renderDriftMarkdown(fleet, { maxChars })
        .split(/\n\n+/)
        .filter((b) => b.startsWith('| ')),
    );
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      const rows = table.split('\n');
      expect(rows[1]).toMatch(/^\| ---( \| ---)* \|$/);
      expect(rows.every((row) => row.startsWith('| ') && row.endsWith(' |'))).toBe(true);
    }
  });

  it('collapses attribute values first', () => {
    const full = renderDriftMarkdown(model);
    const shorter = renderDriftMarkdown(model, { maxChars: full.length - 1 });
    expect(shorter).not.toContain('  - `instance_type`');
    expect(shorter.match(/<details>/g)).toHaveLength(3);
    expect(shorter).toContain("Left out to fit GitHub's size limit: the attribute values of each resource.");
  });
});
