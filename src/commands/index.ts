// One folder per command: flags → services → one renderer, picked once for the format asked.
export { APPLY_USAGE, applyCommand } from './apply/apply.js';
export { DRIFT_USAGE, driftCommand } from './drift/drift.js';
export { PLAN_USAGE, planCommand } from './plan/plan.js';
export { SUMMARY_USAGE, summaryCommand } from './summary/summary.js';
export { SYNTH_USAGE, synthCommand } from './synth/synth.js';
export { VALIDATE_USAGE, validateCommand } from './validate/validate.js';
