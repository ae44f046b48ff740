// A synth worker thread: receives stack inputs, answers with their Terraform JSON.
import { parentPort } from 'node:worker_threads';
import type { StackInputs } from './inputs.js';
import type { StackJson } from './json.js';
import { synthesizeStack } from './stack.js';

export interface SynthJob {
  index: number;
  inputs: StackInputs;
}

/** A batch's answer: every stack, or the first failure (with its message: errors lose their class across threads). */
export type SynthAnswer = { done: Array<StackJson & { index: number }> } | { failed: string };

parentPort?.on('message', (jobs: SynthJob[]) => {
  let answer: SynthAnswer;
  try {
    answer = { done: jobs.map((job) => ({ index: job.index, ...synthesizeStack(job.inputs) })) };
  } catch (error) {
    answer = { failed: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(answer);
});
