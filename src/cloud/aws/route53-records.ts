import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import { domainName } from '../dns-names.js';
import type { CloudResource } from '../types.js';
import { cloudResource } from './resource.js';

/**
 * A record set as Terraform's `aws_route53_record` holds it, or nothing for the apex NS and SOA
 * that AWS creates with the zone. `zoneName` is normalized (`example.com`).
 */
export function recordResource(
  set: ResourceRecordSet,
  zoneId: string,
  zoneName: string,
): CloudResource | undefined {
  const name = domainName(set.Name ?? '');
  const type = set.Type ?? '';
  if (name === zoneName && (type === 'NS' || type === 'SOA')) return undefined;
  const alias = set.AliasTarget;
  const id = [zoneId, name, type, set.SetIdentifier].filter((part) => part !== undefined).join('_');
  return cloudResource('aws_route53_record', id, {
    attributes: {
      zone_id: zoneId,
      name,
      type,
      ttl: alias ? undefined : set.TTL,
      records: alias ? undefined : recordValues(set),
      alias: alias && {
        name: domainName(alias.DNSName ?? ''),
        zone_id: alias.HostedZoneId,
        evaluate_target_health: alias.EvaluateTargetHealth,
      },
      set_identifier: set.SetIdentifier,
    },
    scope: { zone: zoneId },
  });
}

/** Values as Terraform writes them: TXT and SPF without the DNS quoting, in a stable order. */
function recordValues(set: ResourceRecordSet): string[] | undefined {
  if (!set.ResourceRecords) return undefined;
  const quoted = set.Type === 'TXT' || set.Type === 'SPF';
  return set.ResourceRecords.map((record) => record.Value ?? '')
    .map((value) => (quoted ? unquote(value) : value))
    .sort();
}

/**
 * One TXT value from its character-strings: `"v=spf1 " "-all"` is `v=spf1 -all` (long values
 * are split in 255-byte strings), `\"` and `\\` are the characters. A value AWS left unquoted is
 * kept as it is.
 */
export function unquote(value: string): string {
  const strings = value.match(/"(?:[^"\\]|\\.)*"/g);
  if (!strings) return value;
  return strings.map((quoted) => quoted.slice(1, -1).replace(/\\(["\\])/g, '$1')).join('');
}
