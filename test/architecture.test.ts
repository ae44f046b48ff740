import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './helpers/repository.js';

/**
 * The pipeline, bottom to top, written once (docs/architecture.md explains each): a module may
 * import the modules below it, never one above.
 */
const LAYERS = [
  'spec', // YAML files → typed, validated specs
  'graph', // the resource graph every stage shares
  'git', // commits and changed files
  'synth', // specs → Terraform stacks (CDK for Terraform)
  'diff', // graph against graph → changes with risks
  'cloud', // the live cloud → observed graphs and drift
  'plan', // neo's plan of a change, as data
  'rollout', // shards, waves, maintenance windows: how a change spreads over the fleet
  'apply', // making the cloud match: Terraform or the local cloud, the ledger, the guards
  'report', // data → text, markdown, JSON (pure)
  'github', // the code host: comments, pull requests, issues
  'services', // what commands need done, with the context's clients
  'commands', // flags → services → one renderer
  'cli.ts',
  'main.ts',
] as const;

/**
 * Entry points below a module's index, reached only by `import()` on first use: each loads a
 * heavy dependency that most commands never need (cdktf, the AWS SDK).
 */
const LAZY_ENTRIES = [
  'src/synth/index.ts',
  'src/cloud/aws/index.ts',
  'src/cloud/local/index.ts',
  'src/apply/ledger/index.ts',
  'src/apply/aws/index.ts',
];

const SRC = join(PROJECT_ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

interface Import {
  from: string;
  to: string;
  /** How it is loaded: `import()` on first use, only its types (nothing at run time), or at start. */
  kind: 'dynamic' | 'types' | 'static';
}

const SPECIFIER =
  /(?:^|\n)\s*(?:import|export)\s+(type\s+)?[^'";]*?from\s+'(\.[^']+)'|(typeof\s+)?import\(\s*'(\.[^']+)'\s*\)/g;

/** Every relative import in the source, as repository paths (`.js` read as the `.ts` it names). */
function imports(file: string, text: string): Import[] {
  return [...text.matchAll(SPECIFIER)].map((m) => {
    const spec = (m[2] ?? m[4]) as string;
    const to = normalize(join(dirname(file), spec)).replace(/\.js$/, '.ts');
    const kind =
      m[1] !== undefined || m[3] !== undefined ? 'types' : m[4] !== undefined ? 'dynamic' : 'static';
    return { from: relative(PROJECT_ROOT, file), to: relative(PROJECT_ROOT, to), kind };
  });
}

/** `src/plan/types.ts` → `plan`; `src/cli.ts` → `cli.ts`. */
function moduleOf(path: string): string {
  return path.split('/')[1] as string;
}

/** The rule broken by one import, if any. */
function violation({ from, to, kind }: Import): string | undefined {
  const [a, b] = [moduleOf(from), moduleOf(to)];
  if (a === b) return undefined;
  const [below, above] = [LAYERS.indexOf(b as never), LAYERS.indexOf(a as never)];
  if (below < 0 || above < 0) return `${from} → ${to}: ${below < 0 ? b : a} is not in LAYERS`;
  if (below > above) return `${from} → ${to}: ${a} is below ${b} in the pipeline`;
  if (LAZY_ENTRIES.includes(to)) {
    return kind === 'static' ? `${from} → ${to}: load it with import() on first use` : undefined;
  }
  if (to !== `src/${b}/index.ts` && to !== `src/${b}`)
    return `${from} → ${to}: import src/${b}/index.ts instead`;
  return undefined;
}

function violations(files: ReadonlyMap<string, string>): string[] {
  return [...files].flatMap(([file, text]) => imports(file, text).flatMap((i) => violation(i) ?? []));
}

describe('the architecture', () => {
  const files = new Map(sourceFiles(SRC).map((file) => [file, readFileSync(file, 'utf8')]));

  it('finds the source and every module in LAYERS', () => {
    expect(files.size).toBeGreaterThan(150);
    const modules = new Set([...files.keys()].map((file) => moduleOf(relative(PROJECT_ROOT, file))));
    expect([...modules].sort()).toEqual([...LAYERS].sort());
  });

  it('imports only down the pipeline, through each module’s index, heavy entry points on first use', () => {
    expect(violations(files)).toEqual([]);
  });

  it('keeps every source file under 400 lines (generated ones aside): small files, one idea each', () => {
    const long = [...files]
      .map(([file, text]) => [relative(PROJECT_ROOT, file), text.split('\n').length] as const)
      .filter(([, lines]) => lines > 400);
    expect(long).toEqual([]);
  });

  it('finds each kind of violation (the rules can fail)', () => {
    const at = (path: string) => join(PROJECT_ROOT, path);
    const planted = new Map([
      [at('src/diff/up.ts'), "import { assemblePlan } from '../plan/index.js';"],
      [at('src/plan/past.ts'), "import { diff } from '../diff/diff.js';"],
      [at('src/services/eager.ts'), "import { synthesizeFleet } from '../synth/index.js';"],
      [at('src/commands/lazy.ts'), "const synth = await import('../synth/index.js');"],
      [at('src/apply/typed.ts'), "import type { LocalStore } from '../cloud/local/index.js';"],
      [at('src/commands/nowhere.ts'), "export { x } from '../extras/index.js';"],
    ]);
    expect(violations(planted)).toEqual([
      'src/diff/up.ts → src/plan/index.ts: diff is below plan in the pipeline',
      'src/plan/past.ts → src/diff/diff.ts: import src/diff/index.ts instead',
      'src/services/eager.ts → src/synth/index.ts: load it with import() on first use',
      'src/commands/nowhere.ts → src/extras/index.ts: extras is not in LAYERS',
    ]);
  });
});
