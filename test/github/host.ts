import { gitHubHost } from '../../src/github/octokit.js';
import type { Pacing } from '../../src/github/pacing.js';
import type { CodeHost } from '../../src/github/types.js';
import type { RecordedRequest } from '../helpers/fake-github.js';
import { type FakeGitHub, startFakeGitHub } from '../helpers/fake-github.js';

/** When the recording pacing's clock stands, and what `now()` answers. */
export const NOW = new Date('2026-03-02T10:00:00Z');
export const TOKEN = 'ghs_secretTokenDoNotLeak42';

/** Pacing whose clock never moves and whose sleeps return at once, recorded with the log. */
export function recordingPacing(): { pacing: Pacing; sleeps: number[]; logs: string[] } {
  const sleeps: number[] = [];
  const logs: string[] = [];
  const pacing: Pacing = {
    clock: () => 0,
    now: () => NOW,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    log: (message) => logs.push(message),
  };
  return { pacing, sleeps, logs };
}

export interface HostFixture {
  fake: FakeGitHub;
  host: CodeHost;
  sleeps: number[];
  logs: string[];
}

/** A fake GitHub and the real Octokit host pointed at it, as `neo-hosting/platform`. */
export async function startHost(
  options: { repository?: string; token?: string; readOnlyTokens?: string[] } = {},
): Promise<HostFixture> {
  const fake = await startFakeGitHub({
    ...(options.readOnlyTokens && { readOnlyTokens: options.readOnlyTokens }),
  });
  const { pacing, sleeps, logs } = recordingPacing();
  const host = await gitHubHost(
    {
      token: options.token ?? TOKEN,
      repository: options.repository ?? 'neo-hosting/platform',
      apiUrl: fake.url,
    },
    pacing,
  );
  return { fake, host, sleeps, logs };
}

/** Requests that change something (not GET). */
export function writes(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((r) => r.method !== 'GET');
}

/** The requests made while `work` ran. */
export async function requestsDuring(
  fake: FakeGitHub,
  work: () => Promise<unknown>,
): Promise<RecordedRequest[]> {
  const before = fake.requests.length;
  await work();
  return fake.requests.slice(before);
}

/** A 40-hex commit id from a short seed, stable across runs. */
export function sha(seed: string): string {
  return seed.padEnd(40, '0').replace(/[^0-9a-f]/g, 'f');
}
