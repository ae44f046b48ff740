import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../helpers/repository.js';

/**
 * Plays a GitHub Actions runner for neo's own workflow files: the steps of a job that run neo
 * (`node dist/src/main.js …`) are taken from `.github/workflows/<file>` and run with bash as
 * Actions runs them (`bash --noprofile --norc -eo pipefail`), with the step's `env:` and the
 * job's, so the e2e stories exercise the command lines, flags and conditions the workflows
 * really contain. The other steps (checkout, setup-node, npm ci, build, the AWS role, the App
 * token) are the harness's job: it checks out, links the built `dist/`, and stands in the local
 * cloud for AWS by rewriting `--cloud aws` to `--cloud local` (the only change made to a script).
 *
 * `${{ … }}` expressions are not evaluated: each one the workflow uses must be given a value by
 * the caller, so a new expression in a workflow fails here loudly instead of being guessed.
 */

export interface StepResult {
  name: string;
  /** The exit status; undefined when the step was skipped. */
  code: number | undefined;
  out: string;
  err: string;
}

export interface JobResult {
  steps: StepResult[];
  /** What the steps appended to `$GITHUB_STEP_SUMMARY`. */
  summary: string;
  /** A file the steps left in the workspace (what an upload-artifact step would upload). */
  file(path: string): string;
  /** The job's conclusion: every step that ran succeeded. */
  succeeded: boolean;
  /** The step of that name (must have run or been skipped). */
  step(name: string): StepResult;
}

export interface JobRun {
  /** The workflow file under `.github/workflows/`, e.g. `plan.yml`. */
  workflow: string;
  /** The checked-out repository: the steps' working directory. */
  workspace: string;
  /** `GITHUB_*` and other variables the runner sets for every step. */
  env: Record<string, string>;
  /** The value of every `${{ … }}` expression (text inside the braces, trimmed). */
  expressions: Record<string, string>;
}

interface WorkflowStep {
  name?: string;
  if?: string | boolean;
  env?: Record<string, string>;
  run?: string;
}

const NEO = 'node dist/src/main.js';

export async function runJob(job: JobRun): Promise<JobResult> {
  const workflow = parse(readFileSync(join(PROJECT_ROOT, '.github/workflows', job.workflow), 'utf8')) as {
    jobs: Record<string, { env?: Record<string, string>; steps: WorkflowStep[] }>;
  };
  const [definition, ...others] = Object.values(workflow.jobs);
  if (definition === undefined || others.length > 0) throw new Error(`${job.workflow}: expected one job`);
  const resolve = expressionResolver(job);
  const jobEnv = resolveEnv(definition.env, resolve);
  const temp = mkdtempSync(join(tmpdir(), 'neo-runner-'));
  const summaryPath = join(temp, 'step-summary.md');
  writeFileSync(summaryPath, '');
  const steps: StepResult[] = [];
  try {
    for (const step of definition.steps.filter((s) => s.run?.includes(NEO))) {
      const name = step.name ?? String(step.run);
      if (!shouldRun(step, steps, resolve)) {
        steps.push({ name, code: undefined, out: '', err: '' });
        continue;
      }
      const env = {
        ...baseEnv(),
        ...job.env,
        GITHUB_STEP_SUMMARY: summaryPath,
        RUNNER_TEMP: temp,
        ...jobEnv,
        ...resolveEnv(step.env, resolve),
      };
      steps.push({ name, ...(await bash(localCloud(String(step.run)), job.workspace, env)) });
    }
    const summary = readFileSync(summaryPath, 'utf8');
    return {
      steps,
      summary,
      succeeded: steps.every(passed),
      file: (path) => readFileSync(join(job.workspace, path), 'utf8'),
      step(name) {
        const found = steps.find((s) => s.name === name);
        if (found === undefined) throw new Error(`${job.workflow} has no neo step named ${name}`);
        return found;
      },
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** Succeeded, or skipped: what Actions' `success()` asks of the steps before. */
const passed = (step: StepResult) => step.code === undefined || step.code === 0;

/** Actions runs a step without `if:` only while every step before it succeeded. */
function shouldRun(step: WorkflowStep, before: StepResult[], resolve: (text: string) => string): boolean {
  if (step.if === undefined) return before.every(passed);
  const value =
    typeof step.if === 'boolean' ? String(step.if) : resolve(step.if.replace(/^\$\{\{|\}\}$/g, ''));
  if (value !== 'true' && value !== 'false') throw new Error(`if: ${step.if} must resolve to true or false`);
  return value === 'true';
}

function expressionResolver(job: JobRun): (text: string) => string {
  return (text) => {
    const expression = text.trim();
    const value = job.expressions[expression];
    if (value === undefined) {
      throw new Error(`${job.workflow} uses \${{ ${expression} }}: give the e2e runner its value`);
    }
    return value;
  };
}

function resolveEnv(
  env: Record<string, string> | undefined,
  resolve: (text: string) => string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env ?? {}).map(([name, value]) => [
      name,
      String(value).replace(/\$\{\{(.*?)\}\}/g, (_, expression: string) => resolve(expression)),
    ]),
  );
}

/** The runner's AWS account is the local cloud; a neo step that names no cloud is left as is. */
function localCloud(script: string): string {
  return script.replace(/--cloud([ =])aws\b/g, '--cloud$1local');
}

/** A clean environment: nothing of the machine's own GitHub or AWS settings leaks in. */
function baseEnv(): Record<string, string> {
  return {
    PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: process.env.HOME ?? tmpdir(),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    NO_COLOR: '1',
  };
}

function bash(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    // Asynchronous: the fake GitHub answers from this same process while the step runs.
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, out, err }));
  });
}
