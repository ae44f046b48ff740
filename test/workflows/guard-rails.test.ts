/**
 * The repository settings that keep one writer from reaching production alone: CODEOWNERS and
 * the two rulesets shipped in .github/ (docs/installing.md#github applies them). Each check
 * lists what is missing; each is shown to fail on a weakened copy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../helpers/repository.js';

const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), 'utf8');

/** Files whose change must wait for a platform owner: neo itself, its runs, its state. */
const GUARDED = [
  '.github/workflows/apply.yml',
  '.github/CODEOWNERS',
  '.github/rulesets/main.json',
  'src/main.ts',
  'src/synth/constructs/identity.ts',
  'schemas/customer.schema.json',
  'package.json',
  'package-lock.json',
  '.terraform.lock.hcl',
  'neo.yaml',
  'tsconfig.json',
];

/**
 * The owners of a path, as GitHub reads CODEOWNERS: the last matching line wins. Only the forms
 * the file uses are understood (`/dir/`, `/file`); any other pattern is an error, so a new
 * form cannot slip past this test unmatched.
 */
function ownersOf(codeowners: string, path: string): string[] {
  let owners: string[] = [];
  for (const line of codeowners.split('\n')) {
    const [pattern, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (pattern === undefined || pattern === '') continue;
    if (!/^\/[\w.\-/]+$/.test(pattern))
      throw new Error(`CODEOWNERS pattern this test does not read: ${pattern}`);
    const anchored = pattern.slice(1);
    const matches = anchored.endsWith('/') ? path.startsWith(anchored) : path === anchored;
    if (matches) owners = names;
  }
  return owners;
}

function unowned(codeowners: string): string[] {
  return GUARDED.filter((path) => ownersOf(codeowners, path).length === 0).map(
    (path) => `${path} has no owner`,
  );
}

interface Rule {
  type: string;
  parameters?: Record<string, unknown>;
}
interface Ruleset {
  target?: string;
  enforcement?: string;
  conditions?: { ref_name?: { include?: string[] } };
  bypass_actors?: { actor_type?: string }[];
  rules?: Rule[];
}

/** The status check branch protection requires: the plan job's name, as GitHub reports it. */
function planCheckName(): string {
  const plan = parse(read('.github/workflows/plan.yml')) as { jobs: Record<string, { name?: string }> };
  const names = Object.values(plan.jobs).map((job) => job.name);
  if (names.length !== 1 || names[0] === undefined) throw new Error('plan.yml: expected one named job');
  return names[0];
}

function mainFindings(ruleset: Ruleset): string[] {
  const rule = (type: string) => ruleset.rules?.find((r) => r.type === type);
  const review = rule('pull_request')?.parameters ?? {};
  const checks = (rule('required_status_checks')?.parameters?.required_status_checks ?? []) as {
    context: string;
  }[];
  return [
    ...(ruleset.enforcement === 'active' ? [] : ['not enforced']),
    ...(ruleset.conditions?.ref_name?.include?.includes('~DEFAULT_BRANCH')
      ? []
      : ['not on the default branch']),
    ...((ruleset.bypass_actors ?? []).length === 0 ? [] : ['someone may bypass it']),
    ...['deletion', 'non_fast_forward'].filter((type) => rule(type) === undefined).map((t) => `no ${t} rule`),
    ...(Number(review.required_approving_review_count ?? 0) >= 1 ? [] : ['no approval required']),
    ...(review.require_last_push_approval === true ? [] : ['the most recent push needs no approval']),
    ...(review.require_code_owner_review === true ? [] : ['code owners need not review']),
    ...(review.dismiss_stale_reviews_on_push === true ? [] : ['approvals survive a new push']),
    ...(checks.some((c) => c.context === planCheckName())
      ? []
      : [`the "${planCheckName()}" check is not required`]),
  ];
}

function driftFindings(ruleset: Ruleset): string[] {
  const types = new Set((ruleset.rules ?? []).map((r) => r.type));
  const actors = ruleset.bypass_actors ?? [];
  return [
    ...(ruleset.enforcement === 'active' ? [] : ['not enforced']),
    ...(ruleset.conditions?.ref_name?.include?.includes('refs/heads/neo/drift/**')
      ? []
      : ['not on neo/drift/**']),
    ...['creation', 'update', 'deletion'].filter((type) => !types.has(type)).map((t) => `no ${t} rule`),
    ...(actors.length === 1 && actors[0]?.actor_type === 'Integration'
      ? []
      : ['not the App alone may write']),
  ];
}

const json = (path: string) => JSON.parse(read(path)) as Ruleset;

describe('CODEOWNERS', () => {
  it('gives every file of neo, its workflows and its state settings an owner', () => {
    expect(unowned(read('.github/CODEOWNERS'))).toEqual([]);
  });

  it('leaves customers and plans to any second writer', () => {
    const codeowners = read('.github/CODEOWNERS');
    expect(ownersOf(codeowners, 'customers/acme-corp.yaml')).toEqual([]);
    expect(ownersOf(codeowners, 'plans/standard.yaml')).toEqual([]);
  });

  it('finds what a weakened copy leaves unowned', () => {
    const weakened = read('.github/CODEOWNERS')
      .replace(/^\/src\/.*$/m, '')
      .replace(/^\/neo\.yaml.*$/m, '');
    expect(unowned(weakened)).toEqual([
      'src/main.ts has no owner',
      'src/synth/constructs/identity.ts has no owner',
      'neo.yaml has no owner',
    ]);
  });

  it('lets the last matching line win, as GitHub does', () => {
    expect(ownersOf('/src/ @a\n/src/main.ts\n', 'src/main.ts')).toEqual([]);
    expect(() => ownersOf('*.ts @a\n', 'src/main.ts')).toThrow('pattern this test does not read: *.ts');
  });
});

describe('the rulesets', () => {
  it('main: a pull request approved after its last push, by a code owner where one is named, with the plan green', () => {
    expect(mainFindings(json('.github/rulesets/main.json'))).toEqual([]);
  });

  it('neo/drift/**: only the GitHub App creates, pushes or deletes', () => {
    expect(driftFindings(json('.github/rulesets/drift-branches.json'))).toEqual([]);
  });

  it('finds what weakened copies allow', () => {
    const main = json('.github/rulesets/main.json');
    const review = main.rules?.find((r) => r.type === 'pull_request');
    if (review?.parameters === undefined) throw new Error('main.json: no pull_request rule');
    review.parameters.require_last_push_approval = false;
    main.bypass_actors = [{ actor_type: 'RepositoryRole' }];
    main.rules = main.rules?.filter((r) => r.type !== 'required_status_checks');
    expect(mainFindings(main)).toEqual([
      'someone may bypass it',
      'the most recent push needs no approval',
      'the "neo plan" check is not required',
    ]);

    const drift = json('.github/rulesets/drift-branches.json');
    drift.rules = drift.rules?.filter((r) => r.type !== 'update');
    drift.bypass_actors?.push({ actor_type: 'RepositoryRole' });
    expect(driftFindings(drift)).toEqual(['no update rule', 'not the App alone may write']);
  });

  it('are what docs/installing.md applies', () => {
    const installing = read('docs/installing.md');
    for (const file of [
      '.github/rulesets/main.json',
      '.github/rulesets/drift-branches.json',
      '.github/CODEOWNERS',
    ]) {
      expect(installing).toContain(file);
    }
  });
});
