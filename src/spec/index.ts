export { isProvisioned, PROVISIONED_ADDON_KINDS, UNPROVISIONED_ADDON_KINDS } from './addon-kinds.js';
export { type Customer, type DnsRecord, type OrderedAddon, resolveCustomers } from './customer.js';
export { type Diagnostic, hasErrors, quote, sortDiagnostics } from './diagnostic.js';
export type {
  AddonCatalogSpec,
  CustomerSpec,
  ImageCatalogSpec,
  MaintenanceWindow,
  PlanTierSpec,
  PlatformSpec,
} from './generated/spec-types.js';
export { suggest } from './hints.js';
export { upgradeInstanceType } from './instance-sizes.js';
export {
  ADMIN_REACH_LIMIT,
  addressCount,
  contains as cidrContains,
  formatCidr,
  type Ipv4Network,
  parseCidr,
  subnet,
} from './ipv4.js';
export {
  FTP_PASSIVE,
  MAIL_PORTS,
  type NamedPort,
  PANELS,
  type PanelProfile,
  SERVICE_PORTS,
} from './panels.js';
export { type ParseResult, parseSpecFile, type SourceDocument } from './parse.js';
export { LAYOUT, type SpecFile, type SpecRepository } from './repository.js';
export { managedRecordSets } from './rules/index.js';
export { loadSchemas, type SchemaSet, SPEC_KINDS, type SpecKind } from './schema.js';
export { directorySource, gitSource, type SpecSource } from './source.js';
export { PARSE_LIMITS } from './text.js';
export { type ValidateOptions, type Validation, validateRepository } from './validate.js';
