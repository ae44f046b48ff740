export { type ChangedPath, changedPaths, defaultBase } from './changed-paths.js';
export { commitOf } from './commits.js';
