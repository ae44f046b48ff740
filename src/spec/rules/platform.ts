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
