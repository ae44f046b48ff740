import { describe, expect, it } from 'vitest';
import { portfolio, renderPortfolioText } from '../../../src/report/summary/portfolio.js';
import { loadSchemas, resolveCustomers, validateRepository } from '../../../src/spec/index.js';
import { exampleFiles, memorySource } from '../../helpers/repository.js';

async function examplePortfolio() {
  const { repository, diagnostics } = await validateRepository(memorySource(exampleFiles()), {
    schemas: loadSchemas(),
  });
  expect(diagnostics).toEqual([]);
  const plans = [...repository.tiers.values()]
    .map((p) => p.data)
    .sort((a, b) => a.priceUsdMonthly - b.priceUsdMonthly);
  return portfolio('production', resolveCustomers(repository), plans);
}

describe('portfolio summary', () => {
  it('bills active customers only: plan price plus add-ons', async () => {
    const summary = await examplePortfolio();
    const billed = Object.fromEntries(summary.rows.map((r) => [r.id, r.billedUsd]));
    expect(billed).toEqual({
      'acme-corp': 89, // scale 79 + storage-ebs-100 10
      'bluefin-bakery': 39,
      'kestrel-legal': 0, // suspended
      'lumen-analytics': 114, // scale 79 + ram-cpu-upgrade 35
      'nordlicht-media': 219, // titan 149 + redis-cache 30 + storage-ebs-500 40
      'orchid-studio': 0, // decommissioned
      'tidewater-travel': 57, // core 39 + storage-ebs-100 10 + storage-s3-250 8
    });
    expect(summary.monthlyRevenueUsd).toBe(518);
    expect(summary.byStatus).toEqual({ active: 5, suspended: 1, decommissioned: 1 });
    expect(summary.plans.map((p) => [p.id, p.customers])).toEqual([
      ['core', 3],
      ['scale', 2],
      ['titan', 1],
    ]);
  });

  it('renders as a readable table', async () => {
    await expect(renderPortfolioText(await examplePortfolio())).toMatchFileSnapshot(
      './__snapshots__/portfolio.txt',
    );
  });
});
