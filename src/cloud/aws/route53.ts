import {
  type HostedZone,
  ListHostedZonesCommand,
  type ListHostedZonesCommandOutput,
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandInput,
  type ListResourceRecordSetsCommandOutput,
  ListTagsForResourcesCommand,
  type ResourceRecordSet,
  type ResourceTagSet,
  type Route53Client,
} from '@aws-sdk/client-route-53';
import { domainName } from '../dns-names.js';
import type { CloudResource, ObserveOptions } from '../types.js';
import type { Caller } from './call.js';
import { classify } from './errors.js';
import { inChunks } from './pages.js';
import { cloudResource, hasNeoTag, tagRecord } from './resource.js';
import { recordResource } from './route53-records.js';

/** ListTagsForResources takes at most 10 ids. */
const TAG_BATCH = 10;

interface Reader {
  send<C extends object, O>(command: C, run: (client: Route53Client, command: C) => Promise<O>): Promise<O>;
}

interface Zone {
  id: string;
  name: string;
  comment: string | undefined;
  tags: ResourceTagSet['Tags'];
}

/**
 * Public hosted zones tagged for neo, and their records. Calls: one per 100 zones, one per 10
 * zones for tags, one per 300 records of neo's zones.
 */
export async function readRoute53(
  client: Route53Client,
  caller: Caller,
  options: ObserveOptions = {},
  recorded: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): Promise<CloudResource[]> {
  // Every zone is listed with its tags anyway: a recorded zone whose tags were edited costs nothing.
  const recordedZones = recorded.get('aws_route53_zone') ?? new Set();
  const reader: Reader = {
    send: (command, run) => caller.send({ service: 'route53' }, command, (sent) => run(client, sent)),
  };
  const publicZones = (await listZones(reader)).filter((zone) => zone.Config?.PrivateZone !== true);
  const zones = (await withTags(reader, publicZones)).filter(
    (zone) => hasNeoTag(zone.tags) || recordedZones.has(zone.id),
  );
  let done = 0;
  const perZone = await Promise.all(
    zones.map(async (zone) => {
      const sets = await zoneRecords(reader, zone.id);
      done += 1;
      options.onProgress?.({ done, total: zones.length, what: 'hosted zones' });
      if (sets === undefined) return []; // deleted since it was listed
      const records = sets.map((set) => recordResource(set, zone.id, zone.name));
      return [zoneResource(zone), ...records.filter((record) => record !== undefined)];
    }),
  );
  return perZone.flat();
}

async function listZones(reader: Reader): Promise<HostedZone[]> {
  const zones: HostedZone[] = [];
  let marker: string | undefined;
  do {
    const page: ListHostedZonesCommandOutput = await reader.send(
      new ListHostedZonesCommand({ MaxItems: 100, Marker: marker }),
      (c, command) => c.send(command),
    );
    zones.push(...(page.HostedZones ?? []));
    marker = page.IsTruncated ? page.NextMarker : undefined;
  } while (marker);
  return zones;
}

/** `/hostedzone/Z0123…` in listings; the bare id everywhere else (tags, records, Terraform). */
function zoneId(zone: HostedZone): string {
  return (zone.Id ?? '').replace(/^\/hostedzone\//, '');
}

async function withTags(reader: Reader, zones: HostedZone[]): Promise<Zone[]> {
  const ids = zones.map(zoneId);
  const tagSets = await inChunks(ids, TAG_BATCH, (chunk) => tagsOf(reader, chunk));
  const tagsById = new Map(tagSets.map((set) => [set.ResourceId, set.Tags]));
  return zones.map((zone) => ({
    id: zoneId(zone),
    name: domainName(zone.Name ?? ''),
    comment: zone.Config?.Comment || undefined,
    tags: tagsById.get(zoneId(zone)),
  }));
}

/**
 * Tags of up to 10 zones. A zone deleted since the listing fails the whole batch: then each
 * zone is asked alone, and one that is gone has no tags (so it is not neo's to report).
 */
async function tagsOf(reader: Reader, ids: string[]): Promise<ResourceTagSet[]> {
  try {
    const output = await reader.send(
      new ListTagsForResourcesCommand({ ResourceType: 'hostedzone', ResourceIds: ids }),
      (c, command) => c.send(command),
    );
    return output.ResourceTagSets ?? [];
  } catch (error) {
    if (classify(error).kind !== 'not-found') throw error;
    if (ids.length === 1) return [];
    return (await Promise.all(ids.map((id) => tagsOf(reader, [id])))).flat();
  }
}

/**
 * Every record set of a zone, or undefined when the zone was deleted meanwhile. Pages continue
 * from name, type and set identifier together: records of one name (weighted, say) may straddle
 * a page boundary. Emulators that ignore the identifier repeat the boundary record; it is kept once.
 */
async function zoneRecords(reader: Reader, zoneId: string): Promise<ResourceRecordSet[] | undefined> {
  const sets = new Map<string, ResourceRecordSet>();
  let start: Partial<ListResourceRecordSetsCommandInput> | undefined = {};
  try {
    while (start) {
      const input: ListResourceRecordSetsCommandInput = { HostedZoneId: zoneId, MaxItems: 300, ...start };
      const page: ListResourceRecordSetsCommandOutput = await reader.send(
        new ListResourceRecordSetsCommand(input),
        (c, command) => c.send(command),
      );
      for (const set of page.ResourceRecordSets ?? []) {
        sets.set(`${set.Name} ${set.Type} ${set.SetIdentifier ?? ''}`, set);
      }
      start = page.IsTruncated
        ? {
            StartRecordName: page.NextRecordName,
            StartRecordType: page.NextRecordType,
            StartRecordIdentifier: page.NextRecordIdentifier,
          }
        : undefined;
    }
  } catch (error) {
    if (classify(error).kind === 'not-found') return undefined;
    throw error;
  }
  return [...sets.values()];
}

function zoneResource(zone: Zone): CloudResource {
  return cloudResource('aws_route53_zone', zone.id, {
    tags: tagRecord(zone.tags),
    attributes: { name: zone.name, comment: zone.comment },
    exports: { zone_id: zone.id, arn: `arn:aws:route53:::hostedzone/${zone.id}` },
    scope: { zone: zone.id },
  });
}
