import { Ec2InstanceState } from '@cdktf/provider-aws/lib/ec2-instance-state/index.js';
import { Eip } from '@cdktf/provider-aws/lib/eip/index.js';
import { EipAssociation } from '@cdktf/provider-aws/lib/eip-association/index.js';
import { Instance } from '@cdktf/provider-aws/lib/instance/index.js';
import { KeyPair } from '@cdktf/provider-aws/lib/key-pair/index.js';
import { Construct } from 'constructs';
import { resourceNames, type StackInputs, stackTags } from '../inputs.js';
import { provision } from '../resource.js';
import { userData } from '../user-data.js';
import { licenseParameter } from './identity.js';
import type { Storage } from './storage.js';

export interface ServerPlacement {
  subnetId: string;
  securityGroupId: string;
  instanceProfile: string;
}

/** Burstable families take a CPU credit mode; others reject the setting. */
function isBurstable(instanceType: string): boolean {
  return /^t\d/.test(instanceType);
}

/**
 * The customer's server from the golden image, with its volumes and Elastic IP. A new golden
 * image or user data template never replaces a running server (both are ignored after
 * creation); a suspended customer's server is stopped, not destroyed.
 */
export class Server extends Construct {
  readonly instance: Instance;
  readonly address: Eip;

  constructor(scope: Construct, inputs: StackInputs, placement: ServerPlacement, storage: Storage) {
    super(scope, 'server');
    const { customer } = inputs;
    const { tier } = customer;
    const keyName =
      customer.server.keyPairName ??
      provision(this, KeyPair, 'admin', {
        keyName: `${resourceNames(inputs).prefix}-admin`,
        publicKey: customer.server.sshPublicKey ?? '',
      }).keyName;
    this.instance = provision(this, Instance, 'server', {
      ami: inputs.image.ami,
      instanceType: customer.server.instanceType,
      ...(isBurstable(customer.server.instanceType)
        ? { creditSpecification: { cpuCredits: tier.server.cpuCredits } }
        : {}),
      subnetId: placement.subnetId,
      vpcSecurityGroupIds: [placement.securityGroupId],
      iamInstanceProfile: placement.instanceProfile,
      keyName,
      monitoring: tier.monitoring.detailedMetrics,
      metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
      rootBlockDevice: {
        volumeType: 'gp3',
        volumeSize: tier.storage.root.sizeGb,
        iops: tier.storage.root.iops,
        throughput: tier.storage.root.throughputMbps,
        encrypted: true,
        deleteOnTermination: true,
        // default_tags do not reach volumes created with the instance.
        tags: {
          ...stackTags(inputs),
          Name: `${customer.id}-root`,
          'neo:resource': 'aws_instance.server.root_block_device',
        },
      },
      userData: userData(customer, licenseParameter(inputs), storage.mounts),
      tags: { Name: customer.server.hostname },
      lifecycle: { ignoreChanges: ['ami', 'user_data'] },
    });
    storage.attachTo(this.instance.id);
    provision(this, Ec2InstanceState, 'server', {
      instanceId: this.instance.id,
      state: customer.status === 'suspended' ? 'stopped' : 'running',
    });
    this.address = provision(this, Eip, 'server', {
      domain: 'vpc',
      tags: { Name: customer.server.hostname },
    });
    provision(this, EipAssociation, 'server', {
      allocationId: this.address.allocationId,
      instanceId: this.instance.id,
    });
  }
}
