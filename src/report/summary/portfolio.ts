import type { Customer } from '../../spec/index.js';
import { type Paint, plain } from '../style.js';
import { renderTable } from '../table.js';
import { usd } from '../words.js';

/** The portfolio's figures line up: whole dollars keep their cents. */
const CENTS = { cents: 'always' } as const;

export interface PortfolioRow {
  id: string;
  plan: string;
  status: Customer['status'];
  region: string;
  os: string;
  panel: string;
  dns: Customer['dns']['zone'];
  addons: string[];
  /** What the customer is billed per month; 0 unless active. */
  billedUsd: number;
}

/** The repository as the business sees it: who is hosted, on what, for how much. */
export interface Portfolio {
  environment: string;
  rows: PortfolioRow[];
  byStatus: Record<Customer['status'], number>;
  plans: Array<{ id: string; name: string; priceUsd: number; customers: number }>;
  monthlyRevenueUsd: number;
}

export function portfolio(
  environment: string,
  customers: readonly Customer[],
  plans: ReadonlyArray<{ id: string; name: string; priceUsdMonthly: number }>,
): Portfolio {
  const rows = customers.map(
    (c): PortfolioRow => ({
      id: c.id,
      plan: c.tier.id,
      status: c.status,
      region: c.region,
      os: c.server.os,
      panel: c.server.panel,
      dns: c.dns.zone,
      addons: c.addons.map((a) => a.id),
      billedUsd: c.status === 'active' ? c.monthlyPriceUsd : 0,
    }),
  );
  const byStatus = { active: 0, suspended: 0, decommissioned: 0 };
  for (const row of rows) byStatus[row.status]++;
  return {
    environment,
    rows,
    byStatus,
    plans: plans.map((p) => ({
      id: p.id,
      name: p.name,
      priceUsd: p.priceUsdMonthly,
      customers: rows.filter((r) => r.plan === p.id && r.status !== 'decommissioned').length,
    })),
    monthlyRevenueUsd: Math.round(rows.reduce((sum, r) => sum + r.billedUsd, 0) * 100) / 100,
  };
}

export function renderPortfolioText(summary: Portfolio, paint: Paint = plain): string {
  const { byStatus } = summary;
  const total = summary.rows.length;
  const head = `NEO platform · ${summary.environment} · ${total} customers (${byStatus.active} active, ${byStatus.suspended} suspended, ${byStatus.decommissioned} decommissioned)`;
  const table = renderTable(
    ['customer', 'plan', 'status', 'region', 'server', 'dns', 'add-ons', '$/month'],
    summary.rows.map((r) => [
      r.id,
      r.plan,
      r.status,
      r.region,
      `${r.os} + ${r.panel}`,
      r.dns,
      r.addons.join(', ') || '—',
      r.status === 'active' ? usd(r.billedUsd, CENTS) : '—',
    ]),
    paint,
  );
  const plans = summary.plans.map((p) => `${p.id} ${usd(p.priceUsd, CENTS)} × ${p.customers}`).join(' · ');
  const revenue = `${usd(summary.monthlyRevenueUsd, CENTS)} / month from ${byStatus.active} active customers (suspended and decommissioned customers are not billed)`;
  return [
    paint('bold', head),
    '',
    table,
    '',
    `${paint('bold', 'Plans  ')}  ${plans}`,
    `${paint('bold', 'Revenue')}  ${revenue}`,
    '',
  ].join('\n');
}
