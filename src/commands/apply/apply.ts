import { parseArgs } from 'node:util';
import type { ApplyReport } from '../../apply/index.js';
import { commitOf } from '../../git/index.js';
import { blocks } from '../../plan/index.js';
import { APPLY_REPORT, render, VALIDATION_REPORT } from '../../report/index.js';
import { parseShard, type Shard } from '../../rollout/index.js';
import type { ApplyOptions, CommandContext } from '../../services/index.js';
import {
  CLOUD_NAMES,
  commitAt,
  EXIT,
  findRepositoryRoot,
  isCloudError,
  isGitHubError,
  oneOf,
  paintFor,
  runApply,
  UsageError,
} from '../../services/index.js';
import { directorySource, hasErrors, validateRepository } from '../../spec/index.js';
import { ALLOW_BLAST_RADIUS_LABEL, ApplyPublisher } from './publish.js';

export const APPLY_USAGE = `Usage: neo apply [--cloud local|aws] [--concurrency <n>] [--all] [--at <commit> <customer>]
                 [--shard <k>/<n>] [--dry-run] [--allow-blast-radius] [--format text|markdown|json]
                 [--comment] [--root <dir>] [customer…]

Makes the cloud match the repository, customer by customer. Applies the customers whose
synthesized stack differs from the one last applied for them (whatever commit that was, so a
failed or cancelled run is caught up by the next one), and forgets customers whose file was
deleted after they were decommissioned. Every customer is planned first; the destroy guard
refuses deleting or replacing a server, volume, database, bucket or hosted zone unless the
customer is decommissioned or its file lists the kind under allowDataLoss, and the run stops
before applying anything when it exceeds the blast-radius limits of neo.yaml. Then each
customer is applied, its transient failures retried, and the cloud is read back to verify.

  --cloud <c>           local (default): the file-backed cloud in terraform-state/local/
                        aws: Terraform per stack (.neo/stacks/<id>/), state in the S3 bucket of
                        neo.yaml; the binary is $NEO_TERRAFORM (default terraform; tofu works)
  --concurrency <n>     customers planned and applied at once (default 4)
  --all                 plan every customer, not only those whose stack changed (restores
                        hand edits everywhere)
  --at <commit>         roll one customer back: apply its stack as of that commit (through
                        the destroy guard); the next apply of the branch re-applies its head
  --shard <k>/<n>       apply only the k-th of n parts of the affected customers (each customer's
                        part follows from its id alone, so n runners given 1/n to n/n apply each
                        customer exactly once). Every affected customer is still planned, and the
                        blast radius judged over all of them, before the part is applied. Not
                        with named customers, --at or --comment
  --dry-run             plan and judge every affected customer as an apply would, and stop
                        there: nothing is applied or recorded
  --allow-blast-radius  apply even when the run exceeds the blast-radius limits
  --format <f>          text (default), markdown (a GitHub comment), json
  --endpoint <url>      with --cloud aws: an AWS-compatible endpoint for the verification reads
  --comment             report on GitHub (in the workflow that runs on merge): the result table
                        as a comment on the merged pull request, and an issue (opened, or
                        updated while applies keep failing, closed by the first that succeeds)
                        naming every refused or failed customer, the error and how to retry.
                        A pull request merged into the default branch with the label
                        allow-blast-radius, whose plan for the merged head was posted with it,
                        accepts the changes that plan showed and no others.
                        Token from GITHUB_TOKEN, commit from GITHUB_SHA
  --root <dir>          the repository (default: the nearest folder upwards with a neo.yaml)
  customer…             apply these customers, whether or not their stacks changed

In GitHub Actions the report is also written to the job summary ($GITHUB_STEP_SUMMARY).

Exit status: 0 applied (or nothing to do), 1 invalid specs, a customer failed or was refused,
or the blast radius was exceeded, 2 usage error.
`;

const FORMATS = ['text', 'markdown', 'json'] as const;

const FLAGS = {
  cloud: { type: 'string', default: 'local' },
  concurrency: { type: 'string', default: '4' },
  all: { type: 'boolean', default: false },
  at: { type: 'string' },
  shard: { type: 'string' },
  'allow-blast-radius': { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  format: { type: 'string', default: 'text' },
  endpoint: { type: 'string' },
  comment: { type: 'boolean', default: false },
  root: { type: 'string' },
} as const;

export async function applyCommand(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: FLAGS });
  try {
    return await apply(values, positionals, context);
  } catch (error) {
    if (!isGitHubError(error)) throw error;
    context.io.stderr.write(`neo apply: ${error.message}\n`);
    return EXIT.failed;
  }
}

type ApplyFlags = ReturnType<
  typeof parseArgs<{ args: string[]; options: typeof FLAGS; allowPositionals: true }>
>['values'];

async function apply(values: ApplyFlags, positionals: string[], context: CommandContext): Promise<number> {
  const cloud = oneOf('cloud', values.cloud, CLOUD_NAMES);
  const format = oneOf('format', values.format, FORMATS);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new UsageError(`--concurrency ${values.concurrency}: use a whole number from 1 to 64`);
  if (values.at !== undefined && positionals.length !== 1)
    throw new UsageError(
      '--at rolls back one customer: name exactly one, e.g. neo apply --at 1a2b3c4 acme-corp',
    );
  if (values.at !== undefined && values.all) throw new UsageError('--at and --all do not go together');
  if (values.endpoint !== undefined && cloud !== 'aws')
    throw new UsageError('--endpoint goes with --cloud aws');
  const shard = values.shard === undefined ? undefined : shardFlag(values.shard, values, positionals);

  const { io } = context;
  const root = findRepositoryRoot(io.cwd, values.root);
  const at = values.at === undefined ? undefined : await commitAt(context, root, values.at, '--at');
  const source = at?.source ?? directorySource(root);
  const publisher = await ApplyPublisher.open(context, values.comment, () => committed(context, root));
  const validation = await validateRepository(source, { schemas: context.schemas() });
  if (hasErrors(validation.diagnostics)) {
    const invalid = { diagnostics: validation.diagnostics, checked: validation.files.length };
    io.stdout.write(render(VALIDATION_REPORT, 'text', invalid, paintFor(io)));
    await publisher.invalid(validation.diagnostics);
    return EXIT.failed;
  }
  const options: ApplyOptions = {
    cloud,
    concurrency,
    all: values.all,
    allowBlastRadius: values['allow-blast-radius'],
    ...(publisher.label.acceptance === undefined ? {} : { acceptance: publisher.label.acceptance }),
    dryRun: values['dry-run'],
    named: positionals,
    ...(values.endpoint === undefined ? {} : { endpoint: values.endpoint }),
    ...(at === undefined ? {} : { at: { commit: at.commit, source: at.source } }),
    ...(shard === undefined ? {} : { shard }),
  };
  let report: ApplyReport;
  try {
    report = await runApply(root, validation.repository, options, context);
  } catch (error) {
    if (!isRunError(error)) throw error;
    io.stderr.write(`neo apply: ${error.message}\n`);
    await publisher.stopped(error.message);
    return EXIT.failed;
  }
  if (publisher.reviewNote !== undefined) report.notes.push(publisher.reviewNote);
  report.notes.push(...labelNotes(report, publisher, values['allow-blast-radius']));
  io.stdout.write(render(APPLY_REPORT, format, report, paintFor(io)));
  await publisher.applied(report, !succeeded(report));
  return succeeded(report) ? EXIT.ok : EXIT.failed;
}

/**
 * `--shard K/N`, read; it partitions the affected customers, so not one rolled back or named.
 * Nor with `--comment`: each shard would edit the one report comment over the others', and a
 * shard that succeeded would close the failure issue another shard opened.
 */
function shardFlag(value: string, flags: ApplyFlags, named: readonly string[]): Shard {
  const shard = parseShard(value);
  if ('problem' in shard) throw new UsageError(`--shard ${value}: ${shard.problem}`);
  if (flags.at !== undefined)
    throw new UsageError('--shard and --at do not go together: --at rolls back one customer');
  if (flags.comment)
    throw new UsageError(
      "--shard and --comment do not go together yet: each shard would overwrite the others' report comment and close their failure issue; post one report gathered from the shards' --format json instead",
    );
  if (named.length > 0)
    throw new UsageError('--shard splits the affected customers: name customers or give --shard, not both');
  return shard;
}

/** What the report says of the `allow-blast-radius` label, when the run was over the limits. */
function labelNotes(report: ApplyReport, publisher: ApplyPublisher, byHand: boolean): string[] {
  const radius = report.blastRadius;
  if (byHand || radius === undefined) return [];
  const { acceptance, refused } = publisher.label;
  const pr = `#${publisher.pullRequest?.number}`;
  if (refused !== undefined) return [refused];
  if (acceptance === undefined) return [];
  if (radius.overridden)
    return [
      `The blast radius is accepted by the label ${ALLOW_BLAST_RADIUS_LABEL} on ${pr}, as its plan showed.`,
    ];
  const names = (radius.unaccepted ?? []).join(', ');
  return [
    `The label ${ALLOW_BLAST_RADIUS_LABEL} on ${pr} accepts only the changes its plan showed. This run also holds changes its plan did not show${names === '' ? '' : ` (${names})`}, held back before or made since, and those exceed the blast radius on their own: review them, then apply by hand (Actions → neo apply → Run workflow, with allow-blast-radius).`,
  ];
}

/** The commit checked out, for the report when GITHUB_SHA does not say. */
async function committed(context: CommandContext, root: string): Promise<string | undefined> {
  return commitOf(await context.git(root), 'HEAD');
}

/**
 * What stops a run before any customer is planned, for a reason a user can fix: no Terraform,
 * an unreadable ledger, no cloud. Matched by name so the modules load only when used.
 */
function isRunError(error: unknown): error is Error {
  return (
    isCloudError(error) || (error instanceof Error && ['TerraformError', 'LedgerError'].includes(error.name))
  );
}

function succeeded(report: ApplyReport): boolean {
  // A run stopped by the blast radius (a state that moved, say) failed, even where no
  // customer had a change to hold back.
  if (report.blastRadius !== undefined && blocks(report.blastRadius)) return false;
  return report.customers.every(
    (c) =>
      ['applied', 'unchanged', 'forgotten', 'planned'].includes(c.outcome) &&
      (c.verification ?? []).every((check) => check.ok),
  );
}
