// Worker threads run the compiled synthesizer, so this test runs against dist/ (built before
// the tests by test/global-setup.ts) and compares with the synthesizer of the sources.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StackInputs } from '../../src/synth/index.js';
import { synthesizeOnThreads } from '../../src/synth/pool.js';
import { synthesizeStack } from '../../src/synth/stack.js';
import { PROJECT_ROOT } from '../helpers/repository.js';
import { inputsOf, synthFiles } from '../helpers/stacks.js';

const WORKER = join(PROJECT_ROOT, 'dist/src/synth/worker.js');

describe('synth on worker threads', () => {
  it('gives every stack byte for byte as one thread does, in input order', async () => {
    const inputs = await inputsOf(synthFiles());
    const threaded = await synthesizeOnThreads(WORKER, [...inputs, ...inputs], 2);
    expect(threaded).toEqual([...inputs, ...inputs].map((i) => synthesizeStack(i)));
  });

  it('fails naming the customer whose stack could not be built', async () => {
    const inputs = await inputsOf(synthFiles());
    const [first] = inputs as [StackInputs];
    const broken = {
      ...first,
      customer: { ...first.customer, network: { ...first.customer.network, cidr: 'nowhere' } },
    };
    await expect(synthesizeOnThreads(WORKER, [...inputs, broken, ...inputs], 2)).rejects.toThrow(
      `synthesizing the stack of ${first.customer.id} failed: invalid VPC range nowhere`,
    );
    expect(() => synthesizeStack(broken)).toThrow(`synthesizing the stack of ${first.customer.id} failed`);
  });
});
