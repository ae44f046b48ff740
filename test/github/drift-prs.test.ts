import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { type SimpleGit, simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerDrift, DriftItem, DriftReport } from '../../src/cloud/index.js';
import { gitDriftBranches } from '../../src/github/drift-branches.js';
import {
  type DriftBranches,
  type DriftSync,
  type DriftSyncInput,
  driftFingerprint,
  syncDriftPullRequests,
} from '../../src/github/drift-prs.js';
import { gitHubHost } from '../../src/github/octokit.js';
import type { CodeHost } from '../../src/github/types.js';
import { renderDriftRecord } from '../../src/report/index.js';
import { type FakeGitHub, type RecordedRequest, startFakeGitHub } from '../helpers/fake-github.js';
import { commitAll, initRepository } from '../helpers/git.js';
import { attribute, customer, driftFixture, modified } from '../report/drift/drift-fixture.js';

/**
 * `neo drift --open-prs` night after night, for real: a bare repository plays GitHub's git side,
 * neo works in a clone of it (as the workflow's checkout), a person pushes from another clone, and
 * the fake GitHub (real HTTP, real Octokit) deletes and merges branches in that bare repository.
 */

const FIXTURE = driftFixture();
const QUIET = { debug() {}, info() {}, warn() {}, error() {} };

function itemsOf(customerId: string): DriftItem[] {
  const found = FIXTURE.customers.find((c) => c.customerId === customerId);
  if (found === undefined) throw new Error(`the fixture lacks ${customerId}`);
  return structuredClone(found.items);
}

/** The fixture's drift, and the same customers with their drift changed. */
const ACME = itemsOf('acme-corp');
/** The unmanaged load-test server was terminated; the resize and SSH stay. */
const ACME_LATER = ACME.slice(0, 2);
const BLUEFIN = itemsOf('bluefin-bakery');
/** Someone tuned the data volume further. */
const BLUEFIN_LATER = [
  ...BLUEFIN.slice(0, 1),
  modified('aws_ebs_volume.data', 'vol-0e4d3c2b1a0f9e8d7', [
    attribute('iops', 3000, 8000),
    attribute('throughput', 125, 500),
  ]),
];
const KESTREL = itemsOf('kestrel-legal');
const KESTREL_LATER = [
  modified('aws_instance.server', 'i-07d6c5b4a3928170f', [
    attribute('instance_type', 't3.small', 't3.micro'),
  ]),
];

/** The fixture's five customers, with the drift given (none for the others). */
function report(
  drift: Record<string, DriftItem[]>,
  options: { observedAt?: string; orphans?: DriftReport['orphans'] } = {},
): DriftReport {
  return {
    ...structuredClone(FIXTURE),
    observedAt: options.observedAt ?? FIXTURE.observedAt,
    customers: FIXTURE.customers.map((c) => customer(c.customerId, drift[c.customerId] ?? [])),
    orphans: options.orphans ?? [],
  };
}

function driftOf(from: DriftReport, customerId: string): CustomerDrift {
  const found = from.customers.find((c) => c.customerId === customerId);
  if (found === undefined) throw new Error(`the report lacks ${customerId}`);
  return found;
}

/** Without GIT_DIR and friends: a test started from a git hook must not act on this project. */
function gitEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_')));
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], {
    env: gitEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

interface World {
  /** The bare repository GitHub holds. */
  origin: string;
  /** neo's checkout, as actions/checkout leaves it. */
  checkout: string;
  /** A person's clone. */
  person: SimpleGit;
  personDir: string;
  github: FakeGitHub;
  host: CodeHost;
  branches: DriftBranches;
  /** The waits neo's pacing asked for (answered at once). */
  sleeps: number[];
  close(): Promise<void>;
}

/** What drift.yml configures in its checkout: commits are by the GitHub App's bot. */
const APP_BOT = {
  name: 'neo-hosting-app[bot]',
  email: '41898282+neo-hosting-app[bot]@users.noreply.github.com',
};

/**
 * With `identity: 'app'` the checkout has the App's bot as its git user, as drift.yml sets it;
 * with 'none' git sees no user at all (no global or system config either), as on a bare runner.
 */
async function startWorld(identity: 'app' | 'none' = 'app'): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), 'neo-drift-prs-test-'));
  const origin = join(dir, 'origin.git');
  execFileSync('git', ['init', '--quiet', '--bare', '--initial-branch=main', origin], { env: gitEnv() });

  const personDir = join(dir, 'person');
  await mkdir(join(personDir, 'customers'), { recursive: true });
  const person = await initRepository(personDir);
  for (const id of ['acme-corp', 'bluefin-bakery', 'kestrel-legal']) {
    await writeFile(join(personDir, 'customers', `${id}.yaml`), `id: ${id}\nplan: standard\n`);
  }
  await commitAll(person, 'customers');
  await person.addRemote('origin', origin);
  await person.push('origin', 'main');

  const checkout = join(dir, 'checkout');
  await simpleGit().clone(origin, checkout);
  git(checkout, 'config', 'commit.gpgsign', 'false');
  if (identity === 'app') {
    git(checkout, 'config', 'user.name', APP_BOT.name);
    git(checkout, 'config', 'user.email', APP_BOT.email);
  }
  // A home of its own and no system config: git finds no user anywhere.
  const noConfig = { PATH: process.env.PATH ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1' };

  const github = await startFakeGitHub({ bareRepo: origin });
  const sleeps: number[] = [];
  let clock = 0;
  const host = await gitHubHost(
    { token: 'ghs_driftToken', repository: `${github.owner}/${github.repo}`, apiUrl: github.url },
    {
      clock: () => clock,
      now: () => new Date('2026-11-26T03:00:00Z'),
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
      log: () => {},
    },
  );
  const branches = gitDriftBranches({
    git: async (d) =>
      identity === 'app' ? simpleGit({ baseDir: d }) : simpleGit({ baseDir: d }).env(noConfig),
    root: checkout,
    base: 'main',
  });
  return {
    origin,
    checkout,
    person,
    personDir,
    github,
    host,
    branches,
    sleeps,
    async close() {
      await github.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One night's run against the world. */
function sync(
  world: World,
  from: DriftReport,
  scope: DriftSyncInput['scope'] = 'all',
  branches: DriftBranches = world.branches,
): Promise<DriftSync> {
  return syncDriftPullRequests(world.host, branches, { report: from, scope, base: 'main' });
}

const refs = (list: ReadonlyArray<{ customerId: string; number: number }>) =>
  list.map((r) => `#${r.number} ${r.customerId}`);

/** The branch's commit in the bare repository, undefined once it is gone. */
function head(world: World, branch: string): string | undefined {
  try {
    return git(world.origin, 'rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`);
  } catch {
    return undefined;
  }
}

/** The commits on the branch that main lacks, newest first. */
function commitsOnTop(world: World, branch: string): string[] {
  return git(world.origin, 'rev-list', `main..${branch}`).split('\n').filter(Boolean);
}

function parentOf(world: World, commit: string): string {
  return git(world.origin, 'rev-parse', `${commit}^`);
}

function fileAt(world: World, rev: string, path: string): string {
  return git(world.origin, 'show', `${rev}:${path}`);
}

/** Requests that change something on GitHub, as `METHOD path` relative to the repository. */
function writesSince(world: World, mark: number): string[] {
  const prefix = `/repos/${world.github.owner}/${world.github.repo}`;
  return world.github.requests
    .slice(mark)
    .filter((r: RecordedRequest) => r.method !== 'GET')
    .map((r) => `${r.method} ${r.path.slice(prefix.length)}`);
}

/** As a person would: commits a change to a customer file on a drift branch and pushes it. */
async function personCommits(
  world: World,
  branch: string,
  file: string,
  content: string,
  from = `origin/${branch}`,
): Promise<string> {
  const { person, personDir } = world;
  await person.fetch('origin');
  await person.checkout(['-B', 'work', from]);
  await writeFile(join(personDir, file), content);
  const commit = await commitAll(person, `${file}: keep what is live`);
  await person.push('origin', `HEAD:refs/heads/${branch}`);
  await person.checkout('main');
  return commit;
}

/** As a person would: closes a pull request without merging it. */
async function personCloses(world: World, number: number): Promise<void> {
  const { github } = world;
  const response = await fetch(`${github.url}/repos/${github.owner}/${github.repo}/pulls/${number}`, {
    method: 'PATCH',
    headers: { authorization: 'token person-token', 'content-type': 'application/json' },
    body: JSON.stringify({ state: 'closed' }),
  });
  expect(response.status).toBe(200);
}

describe('drift pull requests, night after night', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  const first = report({ 'acme-corp': ACME, 'bluefin-bakery': BLUEFIN });
  const acmeFingerprint = driftFingerprint(driftOf(first, 'acme-corp'));
  const bluefinFingerprint = driftFingerprint(driftOf(first, 'bluefin-bakery'));
  const heads = new Map<string, string | undefined>();

  it('opens one pull request per drifted customer, labelled drift', async () => {
    const result = await sync(world, first);
    for (const id of ['acme-corp', 'bluefin-bakery']) heads.set(id, head(world, `neo/drift/${id}`));
    expect(refs(result.opened)).toEqual(['#1 acme-corp', '#2 bluefin-bakery']);
    expect([result.updated, result.unchanged, result.closed, result.failed]).toEqual([[], [], [], []]);
    expect(result.orphans).toBeUndefined();
    expect(result.opened[0]?.url).toBe('https://github.com/neo-hosting/platform/pull/1');

    const prs = world.github.pullRequests();
    expect(prs.map((p) => [p.number, p.state, p.pull?.head, p.pull?.base, p.labels])).toEqual([
      [1, 'open', 'neo/drift/acme-corp', 'main', ['drift']],
      [2, 'open', 'neo/drift/bluefin-bakery', 'main', ['drift']],
    ]);
    expect(prs.map((p) => p.title)).toEqual([
      'Drift: acme-corp (2 modified, 1 unmanaged)',
      'Drift: bluefin-bakery (1 modified, 1 missing)',
    ]);
    expect(acmeFingerprint).not.toBe(bluefinFingerprint);
    const body = prs[0]?.body ?? '';
    expect(body.split('\n')[0]).toBe(`<!-- neo:drift customer=acme-corp fingerprint=${acmeFingerprint} -->`);
    expect(body.split('\n')[1]).toBe(
      '### acme-corp: 3 drifted resources in aws, observed 2026-11-25 03:00 UTC',
    );
    expect(body).toContain('#### Merging this pull request');
    expect(body).toContain('#### Keeping the live state instead');
    expect(body).toContain('Edit `customers/acme-corp.yaml` on this branch');
    expect(prs[1]?.body).toContain(`fingerprint=${bluefinFingerprint} -->`);
  });

  it('commits each customer’s drift record on its own branch, one commit on top of main', () => {
    const main = git(world.origin, 'rev-parse', 'main');
    for (const id of ['acme-corp', 'bluefin-bakery']) {
      const branch = `neo/drift/${id}`;
      const commits = commitsOnTop(world, branch);
      expect(commits).toHaveLength(1);
      expect(parentOf(world, branch)).toBe(main);
      expect(git(world.origin, 'diff', '--name-status', 'main', branch)).toBe(
        `A\tterraform-state/drift/${id}.md`,
      );
      expect(
        git(world.origin, 'log', '-1', '--format=%(trailers:key=Neo-Drift-Record,valueonly)', branch),
      ).toBe(branch);
      // As the checkout's git user, the App's bot: its commits show as the App's on GitHub.
      expect(git(world.origin, 'log', '-1', '--format=%an <%ae> / %cn <%ce>', branch)).toBe(
        `${APP_BOT.name} <${APP_BOT.email}> / ${APP_BOT.name} <${APP_BOT.email}>`,
      );
    }
    expect(git(world.origin, 'log', '-1', '--format=%s', 'neo/drift/acme-corp')).toBe(
      'Drift record of acme-corp: 2 modified, 1 unmanaged',
    );

    const record = fileAt(world, 'neo/drift/acme-corp', 'terraform-state/drift/acme-corp.md');
    const lines = record.split('\n');
    expect(lines[0]).toBe(`<!-- neo:drift-record customer=acme-corp fingerprint=${acmeFingerprint} -->`);
    expect(lines[1]).toBe('# Drift record: acme-corp');
    expect(record).toContain('## acme-corp: 3 drifted resources in aws, observed 2026-11-25 03:00 UTC');
    expect(record).toContain('  - `cidr_ipv4`: spec `203.0.113.0/24` → live `0.0.0.0/0`');
    expect(`${record}\n`).toBe(`${lines[0]}\n${renderDriftRecord(driftOf(first, 'acme-corp'), first)}`);
  });

  it('leaves the checkout as it was: on main, clean, with no extra work tree', () => {
    expect(git(world.checkout, 'status', '--porcelain')).toBe('');
    expect(git(world.checkout, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git(world.checkout, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  });

  it('changes nothing when the same drift is seen the next night', async () => {
    const mark = world.github.requests.length;
    const result = await sync(
      world,
      report({ 'acme-corp': ACME, 'bluefin-bakery': BLUEFIN }, { observedAt: '2026-11-26T03:00:09.000Z' }),
    );
    expect(refs(result.unchanged)).toEqual(['#1 acme-corp', '#2 bluefin-bakery']);
    expect([result.opened, result.updated, result.closed, result.failed]).toEqual([[], [], [], []]);
    expect(writesSince(world, mark)).toEqual([]);
    for (const id of ['acme-corp', 'bluefin-bakery'])
      expect(head(world, `neo/drift/${id}`)).toBe(heads.get(id));
    expect(world.github.pullRequests()).toHaveLength(2);
  });

  it('puts back the drift label someone took off, changing nothing else', async () => {
    const octokit = new Octokit({ auth: 'a-person', baseUrl: world.github.url, log: QUIET });
    await octokit.rest.issues.update({
      owner: world.github.owner,
      repo: world.github.repo,
      issue_number: 1,
      labels: [],
    });
    const mark = world.github.requests.length;
    const result = await sync(world, report({ 'acme-corp': ACME, 'bluefin-bakery': BLUEFIN }));
    expect(refs(result.unchanged)).toEqual(['#1 acme-corp', '#2 bluefin-bakery']);
    expect(writesSince(world, mark)).toEqual(['POST /issues/1/labels']);
    expect(world.github.issue(1)?.labels).toEqual(['drift']);
  });

  it('updates a pull request in place when its customer’s drift changes', async () => {
    const mark = world.github.requests.length;
    const later = report({ 'acme-corp': ACME_LATER, 'bluefin-bakery': BLUEFIN });
    const result = await sync(world, later);
    expect(refs(result.updated)).toEqual(['#1 acme-corp']);
    expect(refs(result.unchanged)).toEqual(['#2 bluefin-bakery']);
    expect([result.opened, result.closed, result.failed]).toEqual([[], [], []]);
    expect(writesSince(world, mark)).toEqual(['PATCH /pulls/1']);

    const fingerprint = driftFingerprint(driftOf(later, 'acme-corp'));
    expect(fingerprint).not.toBe(acmeFingerprint);
    const pr = world.github.issue(1);
    expect(pr?.title).toBe('Drift: acme-corp (2 modified)');
    expect(pr?.body?.split('\n')[0]).toBe(`<!-- neo:drift customer=acme-corp fingerprint=${fingerprint} -->`);
    expect(pr?.body).not.toContain('aws_instance.unmanaged_i_0f3a9c1d2e4b5a697');
    expect(world.github.pullRequests()).toHaveLength(2);

    const branch = 'neo/drift/acme-corp';
    expect(commitsOnTop(world, branch)).toHaveLength(2);
    expect(parentOf(world, branch)).toBe(heads.get('acme-corp'));
    expect(git(world.origin, 'diff', '--name-only', `${branch}^`, branch)).toBe(
      'terraform-state/drift/acme-corp.md',
    );
    const record = fileAt(world, branch, 'terraform-state/drift/acme-corp.md');
    expect(record.split('\n')[0]).toBe(
      `<!-- neo:drift-record customer=acme-corp fingerprint=${fingerprint} -->`,
    );
    expect(record).toContain('## acme-corp: 2 drifted resources');
    expect(head(world, 'neo/drift/bluefin-bakery')).toBe(heads.get('bluefin-bakery'));
    heads.set('acme-corp', head(world, branch));
  });

  let personsCommit = '';
  it('puts its update on top of a commit a person pushed to the branch', async () => {
    const branch = 'neo/drift/bluefin-bakery';
    const adopted = 'id: bluefin-bakery\nplan: standard\nvolume:\n  iops: 6000\n';
    personsCommit = await personCommits(world, branch, 'customers/bluefin-bakery.yaml', adopted);

    const later = report({ 'acme-corp': ACME_LATER, 'bluefin-bakery': BLUEFIN_LATER });
    const result = await sync(world, later);
    expect(refs(result.updated)).toEqual(['#2 bluefin-bakery']);
    expect(refs(result.unchanged)).toEqual(['#1 acme-corp']);
    expect(result.failed).toEqual([]);

    expect(commitsOnTop(world, branch)).toHaveLength(3);
    expect(parentOf(world, branch)).toBe(personsCommit);
    expect(parentOf(world, personsCommit)).toBe(heads.get('bluefin-bakery'));
    expect(fileAt(world, branch, 'customers/bluefin-bakery.yaml')).toBe(adopted.trimEnd());
    const fingerprint = driftFingerprint(driftOf(later, 'bluefin-bakery'));
    expect(fileAt(world, branch, 'terraform-state/drift/bluefin-bakery.md').split('\n')[0]).toBe(
      `<!-- neo:drift-record customer=bluefin-bakery fingerprint=${fingerprint} -->`,
    );
    expect(world.github.issue(2)?.body).toContain(`fingerprint=${fingerprint} -->`);
    expect(world.github.issue(2)?.body).toContain(
      "This branch has a commit neo did not write; neo's latest drift record is committed on top. Review it before merging",
    );
    heads.set('bluefin-bakery', head(world, branch));
  });

  it('leaves alone the pull requests of customers the run did not look at', async () => {
    const mark = world.github.requests.length;
    // `neo drift kestrel-legal --open-prs`: acme-corp and bluefin-bakery were not observed.
    const result = await sync(world, report({}, { orphans: FIXTURE.orphans }), new Set(['kestrel-legal']));
    expect([result.opened, result.updated, result.unchanged, result.closed, result.failed]).toEqual([
      [],
      [],
      [],
      [],
      [],
    ]);
    expect(result.orphans).toBeUndefined();
    expect(writesSince(world, mark)).toEqual([]);
    expect(world.github.pullRequests().map((p) => p.state)).toEqual(['open', 'open']);
    expect(world.github.issues()).toHaveLength(2);
  });

  it('closes a pull request once its drift is gone, deleting the branch neo alone wrote', async () => {
    const result = await sync(world, report({}, { observedAt: '2026-11-28T03:00:00.000Z' }));
    expect(result.closed).toEqual([
      { customerId: 'acme-corp', number: 1, url: expect.any(String), branchKept: false },
      { customerId: 'bluefin-bakery', number: 2, url: expect.any(String), branchKept: true },
    ]);
    expect([result.opened, result.updated, result.unchanged, result.failed]).toEqual([[], [], [], []]);

    const acme = world.github.issue(1);
    expect([acme?.state, acme?.pull?.merged_at]).toEqual(['closed', null]);
    const [comment, ...more] = world.github.comments(1);
    expect(more).toEqual([]);
    expect(comment?.user.type).toBe('Bot');
    expect(comment?.body).toBe(
      'The drift of acme-corp is gone: the cloud matches the spec again (observed 2026-11-28T03:00:00.000Z). Closing this pull request. Its branch is deleted.',
    );
    expect(head(world, 'neo/drift/acme-corp')).toBeUndefined();
  });

  it('keeps the branch of a closed pull request that has a person’s commit, and says so', () => {
    const bluefin = world.github.issue(2);
    expect(bluefin?.state).toBe('closed');
    const comments = world.github.comments(2);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('The drift of bluefin-bakery is gone');
    expect(comments[0]?.body).toContain(
      'The branch `neo/drift/bluefin-bakery` is kept: it has a commit neo did not write.',
    );
    expect(head(world, 'neo/drift/bluefin-bakery')).toBe(heads.get('bluefin-bakery'));
    expect(commitsOnTop(world, 'neo/drift/bluefin-bakery')).toContain(personsCommit);
  });

  it('does not overwrite that kept branch when the drift comes back: it says what to do', async () => {
    const kept = head(world, 'neo/drift/bluefin-bakery');
    const mark = world.github.requests.length;
    const result = await sync(world, report({ 'bluefin-bakery': BLUEFIN }));
    expect(result.opened).toEqual([]);
    expect(result.failed).toEqual([
      {
        customerId: 'bluefin-bakery',
        message:
          'branch neo/drift/bluefin-bakery has commits neo did not write and no open pull request: open a pull request from it, or delete it, and the next run takes over',
      },
    ]);
    expect(head(world, 'neo/drift/bluefin-bakery')).toBe(kept);
    expect(writesSince(world, mark)).toEqual([]);
  });

  it('opens a fresh pull request from main over a branch left without one', async () => {
    const opened = await sync(world, report({ 'kestrel-legal': KESTREL }));
    expect(refs(opened.opened)).toEqual(['#3 kestrel-legal']);
    const declined = head(world, 'neo/drift/kestrel-legal');
    await personCloses(world, 3);
    expect(head(world, 'neo/drift/kestrel-legal')).toBe(declined);

    const result = await sync(world, report({ 'kestrel-legal': KESTREL_LATER }));
    expect(refs(result.opened)).toEqual(['#4 kestrel-legal']);
    expect([result.updated, result.unchanged, result.closed, result.failed]).toEqual([[], [], [], []]);
    const branch = 'neo/drift/kestrel-legal';
    const commits = commitsOnTop(world, branch);
    expect(commits).toHaveLength(1);
    expect(commits).not.toContain(declined);
    expect(parentOf(world, branch)).toBe(git(world.origin, 'rev-parse', 'main'));
    expect(world.github.issue(4)?.pull?.head).toBe(branch);
    expect(world.github.issue(4)?.title).toBe('Drift: kestrel-legal (1 modified)');
  });

  it('starts from the new main after a drift pull request was merged', async () => {
    const merge = await world.github.mergePullRequest(4);
    // The merge left the branch (the repository does not delete head branches); drift comes back.
    expect(head(world, 'neo/drift/kestrel-legal')).toBeDefined();
    const result = await sync(world, report({ 'kestrel-legal': KESTREL }));
    expect(refs(result.opened)).toEqual(['#5 kestrel-legal']);
    const branch = 'neo/drift/kestrel-legal';
    expect(commitsOnTop(world, branch)).toHaveLength(1);
    expect(parentOf(world, branch)).toBe(merge);
    expect(git(world.origin, 'diff', '--name-status', 'main', branch)).toBe(
      'M\tterraform-state/drift/kestrel-legal.md',
    );
  });

  it('closes the pull request of a customer whose file is gone', async () => {
    const gone: DriftReport = {
      ...report({}),
      customers: FIXTURE.customers
        .filter((c) => c.customerId !== 'kestrel-legal')
        .map((c) => customer(c.customerId, [])),
    };
    const result = await sync(world, gone);
    expect(refs(result.closed)).toEqual(['#5 kestrel-legal']);
    expect(world.github.comments(5)[0]?.body).toBe(
      'kestrel-legal has no customer file any more, so there is no drift to restore. Closing this pull request. Its branch is deleted.',
    );
    expect(head(world, 'neo/drift/kestrel-legal')).toBeUndefined();
  });

  it('spaced its writes without waiting for real', () => {
    expect(world.sleeps.length).toBeGreaterThan(0);
    expect(world.sleeps.every((ms) => ms > 0 && ms <= 750)).toBe(true);
  });
});

describe('a failure for one customer', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld('none');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('lands in failed and the other customers go on', async () => {
    world.github.failNext(
      { method: 'POST', path: '/pulls' },
      {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [{ resource: 'PullRequest', code: 'custom', message: 'Base branch is protected' }],
        },
      },
    );
    const result = await sync(world, report({ 'acme-corp': ACME, 'bluefin-bakery': BLUEFIN }));
    expect(result.failed).toEqual([
      {
        customerId: 'acme-corp',
        message:
          'GitHub refused to open a pull request from neo/drift/acme-corp in neo-hosting/platform: 422 Validation Failed: Base branch is protected',
      },
    ]);
    expect(refs(result.opened)).toEqual(['#1 bluefin-bakery']);
    expect(world.github.pullRequests().map((p) => p.pull?.head)).toEqual(['neo/drift/bluefin-bakery']);
    // Without a git user configured anywhere, neo commits as itself.
    expect(git(world.origin, 'log', '-1', '--format=%an <%ae>', 'neo/drift/bluefin-bakery')).toBe(
      'neo drift <neo-drift@users.noreply.github.com>',
    );
  });

  it('is mended the next night: a fresh pull request over the branch left behind', async () => {
    const leftover = head(world, 'neo/drift/acme-corp');
    expect(leftover).toBeDefined();
    const result = await sync(world, report({ 'acme-corp': ACME, 'bluefin-bakery': BLUEFIN }));
    expect(result.failed).toEqual([]);
    expect(refs(result.opened)).toEqual(['#2 acme-corp']);
    expect(refs(result.unchanged)).toEqual(['#1 bluefin-bakery']);
    const commits = commitsOnTop(world, 'neo/drift/acme-corp');
    expect(commits).toHaveLength(1);
    expect(commits).not.toContain(leftover);
  });

  it('never overwrites a commit a person pushed after neo fetched', async () => {
    const branch = 'neo/drift/bluefin-bakery';
    let personsCommit = '';
    // The person pushes in the moment between neo's fetch and its push.
    const racing: DriftBranches = {
      ...world.branches,
      async fetch() {
        await world.branches.fetch();
        personsCommit = await personCommits(world, branch, 'customers/bluefin-bakery.yaml', 'id: bluefin\n');
      },
    };
    const result = await sync(
      world,
      report({ 'acme-corp': ACME_LATER, 'bluefin-bakery': BLUEFIN_LATER }),
      'all',
      racing,
    );
    expect(refs(result.updated)).toEqual(['#2 acme-corp']);
    expect(result.failed.map((f) => f.customerId)).toEqual(['bluefin-bakery']);
    expect(result.failed[0]?.message).toMatch(/stale info|rejected/);
    expect(head(world, branch)).toBe(personsCommit);
    expect(world.github.issue(1)?.body).toContain(
      `fingerprint=${driftFingerprint(customer('bluefin-bakery', BLUEFIN))} -->`,
    );

    // The next night neo sees the person's commit and builds on it.
    const next = await sync(world, report({ 'acme-corp': ACME_LATER, 'bluefin-bakery': BLUEFIN_LATER }));
    expect(refs(next.updated)).toEqual(['#1 bluefin-bakery']);
    expect(parentOf(world, branch)).toBe(personsCommit);
  });
});

describe('a pull request a person opened from a drift branch', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld('none');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('is never updated, closed or pushed to: neo says whose it is and what to do', async () => {
    const branch = 'neo/drift/acme-corp';
    const theirs = await personCommits(
      world,
      branch,
      'customers/acme-corp.yaml',
      'id: acme-corp\n',
      'origin/main',
    );
    world.github.openPullRequest({ title: 'Adopt the live volume', head: branch, user: 'mallory' });
    const before = world.github.issue(1)?.body;

    const result = await sync(world, report({ 'acme-corp': ACME, 'bluefin-bakery': BLUEFIN }));
    expect(result.failed).toEqual([
      {
        customerId: 'acme-corp',
        message:
          "neo/drift/acme-corp has pull request #1 by mallory, which neo did not open: neo leaves it alone; close it (or rename its branch) and the next run opens neo's own",
      },
    ]);
    expect(refs(result.opened)).toEqual(['#2 bluefin-bakery']);
    expect(head(world, branch)).toBe(theirs);
    expect(world.github.issue(1)?.body).toBe(before);
    expect(world.github.issue(1)?.state).toBe('open');
  });

  it('is not closed when its customer stops drifting', async () => {
    const result = await sync(world, report({ 'bluefin-bakery': BLUEFIN }));
    expect(result.closed).toEqual([]);
    expect(world.github.issue(1)?.state).toBe('open');
  });
});

describe('the orphans issue', () => {
  let world: World;
  /** Drift runs without drift never need git. */
  const noGit: DriftBranches = {
    fetch: () => Promise.reject(new Error('git was used')),
    write: () => Promise.reject(new Error('git was used')),
    othersCommits: () => Promise.reject(new Error('git was used')),
  };
  beforeAll(async () => {
    world = await startWorld();
    // A person's issue with the same label: not neo's, never touched.
    const { github } = world;
    const response = await fetch(`${github.url}/repos/${github.owner}/${github.repo}/issues`, {
      method: 'POST',
      headers: { authorization: 'token person-token', 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Drift in the staging account',
        body: 'Seen by hand.',
        labels: ['drift'],
      }),
    });
    expect(response.status).toBe(201);
  });
  afterAll(async () => {
    await world?.close();
  });

  const orphansSync = (orphans: DriftReport['orphans'], scope: DriftSyncInput['scope'] = 'all', day = 25) =>
    sync(world, report({}, { orphans, observedAt: `2026-11-${day}T03:00:00.000Z` }), scope, noGit);

  it('is opened, labelled drift, for orphaned resources', async () => {
    const result = await orphansSync(FIXTURE.orphans);
    expect(result.orphans).toEqual({
      number: 2,
      url: 'https://github.com/neo-hosting/platform/issues/2',
      action: 'opened',
    });
    const issue = world.github.issue(2);
    expect(issue?.labels).toEqual(['drift']);
    expect(issue?.title).toBe('Orphaned resources: 6 of 2 customers without a file');
    expect(issue?.body).toMatch(/^<!-- neo:orphans fingerprint=[0-9a-f]{16} -->\n### neo drift · 6 orphaned/);
    expect(issue?.body).toContain('| `aws_instance` | `i-0d1e2f3a4b5c6d7e8` | us-east-2 |');
  });

  it('is left alone while the same resources are orphaned', async () => {
    const mark = world.github.requests.length;
    const result = await orphansSync(structuredClone(FIXTURE.orphans).reverse(), 'all', 26);
    expect(result.orphans?.action).toBe('unchanged');
    expect(writesSince(world, mark)).toEqual([]);
  });

  it('is updated when the orphaned resources change', async () => {
    const mark = world.github.requests.length;
    const fewer = FIXTURE.orphans.filter((o) => o.customerId !== 'harbor-cafe');
    const result = await orphansSync(fewer, 'all', 27);
    expect(result.orphans).toEqual(expect.objectContaining({ number: 2, action: 'updated' }));
    expect(writesSince(world, mark)).toEqual(['PATCH /issues/2']);
    const issue = world.github.issue(2);
    expect(issue?.title).toBe('Orphaned resources: 5 of 1 customer without a file');
    expect(issue?.body).not.toContain('vol-0fedcba9876543210');
    expect(issue?.state).toBe('open');
  });

  it('is only looked at by a run over every customer', async () => {
    const mark = world.github.requests.length;
    const result = await orphansSync([], new Set(['acme-corp']), 28);
    expect(result.orphans).toBeUndefined();
    expect(world.github.requests.slice(mark).map((r) => r.method)).toEqual(['GET']);
    expect(world.github.issue(2)?.state).toBe('open');
  });

  it('is closed with a comment once none are left', async () => {
    const result = await orphansSync([], 'all', 29);
    expect(result.orphans).toEqual(expect.objectContaining({ number: 2, action: 'closed' }));
    expect(world.github.issue(2)?.state).toBe('closed');
    expect(world.github.comments(2).map((c) => c.body)).toEqual([
      'No orphaned resources any more (observed 2026-11-29T03:00:00.000Z). Closing.',
    ]);
    expect(world.github.issue(1)).toEqual(expect.objectContaining({ state: 'open', body: 'Seen by hand.' }));
    expect(world.github.comments(1)).toEqual([]);
  });

  it('needs nothing done when none are left and none is open', async () => {
    const mark = world.github.requests.length;
    const result = await orphansSync([], 'all', 30);
    expect(result.orphans).toBeUndefined();
    expect(writesSince(world, mark)).toEqual([]);
  });
});

describe('driftFingerprint', () => {
  const acme = driftOf(FIXTURE, 'acme-corp');

  it('is what drifted, not when it was seen', () => {
    const tomorrow = report({ 'acme-corp': ACME }, { observedAt: '2026-11-26T03:00:00.000Z' });
    expect(driftFingerprint(driftOf(tomorrow, 'acme-corp'))).toBe(driftFingerprint(acme));
    expect(driftFingerprint(acme)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes when an item changes, comes or goes', () => {
    const resized = structuredClone(acme);
    const instance = resized.items[0];
    if (instance === undefined) throw new Error('the fixture lacks the instance');
    instance.change.attributes = [attribute('instance_type', 't3.medium', 't3.2xlarge')];
    const variants = [
      resized,
      customer('acme-corp', ACME_LATER),
      customer('acme-corp', [...ACME, ...KESTREL_LATER]),
      customer('acme-corp', []),
    ];
    const prints = new Set([acme, ...variants].map(driftFingerprint));
    expect(prints.size).toBe(variants.length + 1);
  });
});
