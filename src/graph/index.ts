export { addressType, BACKUP_BUCKET, BACKUP_BUCKET_ADDRESS } from './addresses.js';
export { stackDigest } from './digest.js';
export { flatten, type Leaf, sameLeaf, topAttribute } from './flatten.js';
export {
  type Attributes,
  type AttributeValue,
  emptyGraph,
  type GraphResource,
  graphFromTerraform,
  type ResourceGraph,
  type Scalar,
} from './graph.js';
export { type Reference, referencesIn } from './references.js';
export { isSensitive } from './sensitive.js';
