export { observableGraph } from './desired.js';
export {
  type CustomerDrift,
  customerDrift,
  type DriftItem,
  type DriftKind,
  type DriftReport,
  restoresSpec,
} from './drift.js';
export { assembleObservation, type ObservationRequest, recordedResources } from './observe.js';
export { isObservedType, OBSERVED_ATTRIBUTES } from './observed-attributes.js';
export type {
  AppliedIds,
  Cloud,
  CloudResource,
  Inventory,
  Observation,
  ObservedCustomer,
  ObserveOptions,
  OrphanedResource,
  RecordedResource,
} from './types.js';
