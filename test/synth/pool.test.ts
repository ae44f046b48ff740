// Worker threads run the compiled synthesizer, so this test runs against dist/ (built by
// `npm test`, or here when missing) and compares with the synthesizer of the sources.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { synthesizeOnThreads } from '../../src/synth/pool.js';
import { synthesizeStack } from '../../src/synth/stack.js';
import { PROJECT_ROOT } from '../helpers/repository.js';
import { inputsOf, synthFiles } from '../helpers/stacks.js';

const WORKER = join(PROJECT_ROOT, 'dist/src/synth/worker.js');

describe('synth on worker threads', () => {
  it('gives every stack byte for byte as one thread does, in input order', async () => {
    if (!existsSync(WORKER)) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: PROJECT_ROOT });
    const inputs = await inputsOf(synthFiles());
    const threaded = await synthesizeOnThreads(WORKER, [...inputs, ...inputs], 2);
    expect(threaded).toEqual([...inputs, ...inputs].map((i) => synthesizeStack(i)));
  });
});
