import type { Address, Instance, InstanceBlockDeviceMapping, Volume } from '@aws-sdk/client-ec2';
import type { CloudResource } from '../types.js';
import type { Ec2Listing } from './ec2.js';
import { cloudResource, ec2Arn, type MaybeValue, tagRecord } from './resource.js';

/** Instances (with their root volume and power state), other volumes, and elastic IPs. */
export function computeResources(listing: Ec2Listing): CloudResource[] {
  const volumes = new Map(listing.volumes.map((volume) => [volume.VolumeId, volume]));
  const rootIds = new Set(listing.instances.map((instance) => rootMapping(instance)?.Ebs?.VolumeId));
  const { region, account } = listing;
  return [
    ...listing.instances.flatMap((instance) => instanceResources(instance, volumes, region, account)),
    // Root volumes are part of their instance (`root_block_device`), not volumes of their own.
    ...listing.volumes
      .filter((volume) => !rootIds.has(volume.VolumeId))
      .flatMap((volume) => volumeResources(volume, region, account)),
    ...listing.addresses.flatMap((address) => addressResources(address, region)),
  ];
}

/** The block device mapping of the instance's root device. */
export function rootMapping(instance: Instance): InstanceBlockDeviceMapping | undefined {
  return instance.BlockDeviceMappings?.find((mapping) => mapping.DeviceName === instance.RootDeviceName);
}

function instanceResources(
  instance: Instance,
  volumes: Map<string | undefined, Volume>,
  region: string,
  account: string | undefined,
): CloudResource[] {
  const id = instance.InstanceId ?? '';
  const scope = { vpc: instance.VpcId, instance: id };
  const resource = cloudResource('aws_instance', id, {
    region,
    tags: tagRecord(instance.Tags),
    attributes: {
      ami: instance.ImageId,
      instance_type: instance.InstanceType,
      subnet_id: instance.SubnetId,
      vpc_security_group_ids: (instance.SecurityGroups ?? [])
        .map((group) => group.GroupId)
        .filter((groupId): groupId is string => groupId !== undefined)
        .sort(),
      key_name: instance.KeyName,
      iam_instance_profile: profileName(instance.IamInstanceProfile?.Arn),
      monitoring: monitoring(instance),
      metadata_options: metadataOptions(instance),
      root_block_device: rootBlockDevice(instance, volumes),
    },
    exports: { arn: ec2Arn(region, account, 'instance', id) },
    scope: { vpc: instance.VpcId },
  });
  const state = cloudResource('aws_ec2_instance_state', id, {
    region,
    attributes: { instance_id: id, state: powerState(instance.State?.Name) },
    scope,
  });
  return [resource, state];
}

/** Terraform names the profile; AWS returns its ARN, `…:instance-profile/<path/>name`. */
function profileName(arn: string | undefined): string | undefined {
  return arn?.slice(arn.lastIndexOf('/') + 1);
}

function monitoring(instance: Instance): boolean | undefined {
  const state = instance.Monitoring?.State;
  return state === undefined ? undefined : state === 'enabled' || state === 'pending';
}

function metadataOptions(instance: Instance): MaybeValue {
  const options = instance.MetadataOptions;
  if (!options) return undefined;
  return {
    http_endpoint: options.HttpEndpoint,
    http_tokens: options.HttpTokens,
    http_put_response_hop_limit: options.HttpPutResponseHopLimit,
  };
}

/** From the root volume itself, but `delete_on_termination` belongs to the instance's mapping. */
function rootBlockDevice(instance: Instance, volumes: Map<string | undefined, Volume>): MaybeValue {
  const mapping = rootMapping(instance);
  if (!mapping?.Ebs) return undefined;
  const volume = volumes.get(mapping.Ebs.VolumeId);
  const tags = tagRecord(volume?.Tags);
  return {
    volume_size: volume?.Size,
    volume_type: volume?.VolumeType,
    iops: volume?.Iops,
    throughput: volume?.Throughput,
    encrypted: volume?.Encrypted,
    delete_on_termination: mapping.Ebs.DeleteOnTermination,
    tags: Object.keys(tags).length > 0 ? tags : undefined,
  };
}

/**
 * `aws_ec2_instance_state` knows running and stopped; the transitions count as where they go.
 * `shutting-down` stays as AWS says it, so an instance being terminated shows up as drift.
 */
function powerState(name: string | undefined): string | undefined {
  if (name === 'pending' || name === 'running') return 'running';
  if (name === 'stopping' || name === 'stopped') return 'stopped';
  return name;
}

function volumeResources(volume: Volume, region: string, account: string | undefined): CloudResource[] {
  const id = volume.VolumeId ?? '';
  const attachments = (volume.Attachments ?? []).filter(
    (attachment) => attachment.State === 'attached' || attachment.State === 'attaching',
  );
  const resource = cloudResource('aws_ebs_volume', id, {
    region,
    tags: tagRecord(volume.Tags),
    attributes: {
      availability_zone: volume.AvailabilityZone,
      size: volume.Size,
      type: volume.VolumeType,
      iops: volume.Iops,
      throughput: volume.Throughput,
      encrypted: volume.Encrypted,
    },
    exports: { arn: ec2Arn(region, account, 'volume', id) },
    scope: { instance: attachments[0]?.InstanceId },
  });
  const attached = attachments.map((attachment) =>
    cloudResource('aws_volume_attachment', `vai-${id}-${attachment.InstanceId}`, {
      region,
      attributes: { device_name: attachment.Device, instance_id: attachment.InstanceId, volume_id: id },
      scope: { instance: attachment.InstanceId },
    }),
  );
  return [resource, ...attached];
}

function addressResources(address: Address, region: string): CloudResource[] {
  const id = address.AllocationId ?? '';
  const resource = cloudResource('aws_eip', id, {
    region,
    tags: tagRecord(address.Tags),
    attributes: { domain: address.Domain },
    exports: { allocation_id: address.AllocationId, public_ip: address.PublicIp },
    scope: { instance: address.InstanceId },
  });
  if (address.InstanceId === undefined || address.AssociationId === undefined) return [resource];
  const association = cloudResource('aws_eip_association', address.AssociationId, {
    region,
    attributes: { allocation_id: id, instance_id: address.InstanceId },
    scope: { instance: address.InstanceId },
  });
  return [resource, association];
}
