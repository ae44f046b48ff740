export {
  type Action,
  type AttributeChange,
  bySeverity,
  type ChangeCounts,
  countActions,
  type ResourceChange,
  RISK_SEVERITIES,
  type Risk,
  type RiskSeverity,
  worstSeverity,
} from './changes.js';
export { type CustomerIntent, customerChanges } from './customer.js';
export { DATA_BEARING, type DataKind, dataKindOf } from './data-bearing.js';
export { diff } from './diff.js';
export { FORCES_REPLACEMENT, forcesReplacement } from './replacement.js';
export { LIVE_STATE_RISKS } from './risk/index.js';
