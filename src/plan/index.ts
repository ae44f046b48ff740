export { adoptedAddresses, adoptedDrift, withAdoptedRisks } from './adopted-drift.js';
export { type AffectedCustomers, affectedCustomers, type ChangedFile, type SharedSpecs } from './affected.js';
export { assemblePlan, type PlanInputs } from './assemble.js';
export {
  acceptanceOf,
  blocks,
  DEFAULT_BLAST_RADIUS,
  measureAccepted,
  measureBlastRadius,
  type RadiusEntry,
} from './blast-radius.js';
export { footprint } from './capacity.js';
export type { CustomerSides } from './customer-plan.js';
export { withLiveDrift, withNote, withTerraformCheck } from './enrich.js';
export { stateMove } from './state-move.js';
export { crossCheck } from './terraform-check.js';
export type * from './types.js';
