import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { data } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import {
  isBasicExpression,
  isBoolean,
  isMapping,
  isNumber,
  isString,
  type WorkflowTemplate,
} from '@actions/workflow-parser';
import { isRunStep } from '@actions/workflow-parser/model/type-guards';
import type { Step } from '@actions/workflow-parser/model/workflow-template';
import type { MappingToken, TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import {
  asText,
  contexts,
  ExpressionError,
  evaluate,
  isTrue,
  runnerFunctions,
  type Status,
  toData,
} from './expressions.js';
import {
  fromFork,
  githubContext,
  inputsContext,
  type Repository,
  type RunSettings,
  runnerContext,
  runnerEnv,
  secretsContext,
  varsContext,
  type WorkflowEvent,
} from './run-contexts.js';
import { actionName, STAND_INS, type StandIn, type StandInResult } from './stand-ins.js';
import { readWorkflow, type Workflow, type WorkflowJob, type WorkflowStep } from './workflow.js';

export type { Repository, WorkflowEvent };

/**
 * Plays a GitHub Actions runner for neo's own workflow files, read with GitHub's parser. Every
 * job `if:`, step `if:` and `${{ … }}` the runner meets is evaluated with GitHub's expression
 * library against the contexts GitHub would give the run (see run-contexts.ts), so the stories
 * exercise the conditions the workflows really contain. The steps that run neo
 * (`node dist/src/main.js …`) run under bash as Actions runs them, with the `env:` of the
 * workflow, the job and the step; the other steps (actions, `npm ci`, the build) are played by
 * stand-ins (stand-ins.ts): the harness has done their work. The one change made to a script:
 * `--cloud aws` becomes `--cloud local`.
 */

export type Outcome = 'success' | 'failure' | 'skipped';

export interface StepResult {
  name: string;
  /** The step's `id:`, if it has one. */
  id: string | undefined;
  /** `steps.<id>.outcome`: before `continue-on-error`. */
  outcome: Outcome;
  /** `steps.<id>.conclusion`: after it. */
  conclusion: Outcome;
  /** The exit status of a step run under bash; undefined when skipped or played by a stand-in. */
  code: number | undefined;
  out: string;
  err: string;
  /** Its own `env:`, evaluated (empty when skipped). */
  env: Record<string, string>;
  /** Its `with:`, evaluated (empty when skipped). */
  with: Record<string, string>;
  outputs: Record<string, string>;
  /** The secrets its expressions read, by name. */
  secretsRead: string[];
}

export interface JobResult {
  id: string;
  /** `needs.<job>.result`: skipped when the job's `if:` was false. */
  result: Outcome;
  /** The job's conclusion is success. */
  succeeded: boolean;
  steps: StepResult[];
  outputs: Record<string, string>;
  /** What the steps appended to `$GITHUB_STEP_SUMMARY`. */
  summary: string;
  /** What upload-artifact steps uploaded: the text of each artifact's file, by artifact name. */
  artifacts: Record<string, string>;
  /** A file the steps left in the workspace. */
  file(path: string): string;
  /** The step of that name (must exist in the job that ran). */
  step(name: string): StepResult;
}

export type Shell = (
  script: string,
  cwd: string,
  env: Record<string, string>,
) => Promise<{ code: number; out: string; err: string }>;

export interface JobRun {
  /** The workflow file under `.github/workflows/` (`plan.yml`), or an absolute path. */
  workflow: string;
  /** The checked-out repository: the steps' working directory. */
  workspace: string;
  repository: Repository;
  event: WorkflowEvent;
  /** `github.token`: the job's GITHUB_TOKEN (a fork pull request's is read-only). */
  token: string;
  runId: number;
  apiUrl: string;
  /** Replace the default stand-ins: by a step's id or name, by action (`owner/name`), or `run`. */
  standIns?: Record<string, StandIn>;
  /** Runs neo's steps; bash, as Actions runs them, unless a test gives another. */
  shell?: Shell;
}

const NEO = 'node dist/src/main.js';

/** Every job of the workflow, in the order `needs:` allows, by job id. */
export async function runWorkflow(run: JobRun): Promise<Map<string, JobResult>> {
  const workflow = await readWorkflow(run.workflow);
  const temp = mkdtempSync(join(tmpdir(), 'neo-runner-'));
  try {
    const eventPath = join(temp, 'event.json');
    writeFileSync(eventPath, JSON.stringify(run.event.payload));
    const results = new Map<string, JobResult>();
    for (const job of inNeedsOrder(workflow.jobs)) {
      const settings: RunSettings = { ...run, temp: join(temp, job.id) };
      mkdirSync(settings.temp);
      results.set(job.id, await playJob(run, workflow, job, settings, results, eventPath));
    }
    return results;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The workflow's one job. */
export async function runJob(run: JobRun): Promise<JobResult> {
  const [job, ...others] = (await runWorkflow(run)).values();
  if (job === undefined || others.length > 0) throw new Error(`${run.workflow}: expected one job`);
  return job;
}

function inNeedsOrder(jobs: WorkflowJob[]): WorkflowJob[] {
  const ordered: WorkflowJob[] = [];
  const done = new Set<string>();
  while (ordered.length < jobs.length) {
    const ready = jobs.find((j) => !done.has(j.id) && (j.job.needs ?? []).every((n) => done.has(n.value)));
    if (ready === undefined) throw new Error('the jobs need each other in a circle');
    ordered.push(ready);
    done.add(ready.id);
  }
  return ordered;
}

/** What one job's expressions evaluate against, as it runs. */
class Scope {
  readonly steps: StepResult[] = [];
  /** The workflow's and the job's `env:`, once evaluated: the `env` context. */
  env: Record<string, string> = {};
  /**
   * Where the status functions look: at the needed jobs while the job's own `if:` is
   * evaluated, then at the job's steps.
   */
  level: 'job' | 'steps' = 'job';
  private secretsRead: string[] = [];
  private readonly fixed: Record<string, data.ExpressionData>;

  constructor(
    readonly file: string,
    template: WorkflowTemplate,
    readonly job: WorkflowJob,
    readonly settings: RunSettings,
    private readonly needs: Map<string, JobResult>,
    /** May the job get an OIDC token: granted by id-token: write, never to a fork's pull request. */
    readonly idToken: boolean,
  ) {
    this.fixed = {
      github: githubContext(settings, job.id),
      inputs: inputsContext(settings, template),
      vars: varsContext(settings),
      runner: runnerContext(settings),
    };
  }

  /** Evaluates a template token (a literal, or an expression with its allowed contexts) as text. */
  text(token: TemplateToken, what: string): string {
    if (isString(token)) return token.value;
    if (isBoolean(token) || isNumber(token)) return String(token.value);
    if (!isBasicExpression(token)) throw new Error(`${this.where(what)}: a ${token.typeName()} is not text`);
    return asText(this.value(token.expression, token.definitionInfo?.allowedContext, what), this.where(what));
  }

  mapping(token: MappingToken | undefined, what: string): Record<string, string> {
    const values: Record<string, string> = {};
    for (const pair of token ?? []) {
      const key = isString(pair.key) ? pair.key.value : String(pair.key);
      values[key] = this.text(pair.value, `${what}.${key}`);
    }
    return values;
  }

  condition(token: TemplateToken, what: string): boolean {
    if (!isBasicExpression(token)) return this.text(token, what) === 'true';
    return isTrue(this.value(token.expression, token.definitionInfo?.allowedContext, what));
  }

  /** The secrets read since the last call. */
  takeSecretsRead(): string[] {
    const read = [...new Set(this.secretsRead)];
    this.secretsRead = [];
    return read;
  }

  private value(expression: string, allowed: string[] | undefined, what: string): data.ExpressionData {
    try {
      // The converter's own `success()` (a step without `if:`) carries no allowed list.
      return evaluate(expression, allowed ?? STATUS_FUNCTIONS, this.contexts(), this.functions());
    } catch (error) {
      if (error instanceof ExpressionError)
        throw new ExpressionError(`${this.where(what)}: ${error.message}`);
      throw error;
    }
  }

  private where(what: string): string {
    return `${this.file}, job ${this.job.id}, ${what}`;
  }

  private contexts(): data.Dictionary {
    const needed = (this.job.job.needs ?? []).map((n) => n.value);
    return contexts({
      ...this.fixed,
      secrets: secretsContext(this.settings, (name) => this.secretsRead.push(name)),
      env: toData(this.env, 'env'),
      job: toData({ status: this.failed() ? 'failure' : 'success' }, 'job'),
      needs: toData(
        Object.fromEntries(
          needed.map((n) => {
            const result = this.needs.get(n);
            return [n, { result: result?.result, outputs: result?.outputs ?? {} }];
          }),
        ),
        'needs',
      ),
      steps: toData(
        Object.fromEntries(
          this.steps
            .filter((s) => s.id !== undefined)
            .map((s) => [s.id, { outcome: s.outcome, conclusion: s.conclusion, outputs: s.outputs }]),
        ),
        'steps',
      ),
    });
  }

  private failed(): boolean {
    return this.steps.some((s) => s.conclusion === 'failure');
  }

  private functions(): Map<string, FunctionDefinition> {
    const needed = (names: string[]) =>
      names.length > 0 ? names : (this.job.job.needs ?? []).map((n) => n.value);
    const status: Status =
      this.level === 'job'
        ? {
            success: (names) => needed(names).every((n) => this.needs.get(n)?.result === 'success'),
            failure: (names) => needed(names).some((n) => this.needs.get(n)?.result === 'failure'),
          }
        : { success: () => !this.failed(), failure: () => this.failed() };
    return runnerFunctions(status, this.settings.workspace);
  }
}

const STATUS_FUNCTIONS = ['always(0,0)', 'failure(0,255)', 'cancelled(0,0)', 'success(0,255)'];

async function playJob(
  run: JobRun,
  workflow: Workflow,
  job: WorkflowJob,
  settings: RunSettings,
  needs: Map<string, JobResult>,
  eventPath: string,
): Promise<JobResult> {
  const idToken = job.idToken && !fromFork(settings);
  const scope = new Scope(workflow.file, workflow.template, job, settings, needs, idToken);
  if (!scope.condition(job.job.if, 'if:'))
    return jobResult(job.id, 'skipped', [], {}, '', {}, settings.workspace);
  scope.level = 'steps';
  const summaryPath = join(settings.temp, 'step-summary.md');
  writeFileSync(summaryPath, '');
  const workflowEnv = workflow.env !== undefined && isMapping(workflow.env) ? workflow.env : undefined;
  scope.env = scope.mapping(workflowEnv, 'workflow env');
  scope.env = { ...scope.env, ...scope.mapping(job.job.env, 'env') };
  const artifacts: Record<string, string> = {};
  const base = { ...baseEnv(), ...runnerEnv(settings, job.id, eventPath), GITHUB_STEP_SUMMARY: summaryPath };
  for (const [index, step] of job.steps.entries()) {
    const played = await playStep(run, scope, step, index, base);
    scope.steps.push(played);
    if (
      played.outcome === 'success' &&
      'uses' in step.step &&
      actionName(step.step.uses.value) === 'actions/upload-artifact'
    )
      upload(played, settings.workspace, artifacts);
  }
  const outputs = scope.mapping(job.job.outputs, 'outputs');
  const result = scope.steps.some((s) => s.conclusion === 'failure') ? 'failure' : 'success';
  return jobResult(
    job.id,
    result,
    scope.steps,
    outputs,
    readFileSync(summaryPath, 'utf8'),
    artifacts,
    settings.workspace,
  );
}

async function playStep(
  run: JobRun,
  scope: Scope,
  { step, with: inputs }: WorkflowStep,
  index: number,
  base: Record<string, string>,
): Promise<StepResult> {
  const id = step.id.startsWith('__') ? undefined : step.id;
  const name = stepName(scope, step);
  const what = `step ${index + 1} (${name})`;
  const skipped = { name, id, code: undefined, out: '', err: '', env: {}, with: {}, outputs: {} };
  scope.takeSecretsRead();
  // The converter gives a step without `if:` GitHub's implicit `success()`.
  if (step.if !== undefined && !scope.condition(step.if, `${what} if:`))
    return { ...skipped, outcome: 'skipped', conclusion: 'skipped', secretsRead: scope.takeSecretsRead() };
  const env = scope.mapping('env' in step ? step.env : undefined, `${what} env`);
  const withInputs = scope.mapping(inputs, `${what} with`);
  const played = isRunStep(step)
    ? await runScript(run, scope, step, { ...base, ...scope.env, ...env }, what)
    : standInPlayed(
        standIn(run, step, name, actionName(usesOf(step)))({ with: withInputs, idToken: scope.idToken }),
      );
  const outcome = played.outcome;
  const continueOnError = continues(scope, step, what);
  return {
    name,
    id,
    outcome,
    conclusion: outcome === 'failure' && continueOnError ? 'success' : outcome,
    code: played.code,
    out: played.out,
    err: played.err,
    env,
    with: withInputs,
    outputs: played.outputs ?? {},
    secretsRead: scope.takeSecretsRead(),
  };
}

function stepName(scope: Scope, step: Step): string {
  if (step.name !== undefined) return scope.text(step.name, `step ${step.id} name`);
  if (isRunStep(step)) return `Run ${scope.text(step.run, `step ${step.id} run`).split('\n')[0]}`;
  return `Run ${usesOf(step)}`;
}

const usesOf = (step: Step) => ('uses' in step ? step.uses.value : '');

interface Played {
  outcome: 'success' | 'failure';
  /** Set for the steps bash ran. */
  code: number | undefined;
  out: string;
  err: string;
  outputs?: Record<string, string>;
}

const standInPlayed = (result: StandInResult): Played => ({
  ...result,
  code: undefined,
  out: result.log,
  err: '',
});

function continues(scope: Scope, step: Step, what: string): boolean {
  const value = step['continue-on-error'];
  if (value === undefined || typeof value === 'boolean') return value === true;
  return scope.condition(value, `${what} continue-on-error`);
}

function standIn(run: JobRun, step: Step, name: string, action: string): StandIn {
  const chosen =
    run.standIns?.[step.id] ?? run.standIns?.[name] ?? run.standIns?.[action] ?? STAND_INS[action];
  if (chosen === undefined)
    throw new Error(`no stand-in plays ${action} (step ${name}): add one to stand-ins.ts`);
  return chosen;
}

async function runScript(
  run: JobRun,
  scope: Scope,
  step: Step & { run: TemplateToken },
  env: Record<string, string>,
  what: string,
): Promise<Played> {
  const script = scope.text(step.run, `${what} run`);
  if (!script.includes(NEO))
    return standInPlayed(
      standIn(run, step, stepName(scope, step), 'run')({ with: {}, idToken: scope.idToken }),
    );
  const outputPath = join(scope.settings.temp, `${step.id}-output`);
  const shell = run.shell ?? bash;
  const result = await shell(localCloud(script), scope.settings.workspace, {
    ...env,
    GITHUB_OUTPUT: outputPath,
  });
  return {
    ...result,
    outcome: result.code === 0 ? 'success' : 'failure',
    outputs: existsSync(outputPath) ? readOutputs(readFileSync(outputPath, 'utf8')) : {},
  };
}

function upload(step: StepResult, workspace: string, artifacts: Record<string, string>): void {
  const path = join(workspace, step.with.path ?? '');
  if (existsSync(path)) artifacts[step.with.name ?? 'artifact'] = readFileSync(path, 'utf8');
}

function jobResult(
  id: string,
  result: Outcome,
  steps: StepResult[],
  outputs: Record<string, string>,
  summary: string,
  artifacts: Record<string, string>,
  workspace: string,
): JobResult {
  return {
    id,
    result,
    succeeded: result === 'success',
    steps,
    outputs,
    summary,
    artifacts,
    file: (path) => readFileSync(join(workspace, path), 'utf8'),
    step(name) {
      const found = steps.find((s) => s.name === name);
      if (found === undefined)
        throw new Error(
          result === 'skipped'
            ? `job ${id} was skipped: its if: was false`
            : `job ${id} has no step named ${name}`,
        );
      return found;
    },
  };
}

/** `name=value` lines and `name<<DELIMITER` blocks, as `$GITHUB_OUTPUT` holds them. */
export function readOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const block = line.match(/^([^=<]+)<<(.+)$/);
    if (block !== null) {
      const [, name = '', delimiter] = block;
      const end = lines.indexOf(delimiter ?? '', i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: ${name} has no closing ${delimiter}`);
      outputs[name] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
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

const bash: Shell = (script, cwd, env) =>
  new Promise((resolve, reject) => {
    // Asynchronous: the fake GitHub answers from this same process while the step runs.
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, out, err }));
  });
