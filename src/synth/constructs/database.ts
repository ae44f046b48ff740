import { DbInstance } from '@cdktf/provider-aws/lib/db-instance/index.js';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group/index.js';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group/index.js';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule/index.js';
import { Construct } from 'constructs';
import type { PlanTierSpec } from '../../spec/index.js';
import { resourceNames, type StackInputs } from '../inputs.js';
import { namePart, provision } from '../resource.js';

export interface PrivateTier {
  vpcId: string;
  subnetIds: string[];
  /** The server's security group: the only source allowed in. */
  serverGroupId: string;
  /** Prefix of security group names. */
  groupPrefix: string;
}

type Engine = NonNullable<PlanTierSpec['database']>['engine'];

const ENGINE: Record<Engine, { port: number; defaultVersion: string }> = {
  mysql: { port: 3306, defaultVersion: '8.0' },
  mariadb: { port: 3306, defaultVersion: '10.11' },
  postgres: { port: 5432, defaultVersion: '16' },
};

interface DatabaseSpec {
  name: string;
  identifier: string;
  engine: Engine;
  engineVersion: string;
  instanceClass: string;
  storageGb: number;
  multiAz: boolean;
  backupRetentionDays: number;
}

/** The plan's database, then one per database add-on (which keep the plan's backup retention, or 7 days). */
function plannedDatabases({ customer }: StackInputs, prefix: string): DatabaseSpec[] {
  const included = customer.tier.database;
  const planned: DatabaseSpec[] =
    included === undefined ? [] : [{ name: 'main', identifier: prefix, ...included }];
  for (const addon of customer.addons) {
    if (addon.kind !== 'rds') continue;
    planned.push({
      name: `addon_${namePart(addon.id)}`,
      identifier: `${prefix}-${addon.id}`.slice(0, 63).replace(/-+$/, ''),
      engine: addon.settings.engine,
      engineVersion: ENGINE[addon.settings.engine].defaultVersion,
      instanceClass: addon.settings.instanceClass,
      storageGb: addon.settings.storageGb,
      multiAz: false,
      backupRetentionDays: included?.backupRetentionDays ?? 7,
    });
  }
  return planned;
}

/** A security group that admits only the server, on one port. */
function reachableFromServer(
  scope: Construct,
  name: string,
  tier: PrivateTier,
  port: number,
  what: string,
): SecurityGroup {
  const group = provision(scope, SecurityGroup, name, {
    name: `${tier.groupPrefix}-${name.replaceAll('_', '-')}`,
    description: `${what}, reachable only from the server`,
    vpcId: tier.vpcId,
  });
  provision(scope, VpcSecurityGroupIngressRule, `${name}_from_server`, {
    securityGroupId: group.id,
    ipProtocol: 'tcp',
    fromPort: port,
    toPort: port,
    referencedSecurityGroupId: tier.serverGroupId,
    description: `${what} from the server`,
  });
  return group;
}

/**
 * Managed databases in the private subnets. The master password is created and rotated by RDS in
 * Secrets Manager, so no password exists in the stack, the state or a plan.
 */
export class Databases extends Construct {
  constructor(scope: Construct, inputs: StackInputs, tier: PrivateTier) {
    super(scope, 'database');
    const prefix = resourceNames(inputs).prefix;
    const planned = plannedDatabases(inputs, prefix);
    if (planned.length === 0) return;
    const subnets = provision(this, DbSubnetGroup, 'main', { name: prefix, subnetIds: tier.subnetIds });
    for (const db of planned) {
      const port = ENGINE[db.engine].port;
      const group = reachableFromServer(this, `database_${db.name}`, tier, port, `database ${db.identifier}`);
      provision(this, DbInstance, db.name, {
        identifier: db.identifier,
        engine: db.engine,
        engineVersion: db.engineVersion,
        instanceClass: db.instanceClass,
        allocatedStorage: db.storageGb,
        storageType: 'gp3',
        storageEncrypted: true,
        multiAz: db.multiAz,
        ...(db.multiAz ? {} : { availabilityZone: inputs.customer.availabilityZone }),
        backupRetentionPeriod: db.backupRetentionDays,
        dbSubnetGroupName: subnets.name,
        vpcSecurityGroupIds: [group.id],
        port,
        username: 'neo_admin',
        manageMasterUserPassword: true,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
        copyTagsToSnapshot: true,
        // Only neo's apply deletes a database, lifting this first once its destroy guard allowed it.
        deletionProtection: true,
        // Deleting a database (decommissioning) always leaves a final snapshot.
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `${db.identifier}-final`,
      });
    }
  }
}

/** Redis add-ons: encrypted at rest and in transit, in the private subnets, snapshotted when removed. */
export class Caches extends Construct {
  constructor(scope: Construct, inputs: StackInputs, tier: PrivateTier) {
    super(scope, 'cache');
    const caches = inputs.customer.addons.flatMap((a) => (a.kind === 'redis' ? [a] : []));
    if (caches.length === 0) return;
    const { customer } = inputs;
    const prefix = resourceNames(inputs).prefix;
    const subnets = provision(this, ElasticacheSubnetGroup, 'main', {
      name: prefix,
      subnetIds: tier.subnetIds,
    });
    for (const [i, addon] of caches.entries()) {
      const name = `addon_${namePart(addon.id)}`;
      const group = reachableFromServer(this, `cache_${name}`, tier, 6379, `Redis ${addon.id}`);
      provision(this, ElasticacheReplicationGroup, name, {
        // At most 40 characters, starting with a letter.
        replicationGroupId: `neo-${customer.id}${i === 0 ? '' : `-${i + 1}`}`,
        description: `${addon.name} of ${customer.id}`,
        engine: 'redis',
        engineVersion: '7.1',
        nodeType: addon.settings.nodeType,
        numCacheClusters: 1,
        port: 6379,
        subnetGroupName: subnets.name,
        securityGroupIds: [group.id],
        atRestEncryptionEnabled: 'true',
        transitEncryptionEnabled: true,
        snapshotRetentionLimit: 1,
        // Removing the add-on (or the customer) keeps a last snapshot of what was cached.
        finalSnapshotIdentifier: `neo-${customer.id}${i === 0 ? '' : `-${i + 1}`}-final`,
      });
    }
  }
}
