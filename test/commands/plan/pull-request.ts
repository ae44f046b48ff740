import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CommandContext, defaultContext, type Io } from '../../../src/services/index.js';
import { neo, type Run } from '../local-cloud.js';

export interface PullRequestPlan {
  root: string;
  githubUrl: string;
  pr: number;
  base: string;
  head: string;
  headRef: string;
  token: string;
  summaryFile: string;
}

/**
 * `neo plan --comment --out .neo/plan.json` as plan.yml runs it on a pull request of the same
 * repository: the event file and the variables GitHub Actions sets, against the fake GitHub.
 */
export async function planOnPullRequest(p: PullRequestPlan): Promise<Run> {
  const event = join(p.root, '.neo-event.json');
  writeFileSync(
    event,
    JSON.stringify({
      pull_request: {
        number: p.pr,
        base: { sha: p.base, ref: 'main' },
        head: { sha: p.head, ref: p.headRef, repo: { full_name: 'neo-hosting/platform' } },
        labels: [],
      },
    }),
  );
  writeFileSync(p.summaryFile, '');
  const context = (io: Io): CommandContext => ({ ...defaultContext(io), sleep: async () => undefined });
  return neo(p.root, ['plan', '--comment', '--out', '.neo/plan.json'], context, {
    GITHUB_REPOSITORY: 'neo-hosting/platform',
    GITHUB_API_URL: p.githubUrl,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '4242',
    GITHUB_TOKEN: p.token,
    GITHUB_EVENT_PATH: event,
    GITHUB_STEP_SUMMARY: p.summaryFile,
  });
}
