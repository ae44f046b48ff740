export { observableGraph } from './desired.js';
export {
  type CustomerDrift,
  customerDrift,
  type DriftItem,
  type DriftKind,
  type DriftReport,
  restoresSpec,
} from './drift.js';
export { assembleObservation, type ObservationRequest } from './observe.js';
export { OBSERVED_ATTRIBUTES } from './observed-attributes.js';
export type {
  Cloud,
  CloudResource,
  Inventory,
  Observation,
  ObservedCustomer,
  ObserveOptions,
  OrphanedResource,
} from './types.js';
