import { execFile } from 'node:child_process';
import type { SimpleGit } from 'simple-git';
import type { AppliedLedger, DatabaseProtection, ProcessResult, RunOptions } from '../apply/index.js';
import type { Cloud } from '../cloud/index.js';
import { type CodeHost, type GitHubSettings, gitHubHost, type Pacing } from '../github/index.js';
import { loadSchemas, type SchemaSet } from '../spec/index.js';
import { type CloudName, type CloudSettings, type LedgerLocation, openCloud, openLedger } from './clouds.js';
import type { Io } from './io.js';

/** Everything a command touches outside its own memory. Tests pass their own. */
export interface CommandContext {
  io: Io;
  /** A git client for the work tree at `dir`. */
  git(dir: string): Promise<SimpleGit>;
  schemas(): SchemaSet;
  /** Milliseconds from an arbitrary origin, for durations users are shown. */
  clock(): number;
  /** The wall-clock time. */
  now(): Date;
  /**
   * Runs a program to completion (no shell); a non-zero exit is a result, not an error. `env`
   * replaces the environment (PATH included) when given.
   */
  run(file: string, args: readonly string[], options: RunOptions): Promise<ProcessResult>;
  /** The cloud to observe (and, for the local one, apply to). */
  cloud(name: CloudName, settings: CloudSettings): Promise<Cloud>;
  /** Where `neo apply` records what it applied to a cloud. */
  ledger(name: CloudName, location: LedgerLocation): Promise<AppliedLedger>;
  /** Waits, between retries. */
  sleep(ms: number): Promise<void>;
  /** Lifts RDS deletion protection for a database neo's apply deletes (AWS only). */
  databaseProtection(): Promise<DatabaseProtection>;
  /** The code host the repository lives on: pull requests, comments, issues. */
  github(settings: GitHubSettings, pacing: Pacing): Promise<CodeHost>;
}

export function defaultContext(io: Io): CommandContext {
  let schemas: SchemaSet | undefined;
  return {
    io,
    // Loaded on first use: most commands never touch git, and start-up time is what users feel.
    git: async (dir) => (await import('simple-git')).simpleGit({ baseDir: dir }),
    schemas: () => {
      schemas ??= loadSchemas();
      return schemas;
    },
    clock: () => performance.now(),
    now: () => new Date(),
    cloud: openCloud,
    ledger: openLedger,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    // The RDS client is loaded only when an AWS apply runs.
    databaseProtection: async () => {
      const [{ RDSClient }, { rdsProtection }] = await Promise.all([
        import('@aws-sdk/client-rds'),
        import('../apply/aws/index.js'),
      ]);
      const clients = new Map<string | undefined, InstanceType<typeof RDSClient>>();
      return rdsProtection((region) => {
        const client = clients.get(region) ?? new RDSClient(region === undefined ? {} : { region });
        clients.set(region, client);
        return client;
      });
    },
    // Octokit itself is loaded on first use, inside gitHubHost: only CI talks to GitHub.
    github: async (settings, pacing) => gitHubHost(settings, pacing),
    run: (file, args, { cwd, env }) =>
      new Promise((resolve) => {
        const options = { cwd, maxBuffer: 256 * 1024 * 1024, ...(env === undefined ? {} : { env }) };
        execFile(file, [...args], options, (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
          resolve({ code, stdout, stderr: stderr || (error?.message ?? '') });
        });
      }),
  };
}
