import type { TerraformCheck, TerraformCustomerCheck } from '../../plan/index.js';
import { mdCode, mdTable, mdText } from '../markdown.js';
import type { Paint } from '../style.js';
import { renderTable } from '../table.js';
import { countsText, plural } from '../words.js';

/** The customers where Terraform and neo disagree: what leads the plan. */
function disagreeing(check: TerraformCheck | undefined): TerraformCustomerCheck[] {
  return check?.customers.filter((c) => c.disagreements.length > 0) ?? [];
}

function verdict(customer: TerraformCustomerCheck): string {
  if (customer.error !== undefined) return 'could not plan';
  return customer.disagreements.length === 0 ? 'agrees' : 'disagrees';
}

/** Terminal: the warning for the top of the plan, and the section for its end. */
export function terraformCheckLines(
  check: TerraformCheck | undefined,
  paint: Paint,
  clean: (text: string) => string,
): { top: string[]; section: string[] } {
  if (check === undefined) return { top: [], section: [] };
  const against = disagreeing(check);
  const top =
    against.length === 0
      ? []
      : [
          paint(
            'red',
            `TERRAFORM DISAGREES with neo for ${plural(against.length, 'customer')} (${check.tool}):`,
          ),
          ...against.flatMap((c) => c.disagreements.map((d) => `  ${c.customerId}: ${clean(d)}`)),
          '',
        ];
  const rows = check.customers.map((c) => [
    c.customerId,
    countsText(c.neo),
    c.terraform === undefined ? '—' : countsText(c.terraform),
    verdict(c),
  ]);
  const errors = check.customers.flatMap((c) =>
    c.error === undefined ? [] : [paint('red', `  ${c.customerId}: ${clean(c.error)}`)],
  );
  const section = [
    paint('bold', `Terraform cross-check (${check.tool}, against the live state)`),
    renderTable(['customer', 'neo', 'terraform', ''], rows, paint, { right: [] }),
    ...errors,
    '',
  ];
  return { top, section };
}

/** Markdown: a caution at the top when they disagree. */
export function terraformCheckWarning(check: TerraformCheck | undefined): string {
  const against = disagreeing(check);
  if (check === undefined || against.length === 0) return '';
  const items = against.flatMap((c) =>
    c.disagreements.map((d) => `> - ${mdCode(c.customerId)}: ${mdText(d)}`),
  );
  return [
    `> [!CAUTION]`,
    `> **Terraform disagrees with neo** for ${plural(against.length, 'customer')} (${mdText(check.tool)}). Review what Terraform will do before merging:`,
    ...items,
  ].join('\n');
}

/** Markdown: the counts side by side. */
export function terraformCheckSection(check: TerraformCheck | undefined): string {
  if (check === undefined || check.customers.length === 0) return '';
  const icon = (c: TerraformCustomerCheck) =>
    c.error !== undefined ? '⛔ could not plan' : c.disagreements.length === 0 ? '✓' : '⚠️ disagrees';
  const table = mdTable(
    ['customer', 'neo', 'Terraform', ''],
    check.customers.map((c) => [
      mdCode(c.customerId),
      countsText(c.neo),
      c.terraform === undefined ? '—' : countsText(c.terraform),
      icon(c),
    ]),
  );
  const errors = check.customers.flatMap((c) =>
    c.error === undefined ? [] : [`- ${mdCode(c.customerId)}: ${mdText(c.error)}`],
  );
  return [
    `#### Terraform cross-check\n\n${mdText(check.tool)} planned each changed customer against its live state.`,
    table,
    errors.join('\n'),
  ]
    .filter((p) => p !== '')
    .join('\n\n');
}
