import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { changedPaths, defaultBase } from '../../git/index.js';
import { assemblePlan, blocks, withLiveDrift, withNote, withTerraformCheck } from '../../plan/index.js';
import { PLAN_REPORT, render, VALIDATION_REPORT } from '../../report/index.js';
import type { CommandContext } from '../../services/index.js';
import {
  CLOUD_NAMES,
  commitAt,
  EXIT,
  findRepositoryRoot,
  isGitHubError,
  oneOf,
  type PlanSources,
  paintFor,
  planInputs,
  planLiveDrift,
  pullRequestNumber,
  terraformChecks,
} from '../../services/index.js';
import { directorySource, hasErrors, validateRepository } from '../../spec/index.js';
import { PlanPublisher } from './publish.js';

export const PLAN_USAGE = `Usage: neo plan [--base <ref>] [--head <ref>] [--format text|markdown|json] [--allow-blast-radius] [--cloud local|aws] [--terraform] [--comment [--pr <n>]] [--out <file>] [--root <dir>]

Shows what merging would change: validates the specs at head, synthesizes the stacks of the
customers the change can touch at both commits (read through git, no checkout) and compares
them, resource by resource, with the risks first and the business facts (plan tier, price,
estimated AWS cost) per customer. Needs no cloud access.

  --base <ref>          compare with this commit (default: the merge-base with the default
                        branch; without one, e.g. a first run, everything is created)
  --head <ref>          plan this commit (default: the working tree, uncommitted edits included)
  --format <f>          text (default), markdown (a GitHub comment), json
  --allow-blast-radius  accept a plan over the blast-radius limits of neo.yaml
  --cloud <c>           also read the live cloud (local, or aws with the standard credential
                        chain) and show the drift of the compared customers, which merging
                        also reverts; without credentials the plan stays offline and says so
  --endpoint <url>      with --cloud aws: an AWS-compatible endpoint instead of AWS
  --terraform           also run terraform plan for each changed customer (needs Terraform
                        and read access to the state bucket; $NEO_TERRAFORM picks the binary)
                        and flag where Terraform disagrees with neo, above all a replacement
                        neo did not predict
  --comment             post the plan as the pull request's one plan comment (created, or
                        updated in place; an older plan is marked outdated while this one
                        runs). In a pull_request workflow the pull request and its base
                        commit come from the event; the token from GITHUB_TOKEN
  --pr <n>              with --comment outside a pull_request event: the pull request
  --out <file>          also write the whole plan as JSON to <file> (for a workflow artifact)
  --root <dir>          the repository (default: the nearest folder upwards with a neo.yaml)

In GitHub Actions the plan is also written to the job summary ($GITHUB_STEP_SUMMARY).

Exit status: 0 planned, 1 invalid specs or blast radius exceeded, 2 usage error.
`;

const FORMATS = ['text', 'markdown', 'json'] as const;

export async function planCommand(args: string[], context: CommandContext): Promise<number> {
  const values = parseFlags(args);
  try {
    return await runPlan(values, context);
  } catch (error) {
    if (!isGitHubError(error)) throw error;
    context.io.stderr.write(`neo plan: ${error.message}\n`);
    return EXIT.failed;
  }
}

type PlanFlags = ReturnType<typeof parseFlags>;
const parseFlags = (args: string[]) =>
  parseArgs({
    args,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      format: { type: 'string', default: 'text' },
      'allow-blast-radius': { type: 'boolean', default: false },
      cloud: { type: 'string' },
      endpoint: { type: 'string' },
      terraform: { type: 'boolean', default: false },
      comment: { type: 'boolean', default: false },
      pr: { type: 'string' },
      out: { type: 'string' },
      root: { type: 'string' },
    },
  }).values;

async function runPlan(values: PlanFlags, context: CommandContext): Promise<number> {
  const format = oneOf('format', values.format, FORMATS);
  const cloud = values.cloud === undefined ? undefined : oneOf('cloud', values.cloud, CLOUD_NAMES);
  const { io } = context;
  const root = findRepositoryRoot(io.cwd, values.root);
  const head = values.head === undefined ? undefined : await commitAt(context, root, values.head, '--head');
  const publisher = await PlanPublisher.open(context, {
    comment: values.comment,
    ...(values.pr === undefined ? {} : { pullRequest: pullRequestNumber(values.pr) }),
    ...(values.out === undefined ? {} : { out: resolve(io.cwd, values.out) }),
  });
  await publisher.begin();
  const notes: string[] = [];
  const base = await baseCommit(
    context,
    root,
    values.base ?? publisher.base?.sha,
    notes,
    publisher.base?.ref,
  );
  const headSource = head?.source ?? directorySource(root);

  const validation = await validateRepository(headSource, {
    schemas: context.schemas(),
    ...(base === undefined ? {} : { base: base.source }),
  });
  if (hasErrors(validation.diagnostics)) {
    io.stdout.write(
      render(
        VALIDATION_REPORT,
        format,
        { diagnostics: validation.diagnostics, checked: validation.files.length },
        paintFor(io),
      ),
    );
    await publisher.invalid(validation.diagnostics, validation.files.length);
    return EXIT.failed;
  }
  const sources: PlanSources = {
    root,
    head: {
      side:
        head === undefined
          ? { label: publisher.headLabel ?? 'working tree' }
          : { label: head.label, commit: head.commit },
      source: headSource,
      repository: validation.repository,
    },
    allowBlastRadius: values['allow-blast-radius'],
    notes,
  };
  if (base !== undefined) {
    sources.base = {
      side: { label: base.label, commit: base.commit },
      source: base.source,
      commit: base,
      changed: await changedPaths(base.git, base.prefix, base.commit, head?.commit),
    };
  }
  const inputs = await planInputs(sources, context);
  let plan = assemblePlan(inputs);
  if (cloud !== undefined) {
    const platform = validation.repository.platform?.data;
    const settings = {
      cloud,
      root,
      regions: platform?.regions ?? [],
      ...(platform === undefined ? {} : { ledger: { root, stateBackend: platform.stateBackend } }),
    };
    const live = await planLiveDrift(
      inputs,
      { ...settings, ...(values.endpoint ? { endpoint: values.endpoint } : {}) },
      context,
    );
    plan =
      'leftOut' in live
        ? withNote(plan, `Live drift left out: ${live.leftOut}`)
        : withLiveDrift(plan, live.report, live.observed, live.heads);
  }
  if (values.terraform) {
    const checks = await terraformChecks(plan, root, validation.repository, context);
    plan =
      'leftOut' in checks
        ? withNote(plan, `Terraform cross-check left out: ${checks.leftOut}`)
        : withTerraformCheck(plan, checks.tool, checks.customers);
  }
  io.stdout.write(render(PLAN_REPORT, format, plan, paintFor(io)));
  await publisher.planned(plan);
  return blocks(plan.blastRadius) ? EXIT.failed : EXIT.ok;
}

/** The commit to compare with: as given, else the merge-base with the default branch, if any. */
async function baseCommit(
  context: CommandContext,
  root: string,
  ref: string | undefined,
  notes: string[],
  label?: string,
) {
  if (ref !== undefined) return commitAt(context, root, ref, '--base', label);
  const git = await context.git(root);
  if (!(await git.checkIsRepo().catch(() => false))) {
    notes.push('Not a git repository: every customer is planned as new.');
    return undefined;
  }
  const found = await defaultBase(git);
  if (found === undefined) {
    notes.push(
      'No base commit was found (no main or master branch, or a shallow clone without it), so every customer is planned as new. In CI, fetch the default branch (actions/checkout with fetch-depth: 0) or pass --base.',
    );
    return undefined;
  }
  return commitAt(context, root, found.commit, '--base', found.ref);
}
