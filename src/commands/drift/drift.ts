import { parseArgs } from 'node:util';
import { LedgerError } from '../../apply/index.js';
import type { DriftReport } from '../../cloud/index.js';
import { DRIFT_REPORT, render, renderDriftMarkdown, VALIDATION_REPORT } from '../../report/index.js';
import type { CommandContext } from '../../services/index.js';
import {
  CLOUD_NAMES,
  desiredGraphs,
  EXIT,
  findRepositoryRoot,
  isCloudError,
  observeDrift,
  oneOf,
  paintFor,
  selectCustomers,
  UsageError,
  writeStepSummary,
} from '../../services/index.js';
import { directorySource, hasErrors, resolveCustomers, validateRepository } from '../../spec/index.js';
import { openDriftPullRequests } from './publish.js';

export const DRIFT_USAGE = `Usage: neo drift [--cloud local|aws] [--format text|markdown|json] [--endpoint <url>] [--open-prs [--base-branch <b>]] [--root <dir>] [customer…]

Compares what the cloud holds with what the repository says, per customer: resources whose
attributes differ (modified), resources the spec has and the cloud lost (missing), resources
in a customer's VPC or zone that neo did not create (unmanaged), and resources tagged for a
customer id that has no file any more (orphaned, still billed). The cloud is read in bulk
across all customers; naming customers limits the report, not the reading.

  --cloud <c>       local (default): the file-backed cloud in terraform-state/local/
                    aws: the account of the standard AWS credential chain, regions of neo.yaml
  --format <f>      text (default), markdown, json
  --endpoint <url>  an AWS-compatible endpoint (an emulator) instead of AWS
  --open-prs        one pull request per drifted customer (in the nightly workflow): a commit
                    of its drift record on branch neo/drift/<id>, opened, updated when the
                    drift changes (never a second one), closed with a comment once the drift
                    is gone; orphaned resources go into one tracking issue. Pushes through
                    the checkout's git credentials; token from GITHUB_TOKEN
  --base-branch <b> the branch drift pull requests merge into (default main)
  --root <dir>      the repository (default: the nearest folder upwards with a neo.yaml)

In GitHub Actions the report is also written to the job summary ($GITHUB_STEP_SUMMARY).

Exit status: 0 no drift (with --open-prs: the pull requests are in sync), 2 drift found,
1 error (invalid specs, no credentials, denied access, or a usage mistake).
`;

const FORMATS = ['text', 'markdown', 'json'] as const;

export async function driftCommand(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      cloud: { type: 'string', default: 'local' },
      format: { type: 'string', default: 'text' },
      endpoint: { type: 'string' },
      'open-prs': { type: 'boolean', default: false },
      'base-branch': { type: 'string', default: 'main' },
      root: { type: 'string' },
    },
  });
  const format = oneOf('format', values.format, FORMATS);
  const cloudName = oneOf('cloud', values.cloud, CLOUD_NAMES);
  if (values.endpoint !== undefined && cloudName !== 'aws')
    throw new UsageError('--endpoint goes with --cloud aws');
  const { io } = context;
  const root = findRepositoryRoot(io.cwd, values.root);
  const validation = await validateRepository(directorySource(root), { schemas: context.schemas() });
  if (hasErrors(validation.diagnostics)) {
    const invalid = { diagnostics: validation.diagnostics, checked: validation.files.length };
    io.stderr.write(render(VALIDATION_REPORT, 'text', invalid, paintFor(io, io.stderr)));
    return EXIT.failed;
  }
  const all = resolveCustomers(validation.repository);
  const customers = selectCustomers(all, positionals);
  const graphs = await desiredGraphs(root, validation.repository, customers);
  const platform = validation.repository.platform?.data;
  let report: DriftReport;
  try {
    const cloud = await context.cloud(cloudName, {
      root,
      regions: platform?.regions ?? [],
      ...(values.endpoint === undefined ? {} : { endpoint: values.endpoint }),
    });
    const ledger =
      platform === undefined
        ? undefined
        : await context.ledger(cloudName, { root, stateBackend: platform.stateBackend });
    report = await observeDrift({
      cloud,
      customers,
      graphs,
      known: new Set(all.map((c) => c.id)),
      sweep: positionals.length === 0,
      ...(ledger === undefined ? {} : { ledger }),
      observedAt: context.now(),
      io,
    });
  } catch (error) {
    if (!isCloudError(error) && !(error instanceof LedgerError)) throw error;
    io.stderr.write(`neo drift: ${error.message}\n`);
    return EXIT.failed;
  }
  await writeStepSummary(context, (maxChars) => renderDriftMarkdown(report, { maxChars }));
  io.stdout.write(render(DRIFT_REPORT, format, report, paintFor(io)));
  if (values['open-prs']) {
    const scope = positionals.length === 0 ? 'all' : new Set(customers.map((c) => c.id));
    return openDriftPullRequests(context, root, report, { scope, base: values['base-branch'] });
  }
  return hasDrift(report) ? EXIT.drift : EXIT.ok;
}

export function hasDrift(report: DriftReport): boolean {
  return report.orphans.length > 0 || report.customers.some((c) => c.items.length > 0);
}
