import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type SimpleGit, simpleGit } from 'simple-git';
import { type FakeGitHub, startFakeGitHub } from '../helpers/fake-github.js';
import { commitAll, initRepository } from '../helpers/git.js';
import { exampleFiles, PROJECT_ROOT } from '../helpers/repository.js';
import { dispatchEvent, installedRepository, pullRequestEvent, pushEvent, scheduleEvent } from './events.js';
import { type JobResult, runJob, type WorkflowEvent } from './runner.js';

/**
 * A NEO platform as its users live it, offline: a bare repository plays GitHub's git remote
 * ("origin"), the fake GitHub its API, a folder the AWS account (the local cloud, with its
 * ledger: what the state bucket holds). People work in a clone of their own; every workflow run
 * gets a fresh checkout of its commit, as actions/checkout makes one, and runs the workflow's
 * own neo steps (see runner.ts).
 */
export interface Platform {
  github: FakeGitHub;
  /** A person with a clone of the platform repository. */
  developer: Developer;
  /**
   * A contributor from outside, with a fork of the platform repository (`<login>/platform`) and a
   * clone of it: their pull requests come from the fork.
   */
  contributor(login: string): Promise<Developer>;
  /**
   * Where people change the cloud by hand, as in the AWS console: its `terraform-state/local/`
   * is the local cloud every run uses. Hand it to the local-cloud helpers (editManaged, …).
   */
  console: string;
  /** plan.yml on the pull request's latest push: GitHub's test merge of head into base. */
  plan(pr: number): Promise<JobResult>;
  /** apply.yml after a push to main (or, with `allowBlastRadius`, run by hand on main). */
  apply(options?: { allowBlastRadius?: boolean }): Promise<JobResult>;
  /** drift.yml, the nightly run, on main. */
  drift(): Promise<JobResult>;
  /**
   * The everyday path in one call: a branch with `change`, pushed, its pull request planned
   * green by plan.yml (throws otherwise) and merged. Its number.
   */
  mergeReviewed(branch: string, title: string, change: (developer: Developer) => void): Promise<number>;
  /** The commit main points at on GitHub. */
  mainCommit(): Promise<string>;
  close(): Promise<void>;
}

export interface Developer {
  git: SimpleGit;
  dir: string;
  /** A new branch from GitHub's main. */
  startBranch(name: string): Promise<void>;
  /** An existing branch from GitHub, to commit on top of it (a drift pull request's). */
  checkoutBranch(name: string): Promise<void>;
  write(path: string, text: string): void;
  read(path: string): string;
  /** Replaces `from` (which must be there) with `to`. */
  edit(path: string, from: string, to: string): void;
  /** Commits everything and pushes the branch; the new head. */
  push(message: string): Promise<string>;
  /** Opens a pull request of the current branch into main. */
  openPullRequest(title: string, labels?: string[]): Promise<number>;
  /** Merges it on GitHub (a real merge commit on origin's main). */
  merge(pr: number): Promise<string>;
  /** Labels a pull request, as a reviewer does in GitHub's sidebar. */
  label(pr: number, name: string): Promise<void>;
  /** A new branch with `change`, pushed, and its pull request opened, titled as the commit. */
  propose(branch: string, title: string, change: (developer: Developer) => void): Promise<Proposal>;
}

export interface Proposal {
  pr: number;
  /** The head commit pushed. */
  head: string;
}

const BOT = { name: 'neo-platform[bot]', email: '41898282+neo-platform[bot]@users.noreply.github.com' };

/** The job tokens GitHub hands the workflows: a fork's pull request gets a read-only one. */
export const TOKENS = {
  plan: 'ghs_planJobToken',
  forkPlan: 'ghs_forkPullRequestReadOnlyToken',
  apply: 'ghs_applyJobToken',
  drift: 'ghs_driftJobToken',
};

/**
 * A platform in production: the example repository on main, its customers applied by apply.yml
 * (throws if that fails).
 */
export async function startPlatform(): Promise<Platform> {
  const temp = mkdtempSync(join(tmpdir(), 'neo-e2e-'));
  const path = (...parts: string[]) => join(temp, ...parts);
  const origin = path('origin.git');
  await simpleGit().raw(['init', '--bare', '--initial-branch=main', origin]);
  const github = await startFakeGitHub({
    owner: 'neo-hosting',
    repo: 'platform',
    bareRepo: origin,
    readOnlyTokens: [TOKENS.forkPlan],
  });
  const developer = await seedRepository(path('developer'), origin, github);
  const account = path('account');
  mkdirSync(join(account, 'terraform-state/local'), { recursive: true });

  let runs = 0;
  const originGit = simpleGit({ baseDir: origin });
  const mainCommit = async () => (await originGit.revparse(['main'])).trim();

  /** A fresh clone at `commit`, as actions/checkout makes it, with the built neo and the cloud. */
  async function checkout(run: number, commit: string): Promise<{ dir: string; git: SimpleGit }> {
    const dir = path(`run-${run}`, 'workspace');
    mkdirSync(dirname(dir), { recursive: true });
    await simpleGit().clone(origin, dir, ['--quiet', '--no-checkout']);
    const git = simpleGit({ baseDir: dir });
    await git.checkout(['--quiet', '--detach', commit]);
    // npm ci && npm run build happened once for the whole suite (global setup).
    symlinkSync(join(PROJECT_ROOT, 'dist'), join(dir, 'dist'));
    mkdirSync(join(dir, 'terraform-state'), { recursive: true });
    symlinkSync(join(account, 'terraform-state/local'), join(dir, 'terraform-state/local'));
    writeFileSync(join(dir, '.git/info/exclude'), '/dist\n/terraform-state/local\n');
    return { dir, git };
  }

  const repository = installedRepository(`${github.owner}/${github.repo}`);
  /** Pull requests from forks, by number. */
  const forks = new Map<number, { login: string; branch: string; fork: string }>();
  /**
   * The fake GitHub plays one repository, so it keeps a fork's branch in it, under
   * forks/<login>/<branch>, as GitHub keeps a fork pull request's head under refs/pull/<n>/head.
   */
  const mirrorFork = async (fork: string, login: string, branch: string) => {
    const head = `forks/${login}/${branch}`;
    await originGit.raw(['fetch', '--quiet', fork, `+refs/heads/${branch}:refs/heads/${head}`]);
    return head;
  };

  const play = (workflow: string, run: number, workspace: string, event: WorkflowEvent, token: string) =>
    runJob({ workflow, workspace, repository, event, token, runId: run, apiUrl: github.url });

  const platform: Platform = {
    github,
    developer,
    console: account,
    mainCommit,

    async plan(pr) {
      const run = ++runs;
      const pull = github.issue(pr);
      if (pull?.pull === undefined) throw new Error(`#${pr} is not a pull request`);
      const fromFork = forks.get(pr);
      // A push to the fork updates the pull request's head on GitHub.
      if (fromFork !== undefined) await mirrorFork(fromFork.fork, fromFork.login, fromFork.branch);
      const base = await mainCommit();
      const head = (await originGit.revparse([pull.pull.head])).trim();
      const { dir, git } = await checkout(run, base);
      // refs/pull/N/merge: GitHub's test merge of the head into the base's tip.
      await git.addConfig('user.name', 'GitHub').addConfig('user.email', 'noreply@github.com');
      await git.raw(['merge', '--quiet', '--no-ff', '--no-edit', head]);
      const merge = (await git.revparse(['HEAD'])).trim();
      const event = pullRequestEvent({
        repository: repository.fullName,
        number: pr,
        base: { ref: pull.pull.base, sha: base },
        head: { ref: fromFork?.branch ?? pull.pull.head, sha: head },
        merge,
        labels: pull.labels,
        ...(fromFork !== undefined && { fork: `${fromFork.login}/${github.repo}` }),
      });
      return play('plan.yml', run, dir, event, fromFork === undefined ? TOKENS.plan : TOKENS.forkPlan);
    },

    async apply(options = {}) {
      const run = ++runs;
      const sha = await mainCommit();
      const { dir } = await checkout(run, sha);
      const event =
        options.allowBlastRadius === undefined
          ? pushEvent(repository.fullName, sha)
          : dispatchEvent(repository.fullName, sha, {
              'allow-blast-radius': String(options.allowBlastRadius),
            });
      return play('apply.yml', run, dir, event, TOKENS.apply);
    },

    async drift() {
      const run = ++runs;
      const sha = await mainCommit();
      const { dir, git } = await checkout(run, sha);
      // drift.yml: "Commit as the GitHub App", and the checkout pushes with the App's token.
      await git.addConfig('user.name', BOT.name).addConfig('user.email', BOT.email);
      await git.checkout(['--quiet', '-B', 'main', sha]);
      const event = scheduleEvent(repository.fullName, sha, '23 3 * * *');
      return play('drift.yml', run, dir, event, TOKENS.drift);
    },

    async contributor(login) {
      const fork = path(`${login}-fork.git`);
      await simpleGit().clone(origin, fork, ['--quiet', '--bare']);
      const dir = path(login);
      await simpleGit().clone(fork, dir, ['--quiet']);
      const git = simpleGit({ baseDir: dir });
      await git
        .addConfig('user.name', login)
        .addConfig('user.email', `${login}@users.noreply.github.example`);
      return person(dir, git, github, async (branch, title, labels) => {
        const head = await mirrorFork(fork, login, branch);
        const { number } = github.openPullRequest({ head, title, labels, user: login });
        forks.set(number, { login, branch, fork });
        return number;
      });
    },

    async mergeReviewed(branch, title, change) {
      const { pr } = await developer.propose(branch, title, change);
      const plan = await platform.plan(pr);
      if (!plan.succeeded)
        throw new Error(`the plan of #${pr} failed:\n${JSON.stringify(plan.steps, null, 2)}`);
      await developer.merge(pr);
      return pr;
    },

    async close() {
      await github.close();
      rmSync(temp, { recursive: true, force: true });
    },
  };
  const first = await platform.apply();
  if (!first.succeeded) {
    await platform.close();
    throw new Error(`the first apply failed:\n${JSON.stringify(first.steps, null, 2)}`);
  }
  return platform;
}

/** The example platform repository, committed and pushed to `origin` by a person's clone. */
async function seedRepository(dir: string, origin: string, github: FakeGitHub): Promise<Developer> {
  mkdirSync(dir, { recursive: true });
  const files = exampleFiles();
  files.set('.gitignore', readFileSync(join(PROJECT_ROOT, '.gitignore'), 'utf8'));
  for (const [file, text] of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const git = await initRepository(dir);
  await git.addConfig('user.name', 'Dana Ops').addConfig('user.email', 'dana@neo-hosting.example');
  await commitAll(git, 'NEO platform: customers and plan tiers');
  await git.addRemote('origin', origin);
  await git.push(['--quiet', '-u', 'origin', 'main']);
  return person(dir, git, github);
}

type Opener = (branch: string, title: string, labels: string[]) => Promise<number>;

function person(
  dir: string,
  git: SimpleGit,
  github: FakeGitHub,
  open: Opener = async (branch, title, labels) =>
    github.openPullRequest({ head: branch, title, labels, user: 'dana-ops' }).number,
): Developer {
  let branch = 'main';
  const self: Developer = {
    git,
    dir,
    async startBranch(name) {
      await git.fetch(['--quiet', 'origin']);
      await git.checkout(['--quiet', '-B', name, 'origin/main']);
      branch = name;
    },
    async checkoutBranch(name) {
      await git.fetch(['--quiet', 'origin']);
      await git.checkout(['--quiet', '-B', name, `origin/${name}`]);
      branch = name;
    },
    write: (file, text) => {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    },
    read: (file) => readFileSync(join(dir, file), 'utf8'),
    edit: (file, from, to) => {
      const text = readFileSync(join(dir, file), 'utf8');
      if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from)}`);
      writeFileSync(join(dir, file), text.replace(from, to));
    },
    async push(message) {
      const head = await commitAll(git, message);
      await git.push(['--quiet', '-u', 'origin', branch]);
      return head;
    },
    openPullRequest: (title, labels = []) => open(branch, title, labels),
    merge: (pr) => github.mergePullRequest(pr),
    async label(pr, name) {
      const response = await fetch(`${github.url}/repos/${github.owner}/${github.repo}/issues/${pr}/labels`, {
        method: 'POST',
        headers: { authorization: 'token ghp_reviewersToken', 'content-type': 'application/json' },
        body: JSON.stringify({ labels: [name] }),
      });
      if (!response.ok) throw new Error(`labelling #${pr}: ${response.status} ${await response.text()}`);
    },
    async propose(name, title, change) {
      await self.startBranch(name);
      change(self);
      const head = await self.push(title);
      return { pr: await self.openPullRequest(title), head };
    },
  };
  return self;
}
