import { tmpdir } from 'node:os';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { App, LocalBackend, S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { BackupBucket, Snapshots } from './constructs/backup.js';
import { Budget } from './constructs/budget.js';
import { Caches, Databases } from './constructs/database.js';
import { Dns } from './constructs/dns.js';
import { ServerIdentity } from './constructs/identity.js';
import { Alerts, alertRecipients, Monitoring } from './constructs/monitoring.js';
import { Network } from './constructs/network.js';
import { ObjectStorage } from './constructs/object-storage.js';
import { ServerFirewall } from './constructs/security.js';
import { Server } from './constructs/server.js';
import { Storage } from './constructs/storage.js';
import { resourceNames, type StackInputs, stackTags } from './inputs.js';
import { type StackJson, terraformJson } from './json.js';
import { escapeLiterals } from './resource.js';
import { forgettingTokens } from './token-registry.js';
import { withoutTokenTraces } from './token-traces.js';

/** Terraform 1.10 brought S3 native state locking (`use_lockfile`). */
const REQUIRED_TERRAFORM = '>= 1.10';

/** One customer's stack: the whole NEO platform, or only the buckets of a decommissioned customer. */
export class CustomerStack extends TerraformStack {
  constructor(scope: Construct, inputs: StackInputs) {
    super(scope, inputs.customer.id);
    const { customer } = inputs;
    new AwsProvider(this, 'aws', {
      region: customer.region,
      defaultTags: [{ tags: escapeLiterals(stackTags(inputs)) }],
    });
    this.backend(inputs);
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM);

    const backups = new BackupBucket(this, inputs);
    output(this, 'backup_bucket', backups.bucket.bucket);
    // Decommissioned: everything else goes. The backup bucket expires its objects over the
    // retention; the customer's own object storage stays until someone empties and deletes it.
    if (customer.status === 'decommissioned') {
      new ObjectStorage(this, inputs);
      return;
    }

    const network = new Network(this, inputs);
    const firewall = new ServerFirewall(this, inputs, network.vpc.id);
    const alerts = new Alerts(this, inputs);
    const objects = new ObjectStorage(this, inputs, alerts);
    const identity = new ServerIdentity(this, inputs, [
      backups.bucket,
      ...(objects.bucket ? [objects.bucket] : []),
    ]);
    const storage = new Storage(this, inputs);
    const server = new Server(
      this,
      inputs,
      {
        subnetId: network.publicSubnets[0].id,
        securityGroupId: firewall.group.id,
        instanceProfile: identity.profile.name,
      },
      storage,
    );
    new Snapshots(this, inputs);
    const tier = {
      vpcId: network.vpc.id,
      subnetIds: network.privateSubnets.map((s) => s.id),
      serverGroupId: firewall.group.id,
      groupPrefix: resourceNames(inputs).prefix,
    };
    new Databases(this, inputs, tier);
    new Caches(this, inputs, tier);
    const dns = new Dns(this, inputs, server.address.publicIp);
    new Monitoring(
      this,
      inputs,
      alerts,
      server.instance.id,
      storage.mounts.map((m) => m.path),
    );
    new Budget(this, inputs, alertRecipients(inputs));

    output(this, 'server_id', server.instance.id);
    output(this, 'public_ip', server.address.publicIp);
    if (dns.zone !== undefined) output(this, 'name_servers', dns.zone.nameServers);
  }

  private backend({ customer, platform, backend }: StackInputs): void {
    if (backend.kind === 'local') {
      new LocalBackend(this, { path: backend.path });
      return;
    }
    const state = platform.stateBackend;
    new S3Backend(this, {
      bucket: state.bucket,
      key: `${state.keyPrefix}${customer.id}.tfstate`,
      region: state.region,
      encrypt: true,
    });
    // cdktf's S3Backend predates S3 native locking.
    this.addOverride('terraform.backend.s3.use_lockfile', true);
  }
}

function output(stack: TerraformStack, name: string, value: unknown): void {
  new TerraformOutput(stack, name, { value }).overrideLogicalId(name);
}

/**
 * Synthesizes one customer's stack to Terraform JSON, in process. A failure names the customer:
 * it is a bug in neo (inputs were validated), and support needs to know whose stack hit it.
 */
export function synthesizeStack(inputs: StackInputs): StackJson {
  try {
    return forgettingTokens(() =>
      withoutTokenTraces(() => {
        const app = new App({ outdir: tmpdir(), skipValidation: true });
        return terraformJson(new CustomerStack(app, inputs));
      }),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`synthesizing the stack of ${inputs.customer.id} failed: ${message}`, { cause: error });
  }
}
