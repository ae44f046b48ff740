export {
  type DirectoryCache,
  directoryCache,
  type StackCache,
  stackHash,
  synthCodeVersion,
} from './cache.js';
export { type FleetOptions, type SynthesizedStack, synthesizeFleet } from './fleet.js';
export type { StackInputs, StateBackend } from './inputs.js';
export { stackInputs } from './inputs-from-spec.js';
export type { StackJson } from './json.js';
export { isTaggable } from './resource.js';
export { synthesizeStack } from './stack.js';
export { type WriteOptions, type WrittenStack, writeStacks } from './write.js';
