import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StackInputs } from './inputs.js';
import type { StackJson } from './json.js';
import type { SynthAnswer, SynthJob } from './worker.js';

/** Jobs per message: enough to keep messaging cheap, few enough to balance the threads. */
const BATCH = 8;
/** Each thread's old generation: ample for one stack at a time, since tokens are forgotten after each. */
const THREAD_HEAP_MB = 256;

/** Where the compiled worker is; absent when running from TypeScript sources (tests). */
export function workerScript(): string | undefined {
  const path = fileURLToPath(new URL('./worker.js', import.meta.url));
  return existsSync(path) ? path : undefined;
}

/**
 * Synthesizes stacks on `threads` worker threads, in one process. cdktf's synth is CPU-bound
 * and single-threaded, so this is what divides a fleet's synth time by the core count.
 */
export async function synthesizeOnThreads(
  script: string,
  all: StackInputs[],
  threads: number,
): Promise<StackJson[]> {
  const results: StackJson[] = new Array(all.length);
  let next = 0;
  let failed = false;
  const takeBatch = (): SynthJob[] => {
    // After a failure no thread takes more work: the run is lost anyway.
    if (failed) return [];
    const jobs = all.slice(next, next + BATCH).map((inputs, i) => ({ index: next + i, inputs }));
    next += jobs.length;
    return jobs;
  };
  const run = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } });
      const finish = (error?: Error) => {
        void worker.terminate();
        if (error === undefined) return resolve();
        failed = true;
        reject(error);
      };
      worker.on('error', finish);
      worker.on('message', (answer: SynthAnswer) => {
        if ('failed' in answer) return finish(new Error(answer.failed));
        for (const { index, json, resources } of answer.done) results[index] = { json, resources };
        const jobs = takeBatch();
        if (jobs.length === 0) finish();
        else worker.postMessage(jobs);
      });
      const jobs = takeBatch();
      if (jobs.length === 0) finish();
      else worker.postMessage(jobs);
    });
  await Promise.all(Array.from({ length: Math.min(threads, Math.ceil(all.length / BATCH)) }, run));
  return results;
}
