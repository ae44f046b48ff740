import type { Diagnostic } from '../diagnostic.js';
import type { SpecRepository } from '../repository.js';
import { addonPlansExist, addonsAvailable, planExists, regionAndImage } from './catalog.js';
import { type Rule, runRules } from './context.js';
import { dnsRecords } from './dns.js';
import { idMatchesFileName, uniqueDomains } from './identity.js';
import { addonLimits, backupsWithinPlan } from './limits.js';
import { noReferenceMarkers } from './literals.js';
import { adminCidrs, vpcCidr } from './network.js';
import { accountNamed, platformRegions, quotasCoverRegions } from './platform.js';
import { hostnameInDomain, sshPublicKey } from './server.js';
import { maintenanceWindows } from './windows.js';

/**
 * Rules that span files or need more than a schema can say. Each reads only sections that
 * passed their schema, so one mistake is reported once, not again by every rule after it.
 */
export const RULES: readonly Rule[] = [
  idMatchesFileName,
  uniqueDomains,
  planExists,
  addonsAvailable,
  addonPlansExist,
  addonLimits,
  regionAndImage,
  backupsWithinPlan,
  vpcCidr,
  adminCidrs,
  sshPublicKey,
  hostnameInDomain,
  dnsRecords,
  platformRegions,
  quotasCoverRegions,
  accountNamed,
  maintenanceWindows,
  noReferenceMarkers,
];

export function crossFileDiagnostics(repository: SpecRepository): Diagnostic[] {
  return runRules(repository, RULES);
}

export { managedRecordSets } from './dns.js';
