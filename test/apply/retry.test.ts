import { describe, expect, it } from 'vitest';
import { attemptsOf, DEFAULT_RETRY, withRetries } from '../../src/apply/retry.js';

const transient = () => Object.assign(new Error('state lock held'), { transient: 'state-lock' });

describe('retries of transient failures', () => {
  it('waits 15, 30 and 60 s between the four tries of the default policy, then gives up', async () => {
    const sleeps: number[] = [];
    let tries = 0;
    const failure = await withRetries(
      { ...DEFAULT_RETRY, sleep: async (ms) => void sleeps.push(ms) },
      async () => {
        tries++;
        throw transient();
      },
    ).catch((error: Error) => error);
    expect(sleeps).toEqual([15_000, 30_000, 60_000]);
    expect(tries).toBe(4);
    expect(attemptsOf(failure)).toBe(4);
  });

  it('returns the first success with its attempt, and never retries a permanent failure', async () => {
    const sleeps: number[] = [];
    const policy = { attempts: 3, firstDelayMs: 10, sleep: async (ms: number) => void sleeps.push(ms) };
    let tries = 0;
    await expect(
      withRetries(policy, async (attempt) => {
        tries++;
        if (attempt === 1) throw transient();
        return 'applied';
      }),
    ).resolves.toEqual({ value: 'applied', attempts: 2 });
    const permanent = await withRetries(policy, async () => {
      tries++;
      throw new Error('InvalidAMIID.NotFound');
    }).catch((error: Error) => error);
    expect(attemptsOf(permanent)).toBe(1);
    expect(tries).toBe(2 + 1);
    expect(sleeps).toEqual([10]);
  });

  it.each<[string, unknown, number]>([
    ['a failure without a count', new Error('x'), 1],
    ['nothing at all', null, 1],
    ['a count that is not a number', { attempts: '3' }, 1],
    ['a counted failure', { attempts: 3 }, 3],
  ])('counts the tries of %s', (_name, error, expected) => {
    expect(attemptsOf(error)).toBe(expected);
  });
});
