import { parseArgs } from 'node:util';
import { countActions } from '../diff/index.js';
import { type LocalApplyResult, renderLocalApplyText } from '../report/apply-local.js';
import { renderDiagnosticsText, renderVerdict } from '../report/diagnostics.js';
import { directorySource, hasErrors, resolveCustomers, validateRepository } from '../spec/index.js';
import type { CommandContext } from './context.js';
import { selectCustomers } from './customers.js';
import { EXIT, paintFor, UsageError } from './io.js';
import { findRepositoryRoot } from './root.js';
import { desiredGraphs } from './stacks.js';

export const APPLY_USAGE = `Usage: neo apply --cloud local [--root <dir>] [customer…]

Makes the local cloud (terraform-state/local/, no AWS account needed) match the repository:
validates, synthesizes each customer's stack and applies it as Terraform would (create,
update, replace, delete), reverting hand edits of the resources neo manages. Resources neo
did not create are left alone. Applying twice changes nothing the second time.

  --cloud local  the file-backed local cloud (the only target of this version; applying to
                 AWS runs Terraform per stack and is not built yet)
  --root <dir>   the repository (default: the nearest folder upwards with a neo.yaml)

Exit status: 0 applied, 1 invalid specs or a customer failed, 2 usage error.
`;

export async function applyCommand(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { cloud: { type: 'string', default: 'local' }, root: { type: 'string' } },
  });
  if (values.cloud !== 'local') {
    throw new UsageError(`--cloud ${values.cloud}: only the local cloud can be applied to in this version`);
  }
  const { io } = context;
  const paint = paintFor(io);
  const root = findRepositoryRoot(io.cwd, values.root);
  const validation = await validateRepository(directorySource(root), { schemas: context.schemas() });
  if (hasErrors(validation.diagnostics)) {
    io.stdout.write(renderDiagnosticsText(validation.diagnostics, paint));
    io.stdout.write(renderVerdict(validation.diagnostics, validation.files.length, paint));
    return EXIT.failed;
  }
  const customers = selectCustomers(resolveCustomers(validation.repository), positionals);
  const graphs = await desiredGraphs(root, validation.repository, customers);
  const local = await import('../cloud/local/index.js');
  const store = new local.LocalStore(local.localCloudRoot(root));
  const results: LocalApplyResult[] = [];
  // One at a time: every customer's apply reads and writes the same cloud folder.
  for (const customer of customers) {
    const result: LocalApplyResult = { customerId: customer.id, status: customer.status };
    try {
      const graph = graphs.get(customer.id);
      if (graph === undefined) throw new Error('its stack was not synthesized');
      result.counts = countActions(await local.applyLocal(store, customer.id, graph));
    } catch (error) {
      result.error = (error as Error).message;
    }
    results.push(result);
  }
  io.stdout.write(renderLocalApplyText(results, paint));
  return results.some((r) => r.error !== undefined) ? EXIT.failed : EXIT.ok;
}
