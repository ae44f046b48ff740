import { quote } from '../diagnostic.js';
import { suggest } from '../hints.js';
import { sound } from '../repository.js';
import type { Rule } from './context.js';

/** neo.yaml agrees with itself: the default region is offered, the DR region is elsewhere. */
export const platformRegions: Rule = ({ repository, report }) => {
  const platform = repository.platform;
  if (!sound(platform, 'regions', 'defaultRegion', 'drRegion') || platform === undefined) return;
  const { regions, defaultRegion, drRegion } = platform.data;
  if (!regions.includes(defaultRegion)) {
    report(
      platform,
      ['defaultRegion'],
      `defaultRegion ${quote(defaultRegion)} is not listed in regions: ${suggest(defaultRegion, regions)}`,
    );
  }
  if (drRegion === defaultRegion) {
    report(
      platform,
      ['drRegion'],
      'drRegion must differ from defaultRegion: a disaster-recovery copy in the same region protects against nothing',
    );
  }
};

/** Quotas are given for every region customers may be placed in. */
export const quotasCoverRegions: Rule = ({ repository, report }) => {
  const platform = repository.platform;
  if (!sound(platform, 'regions', 'quotas') || platform === undefined) return;
  for (const [i, region] of platform.data.regions.entries()) {
    if (platform.data.quotas.regions[region] !== undefined) continue;
    report(
      platform,
      ['regions', i],
      `no quotas for ${region} under quotas.regions: add its VPC and Elastic IP quotas so plans can warn before AWS refuses`,
      {
        severity: 'warning',
      },
    );
  }
};

/**
 * Without accountId, the roles AWS services assume (the flow logs') cannot be narrowed to this
 * account's requests: another account's service could use them. Said where `environment` is.
 */
export const accountNamed: Rule = ({ repository, report }) => {
  const platform = repository.platform;
  if (!sound(platform, 'environment') || platform === undefined || platform.data.accountId !== undefined)
    return;
  report(
    platform,
    ['environment'],
    'no accountId: each customer\'s flow-log role trusts VPC Flow Logs acting for any AWS account; add accountId: "<12-digit ID>" (the account neo manages) so it trusts only yours',
    { severity: 'warning' },
  );
};
