import { describe, expect, it } from 'vitest';
import type { CustomerDrift, DriftReport, OrphanedResource } from '../../../src/cloud/index.js';
import { renderOrphansMarkdown } from '../../../src/report/drift/markdown.js';
import {
  driftPullRequestTitle,
  renderDriftPullRequestBody,
  renderDriftRecord,
} from '../../../src/report/drift/record.js';
import { gfmHtmlOf } from '../../helpers/gfm.js';
import { customer, driftFixture, unmanaged } from './drift-fixture.js';

const report = driftFixture();
const drifted = report.customers.filter((c) => c.items.length > 0);

function drift(customerId: string): CustomerDrift {
  const found = report.customers.find((c) => c.customerId === customerId);
  if (found === undefined) throw new Error(`the fixture lacks ${customerId}`);
  return found;
}

describe('a drift pull request', () => {
  it('commits a record and carries a description for each drifted customer', async () => {
    const snapshot = drifted.flatMap((c) => [
      `<!-- ===== terraform-state/drift/${c.customerId}.md ===== -->`,
      '',
      renderDriftRecord(c, report),
      `<!-- ===== pull request: ${driftPullRequestTitle(c)} ===== -->`,
      '',
      renderDriftPullRequestBody(c, report),
    ]);
    await expect(snapshot.join('\n')).toMatchFileSnapshot('__snapshots__/drift-record.md');
  });

  it('has a record that reads as a document of its own, the drift one level down', () => {
    const record = renderDriftRecord(drift('acme-corp'), report);
    const lines = record.split('\n');
    expect(lines[0]).toBe('# Drift record: acme-corp');
    expect(record).toContain(
      'When the pull request that changes this file is merged, `neo apply` re-applies `customers/acme-corp.yaml`',
    );
    expect(record).toContain('\n## acme-corp: 3 drifted resources in aws, observed 2026-11-25 03:00 UTC\n');
    // What merging does and how to keep the live state belong to the pull request: on main the
    // record is history, where "on this branch" would mean nothing.
    expect(record.match(/^#{1,6} /gm)).toEqual(['# ', '## ', '#### ']);
    expect(record).not.toContain('Merging this pull request');
    expect(record).not.toContain('on this branch');
    expect(record.endsWith('\n')).toBe(true);
  });

  it('has a title counting the drift by kind', () => {
    expect(drifted.map(driftPullRequestTitle)).toEqual([
      'Drift: acme-corp (2 modified, 1 unmanaged)',
      'Drift: bluefin-bakery (1 modified, 1 missing)',
      'Drift: kestrel-legal (2 modified, 1 unmanaged)',
    ]);
    const single = customer('lumen-analytics', [
      unmanaged('aws_eip.unmanaged_eipalloc_0a', 'eipalloc-0a', { domain: 'vpc' }),
    ]);
    expect(driftPullRequestTitle(single)).toBe('Drift: lumen-analytics (1 unmanaged)');
  });

  it('has a description that says what merging does, and that neo keeps it up to date', () => {
    const body = renderDriftPullRequestBody(drift('bluefin-bakery'), report);
    expect(body.split('\n')[0]).toBe(
      '### bluefin-bakery: 2 drifted resources in aws, observed 2026-11-25 03:00 UTC',
    );
    expect(body).toContain(
      'Restores the spec: the apply that follows reverts 1 modified resource and re-creates 1 missing resource.',
    );
    expect(body).toContain('#### Keeping the live state instead');
    expect(body.trimEnd().split('\n').at(-1)).toBe(
      '<sub>Opened by the nightly drift job (`neo drift --open-prs`): it updates this pull request when the drift changes and closes it when the drift is gone. The plan comment below shows what merging changes.</sub>',
    );
    const html = gfmHtmlOf(body);
    expect(html).toContain('<h4>Merging this pull request</h4>');
    expect(html).toContain('<sub>Opened by the nightly drift job');
  });

  it('does not offer to keep the live state when only unmanaged resources drifted', () => {
    const only = customer('lumen-analytics', [
      unmanaged('aws_eip.unmanaged_eipalloc_0a', 'eipalloc-0a', { domain: 'vpc' }),
    ]);
    const body = renderDriftPullRequestBody(only, { cloud: 'local', observedAt: report.observedAt });
    expect(body).toContain('Changes nothing in the cloud.');
    expect(body).toContain('remove `aws_eip.unmanaged_eipalloc_0a` in the local cloud, or adopt it.');
    expect(body).not.toContain('Keeping the live state instead');
  });
});

describe('the orphans issue', () => {
  /** 2,000 volumes left behind by `customers` former customers. */
  function orphaned(customers: number): DriftReport {
    const orphans: OrphanedResource[] = Array.from({ length: 2_000 }, (_, i) => ({
      customerId: `former-${String(i % customers).padStart(4, '0')}`,
      type: 'aws_ebs_volume',
      id: `vol-${String(i).padStart(17, '0')}`,
      region: 'us-east-2',
    }));
    return { ...report, orphans };
  }
  const NOTE = "> [!NOTE]\n> Left out to fit GitHub's size limit: the ids of 2,000 orphaned resources";

  it('lists every orphaned resource while they fit', () => {
    const markdown = renderOrphansMarkdown(report);
    expect(markdown.split('\n')[0]).toBe(
      '### neo drift · 6 orphaned resources of 2 customers without a file',
    );
    expect(markdown).toContain('| `aws_instance` | `i-0d1e2f3a4b5c6d7e8` | us-east-2 |');
    expect(markdown).toContain('| `aws_route53_zone` | `Z04123456OLDCOZONE01` | global |');
    expect(markdown).not.toContain('[!NOTE]');
  });

  it('drops the id tables to fit 2,000 orphans, and says so', () => {
    const markdown = renderOrphansMarkdown(orphaned(40), { maxChars: 20_000 });
    expect(markdown.length).toBeLessThanOrEqual(20_000);
    expect(markdown.split('\n')[0]).toBe(
      '### neo drift · 2,000 orphaned resources of 40 customers without a file',
    );
    expect(markdown).not.toContain('| type | id | region |');
    expect(markdown).not.toContain('vol-');
    expect(markdown).toContain(`${NOTE}. The full report is in the output of \`neo drift --format json\`.`);
    // Every customer stays, with what it is billed for.
    for (let i = 0; i < 40; i++) {
      const id = `former-${String(i).padStart(4, '0')}`;
      expect(markdown).toContain(`**${id}** · 50 resources tagged \`neo:customer=${id}\``);
    }
    // With room enough, the tables come back.
    const roomy = renderOrphansMarkdown(orphaned(40), { maxChars: 1_000_000 });
    expect(roomy).toContain('| `aws_ebs_volume` | `vol-00000000000001999` | us-east-2 |');
    expect(roomy).not.toContain('[!NOTE]');
  });

  it('fits an issue even when 2,000 customers left resources behind', () => {
    const markdown = renderOrphansMarkdown(orphaned(2_000));
    expect(markdown.length).toBeLessThanOrEqual(60_000);
    expect(markdown).toContain('By customer id (resources): `former-0000` (1), `former-0001` (1),');
    expect(markdown).not.toContain('more customer');
    expect(markdown).toContain(`${NOTE}. The full report`);

    const tight = renderOrphansMarkdown(orphaned(2_000), { maxChars: 5_000 });
    expect(tight.length).toBeLessThanOrEqual(5_000);
    expect(tight.length).toBeGreaterThan(4_900);
    const [, more = ''] = /, and ([\d,]+) more customers\./.exec(tight) ?? [];
    const shown = tight.match(/`former-\d{4}` \(1\)/g)?.length ?? 0;
    expect(shown).toBeGreaterThan(100);
    expect(shown + Number(more.replace(',', ''))).toBe(2_000);
    expect(tight).toContain(`${NOTE}; the ids of ${(2_000 - shown).toLocaleString('en-US')} customers.`);
  });
});
