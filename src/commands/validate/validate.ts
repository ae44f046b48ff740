import { parseArgs } from 'node:util';
import { render, renderDiagnosticsMarkdown, VALIDATION_REPORT } from '../../report/index.js';
import type { CommandContext } from '../../services/index.js';
import {
  EXIT,
  findRepositoryRoot,
  oneOf,
  paintFor,
  repositoryPath,
  sourceAtRef,
  writeStepSummary,
} from '../../services/index.js';
import { type Diagnostic, directorySource, hasErrors, LAYOUT, validateRepository } from '../../spec/index.js';

export const VALIDATE_USAGE = `Usage: neo validate [--base <git-ref>] [--format text|github|json] [--root <dir>] [paths…]

Checks customer, plan and platform specs: YAML syntax, the JSON Schemas in schemas/, and the
rules across files. Reports every problem at once as file:line:column. With paths, reports only
on those files and folders (plus the shared plans/ and neo.yaml they depend on).

  --base <ref>     also check changes since <ref>: a deleted customer must have been decommissioned
  --format <f>     text (default), github (Actions annotations), json
  --root <dir>     the repository (default: the nearest folder upwards with a neo.yaml)

In GitHub Actions the result is also written to the job summary ($GITHUB_STEP_SUMMARY).

Exit status: 0 valid, 1 problems found, 2 usage error.
`;

const FORMATS = ['text', 'github', 'json'] as const;

export async function validateCommand(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      base: { type: 'string' },
      format: { type: 'string', default: 'text' },
      root: { type: 'string' },
    },
  });
  const format = oneOf('format', values.format, FORMATS);
  const { io } = context;
  const root = findRepositoryRoot(io.cwd, values.root);
  const only = positionals.map((p) => repositoryPath(root, io.cwd, p));
  const base = values.base === undefined ? undefined : await sourceAtRef(context, root, values.base);

  const validation = await validateRepository(directorySource(root), {
    schemas: context.schemas(),
    ...(base === undefined ? {} : { base }),
  });
  const diagnostics =
    only.length === 0 ? validation.diagnostics : validation.diagnostics.filter((d) => concerns(d, only));
  const checked =
    only.length === 0 ? validation.files.length : validation.files.filter((f) => within(f, only)).length;

  io.stdout.write(render(VALIDATION_REPORT, format, { diagnostics, checked }, paintFor(io)));
  await writeStepSummary(context, (maxChars) =>
    renderDiagnosticsMarkdown(diagnostics, { command: 'validate', checked, maxChars }),
  );
  return hasErrors(diagnostics) ? EXIT.failed : EXIT.ok;
}

function within(file: string, paths: readonly string[]): boolean {
  return paths.some((p) => p === '' || file === p || file.startsWith(`${p}/`));
}

/** Shared files (neo.yaml, plans/) matter to every customer, so their problems always show. */
function concerns(diagnostic: Diagnostic, paths: readonly string[]): boolean {
  const shared = diagnostic.file === LAYOUT.platform || diagnostic.file.startsWith(`${LAYOUT.plansDir}/`);
  return shared || within(diagnostic.file, paths);
}
