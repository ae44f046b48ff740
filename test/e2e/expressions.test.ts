import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  asText,
  contexts,
  evaluate,
  hashFiles,
  type Json,
  runnerFunctions,
  type Status,
  toData,
} from './expressions.js';

/** What a step's `if:` and `env:` may read, as the workflow schema lists it. */
const STEP = [
  'github',
  'inputs',
  'vars',
  'needs',
  'strategy',
  'matrix',
  'secrets',
  'steps',
  'job',
  'runner',
  'env',
  'always(0,0)',
  'failure(0,0)',
  'cancelled(0,0)',
  'success(0,0)',
  'hashFiles(1,255)',
];

const workspace = mkdtempSync(join(tmpdir(), 'neo-expressions-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const PULL_REQUEST: Record<string, Json> = {
  github: {
    event_name: 'pull_request',
    ref: 'refs/pull/17/merge',
    repository: 'neo-hosting/platform',
    event: {
      pull_request: {
        number: 17,
        head: { repo: { full_name: 'rosa-quint/platform', fork: true } },
        labels: [{ name: 'allow-blast-radius' }, { name: 'customers' }],
      },
    },
  },
  steps: {
    build: { outcome: 'success', conclusion: 'success', outputs: {} },
    aws: { outcome: 'failure', conclusion: 'success', outputs: {} },
  },
  // A push gives no inputs; a fork gets no variables: known names, no values.
  inputs: { 'allow-blast-radius': undefined },
  vars: { NEO_READ_ROLE_ARN: undefined },
  runner: { os: 'Linux', temp: '/home/runner/work/_temp' },
  env: {},
};

const passing: Status = { success: () => true, failure: () => false };
const failing: Status = { success: () => false, failure: () => true };

function text(expression: string, values: Record<string, Json> = PULL_REQUEST, status = passing): string {
  const context = contexts(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, toData(v, k)])));
  return asText(evaluate(expression, STEP, context, runnerFunctions(status, workspace)), expression);
}

describe('workflow expressions against a run’s contexts', () => {
  it.each([
    ['github.event_name', 'pull_request'],
    ["github.event_name == 'push'", 'false'],
    ['github.event.pull_request.head.repo.fork', 'true'],
    ['github.event.pull_request.head.repo.full_name == github.repository', 'false'],
    ["contains(github.event.pull_request.labels.*.name, 'allow-blast-radius')", 'true'],
    ["contains(github.event.pull_request.labels.*.name, 'allow-data-loss')", 'false'],
    ["join(github.event.pull_request.labels.*.name, ', ')", 'allow-blast-radius, customers'],
    ["startsWith(github.ref, 'refs/pull/')", 'true'],
    ["format('{0}/terraform-providers', runner.temp)", '/home/runner/work/_temp/terraform-providers'],
    [
      'toJSON(github.event.pull_request.head.repo)',
      '{\n  "full_name": "rosa-quint/platform",\n  "fork": true\n}',
    ],
    ['fromJSON(\'["core","scale"]\')[1]', 'scale'],
    ['steps.aws.outcome', 'failure'],
    ['steps.aws.conclusion', 'success'],
    ["!cancelled() && steps.build.outcome == 'success'", 'true'],
    ['inputs.allow-blast-radius', ''],
    ["vars.NEO_READ_ROLE_ARN != ''", 'false'],
    ['github.event.pull_request.number >= 17', 'true'],
  ])('%s is %j', (expression, expected) => {
    expect(text(expression)).toBe(expected);
  });

  it.each([
    ['success()', passing, 'true'],
    ['success()', failing, 'false'],
    ['failure()', failing, 'true'],
    ['always()', failing, 'true'],
    ['cancelled()', failing, 'false'],
  ])('%s while the job %o', (expression, status, expected) => {
    expect(text(expression, PULL_REQUEST, status)).toBe(expected);
  });

  it.each([
    ['steps.awss.outcome', 'steps.awss does not exist (steps has build, aws)'],
    ['github.event.pull_request.head.repo.owner', 'github.event.pull_request.head.repo.owner does not exist'],
    ['vars.NEO_APPLY_ROLE_ARN', 'vars.NEO_APPLY_ROLE_ARN does not exist (vars has NEO_READ_ROLE_ARN)'],
    ['needs.build.result', 'the e2e runner plays no needs context'],
    ['github.event_name ==', 'does not parse'],
    ["deploy('main')", 'does not parse'],
    ['unknown.value', 'does not parse'],
    ['github.event.pull_request', 'is Object, not text'],
  ])('%s fails: %s', (expression, message) => {
    expect(() => text(expression)).toThrow(message);
  });
});

describe('hashFiles', () => {
  const write = (name: string, content: string) => writeFileSync(join(workspace, name), content);

  it('is empty when no file matches, and follows the content of those that do', () => {
    expect(hashFiles(workspace, ['package-lock.json'])).toBe('');
    write('package-lock.json', '{"lockfileVersion":3}');
    const first = hashFiles(workspace, ['package-lock.json']);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    write('copy.json', '{"lockfileVersion":3}');
    expect(hashFiles(workspace, ['copy.json'])).toBe(first);
    write('package-lock.json', '{"lockfileVersion":2}');
    expect(hashFiles(workspace, ['package-lock.json'])).not.toBe(first);
    expect(text("hashFiles('package-lock.json') != ''")).toBe('true');
  });

  it('refuses a glob, which it cannot match', () => {
    expect(() => hashFiles(workspace, ['**/package-lock.json'])).toThrow('matches plain paths only');
  });
});
