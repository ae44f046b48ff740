import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from '../../helpers/fake-github.js';
import { commitAll, committedExample } from '../../helpers/git.js';
import { PROJECT_ROOT } from '../../helpers/repository.js';
import { neo, type Run } from '../local-cloud.js';
import { planOnPullRequest } from './pull-request.js';

/**
 * `neo plan --comment` as plan.yml runs it, for a pull request onboarding a customer: what it
 * writes anywhere (the comment, the job summary, the artifact, its own output) holds no line of
 * the customer's boot script and never the workflow's token.
 */
const CUSTOMER = 'quarry-hill-dental';
const TOKEN = 'ghs_Q7planTokenNeverPrinted';

let root: string;
let cleanup: () => void;
let github: FakeGitHub;
let pr: number;
let run: Run;
let bootScript: string[];

const summaryFile = () => join(root, '.neo-summary.md');
const artifactFile = () => join(root, '.neo/plan.json');

/** The lines of the customer's user data that name it: what a leak of the boot script would show. */
async function bootScriptLines(): Promise<string[]> {
  const out = mkdtempSync(join(tmpdir(), 'neo-stacks-'));
  try {
    expect((await neo(root, ['synth', '--out', out, CUSTOMER])).code).toBe(0);
    const stack = JSON.parse(readFileSync(join(out, CUSTOMER, 'main.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, { user_data?: string }>>;
    };
    return Object.values(stack.resource)
      .flatMap((resources) => Object.values(resources))
      .flatMap((resource) => (resource.user_data ?? '').split('\n'))
      .filter((line) => line.includes(CUSTOMER) && line.trim().length >= 20);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  const example = await committedExample();
  ({ dir: root, cleanup } = example);
  const base = (await example.git.revparse(['HEAD'])).trim();
  await example.git.checkoutLocalBranch(`onboard-${CUSTOMER}`);
  writeFileSync(
    join(root, 'customers', `${CUSTOMER}.yaml`),
    readFileSync(join(PROJECT_ROOT, 'test/fixtures/synth/customers', `${CUSTOMER}.yaml`), 'utf8'),
  );
  const head = await commitAll(example.git, `Onboard ${CUSTOMER}`);
  bootScript = await bootScriptLines();
  github = await startFakeGitHub();
  pr = github.openPullRequest({ head: `onboard-${CUSTOMER}`, title: `Onboard ${CUSTOMER}` }).number;
  run = await planOnPullRequest({
    root,
    githubUrl: github.url,
    pr,
    base,
    head,
    headRef: `onboard-${CUSTOMER}`,
    token: TOKEN,
    summaryFile: summaryFile(),
  });
}, 180_000);
afterAll(async () => {
  await github.close();
  cleanup();
});

/** Everything the run wrote where people or tools read it. */
function outputs(): Record<string, string> {
  const comment = github.comments(pr).find((c) => c.body.includes('<!-- neo:plan '))?.body ?? '';
  return {
    comment,
    'job summary': readFileSync(summaryFile(), 'utf8'),
    artifact: readFileSync(artifactFile(), 'utf8'),
    stdout: run.out,
    stderr: run.err,
    'requests to GitHub': JSON.stringify(github.requests.map((request) => request.body ?? null)),
  };
}

describe('neo plan --comment never publishes a secret', () => {
  it('plans the customer, whose boot script names it (so a leak would show)', () => {
    expect(run.code).toBe(0);
    const { comment, 'job summary': summary, artifact } = outputs();
    for (const text of [comment, summary, artifact]) expect(text).toContain(CUSTOMER);
    expect(bootScript.length).toBeGreaterThan(0);
  });

  it.each(['comment', 'job summary', 'artifact', 'stdout', 'stderr', 'requests to GitHub'])(
    'holds no line of the boot script, and not the token, in the %s',
    (where) => {
      const text = outputs()[where] ?? '';
      expect(bootScript.filter((line) => text.includes(line.trim()))).toEqual([]);
      expect(text).not.toContain(TOKEN);
    },
  );
});
