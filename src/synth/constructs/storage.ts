import { EbsVolume } from '@cdktf/provider-aws/lib/ebs-volume/index.js';
import { VolumeAttachment } from '@cdktf/provider-aws/lib/volume-attachment/index.js';
import { Construct } from 'constructs';
import type { StackInputs } from '../inputs.js';
import { namePart, provision } from '../resource.js';
import type { Mount } from '../user-data.js';

/** gp3's included performance: what add-on volumes get. */
const GP3_BASELINE = { iops: 3000, throughputMbps: 125 };

interface PlannedVolume {
  name: string;
  sizeGb: number;
  iops: number;
  throughputMbps: number;
  mountPath: string;
}

/** The data volume from the plan, then one volume per extra-storage add-on, in add-on order. */
function plannedVolumes({ customer }: StackInputs): PlannedVolume[] {
  const extra = customer.addons.flatMap((addon) => (addon.kind === 'ebs-storage' ? [addon] : []));
  return [
    { name: 'data', ...customer.tier.storage.data, mountPath: '/data' },
    ...extra.map((addon, i) => ({
      name: `addon_${namePart(addon.id)}`,
      sizeGb: addon.settings.sizeGb,
      ...GP3_BASELINE,
      mountPath: `/data${i + 2}`,
    })),
  ];
}

/**
 * The server's encrypted gp3 volumes beside the root volume. Volumes are separate resources so
 * a server replacement keeps the customer's data, and each leaves a final snapshot if deleted.
 */
export class Storage extends Construct {
  private readonly volumes: Array<{ planned: PlannedVolume; volume: EbsVolume }>;

  constructor(scope: Construct, inputs: StackInputs) {
    super(scope, 'storage');
    this.volumes = plannedVolumes(inputs).map((planned) => ({
      planned,
      volume: provision(this, EbsVolume, planned.name, {
        availabilityZone: inputs.customer.availabilityZone,
        type: 'gp3',
        size: planned.sizeGb,
        iops: planned.iops,
        throughput: planned.throughputMbps,
        encrypted: true,
        finalSnapshot: true,
        tags: { Name: `${inputs.customer.id}-${planned.name.replaceAll('_', '-')}` },
      }),
    }));
  }

  /** Every volume with its device name (/dev/sdf, /dev/sdg, …) and mount point. */
  get mounts(): Mount[] {
    return this.volumes.map(({ planned }, i) => ({
      device: `/dev/sd${String.fromCharCode('f'.charCodeAt(0) + i)}`,
      path: planned.mountPath,
    }));
  }

  attachTo(instanceId: string): void {
    const mounts = this.mounts;
    for (const [i, { planned, volume }] of this.volumes.entries()) {
      provision(this, VolumeAttachment, planned.name, {
        deviceName: mounts[i]?.device ?? '',
        volumeId: volume.id,
        instanceId,
        stopInstanceBeforeDetaching: true,
      });
    }
  }
}
