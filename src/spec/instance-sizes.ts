/**
 * Instance size ladders, for RAM/CPU upgrade add-ons: "one size up" keeps the family and takes the
 * next size AWS sells in it. Burstable families stop at 2xlarge; general-purpose and compute or
 * memory families start at large.
 */
const BURSTABLE = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'];
const STANDARD = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'];

function ladderOf(family: string): readonly string[] | undefined {
  if (/^t[234][ag]?$/.test(family)) return BURSTABLE;
  if (/^[mcr][5-8][a-z]*$/.test(family)) return STANDARD;
  return undefined;
}

export type UpgradeResult =
  | { ok: true; instanceType: string }
  | { ok: false; reason: 'unknown-family' | 'beyond-largest'; largest?: string };

/** The instance type `steps` sizes above `instanceType` (0 steps: the type itself). */
export function upgradeInstanceType(instanceType: string, steps: number): UpgradeResult {
  if (steps === 0) return { ok: true, instanceType };
  const [family = '', size = ''] = instanceType.split('.');
  const ladder = ladderOf(family);
  const index = ladder?.indexOf(size) ?? -1;
  if (ladder === undefined || index < 0) return { ok: false, reason: 'unknown-family' };
  const target = ladder[index + steps];
  if (target === undefined)
    return { ok: false, reason: 'beyond-largest', largest: `${family}.${ladder.at(-1)}` };
  return { ok: true, instanceType: `${family}.${target}` };
}
