import { readdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import {
  convertWorkflowTemplate,
  isMapping,
  isSequence,
  isString,
  NoOperationTraceWriter,
  parseWorkflow,
  type WorkflowTemplate,
} from '@actions/workflow-parser';
import { isActionStep, isJob, isRunStep } from '@actions/workflow-parser/model/type-guards';
import type { Job, Step } from '@actions/workflow-parser/model/workflow-template';
import type { MappingToken, TemplateToken } from '@actions/workflow-parser/templates/tokens/index';
import { PROJECT_ROOT } from '../helpers/repository.js';

/**
 * A workflow file as GitHub reads it, with GitHub's own parser: schema errors and expressions
 * that do not parse, or read a context the place does not allow, fail here.
 */

export const WORKFLOWS = join(PROJECT_ROOT, '.github/workflows');

export interface Workflow {
  file: string;
  template: WorkflowTemplate;
  jobs: WorkflowJob[];
  /** The workflow's `env:`. */
  env: TemplateToken | undefined;
}

export interface WorkflowJob {
  id: string;
  job: Job;
  steps: WorkflowStep[];
  /** May the job ask for an OIDC token (`permissions: id-token: write`, the job's or the workflow's)? */
  idToken: boolean;
}

export interface WorkflowStep {
  step: Step;
  /** The `with:` inputs of an action step (the converted model leaves them out). */
  with: MappingToken | undefined;
}

/** Parsed once per file and text: a story runs the same workflows many times. */
const parsed = new Map<string, Promise<Workflow>>();

/** `file` under `.github/workflows/`, or an absolute path (a test's own workflow). */
export function readWorkflow(file: string): Promise<Workflow> {
  const path = isAbsolute(file) ? file : join(WORKFLOWS, file);
  const content = readFileSync(path, 'utf8');
  const key = `${path}\0${content}`;
  const cached = parsed.get(key) ?? parse(basename(path), content);
  parsed.set(key, cached);
  return cached;
}

async function parse(name: string, content: string): Promise<Workflow> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const root = parsed.value;
  const problems = parsed.context.errors.getErrors().map((e) => e.message);
  if (root === undefined || problems.length > 0)
    throw new Error(`${name} does not parse: ${problems.join('; ')}`);
  const template = await convertWorkflowTemplate(parsed.context, root);
  const converted = [...(template.errors ?? []).map((e) => e.Message), ...parsed.context.errors.getErrors()];
  if (converted.length > 0) throw new Error(`${name} does not parse: ${converted.join('; ')}`);
  const rawJobs = entry(root, 'jobs');
  const workflowIdToken = grantsIdToken(entry(root, 'permissions'));
  const jobs = template.jobs.map((job): WorkflowJob => {
    if (!isJob(job))
      throw new Error(
        `${name}: ${job.id.value} calls a reusable workflow, which the e2e runner does not play`,
      );
    const rawJob = entry(rawJobs, job.id.value);
    const rawSteps = entry(rawJob, 'steps');
    const permissions = entry(rawJob, 'permissions');
    return {
      id: job.id.value,
      job,
      steps: job.steps.map((step, index) => ({ step: playable(name, step), with: withOf(rawSteps, index) })),
      idToken: permissions === undefined ? workflowIdToken : grantsIdToken(permissions),
    };
  });
  return { file: name, template, jobs, env: template.env };
}

/** The workflow files GitHub starts on an event of that name, by their `on:`. */
export async function workflowsOn(event: string): Promise<string[]> {
  const files = readdirSync(WORKFLOWS)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const started: string[] = [];
  for (const file of files) if (event in (await readWorkflow(file)).template.events) started.push(file);
  return started;
}

function playable(file: string, step: Step): Step {
  if (isRunStep(step) || isActionStep(step)) return step;
  throw new Error(`${file}: step ${step.id} is neither run: nor uses:, which the e2e runner does not play`);
}

function entry(token: TemplateToken | undefined, key: string): TemplateToken | undefined {
  if (token === undefined || !isMapping(token)) return undefined;
  for (const pair of token) if (isString(pair.key) && pair.key.value === key) return pair.value;
  return undefined;
}

function withOf(rawSteps: TemplateToken | undefined, index: number): MappingToken | undefined {
  if (rawSteps === undefined || !isSequence(rawSteps)) return undefined;
  const value = entry(rawSteps.get(index), 'with');
  return value !== undefined && isMapping(value) ? value : undefined;
}

function grantsIdToken(permissions: TemplateToken | undefined): boolean {
  if (permissions === undefined) return false;
  if (isString(permissions)) return permissions.value === 'write-all';
  const idToken = entry(permissions, 'id-token');
  return idToken !== undefined && isString(idToken) && idToken.value === 'write';
}
