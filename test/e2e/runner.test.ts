import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatchEvent, installedRepository, pullRequestEvent, pushEvent, scheduleEvent } from './events.js';
import { type JobResult, type JobRun, runJob, runWorkflow, type Shell } from './runner.js';
import { APP_TOKEN, failed } from './stand-ins.js';
import { WORKFLOWS } from './workflow.js';

/**
 * The runner against neo's real workflow files, with a recording shell in place of bash: which
 * steps run, with what, is decided by the workflows' own expressions.
 */

const temp = mkdtempSync(join(tmpdir(), 'neo-runner-test-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const workspace = mkdtempSync(join(temp, 'workspace-'));

const REPOSITORY = 'neo-hosting/platform';
const BASE = '4c1f0e2a9b8d7c6e5f4a3b2c1d0e9f8a7b6c5d4e';
const HEAD = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d';
const MERGE = '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';

/** neo's steps exit with `codes` by the first word of their neo command (`validate`, `plan`…). */
function recordingShell(codes: Record<string, number> = {}): Shell {
  return async (script) => {
    const command = script.match(/(?:main\.js |args=\()(\w+)/)?.[1] ?? '';
    return { code: codes[command] ?? 0, out: script, err: '' };
  };
}

function pullRequest(options: { labels?: string[]; fork?: string } = {}) {
  return pullRequestEvent({
    repository: REPOSITORY,
    number: 17,
    base: { ref: 'main', sha: BASE },
    head: { ref: 'onboard-harbor-dental', sha: HEAD },
    merge: MERGE,
    labels: options.labels ?? [],
    ...(options.fork !== undefined && { fork: options.fork }),
  });
}

function run(workflow: string, event: JobRun['event'], extra: Partial<JobRun> = {}): JobRun {
  return {
    workflow,
    workspace,
    repository: installedRepository(REPOSITORY),
    event,
    token: 'ghs_jobToken',
    runId: 7,
    apiUrl: 'http://127.0.0.1:1',
    shell: recordingShell(),
    ...extra,
  };
}

const outcomes = (job: JobResult) => job.steps.map((s) => [s.name, s.outcome]);

describe('plan.yml, as its expressions decide', () => {
  it('assumes the read-only role for a branch of the repository and plans against the cloud', async () => {
    const job = await runJob(run('plan.yml', pullRequest()));
    expect(outcomes(job)).toEqual([
      ['Run actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', 'success'],
      ['Run actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020', 'success'],
      ['Run npm ci --ignore-scripts', 'success'],
      ['Run npm run build', 'success'],
      ['Validate (annotations on the diff)', 'success'],
      ['Assume the read-only AWS role', 'success'],
      ['Plan and comment', 'success'],
      // No .neo/plan.json in the workspace: hashFiles is '' and nothing is uploaded.
      ['Upload the plan', 'skipped'],
    ]);
    expect(job.step('Validate (annotations on the diff)').env).toEqual({ BASE_SHA: BASE });
    expect(job.step('Assume the read-only AWS role').with).toEqual({
      'role-to-assume': 'arn:aws:iam::123456789012:role/neo-read',
      'aws-region': 'us-east-2',
      'role-session-name': 'neo-plan-7',
    });
    const plan = job.step('Plan and comment');
    expect(plan.env).toEqual({
      GITHUB_TOKEN: 'ghs_jobToken',
      AWS_ROLE_OUTCOME: 'success',
      ALLOW_BLAST_RADIUS: 'false',
    });
    expect(plan.out).toContain('args+=(--cloud local)');
    expect(job.succeeded).toBe(true);
  });

  it('gives a fork no role and no secrets: the plan stays offline', async () => {
    const job = await runJob(run('plan.yml', pullRequest({ fork: 'rosa-quint/platform' })));
    expect(job.step('Assume the read-only AWS role').outcome).toBe('skipped');
    expect(job.step('Plan and comment').env.AWS_ROLE_OUTCOME).toBe('skipped');
    expect(job.steps.flatMap((s) => s.secretsRead)).toEqual([]);
    expect(job.succeeded).toBe(true);
  });

  it.each([
    [['allow-blast-radius'], 'true'],
    [['documentation'], 'false'],
  ])('reads the labels %j as ALLOW_BLAST_RADIUS=%s', async (labels, allowed) => {
    const job = await runJob(run('plan.yml', pullRequest({ labels })));
    expect(job.step('Plan and comment').env.ALLOW_BLAST_RADIUS).toBe(allowed);
  });

  it('still plans when validation fails (the comment is the report), and the job fails', async () => {
    const job = await runJob(run('plan.yml', pullRequest(), { shell: recordingShell({ validate: 1 }) }));
    expect(job.step('Validate (annotations on the diff)').outcome).toBe('failure');
    expect(job.step('Assume the read-only AWS role').outcome).toBe('skipped');
    expect(job.step('Plan and comment').outcome).toBe('success');
    expect(job.result).toBe('failure');
  });

  it('runs nothing of neo when the build fails', async () => {
    const build = () => failed('tsc: error TS2322');
    const job = await runJob(run('plan.yml', pullRequest(), { standIns: { build } }));
    expect(outcomes(job).slice(3)).toEqual([
      ['Run npm run build', 'failure'],
      ['Validate (annotations on the diff)', 'skipped'],
      ['Assume the read-only AWS role', 'skipped'],
      ['Plan and comment', 'skipped'],
      ['Upload the plan', 'skipped'],
    ]);
    expect(job.succeeded).toBe(false);
  });

  it('goes on offline when the role cannot be assumed (continue-on-error)', async () => {
    const role = () => failed('Not authorized to perform sts:AssumeRoleWithWebIdentity');
    const job = await runJob(run('plan.yml', pullRequest(), { standIns: { aws: role } }));
    const step = job.step('Assume the read-only AWS role');
    expect([step.outcome, step.conclusion]).toEqual(['failure', 'success']);
    expect(job.step('Plan and comment').env.AWS_ROLE_OUTCOME).toBe('failure');
    expect(job.succeeded).toBe(true);
  });

  it('uploads the plan file when there is one (hashFiles over the workspace)', async () => {
    const withPlan = mkdtempSync(join(temp, 'with-plan-'));
    const plan = '{"customers":[]}';
    const planning: Shell = async (script, cwd) => {
      if (script.includes('--out .neo/plan.json')) {
        mkdirSync(join(cwd, '.neo'));
        writeFileSync(join(cwd, '.neo/plan.json'), plan);
      }
      return { code: 0, out: '', err: '' };
    };
    const job = await runJob(run('plan.yml', pullRequest(), { workspace: withPlan, shell: planning }));
    expect(job.step('Upload the plan').outcome).toBe('success');
    expect(job.artifacts).toEqual({ 'neo-plan': plan });
  });
});

describe('apply.yml and drift.yml, as their expressions decide', () => {
  it.each([
    ['a push to main', pushEvent(REPOSITORY, MERGE), 'success', ''],
    [
      'a manual run on main',
      dispatchEvent(REPOSITORY, MERGE, { 'allow-blast-radius': 'true' }),
      'success',
      'true',
    ],
    [
      'a manual run from another branch',
      dispatchEvent(REPOSITORY, MERGE, { 'allow-blast-radius': 'false' }, 'refs/heads/try-this'),
      'skipped',
      undefined,
    ],
  ])('apply on %s: %s', async (_, event, result, allowed) => {
    const job = await runJob(run('apply.yml', event));
    expect(job.result).toBe(result);
    if (allowed === undefined) return expect(job.steps).toEqual([]);
    expect(job.step('Apply').env).toEqual({ GITHUB_TOKEN: 'ghs_jobToken', ALLOW_BLAST_RADIUS: allowed });
    expect(job.step('Cache synthesized stacks').with.key).toBe(`neo-synth-Linux-${MERGE}`);
  });

  it('pushes and opens drift pull requests with the App token, minted from its secret', async () => {
    const job = await runJob(run('drift.yml', scheduleEvent(REPOSITORY, MERGE, '23 3 * * *')));
    expect(job.succeeded).toBe(true);
    expect(job.step('GitHub App token').secretsRead).toEqual(['NEO_APP_PRIVATE_KEY']);
    expect(job.step('Commit and push as the GitHub App').env).toEqual({
      GH_TOKEN: APP_TOKEN,
      APP_SLUG: 'neo-platform',
    });
    expect(job.step('Drift pull requests').env).toEqual({ GITHUB_TOKEN: APP_TOKEN });
    expect(job.steps.filter((s) => s.secretsRead.length > 0).map((s) => s.name)).toEqual([
      'GitHub App token',
    ]);
  });
});

/** A copy of a real workflow file with one change, to show the stories would notice it. */
function mutant(file: string, from: string, to: string): string {
  const text = readFileSync(join(WORKFLOWS, file), 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  const path = join(mkdtempSync(join(temp, 'mutant-')), file);
  writeFileSync(path, text.replace(from, to));
  return path;
}

const expression = (text: string) => `\${{ ${text} }}`;

const applied = (job: JobResult) => {
  expect(job.succeeded).toBe(true);
  expect(job.step('Apply').code).toBe(0);
};

describe('a wrong condition in a workflow fails the expectation a story has of it', () => {
  const build = () => failed('tsc: error TS2322');
  it.each([
    {
      what: 'the apply job guarded by the wrong event',
      file: 'apply.yml',
      from: "if: github.ref == 'refs/heads/main'",
      to: "if: github.event_name == 'workflow_dispatch'",
      event: pushEvent(REPOSITORY, MERGE),
      extra: {},
      expectation: applied,
    },
    {
      what: 'the plan step running after a failed build',
      file: 'plan.yml',
      from: `if: ${expression("!cancelled() && steps.build.outcome == 'success'")}`,
      to: `if: ${expression('always()')}`,
      event: pullRequest(),
      extra: { standIns: { build } },
      expectation: (job: JobResult) => expect(job.step('Plan and comment').outcome).toBe('skipped'),
    },
    {
      what: 'the read-only role kept from the repository’s own branches',
      file: 'plan.yml',
      from: 'github.event.pull_request.head.repo.full_name == github.repository',
      to: 'github.event.pull_request.head.repo.full_name != github.repository',
      event: pullRequest(),
      extra: {},
      expectation: (job: JobResult) =>
        expect(job.step('Plan and comment').env.AWS_ROLE_OUTCOME).toBe('success'),
    },
    {
      what: 'drift pull requests opened with the job token instead of the App’s',
      file: 'drift.yml',
      from: `GITHUB_TOKEN: ${expression('steps.app.outputs.token')}`,
      to: `GITHUB_TOKEN: ${expression('github.token')}`,
      event: scheduleEvent(REPOSITORY, MERGE, '23 3 * * *'),
      extra: {},
      expectation: (job: JobResult) =>
        expect(job.step('Drift pull requests').env.GITHUB_TOKEN).toBe(APP_TOKEN),
    },
  ])('$what', async ({ file, from, to, event, extra, expectation }) => {
    expectation(await runJob(run(file, event, extra)));
    const wrong = await runJob(run(mutant(file, from, to), event, extra));
    expect(() => expectation(wrong)).toThrow();
  });
});

describe('a fork’s pull request and the AWS role', () => {
  const fork = pullRequest({ fork: 'rosa-quint/platform' });
  const skipped = (job: JobResult) =>
    expect(job.step('Assume the read-only AWS role').outcome).toBe('skipped');

  it('fails the fork story’s expectation when the condition offers the role to a fork', async () => {
    skipped(await runJob(run('plan.yml', fork)));
    const offered = mutant(
      'plan.yml',
      "github.event.pull_request.head.repo.full_name == github.repository &&\n          vars.NEO_READ_ROLE_ARN != ''",
      'always()',
    );
    const job = await runJob(run(offered, fork));
    expect(() => skipped(job)).toThrow();
    // Even then GitHub gives a fork neither the role's variables nor an OIDC token: the plan goes
    // on offline and says why.
    const role = job.step('Assume the read-only AWS role');
    expect([role.outcome, role.with['role-to-assume']]).toEqual(['failure', '']);
    expect(role.out).toContain('id-token: write is not granted');
    expect(job.step('Plan and comment').env.AWS_ROLE_OUTCOME).toBe('failure');
  });
});

describe('an expression the runner cannot evaluate fails the run', () => {
  it.each([
    [
      'plan.yml',
      'steps.aws.outcome }}',
      'steps.awss.outcome }}',
      'steps.awss does not exist (steps has build, validate, aws)',
    ],
    ['plan.yml', 'vars.NEO_READ_ROLE_ARN != ', 'vars.NEO_READ_ROLE != ', 'vars.NEO_READ_ROLE does not exist'],
    [
      'plan.yml',
      'head.repo.full_name ==',
      'head.repository.full_name ==',
      'github.event.pull_request.head.repository does not exist',
    ],
    ['apply.yml', 'inputs.allow-blast-radius', 'matrix.node', 'plays no matrix context'],
    ['plan.yml', "hashFiles('.neo/plan.json')", "hashFiles('.neo/**/*.json')", 'matches plain paths only'],
  ])('%s with %s as %s', async (file, from, to, message) => {
    const event = file === 'plan.yml' ? pullRequest() : pushEvent(REPOSITORY, MERGE);
    await expect(runJob(run(mutant(file, from, to), event))).rejects.toThrow(message);
  });

  it.each([
    [
      "if: github.ref == 'refs/heads/main'",
      "if: github.ref == 'refs/heads/main' &&",
      'Unexpected end of expression',
    ],
    ["if: github.ref == 'refs/heads/main'", 'if: github.ref == mainBranch()', 'Unrecognized function'],
    ["if: github.ref == 'refs/heads/main'", 'if: steps.build.outcome', "Unrecognized named-value: 'steps'"],
  ])('refuses a workflow whose expression does not parse: %s → %s', async (from, to, message) => {
    await expect(runJob(run(mutant('apply.yml', from, to), pushEvent(REPOSITORY, MERGE)))).rejects.toThrow(
      message,
    );
  });
});

describe('needs between jobs', () => {
  const workflow = (deployIf: string) => {
    const path = join(mkdtempSync(join(temp, 'needs-')), 'release.yml');
    writeFileSync(
      path,
      `on: push
jobs:
  check:
    runs-on: ubuntu-latest
    outputs:
      verdict: \${{ steps.check.outputs.verdict }}
    steps:
      - id: check
        run: node dist/src/main.js validate
  deploy:
    needs: check
    if: ${deployIf}
    runs-on: ubuntu-latest
    steps:
      - name: Deploy
        env:
          VERDICT: \${{ needs.check.outputs.verdict }}
          CHECK: \${{ needs.check.result }}
        run: node dist/src/main.js apply
`,
    );
    return path;
  };
  /** The check writes its verdict as a multi-line output, and exits with `code`. */
  const outputting =
    (code: number): Shell =>
    async (script, _cwd, env) => {
      if (!script.includes('validate')) return { code: 0, out: '', err: '' };
      writeFileSync(env.GITHUB_OUTPUT ?? '', 'verdict<<EOF\nclean\nEOF\n');
      return { code, out: '', err: '' };
    };

  it.each([
    ['success()', 0, 'success', 'success'],
    ['success()', 1, 'failure', 'skipped'],
    ['failure()', 1, 'failure', 'success'],
    ['always()', 0, 'success', 'success'],
  ])('a job with if: %s after a check exiting %i', async (deployIf, code, check, deploy) => {
    const jobs = await runWorkflow(
      run(workflow(deployIf), pushEvent(REPOSITORY, MERGE), { shell: outputting(code) }),
    );
    expect([jobs.get('check')?.result, jobs.get('deploy')?.result]).toEqual([check, deploy]);
    expect(jobs.get('check')?.outputs).toEqual({ verdict: 'clean' });
    if (deploy === 'success')
      expect(jobs.get('deploy')?.step('Deploy').env).toEqual({ VERDICT: 'clean', CHECK: check });
  });
});
