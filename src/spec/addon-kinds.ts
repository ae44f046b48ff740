import type { Addon } from './generated/spec-types.js';

export type AddonKind = Addon['kind'];

/** Add-on kinds the synthesizer builds. An ordered add-on of any other kind is a validation error. */
export const PROVISIONED_ADDON_KINDS = [
  'ebs-storage',
  's3-storage',
  'redis',
  'rds',
  'instance-upgrade',
] as const;

export type ProvisionedAddonKind = (typeof PROVISIONED_ADDON_KINDS)[number];

/** Why each catalog kind that neo does not build yet is refused, in words for the person ordering it. */
export const UNPROVISIONED_ADDON_KINDS: Record<Exclude<AddonKind, ProvisionedAddonKind>, string> = {
  waf: 'AWS WAF attaches to a load balancer or CloudFront, and the stack puts neither in front of the server',
  cdn: 'CloudFront needs a certificate in us-east-1 and an origin hostname, which the stack does not build yet',
};

export function isProvisioned(kind: AddonKind): kind is ProvisionedAddonKind {
  return (PROVISIONED_ADDON_KINDS as readonly string[]).includes(kind);
}
