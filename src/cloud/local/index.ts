export { type ApplyOptions, applyLocal, destroyLocal, type LocalPlan, planLocal } from './apply.js';
export { liftDeletionProtection } from './deletion-protection.js';
export { type IdGenerator, idPrefix, randomIds, sequentialIds } from './ids.js';
export { localCloud, localCloudRoot } from './inventory.js';
export {
  type CloudFile,
  type CustomerState,
  LocalStore,
  type StateEntry,
  type StoredResource,
} from './store.js';
