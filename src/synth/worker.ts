// A synth worker thread: receives stack inputs, answers with their Terraform JSON.
import { parentPort } from 'node:worker_threads';
import type { StackInputs } from './inputs.js';
import { synthesizeStack } from './stack.js';

export interface SynthJob {
  index: number;
  inputs: StackInputs;
}

parentPort?.on('message', (jobs: SynthJob[]) => {
  parentPort?.postMessage(jobs.map((job) => ({ index: job.index, ...synthesizeStack(job.inputs) })));
});
