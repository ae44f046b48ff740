import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderDiagnosticsText, renderSynthText, renderVerdict, type SynthRow } from '../../report/index.js';
import type { CommandContext } from '../../services/index.js';
import { EXIT, findRepositoryRoot, paintFor, selectCustomers, UsageError } from '../../services/index.js';
import {
  type Customer,
  directorySource,
  hasErrors,
  resolveCustomers,
  validateRepository,
} from '../../spec/index.js';

export const SYNTH_USAGE = `Usage: neo synth [--out <dir>] [--backend s3|local] [--rebuild] [--root <dir>] [customer…]

Validates the repository, then writes each customer's Terraform stack (plain Terraform JSON, made
with CDK for Terraform) to <out>/<customer>/main.tf.json. Only stacks whose inputs or neo's code
changed are rebuilt; the others come from the cache in .neo/cache/stacks.

  --out <dir>      where stacks go (default: .neo/stacks in the repository)
  --backend <b>    s3: the state bucket of neo.yaml, with S3 native locking (default)
                   local: state files under terraform-state/local/, for trying stacks out
  --rebuild        ignore the cache and build every stack
  --root <dir>     the repository (default: the nearest folder upwards with a neo.yaml)

Exit status: 0 written, 1 invalid specs, 2 usage error.
`;

const BACKENDS = ['s3', 'local'] as const;
type Backend = (typeof BACKENDS)[number];

export async function synthCommand(args: string[], context: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      backend: { type: 'string', default: 's3' },
      rebuild: { type: 'boolean', default: false },
      root: { type: 'string' },
    },
  });
  const backend = values.backend as Backend;
  if (!BACKENDS.includes(backend)) throw new UsageError(`--backend ${values.backend}: use s3 or local`);
  const { io } = context;
  const started = context.clock();
  const root = findRepositoryRoot(io.cwd, values.root);
  const out = resolve(io.cwd, values.out ?? join(root, '.neo/stacks'));

  const validation = await validateRepository(directorySource(root), { schemas: context.schemas() });
  const paint = paintFor(io);
  if (validation.diagnostics.length > 0)
    io.stdout.write(renderDiagnosticsText(validation.diagnostics, paint));
  if (hasErrors(validation.diagnostics)) {
    io.stdout.write(renderVerdict(validation.diagnostics, validation.files.length, paint));
    return EXIT.failed;
  }
  const customers = selectCustomers(resolveCustomers(validation.repository), positionals);

  // Loaded here so that other commands never pay for the synthesizer.
  const synth = await import('../../synth/index.js');
  const stateFile = (c: Customer) => join(root, 'terraform-state/local', `${c.id}.tfstate`);
  const inputs = synth.stackInputs(validation.repository, customers, (c) =>
    backend === 'local' ? { kind: 'local', path: relative(join(out, c.id), stateFile(c)) } : { kind: 's3' },
  );
  const { stacks, removed } = await synth.writeStacks(inputs, {
    out,
    cacheDir: join(root, '.neo/cache/stacks'),
    rebuild: values.rebuild,
    wholeFleet: positionals.length === 0,
    now: context.now(),
  });
  const rows = stacks.map(
    (stack, i): SynthRow => ({
      id: stack.customerId,
      status: customers[i]?.status ?? 'active',
      plan: customers[i]?.tier.id ?? '',
      resources: stack.resources,
      cached: !stack.built,
      path: relative(io.cwd, stack.file),
    }),
  );
  io.stdout.write(renderSynthText({ rows, removed, backend, elapsedMs: context.clock() - started }, paint));
  return EXIT.ok;
}
