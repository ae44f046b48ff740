// Generated from schemas/*.schema.json by scripts/generate-spec-types.ts: do not edit, run `npm run generate`.
export interface Specs {
  "customer.schema.json"?: CustomerSpec;
  "plan.schema.json"?: PlanTierSpec;
  "addons.schema.json"?: AddonCatalogSpec;
  "images.schema.json"?: ImageCatalogSpec;
  "neo.schema.json"?: PlatformSpec;
}
/**
 * One hosting customer of the NEO platform: customers/<id>.yaml. Every customer gets an isolated VPC with one server, encrypted volumes, an Elastic IP, DNS, alarms, backups and a budget alert.
 */
export interface CustomerSpec {
  /**
   * A name made of lowercase letters, digits and hyphens, starting with a letter or digit and not ending with a hyphen.
   */
  id: string;
  /**
   * A fully qualified domain name without a trailing dot, e.g. acme-example.com.
   */
  domain: string;
  /**
   * Who the customer is and whom to reach.
   */
  contact: {
    /**
     * Customer or company name, as shown in plans and reports.
     */
    name: string;
    /**
     * An e-mail address.
     */
    email: string;
  };
  /**
   * A name made of lowercase letters, digits and hyphens, starting with a letter or digit and not ending with a hyphen.
   */
  plan: string;
  /**
   * Lifecycle of the customer. active: running. suspended: server stopped, everything kept. decommissioned: resources destroyed, backups kept for the plan's retention, an object storage bucket kept until emptied and deleted by hand. A customer file can only be deleted once it has been merged as decommissioned.
   */
  status?: "active" | "suspended" | "decommissioned";
  /**
   * Data-bearing resources this change may replace or destroy, with the data on them: server (its root disk), volumes, databases, zone (the hosted zone and its records). neo apply refuses every other replacement or destruction of them, except what decommissioning destroys. Buckets are never destroyed by neo. Set it in the pull request that needs it, e.g. [server] to move the server to another availability zone, and remove it once applied.
   */
  allowDataLoss?: ("server" | "volumes" | "databases" | "zone")[];
  /**
   * Roll fleet-wide changes out to this customer first: neo apply fills a rollout's first wave with canary customers before any other. Pick customers who accept being first (e.g. the platform's own sites).
   */
  canary?: boolean;
  maintenanceWindow?: MaintenanceWindow;
  /**
   * An AWS region code, e.g. us-east-2.
   */
  region?: string;
  /**
   * The customer's server (EC2 instance from a NEO golden image).
   */
  server: {
    /**
     * Operating system of the golden image: AlmaLinux, Rocky Linux or Ubuntu LTS.
     */
    os: "almalinux-8" | "almalinux-9" | "rocky-8" | "rocky-9" | "ubuntu-22.04" | "ubuntu-24.04";
    /**
     * Control panel installed on first boot: cpanel (cPanel & WHM), cyberpanel, directadmin, or none.
     */
    panel: "cpanel" | "cyberpanel" | "directadmin" | "none";
    /**
     * A fully qualified domain name without a trailing dot, e.g. acme-example.com.
     */
    hostname?: string;
    /**
     * OpenSSH public key installed for the admin user (one line: type, base64 key, optional comment). Set this or keyPairName.
     */
    sshPublicKey?: string;
    /**
     * Name of an existing EC2 key pair in the customer's region. Set this or sshPublicKey.
     */
    keyPairName?: string;
    /**
     * Availability zone of the server and its volumes, e.g. us-east-2a; default: the region's first zone. Changing it replaces the server.
     */
    availabilityZone?: string;
  };
  /**
   * The customer's isolated VPC.
   */
  network: {
    /**
     * An IPv4 network in CIDR notation, e.g. 10.20.0.0/16.
     */
    cidr: string;
    /**
     * Networks allowed to reach SSH and the control panel's admin ports, e.g. the customer's office. 0.0.0.0/0 needs allowAdminFromAnywhere: true.
     *
     * @minItems 1
     * @maxItems 20
     *
     * Items: An IPv4 network in CIDR notation, e.g. 10.20.0.0/16.
     */
    adminCidrs: [string, ...string[]];
    /**
     * Set to true to allow 0.0.0.0/0 in adminCidrs, i.e. SSH and panel admin ports open to the whole internet. Discouraged.
     */
    allowAdminFromAnywhere?: boolean;
    /**
     * Create a NAT gateway so private subnets (e.g. the database) reach the internet. Costs about $33/month plus traffic.
     */
    natGateway?: boolean;
  };
  /**
   * DNS for the customer's domain.
   */
  dns?: {
    /**
     * route53: NEO creates and manages a hosted zone. external: the domain uses the platform's own nameservers (neo.yaml dns.externalNameservers) and NEO manages no records.
     */
    zone?: "route53" | "external";
    /**
     * Create mail records (mail A record, MX, SPF and DMARC) pointing at the server.
     */
    mail?: boolean;
    /**
     * Extra records in the customer's hosted zone (route53 only). The apex, www, mail and server records are managed by NEO.
     *
     * @maxItems 200
     *
     * Items: One DNS record set.
     */
    records?: {
      /**
       * Record name relative to the domain: @ for the apex, blog for blog.<domain>, *.dev for a wildcard.
       */
      name: string;
      /**
       * Record type.
       */
      type: "A" | "AAAA" | "CNAME" | "MX" | "TXT" | "SRV" | "CAA";
      /**
       * Time to live in seconds; default 300.
       */
      ttl?: number;
      /**
       * Record values in zone-file form, e.g. 203.0.113.10 for A, '10 mx.example.net' for MX, 'v=spf1 -all' for TXT.
       *
       * @minItems 1
       * @maxItems 100
       */
      values: [string, ...string[]];
    }[];
  };
  /**
   * CloudWatch alarms and who they alert.
   */
  monitoring?: {
    /**
     * Addresses subscribed to the customer's alerts; default: the contact e-mail. The platform's operations addresses (neo.yaml) are always added.
     *
     * @minItems 1
     * @maxItems 10
     *
     * Items: An e-mail address.
     */
    alertEmails?: [string, ...string[]];
    thresholds?: AlertThresholds;
  };
  /**
   * Snapshots and the S3 backup bucket.
   */
  backups?: {
    /**
     * How long daily snapshots and backups are kept; at most (and by default) the plan's retention.
     */
    retentionDays?: number;
    /**
     * Copy snapshots to the disaster-recovery region (neo.yaml drRegion); only on plans that include it, where it is the default.
     */
    crossRegion?: boolean;
  };
  /**
   * Marketplace add-ons from plans/addons.yaml, each allowed by the customer's plan.
   *
   * @maxItems 20
   *
   * Items: A name made of lowercase letters, digits and hyphens, starting with a letter or digit and not ending with a hyphen.
   */
  addons?: string[];
  /**
   * AWS Budgets alert on the customer's monthly AWS cost; alerts go to the alert e-mails at 80 % and 100 %.
   */
  budget?: {
    /**
     * Monthly AWS cost in USD that triggers the budget alert.
     */
    monthlyUsd: number;
  };
  /**
   * Extra AWS tags on every resource of the customer, e.g. CostCenter. Keys starting with aws: or neo: are reserved.
   */
  tags?: {
    /**
     * Tag value: up to 256 letters, digits, spaces and _ . : / = + - @.
     */
    [k: string]: string | undefined;
  };
}
/**
 * A weekly maintenance window in UTC: on each of the days, from `from` to `to`. A window whose `to` is earlier than its `from` crosses midnight and ends on the next day (sun 23:00 to 01:00 ends Monday 01:00). Changes with downtime or customer-visible risk wait for it.
 */
export interface MaintenanceWindow {
  /**
   * The days the window opens on, e.g. [sun] or [sat, sun].
   *
   * @minItems 1
   *
   * Items: A day of the week, in three lowercase letters.
   */
  days: [
    "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun",
    ...("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[]
  ];
  /**
   * A time of day in UTC, HH:MM on a 24-hour clock; 24:00 is the end of the day.
   */
  from: string;
  /**
   * A time of day in UTC, HH:MM on a 24-hour clock; 24:00 is the end of the day.
   */
  to: string;
}
/**
 * Alarm thresholds in percent of capacity.
 */
export interface AlertThresholds {
  /**
   * CPU utilisation in percent that raises the CPU alarm.
   */
  cpu?: number;
  /**
   * Memory used in percent that raises the memory alarm (CloudWatch agent metric).
   */
  memory?: number;
  /**
   * Disk space used in percent, on any volume, that raises the disk alarm (CloudWatch agent metric).
   */
  disk?: number;
}
/**
 * A hosting plan tier: plans/<id>.yaml. What a customer on this plan gets and pays. Which add-ons a plan allows is kept in plans/addons.yaml (each add-on lists its plans).
 */
export interface PlanTierSpec {
  /**
   * A name made of lowercase letters, digits and hyphens, starting with a letter or digit and not ending with a hyphen.
   */
  id: string;
  /**
   * Name shown to customers and in plan reports, e.g. NEO Scale.
   */
  name: string;
  /**
   * One line on who the plan is for.
   */
  description?: string;
  /**
   * An amount in US dollars.
   */
  priceUsdMonthly: number;
  /**
   * The server every customer on this plan gets.
   */
  server: {
    /**
     * EC2 instance type, e.g. t3.medium.
     */
    instanceType: string;
    /**
     * CPU credit option for burstable (t3) instances: standard or unlimited.
     */
    cpuCredits: "standard" | "unlimited";
    /**
     * Elastic IPs attached to the server.
     */
    elasticIps: number;
  };
  /**
   * Encrypted gp3 volumes of the server.
   */
  storage: {
    root: Volume;
    data: Volume;
    /**
     * Most extra EBS storage, in GiB, that storage add-ons may add to a customer on this plan.
     */
    maxExpansionGb: number;
  };
  /**
   * Snapshot and backup policy.
   */
  backups: {
    /**
     * Days daily snapshots and S3 backups are kept; also the most a customer may ask for.
     */
    retentionDays: number;
    /**
     * Whether snapshots may be copied to the disaster-recovery region (neo.yaml drRegion).
     */
    crossRegionCopy: boolean;
  };
  /**
   * Monitoring included in the plan.
   */
  monitoring: {
    /**
     * Name of the monitoring level shown to customers.
     */
    level: "basic" | "detailed" | "premium";
    /**
     * EC2 detailed monitoring (1-minute metrics).
     */
    detailedMetrics: boolean;
    /**
     * A CloudWatch dashboard per customer.
     */
    dashboard: boolean;
    /**
     * CloudWatch alarms created for every customer on the plan.
     *
     * @minItems 1
     */
    alarms: [
      "cpu" | "status-check" | "memory" | "disk" | "uptime",
      ...("cpu" | "status-check" | "memory" | "disk" | "uptime")[]
    ];
    /**
     * CloudWatch Logs retention in days (one of the values CloudWatch accepts).
     */
    logRetentionDays:
      | 1
      | 3
      | 5
      | 7
      | 14
      | 30
      | 60
      | 90
      | 120
      | 150
      | 180
      | 365
      | 400
      | 545
      | 731
      | 1096
      | 1827
      | 2192
      | 2557
      | 2922
      | 3288
      | 3653;
  };
  /**
   * Managed MySQL database (RDS) included in the plan; omit for plans without one.
   */
  database?: {
    /**
     * Database engine.
     */
    engine: "mysql" | "mariadb" | "postgres";
    /**
     * Major engine version, e.g. 8.0.
     */
    engineVersion: string;
    /**
     * RDS instance class, e.g. db.t3.micro.
     */
    instanceClass: string;
    /**
     * Allocated storage in GiB (encrypted gp3).
     */
    storageGb: number;
    /**
     * Standby replica in a second availability zone.
     */
    multiAz: boolean;
    /**
     * RDS automated backup retention in days.
     */
    backupRetentionDays: number;
  };
}
/**
 * A gp3 volume.
 *
 * This interface was referenced by `PlanTierSpec`'s JSON-Schema
 * via the `definition` "volume".
 */
export interface Volume {
  /**
   * A size in GiB.
   */
  sizeGb: number;
  /**
   * Provisioned IOPS (gp3: 3,000 to 16,000).
   */
  iops: number;
  /**
   * Provisioned throughput in MiB/s (gp3: 125 to 1,000).
   */
  throughputMbps: number;
}
/**
 * plans/addons.yaml: marketplace add-ons customers can order on top of their plan, with the plans each one is available on.
 */
export interface AddonCatalogSpec {
  /**
   * Add-ons by id; customers list these ids under addons.
   */
  addons: {
    [k: string]: Addon | undefined;
  };
}
/**
 * One add-on.
 *
 * This interface was referenced by `AddonCatalogSpec`'s JSON-Schema
 * via the `definition` "addon".
 */
export interface Addon {
  /**
   * Name shown to customers.
   */
  name: string;
  /**
   * One line on what the customer gets.
   */
  description?: string;
  /**
   * What the add-on provisions; decides the shape of settings.
   */
  kind: "ebs-storage" | "s3-storage" | "waf" | "cdn" | "redis" | "rds" | "instance-upgrade";
  /**
   * An amount in US dollars.
   */
  priceUsdMonthly: number;
  /**
   * Plan tiers (ids of files in plans/) on which the add-on can be ordered.
   *
   * @minItems 1
   *
   * Items: A name made of lowercase letters, digits and hyphens, starting with a letter or digit and not ending with a hyphen.
   */
  plans: [string, ...string[]];
  /**
   * Kind-specific settings.
   */
  settings: {};
}
/**
 * Settings of an extra EBS storage add-on.
 *
 * This interface was referenced by `AddonCatalogSpec`'s JSON-Schema
 * via the `definition` "ebsStorage".
 *
 * This interface was referenced by `Specs`'s JSON-Schema
 * via the `definition` "ebsStorage".
 */
export interface EbsStorage {
  /**
   * A size in GiB.
   */
  sizeGb: number;
}
/**
 * Settings of an extra S3 storage add-on.
 *
 * This interface was referenced by `AddonCatalogSpec`'s JSON-Schema
 * via the `definition` "s3Storage".
 *
 * This interface was referenced by `Specs`'s JSON-Schema
 * via the `definition` "s3Storage".
 */
export interface S3Storage {
  /**
   * A size in GiB.
   */
  quotaGb: number;
}
/**
 * Settings of the web application firewall add-on.
 *
 * This interface was referenced by `AddonCatalogSpec`'s JSON-Schema
 * via the `definition` "waf".
 *
 * This interface was referenced by `Specs`'s JSON-Schema
 * via the `definition` "waf".
 */
export interface Waf {
  /**
   * AWS managed rule groups to enable, e.g. AWSManagedRulesCommonRuleSet.
   *
   * @minItems 1
   */
  managedRuleGroups: [string, ...string[]];
  /**
   * Requests per client IP per 5 minutes before blocking.
   */
  rateLimitPer5Min?: number;
}
/**
 * Settings of the CloudFront CDN add-on.
 *
 * This interface was referenced by `AddonCatalogSpec`'s JSON-Schema
 * via the `definition` "cdn".
 *
 * This interface was referenced by `Specs`'s JSON-Schema
 * via the `definition` "cdn".
 */
export interface Cdn {
  /**
   * CloudFront price class (which edge locations serve).
   */
  priceClass: "PriceClass_100" | "PriceClass_200" | "PriceClass_All";
}
/**
 * Settings of the Redis cache add-on (ElastiCache).
 *
 * This interface was referenced by `AddonCatalogSpec`'s JSON-Schema
 * via the `definition` "redis".
 *
 * This interface was referenced by `Specs`'s JSON-Schema
 * via the `definition` "redis".
 */
export interface Redis {
  /**
   * ElastiCache node type, e.g. cache.t3.micro.
   */
  nodeType: string;
}
/**
 * Settings of an additional RDS database add-on.
 *
 * This interface was referenced by `AddonCatalogSpec`'s JSON-Schema
 * via the `definition` "rds".
 *
 * This interface was referenced by `Specs`'s JSON-Schema
 * via the `definition` "rds".
 */
export interface Rds {
  /**
   * Database engine.
   */
  engine: "mysql" | "mariadb" | "postgres";
  /**
   * RDS instance class, e.g. db.t3.micro.
   */
  instanceClass: string;
  /**
   * Allocated storage in GiB.
   */
  storageGb: number;
}
/**
 * Settings of a RAM/CPU upgrade add-on.
 *
 * This interface was referenced by `AddonCatalogSpec`'s JSON-Schema
 * via the `definition` "instanceUpgrade".
 *
 * This interface was referenced by `Specs`'s JSON-Schema
 * via the `definition` "instanceUpgrade".
 */
export interface InstanceUpgrade {
  /**
   * How many instance sizes up from the plan's instance type (1: t3.medium → t3.large).
   */
  sizeSteps: number;
}
/**
 * plans/images.yaml: the golden AMI for each operating system in each region. A customer can only be placed where its OS has an image.
 */
export interface ImageCatalogSpec {
  /**
   * Images by operating system, then by region.
   */
  images: {
    /**
     * The golden images of one operating system, by region.
     */
    [k: string]:
      | {
          /**
           * One golden image.
           */
          [k: string]:
            | {
                /**
                 * AMI id, e.g. ami-0a1b2c3d4e5f67890.
                 */
                ami: string;
                /**
                 * Image name, for people (e.g. neo-almalinux-9-2026.11).
                 */
                name?: string;
                /**
                 * Date the image was built (YYYY-MM-DD).
                 */
                built?: string;
              }
            | undefined;
        }
      | undefined;
  };
}
/**
 * neo.yaml: settings of the NEO platform shared by every customer.
 */
export interface PlatformSpec {
  /**
   * The AWS account neo manages. Roles that AWS services assume (the VPC flow logs') trust only requests from this account (aws:SourceAccount), so another account's service cannot use them.
   */
  accountId?: string;
  /**
   * Environment name, used in resource names and the Environment tag (e.g. production).
   */
  environment: string;
  /**
   * An AWS region code, e.g. us-east-2.
   */
  defaultRegion: string;
  /**
   * An AWS region code, e.g. us-east-2.
   */
  drRegion: string;
  /**
   * Regions customers may be placed in.
   *
   * @minItems 1
   *
   * Items: An AWS region code, e.g. us-east-2.
   */
  regions: [string, ...string[]];
  /**
   * Where Terraform state is kept: a versioned S3 bucket, one key per customer, S3 native locking.
   */
  stateBackend: {
    /**
     * S3 bucket name holding the state files.
     */
    bucket: string;
    /**
     * Key prefix; each customer's state is <keyPrefix><id>.tfstate.
     */
    keyPrefix: string;
    /**
     * An AWS region code, e.g. us-east-2.
     */
    region: string;
  };
  /**
   * Platform DNS.
   */
  dns: {
    /**
     * The platform's own (Bind9) nameservers, for customers with dns.zone: external.
     *
     * @minItems 2
     *
     * Items: A fully qualified domain name without a trailing dot, e.g. acme-example.com.
     */
    externalNameservers: [string, string, ...string[]];
  };
  /**
   * Alerting defaults for every customer.
   */
  alerting: {
    /**
     * Operations addresses subscribed to every customer's alerts.
     *
     * @minItems 1
     *
     * Items: An e-mail address.
     */
    opsEmails: [string, ...string[]];
    thresholds: AlertThresholds1;
  };
  /**
   * Limits on how much one pull request may change before its plan fails and an explicit override (neo plan --allow-blast-radius, or the PR label the workflow maps to it) is needed.
   */
  blastRadius?: {
    /**
     * At most this many customers may have data-loss changes (a server, data volume, database, backup bucket or hosted zone replaced or destroyed) in one plan. Default 3.
     */
    maxDataLossCustomers?: number;
    /**
     * At most this share (percent) of existing customers may change in one plan (new customers do not count). Default 20.
     */
    maxChangedPercent?: number;
    /**
     * The percentage limit only applies once more than this many existing customers change, so small repositories are not blocked by every edit. Default 5.
     */
    minChangedCustomers?: number;
  };
  /**
   * AWS account quotas, so plans can warn before AWS refuses (Service Quotas shows the real values).
   */
  quotas: {
    /**
     * Route53 hosted zones in the account (an account-wide quota; default 500).
     */
    hostedZones: number;
    /**
     * Per-region quotas.
     */
    regions: {
      /**
       * Quotas of one region.
       */
      [k: string]:
        | {
            /**
             * VPCs per region (default 5).
             */
            vpcs: number;
            /**
             * Elastic IP addresses per region (default 5).
             */
            elasticIps: number;
          }
        | undefined;
    };
  };
  /**
   * How neo apply rolls out a change that touches many customers: a first wave (canary customers first), then waves that grow, each waiting for the one before to be applied and verified.
   */
  rollout?: {
    /**
     * Customers in the first wave, e.g. 3. A change to no more customers than this applies in one wave.
     */
    firstWave?: number;
    /**
     * The first wave as a share of the affected customers in percent (rounded up, at least one customer), e.g. 5.
     */
    firstWavePercent?: number;
    /**
     * Each following wave is this many times the one before (rounded up): 2 doubles. Default 2.
     */
    growth?: number;
    /**
     * The gate between waves: once every customer of a wave is applied and verified (server running, address attached, DNS in sync), wait this long before the next wave, so alarms have time to fire. Default 0.
     */
    pauseMinutes?: number;
  };
  maintenanceWindow?: MaintenanceWindow;
}
/**
 * Alarm thresholds in percent of capacity.
 */
export interface AlertThresholds1 {
  /**
   * CPU utilisation in percent that raises the CPU alarm.
   */
  cpu: number;
  /**
   * Memory used in percent that raises the memory alarm (CloudWatch agent metric).
   */
  memory: number;
  /**
   * Disk space used in percent, on any volume, that raises the disk alarm (CloudWatch agent metric).
   */
  disk: number;
}

/** Settings of each add-on kind, from the allOf/if/then in addons.schema.json. */
export interface AddonSettingsByKind {
  "ebs-storage": EbsStorage;
  "s3-storage": S3Storage;
  "waf": Waf;
  "cdn": Cdn;
  "redis": Redis;
  "rds": Rds;
  "instance-upgrade": InstanceUpgrade;
}
