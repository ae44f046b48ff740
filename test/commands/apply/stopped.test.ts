import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileLedger, LedgerError } from '../../../src/apply/ledger/index.js';
import type { AppliedLedger } from '../../../src/apply/types.js';
import type { Io } from '../../../src/services/index.js';
import { type CommandContext, defaultContext } from '../../../src/services/index.js';
import { startFakeGitHub } from '../../helpers/fake-github.js';
import { committedExample } from '../../helpers/git.js';
import { localCloudDir, neo } from '../local-cloud.js';

/**
 * `neo apply --comment` as apply.yml runs it after a push to main, when something stops the run
 * before any customer is planned: it must not end unheard. Real Octokit against the fake GitHub.
 */
const DENIED =
  's3://neo-production-terraform-state/customers/applied.json: AWS denied s3:GetObject. The credentials neo apply runs with need s3:GetObject and s3:PutObject on arn:aws:s3:::neo-production-terraform-state/customers/*';

let root: string;
let cleanup: () => void;
let head: string;
let noTools: string;

beforeAll(async () => {
  const example = await committedExample();
  ({ dir: root, cleanup } = example);
  head = (await example.git.revparse(['HEAD'])).trim();
  noTools = mkdtempSync(join(tmpdir(), 'neo-path-'));
});
afterAll(() => {
  rmSync(noTools, { recursive: true, force: true });
  cleanup();
});

/** A ledger AWS will not let neo read. */
const deniedLedger = async (): Promise<AppliedLedger> => ({
  location: 's3://neo-production-terraform-state/customers/applied.json',
  read: async () => {
    throw new LedgerError(DENIED);
  },
  write: async () => {
    throw new LedgerError(DENIED);
  },
  readIds: async () => new Map(),
  writeIds: async () => undefined,
});

describe('neo apply --comment, stopped before applying anything', () => {
  it.each<[string, string[], Record<string, string>, (context: CommandContext) => CommandContext, RegExp]>([
    [
      'without Terraform',
      ['--cloud', 'aws'],
      { PATH: 'no-tools' },
      (context) => ({ ...context, ledger: async () => fileLedger(join(noTools, 'applied.json')) }),
      /terraform.*1\.10/,
    ],
    [
      'when the ledger cannot be read',
      ['--cloud', 'local'],
      {},
      (context) => ({ ...context, ledger: deniedLedger }),
      /AWS denied s3:GetObject/,
    ],
  ])('opens the failure issue %s, saying why, and changes nothing', async (_when, args, env, adapt, why) => {
    const github = await startFakeGitHub();
    try {
      const summary = join(root, '.neo-summary.md');
      writeFileSync(summary, '');
      const run = await neo(
        root,
        ['apply', ...args, '--comment'],
        (io: Io) => adapt({ ...defaultContext(io), sleep: async () => undefined }),
        {
          GITHUB_REPOSITORY: 'neo-hosting/platform',
          GITHUB_API_URL: github.url,
          GITHUB_SERVER_URL: 'https://github.example',
          GITHUB_RUN_ID: '91',
          GITHUB_TOKEN: 'ghs_applyToken',
          GITHUB_SHA: head,
          GITHUB_STEP_SUMMARY: summary,
          ...(env.PATH === 'no-tools' ? { PATH: noTools } : env),
        },
      );
      expect(run.code).toBe(1);
      expect(run.err).toMatch(/^neo apply: /m);
      expect(run.err).toMatch(why);

      const issues = github.issues().filter((i) => i.pull === undefined && i.state === 'open');
      expect(issues.map((i) => i.labels)).toEqual([['apply-failed']]);
      const body = issues[0]?.body ?? '';
      expect(body).toContain('### neo apply · stopped before applying anything');
      expect(body).toMatch(why);
      expect(body).toContain('Every affected customer is applied by the next run once this is fixed');
      expect(readFileSync(summary, 'utf8')).toContain('### neo apply · stopped before applying anything');
      expect(existsSync(localCloudDir(root))).toBe(false);
    } finally {
      await github.close();
    }
  });
});
