import { beforeAll, describe, expect, it } from 'vitest';
import type { DriftItem } from '../../../src/cloud/index.js';
import type { LiveCustomerDrift, LiveDrift, LiveDriftItem, Plan } from '../../../src/plan/index.js';
import { renderDriftMarkdown } from '../../../src/report/drift/markdown.js';
import { renderDriftText } from '../../../src/report/drift/text.js';
import { renderPlanMarkdown } from '../../../src/report/plan/markdown.js';
import { renderPlanText } from '../../../src/report/plan/text.js';
import { edit, planBetween } from '../../helpers/plans.js';
import { exampleFiles } from '../../helpers/repository.js';
import { driftFixture } from '../drift/drift-fixture.js';

const KESTREL_SERVER = 'kestrel-legal aws_instance.server';
const BLUEFIN_EIP = 'bluefin-bakery aws_eip.server';

type Adopted = (customerId: string, item: DriftItem) => boolean;

/**
 * The drift fixture's drifted customers as a plan's live drift, the items `adopted` marked and,
 * as `adoptedDrift` leaves them, without their risks (those of the two marked below are all of
 * restoring the spec).
 */
function liveDrift(adopted: Adopted): LiveDrift {
  const report = driftFixture();
  const mark = (i: DriftItem): LiveDriftItem => ({
    ...i,
    change: { ...i.change, risks: [] },
    adoptedByChange: true,
  });
  const customers: LiveCustomerDrift[] = report.customers
    .filter((c) => c.items.length > 0)
    .map((c) => ({ ...c, items: c.items.map((i) => (adopted(c.customerId, i) ? mark(i) : i)) }));
  return { cloud: report.cloud, observedAt: report.observedAt, observed: 5, customers };
}

const NONE: Adopted = () => false;
const SOME: Adopted = (customerId, item) =>
  [KESTREL_SERVER, BLUEFIN_EIP].includes(`${customerId} ${item.address}`);
/** Every modified and missing item: a change never adopts unmanaged ones. */
const ALL: Adopted = (_customerId, item) => item.kind !== 'unmanaged';

const section = (text: string) => text.slice(text.indexOf('Live drift'));
const lineOf = (text: string, start: string) => text.split('\n').find((line) => line.startsWith(start));

describe('the live drift of a plan whose change adopts some of it', () => {
  let plan: Plan;
  beforeAll(async () => {
    const base = exampleFiles();
    plan = await planBetween(base, edit(base, 'customers/acme-corp.yaml', 'plan: scale', 'plan: titan'));
  });
  const withLive = (adopted: Adopted): Plan => ({ ...plan, live: liveDrift(adopted) });

  it.each<[string, Adopted, string, string]>([
    [
      'nothing',
      NONE,
      'applying restores the spec, reverting modified and missing resources',
      'Applying this change restores the spec, so it also reverts the modified and missing resources below; unmanaged ones are left alone.',
    ],
    [
      'some of it',
      SOME,
      'applying restores the spec, reverting the modified and missing resources this change does not adopt',
      'Applying this change restores the spec, so it also reverts the modified and missing resources below that it does not adopt; those marked adopted stay as they are, since its spec now says what is live; unmanaged ones are left alone.',
    ],
    [
      'all of it',
      ALL,
      'this change adopts what is live, so applying changes none of the modified and missing resources',
      'This change adopts what is live (its spec now says what the cloud holds), so applying it changes none of the modified and missing resources below; unmanaged ones are left alone.',
    ],
  ])('adopting %s, says what applying does to it', (_name, adopted, text, markdown) => {
    expect(renderPlanText(withLive(adopted))).toContain(
      `Live drift (aws, observed 2026-11-25 03:00 UTC): ${text}\n`,
    );
    expect(renderPlanMarkdown(withLive(adopted))).toContain(
      `The cloud differs from the base for 3 customers (aws, observed 2026-11-25 03:00 UTC). ${markdown}\n`,
    );
  });

  it('marks each adopted item, which applying neither restores nor replaces', async () => {
    const adopted = section(renderPlanText(withLive(SOME)));
    const reverted = section(renderPlanText(withLive(NONE)));
    const server =
      '  modified   aws_instance.server (i-07d6c5b4a3928170f): 1 attribute differs from the spec';
    const eip =
      '  missing    aws_eip.server: in the spec, gone from the cloud; with it: aws_eip_association.server, aws_route53_record.apex_a';
    const mark = ' — adopted by this change: applying leaves it as it is';
    expect(lineOf(reverted, server)).toBe(`${server}; apply replaces it`);
    expect(lineOf(adopted, server)).toBe(`${server}${mark}`);
    expect(lineOf(reverted, eip)).toBe(eip);
    expect(lineOf(adopted, eip)).toBe(`${eip}${mark}`);
    expect(reverted).toContain('# forces replacement');
    expect(adopted).not.toContain('# forces replacement');
    // Only those two.
    expect(adopted.split(mark)).toHaveLength(3);
    await expect(adopted).toMatchFileSnapshot('__snapshots__/plan-live.txt');

    const markdown = renderPlanMarkdown(withLive(SOME));
    const mdServer =
      '- **modified** `aws_instance.server` (`i-07d6c5b4a3928170f`): 1 attribute differs from the spec';
    expect(lineOf(markdown, mdServer)).toBe(`${mdServer}${mark}`);
    expect(markdown).not.toContain('(forces replacement)');
    expect(markdown.split(mark)).toHaveLength(3);
    await expect(markdown.slice(markdown.indexOf('#### Live drift'))).toMatchFileSnapshot(
      '__snapshots__/plan-live.md',
    );
  });

  it('counts adopted items in the short list of a plan too long for details', () => {
    const markdown = renderPlanMarkdown(withLive(SOME), { maxChars: 1 });
    expect(markdown).toContain('\n- `bluefin-bakery`: 1 modified, 1 missing (1 adopted by this change)\n');
    expect(markdown).toContain('\n- `acme-corp`: 2 modified, 1 unmanaged\n');
  });

  it('leaves the drift report as it was, whatever a plan marks', () => {
    const fixture = driftFixture();
    const marked = fixture.customers.map((c) => ({
      ...c,
      items: c.items.map((i) => ({ ...i, adoptedByChange: true as const })),
    }));
    const report = { ...fixture, customers: marked };
    expect(renderDriftText(report)).toBe(renderDriftText(driftFixture()));
    expect(renderDriftMarkdown(report)).toBe(renderDriftMarkdown(driftFixture()));
  });
});
