import { parseArgs } from 'node:util';
import { portfolio, renderDiagnosticsText, renderPortfolioText, renderVerdict } from '../../report/index.js';
import type { CommandContext } from '../../services/index.js';
import { EXIT, findRepositoryRoot, paintFor } from '../../services/index.js';
import { directorySource, hasErrors, resolveCustomers, validateRepository } from '../../spec/index.js';

export const SUMMARY_USAGE = `Usage: neo summary [--root <dir>]

Validates the repository, then prints its customers, plan tiers and monthly revenue.
`;

export async function summaryCommand(args: string[], context: CommandContext): Promise<number> {
  const { values } = parseArgs({ args, options: { root: { type: 'string' } } });
  const { io } = context;
  const root = findRepositoryRoot(io.cwd, values.root);
  const validation = await validateRepository(directorySource(root), { schemas: context.schemas() });
  const paint = paintFor(io);
  if (validation.diagnostics.length > 0) {
    io.stdout.write(renderDiagnosticsText(validation.diagnostics, paint));
  }
  io.stdout.write(renderVerdict(validation.diagnostics, validation.files.length, paint));
  if (hasErrors(validation.diagnostics)) return EXIT.failed;

  const { repository } = validation;
  const plans = [...repository.tiers.values()]
    .map((p) => p.data)
    .sort((a, b) => a.priceUsdMonthly - b.priceUsdMonthly);
  const summary = portfolio(repository.platform?.data.environment ?? '', resolveCustomers(repository), plans);
  io.stdout.write(`\n${renderPortfolioText(summary, paint)}`);
  return EXIT.ok;
}
