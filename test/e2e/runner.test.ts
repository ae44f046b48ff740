import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runJob } from './runner.js';

const workspace = mkdtempSync(join(tmpdir(), 'neo-runner-test-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('the e2e runner', () => {
  it.each([
    ['plan.yml', 'github.event.pull_request.base.sha'],
    ['apply.yml', 'github.workspace'],
    ['drift.yml', 'steps.app.outputs.token'],
  ])('refuses to guess an expression %s uses (%s)', async (workflow, expression) => {
    await expect(runJob({ workflow, workspace, env: {}, expressions: {} })).rejects.toThrow(
      `${workflow} uses \${{ ${expression} }}: give the e2e runner its value`,
    );
  });

  it('skips a step whose if: is false, and fails the job on a failed step', async () => {
    const job = await runJob({
      workflow: 'plan.yml',
      workspace,
      env: {},
      expressions: {
        'github.event.pull_request.base.sha': 'HEAD',
        'github.token': 'ghs_x',
        'steps.aws.outcome': 'skipped',
        "contains(github.event.pull_request.labels.*.name, 'allow-blast-radius')": 'false',
        "!cancelled() && steps.build.outcome == 'success'": 'false',
      },
    });
    // No dist/ in the empty workspace: validation fails, and the plan step is skipped.
    expect(
      job.steps.map((s) => [s.name, s.code === undefined ? 'skipped' : s.code === 0 ? 'ok' : 'failed']),
    ).toEqual([
      ['Validate (annotations on the diff)', 'failed'],
      ['Plan and comment', 'skipped'],
    ]);
    expect(job.succeeded).toBe(false);
  });
});
