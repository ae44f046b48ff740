import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CustomerIntent,
  customerChanges,
  type ResourceChange,
  RISK_SEVERITIES,
  type RiskSeverity,
} from '../../src/diff/index.js';
import { emptyGraph, graphFromTerraform } from '../../src/graph/index.js';
import type { TerraformConfig } from '../helpers/stacks.js';
import { addResource, ref, removeResource, replaced, resourceIn, synthesizeCustomer } from './fixtures.js';

// acme-corp (scale plan: a database, a data volume and a storage add-on, a Route53 zone, an admin
// network) as active, suspended and decommissioned; nordlicht-media for its Redis cache.
const stacks = new Map<string, TerraformConfig>();

beforeAll(async () => {
  const status = (to: string) => (yaml: string) => replaced(yaml, 'status: active', `status: ${to}`);
  stacks.set('acme-corp', await synthesizeCustomer('acme-corp'));
  stacks.set('acme-corp/suspended', await synthesizeCustomer('acme-corp', status('suspended')));
  stacks.set('acme-corp/decommissioned', await synthesizeCustomer('acme-corp', status('decommissioned')));
  stacks.set('nordlicht-media', await synthesizeCustomer('nordlicht-media'));
});

function stack(key: string): TerraformConfig {
  const found = stacks.get(key);
  if (found === undefined) throw new Error(`no stack ${key}`);
  return structuredClone(found);
}

// An edit changes the config in place, or returns a new one.
// biome-ignore lint/suspicious/noConfusingVoidType: edits written as statement blocks return void
type Edit = (config: TerraformConfig) => TerraformConfig | void;

/**
 * The changes of a customer whose stack goes from `before` (default: the customer's synthesized
 * stack, then `editBefore`) to `after` (default: the same) edited by `edit`.
 */
function changesOf(
  customer: string,
  edit: Edit,
  options: { intent?: CustomerIntent; before?: string; after?: string; editBefore?: Edit } = {},
): ResourceChange[] {
  let before = stack(options.before ?? customer);
  before = options.editBefore?.(before) ?? before;
  let after = options.after === undefined ? structuredClone(before) : stack(options.after);
  after = edit(after) ?? after;
  return customerChanges(
    customer,
    graphFromTerraform(before),
    graphFromTerraform(after),
    options.intent ?? 'active',
  );
}

function at(config: TerraformConfig, address: string): Record<string, unknown> {
  return resourceIn(config, address);
}

function policyOf(config: TerraformConfig, address: string): { Statement: Array<Record<string, unknown>> } {
  return JSON.parse(String(at(config, address).policy)) as { Statement: Array<Record<string, unknown>> };
}

function setPolicy(
  config: TerraformConfig,
  address: string,
  edit: (statements: Array<Record<string, unknown>>) => void,
) {
  const policy = policyOf(config, address);
  edit(policy.Statement);
  at(config, address).policy = JSON.stringify(policy);
}

function adminRule(cidr: { cidr_ipv4?: string; cidr_ipv6?: string }, port: number, name: string) {
  return (config: TerraformConfig) => {
    addResource(config, `aws_vpc_security_group_ingress_rule.${name}`, {
      ...cidr,
      description: 'SSH from an admin network',
      from_port: port,
      to_port: port,
      ip_protocol: 'tcp',
      security_group_id: ref('aws_security_group.server.id'),
      tags: { 'neo:resource': `aws_vpc_security_group_ingress_rule.${name}` },
    });
  };
}

const KMS_KEY = 'arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

interface Row {
  code: string;
  severity: RiskSeverity;
  case: string;
  address: string;
  edit: Edit;
  says: RegExp;
  not?: RegExp;
  customer?: string;
  intent?: CustomerIntent;
  before?: string;
  after?: string;
  editBefore?: Edit;
  intended?: true;
}

const ROWS: Row[] = [
  // data loss
  {
    code: 'server-replaced',
    severity: 'data-loss',
    case: 'the root disk moves to a customer-managed key',
    address: 'aws_instance.server',
    edit: (c) => {
      (at(c, 'aws_instance.server').root_block_device as Record<string, unknown>).kms_key_id = KMS_KEY;
    },
    says: /server will be replaced \(root_block_device\.kms_key_id\): the 2 data volumes stay; the root disk is lost/,
  },
  {
    code: 'server-replaced',
    severity: 'data-loss',
    case: 'the server moves to another zone with its volumes',
    address: 'aws_instance.server',
    edit: (c) => JSON.parse(JSON.stringify(c).replaceAll('us-east-2a', 'us-east-2b')) as TerraformConfig,
    says: /server will be replaced \(subnet_id\), and a data volume is replaced too/,
  },
  {
    code: 'server-destroyed',
    severity: 'data-loss',
    case: 'the server is gone from the stack',
    address: 'aws_instance.server',
    edit: (c) => removeResource(c, 'aws_instance.server'),
    says: /server will be destroyed, and its root disk with it/,
  },
  {
    code: 'volume-replaced',
    severity: 'data-loss',
    case: 'the data volume moves to a customer-managed key',
    address: 'aws_ebs_volume.data',
    edit: (c) => {
      at(c, 'aws_ebs_volume.data').kms_key_id = KMS_KEY;
    },
    says: /volume data \(200 GB\) will be replaced by an empty one \(a final snapshot is taken first\)/,
  },
  {
    code: 'volume-destroyed',
    severity: 'data-loss',
    case: 'the storage add-on is removed',
    address: 'aws_ebs_volume.addon_storage_ebs_100',
    edit: (c) => {
      removeResource(c, 'aws_ebs_volume.addon_storage_ebs_100');
      removeResource(c, 'aws_volume_attachment.addon_storage_ebs_100');
      removeResource(c, 'aws_cloudwatch_metric_alarm.disk_data2');
    },
    says: /volume addon_storage_ebs_100 \(100 GB\) will be destroyed \(a final snapshot is taken first\)/,
  },
  {
    code: 'database-replaced',
    severity: 'data-loss',
    case: 'the database moves to another zone',
    address: 'aws_db_instance.main',
    edit: (c) => {
      at(c, 'aws_db_instance.main').availability_zone = 'us-east-2b';
    },
    says: /database neo-production-acme-corp will be replaced by an empty one \(a final snapshot is taken first\)/,
  },
  {
    code: 'database-destroyed',
    severity: 'data-loss',
    case: 'the database is dropped from the plan',
    address: 'aws_db_instance.main',
    edit: (c) => {
      removeResource(c, 'aws_db_instance.main');
      removeResource(c, 'aws_db_subnet_group.main');
    },
    says: /database neo-production-acme-corp will be destroyed \(a final snapshot is taken first\)/,
  },
  {
    code: 'bucket-replaced',
    severity: 'data-loss',
    case: 'the backup bucket is renamed',
    address: 'aws_s3_bucket.backups',
    edit: (c) => {
      at(c, 'aws_s3_bucket.backups').bucket = 'neo-production-acme-corp-archive';
    },
    says: /bucket neo-production-acme-corp-backups would be replaced with its objects: Terraform will refuse \(prevent_destroy\), so the apply fails/,
  },
  {
    code: 'bucket-destroyed',
    severity: 'data-loss',
    case: 'the backup bucket is dropped',
    address: 'aws_s3_bucket.backups',
    edit: (c) => removeResource(c, 'aws_s3_bucket.backups'),
    says: /bucket neo-production-acme-corp-backups would be destroyed with its objects: Terraform will refuse \(prevent_destroy\)/,
  },
  {
    code: 'bucket-destroyed',
    severity: 'data-loss',
    case: 'a bucket without prevent_destroy is dropped',
    address: 'aws_s3_bucket.backups',
    editBefore: (c) => {
      delete at(c, 'aws_s3_bucket.backups').lifecycle;
    },
    edit: (c) => removeResource(c, 'aws_s3_bucket.backups'),
    says: /bucket neo-production-acme-corp-backups would be destroyed with its objects$/,
    not: /refuse/,
  },
  {
    code: 'zone-replaced',
    severity: 'data-loss',
    case: 'the zone moves to a reusable delegation set',
    address: 'aws_route53_zone.main',
    edit: (c) => {
      at(c, 'aws_route53_zone.main').delegation_set_id = 'N03386422VXZJKGR4YO18';
    },
    says: /hosted zone acme-example\.com will be replaced: the new zone gets new name servers/,
  },
  {
    code: 'zone-destroyed',
    severity: 'data-loss',
    case: 'the domain moves to the platform nameservers',
    address: 'aws_route53_zone.main',
    edit: (c) => {
      removeResource(c, 'aws_route53_zone.main');
      delete c.resource.aws_route53_record;
    },
    says: /hosted zone acme-example\.com will be destroyed: its DNS records go with it/,
  },
  // security
  {
    code: 'admin-port-open',
    severity: 'security',
    case: 'a new SSH rule from anywhere',
    address: 'aws_vpc_security_group_ingress_rule.ssh_0_0_0_0_0',
    edit: adminRule({ cidr_ipv4: '0.0.0.0/0' }, 22, 'ssh_0_0_0_0_0'),
    says: /SSH \(port 22\) opens to the whole internet \(0\.0\.0\.0\/0\)/,
  },
  {
    code: 'admin-port-open',
    severity: 'security',
    case: 'the admin SSH rule opened to anywhere',
    address: 'aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24',
    edit: (c) => {
      at(c, 'aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24').cidr_ipv4 = '0.0.0.0/0';
    },
    says: /SSH \(port 22\) opens to the whole internet \(0\.0\.0\.0\/0\)/,
  },
  {
    code: 'admin-port-open',
    severity: 'security',
    case: 'the control panel opened to any IPv6 address',
    address: 'aws_vpc_security_group_ingress_rule.panel_8090_ipv6',
    edit: adminRule({ cidr_ipv6: '::/0' }, 8090, 'panel_8090_ipv6'),
    says: /CyberPanel \(port 8090\) opens to the whole internet \(::\/0\)/,
  },
  {
    code: 'admin-access-added',
    severity: 'security',
    case: 'a second admin network',
    address: 'aws_vpc_security_group_ingress_rule.ssh_198_51_100_0_24',
    edit: adminRule({ cidr_ipv4: '198.51.100.0/24' }, 22, 'ssh_198_51_100_0_24'),
    says: /SSH \(port 22\) becomes reachable from 198\.51\.100\.0\/24/,
  },
  {
    code: 'ingress-widened',
    severity: 'security',
    case: 'the admin network grows from /24 to /16',
    address: 'aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24',
    edit: (c) => {
      at(c, 'aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24').cidr_ipv4 = '203.0.0.0/16';
    },
    says: /SSH \(port 22\) opens wider: 203\.0\.113\.0\/24 → 203\.0\.0\.0\/16/,
  },
  {
    code: 'ingress-widened',
    severity: 'security',
    case: 'the panel rule grows to a port range',
    address: 'aws_vpc_security_group_ingress_rule.panel_8090_203_0_113_0_24',
    edit: (c) => {
      at(c, 'aws_vpc_security_group_ingress_rule.panel_8090_203_0_113_0_24').from_port = 8080;
    },
    says: /a firewall rule grows from CyberPanel \(port 8090\) to ports 8080–8090/,
  },
  {
    code: 'iam-broadened',
    severity: 'security',
    case: 'a new action in the server role policy',
    address: 'aws_iam_role_policy.server_buckets',
    edit: (c) =>
      setPolicy(c, 'aws_iam_role_policy.server_buckets', (s) => {
        const first = s[0] ?? {};
        s[0] = { ...first, Action: [...(first.Action as string[]), 's3:DeleteBucket'] };
      }),
    says: /policy server_buckets allows more$/,
  },
  {
    code: 'iam-broadened',
    severity: 'security',
    case: 'a wildcard action in the server role policy',
    address: 'aws_iam_role_policy.server_buckets',
    edit: (c) =>
      setPolicy(c, 'aws_iam_role_policy.server_buckets', (s) => {
        if (s[1] !== undefined) s[1].Action = 's3:*';
      }),
    says: /policy server_buckets allows more, including a wildcard \(\*\)/,
  },
  {
    code: 'iam-broadened',
    severity: 'security',
    case: 'a managed policy attached to an existing customer',
    address: 'aws_iam_role_policy_attachment.administrator',
    edit: (c) => {
      addResource(c, 'aws_iam_role_policy_attachment.administrator', {
        policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference, as the stack holds it.
        role: '${aws_iam_role.server.name}',
      });
    },
    says: /role gains the managed policy arn:aws:iam::aws:policy\/AdministratorAccess/,
  },
  {
    code: 'iam-instance-wildcard',
    severity: 'security',
    case: "the server's role may read every parameter of the account",
    address: 'aws_iam_role_policy.server_agents',
    edit: (c) =>
      setPolicy(c, 'aws_iam_role_policy.server_agents', (s) => {
        s.push({ Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: '*' });
      }),
    says: /acme-corp: the server's role may ssm:GetParameter, ssm:GetParameters on every resource \(\*\), other customers' included$/,
  },
  {
    code: 'iam-instance-wildcard',
    severity: 'security',
    case: "metrics without the namespace condition (any customer's alarm could be fed)",
    address: 'aws_iam_role_policy.server_agents',
    edit: (c) =>
      setPolicy(c, 'aws_iam_role_policy.server_agents', (s) => {
        for (const statement of s) delete statement.Condition;
      }),
    says: /the server's role may cloudwatch:PutMetricData on every resource/,
  },
  {
    code: 'iam-broadened',
    severity: 'security',
    case: 'another account may assume the server role',
    address: 'aws_iam_role.server',
    edit: (c) => {
      const server = at(c, 'aws_iam_role.server');
      const policy = JSON.parse(String(server.assume_role_policy)) as { Statement: unknown[] };
      policy.Statement.push({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::210987654321:root' },
        Action: 'sts:AssumeRole',
      });
      server.assume_role_policy = JSON.stringify(policy);
    },
    says: /who may assume the role allows more/,
  },
  {
    code: 'encryption-off',
    severity: 'security',
    case: 'an unencrypted data volume',
    address: 'aws_ebs_volume.data',
    edit: (c) => {
      at(c, 'aws_ebs_volume.data').encrypted = false;
    },
    says: /aws_ebs_volume\.data: encryption is turned off/,
  },
  {
    code: 'encryption-off',
    severity: 'security',
    case: 'an unencrypted database',
    address: 'aws_db_instance.main',
    edit: (c) => {
      at(c, 'aws_db_instance.main').storage_encrypted = false;
    },
    says: /aws_db_instance\.main: encryption is turned off/,
  },
  {
    code: 'encryption-off',
    severity: 'security',
    case: "the backup bucket's default encryption is removed",
    address: 'aws_s3_bucket_server_side_encryption_configuration.backups',
    edit: (c) => removeResource(c, 'aws_s3_bucket_server_side_encryption_configuration.backups'),
    says: /a bucket loses its default encryption/,
  },
  {
    code: 'protection-off',
    severity: 'security',
    case: 'IMDSv1 allowed on the server',
    address: 'aws_instance.server',
    edit: (c) => {
      (at(c, 'aws_instance.server').metadata_options as Record<string, unknown>).http_tokens = 'optional';
    },
    says: /IMDSv1 is allowed again/,
  },
  {
    code: 'protection-off',
    severity: 'security',
    case: 'public bucket policies allowed on the backups',
    address: 'aws_s3_bucket_public_access_block.backups',
    edit: (c) => {
      at(c, 'aws_s3_bucket_public_access_block.backups').block_public_policy = false;
    },
    says: /public access blocking is turned off/,
  },
  {
    code: 'protection-off',
    severity: 'security',
    case: 'a publicly accessible database',
    address: 'aws_db_instance.main',
    edit: (c) => {
      at(c, 'aws_db_instance.main').publicly_accessible = true;
    },
    says: /the database becomes reachable from the internet/,
  },
  // customer-visible
  {
    code: 'server-resized',
    severity: 'customer-visible',
    case: 'a bigger server',
    address: 'aws_instance.server',
    edit: (c) => {
      at(c, 'aws_instance.server').instance_type = 't3.large';
    },
    says: /the server changes size t3\.medium → t3\.large: it is stopped and started/,
  },
  {
    code: 'server-stopped',
    severity: 'customer-visible',
    case: 'the customer is suspended',
    address: 'aws_ec2_instance_state.server',
    after: 'acme-corp/suspended',
    intent: 'suspended',
    edit: () => {},
    says: /the server is stopped \(suspended\): sites and mail go offline/,
    intended: true,
  },
  {
    code: 'server-stopped',
    severity: 'customer-visible',
    case: 'the server is stopped while the customer stays active',
    address: 'aws_ec2_instance_state.server',
    edit: (c) => {
      at(c, 'aws_ec2_instance_state.server').state = 'stopped';
    },
    says: /the server is stopped/,
  },
  {
    code: 'server-started',
    severity: 'customer-visible',
    case: 'a suspended customer is reactivated',
    address: 'aws_ec2_instance_state.server',
    before: 'acme-corp/suspended',
    after: 'acme-corp',
    edit: () => {},
    says: /the server starts again: sites and mail come back online/,
    intended: true,
  },
  {
    code: 'public-ip-changes',
    severity: 'customer-visible',
    case: 'the Elastic IP moves to a BYOIP pool',
    address: 'aws_eip.server',
    edit: (c) => {
      at(c, 'aws_eip.server').public_ipv4_pool = 'ipv4pool-ec2-0123456789abcdef0';
    },
    says: /the public IP address changes: update DNS hosted elsewhere/,
  },
  {
    code: 'database-resized',
    severity: 'customer-visible',
    case: 'a bigger database',
    address: 'aws_db_instance.main',
    edit: (c) => {
      at(c, 'aws_db_instance.main').instance_class = 'db.t3.small';
    },
    says: /the database changes class db\.t3\.micro → db\.t3\.small/,
  },
  {
    code: 'cache-replaced',
    severity: 'data-loss',
    case: 'the Redis cache moves to another port',
    customer: 'nordlicht-media',
    address: 'aws_elasticache_replication_group.addon_redis_cache',
    edit: (c) => {
      at(c, 'aws_elasticache_replication_group.addon_redis_cache').port = 6380;
    },
    says: /nordlicht-media's Redis cache neo-nordlicht-media will be replaced by an empty one \(a final snapshot is taken first\); neo apply refuses it unless customers\/nordlicht-media.yaml lists databases under allowDataLoss$/,
  },
  {
    code: 'cache-destroyed',
    severity: 'data-loss',
    case: 'the Redis add-on is cancelled',
    customer: 'nordlicht-media',
    address: 'aws_elasticache_replication_group.addon_redis_cache',
    edit: (c) => removeResource(c, 'aws_elasticache_replication_group.addon_redis_cache'),
    says: /nordlicht-media's Redis cache neo-nordlicht-media will be destroyed \(a final snapshot is taken first\); neo apply refuses it unless/,
  },
  {
    code: 'site-dns-changes',
    severity: 'customer-visible',
    case: 'the apex A record gets a shorter TTL',
    address: 'aws_route53_record.apex_a',
    edit: (c) => {
      at(c, 'aws_route53_record.apex_a').ttl = 60;
    },
    says: /the A record of acme-example\.com changes/,
  },
  {
    code: 'site-dns-changes',
    severity: 'customer-visible',
    case: 'the apex MX record points elsewhere',
    address: 'aws_route53_record.apex_mx',
    edit: (c) => {
      at(c, 'aws_route53_record.apex_mx').records = ['10 mx.mailhost-example.net'];
    },
    says: /the MX record of acme-example\.com changes/,
  },
  {
    code: 'site-dns-changes',
    severity: 'customer-visible',
    case: 'the www record is removed',
    address: 'aws_route53_record.www_a',
    edit: (c) => removeResource(c, 'aws_route53_record.www_a'),
    says: /the A record of www\.acme-example\.com is removed/,
  },
];

describe('risks of a change to an existing customer', () => {
  it('has a row for every risk code', () => {
    expect([...new Set(ROWS.map((r) => r.code))]).toEqual([
      'server-replaced',
      'server-destroyed',
      'volume-replaced',
      'volume-destroyed',
      'database-replaced',
      'database-destroyed',
      'bucket-replaced',
      'bucket-destroyed',
      'zone-replaced',
      'zone-destroyed',
      'admin-port-open',
      'admin-access-added',
      'ingress-widened',
      'iam-broadened',
      'iam-instance-wildcard',
      'encryption-off',
      'protection-off',
      'server-resized',
      'server-stopped',
      'server-started',
      'public-ip-changes',
      'database-resized',
      'cache-replaced',
      'cache-destroyed',
      'site-dns-changes',
    ]);
  });

  it.each(ROWS)('$code: $case', (row) => {
    const customer = row.customer ?? 'acme-corp';
    const changes = changesOf(customer, row.edit, row);
    const change = changes.find((c) => c.address === row.address);
    const risk = change?.risks.find((r) => r.code === row.code);
    expect(risk, `${row.code} on ${row.address}`).toMatchObject({
      severity: row.severity,
      code: row.code,
      address: row.address,
    });
    expect(risk?.reason).toContain(customer);
    expect(risk?.reason).toMatch(row.says);
    if (row.not !== undefined) expect(risk?.reason).not.toMatch(row.not);
    expect(risk?.intended).toBe(row.intended);
  });

  it("encryption-off: the Redis cache's encryption at rest is turned off", () => {
    const changes = changesOf('nordlicht-media', (c) => {
      at(c, 'aws_elasticache_replication_group.addon_redis_cache').at_rest_encryption_enabled = 'false';
    });
    const cache = changes.find((c) => c.address === 'aws_elasticache_replication_group.addon_redis_cache');
    expect(cache?.risks.map((r) => r.code)).toEqual(['cache-replaced', 'encryption-off']);
  });

  it('iam-broadened: a new inline policy on the server role of an existing customer', () => {
    const changes = changesOf('acme-corp', (c) => {
      addResource(c, 'aws_iam_role_policy.everything', {
        name: 'everything',
        role: at(c, 'aws_iam_role_policy.server_buckets').role,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
        }),
      });
    });
    const policy = changes.find((c) => c.address === 'aws_iam_role_policy.everything');
    // And, the role being the server's, s3:* on every bucket reaches other customers'.
    expect(policy?.risks.map((r) => r.code)).toEqual(['iam-broadened', 'iam-instance-wildcard']);
  });

  it.each([
    {
      case: 'a CNAME below the domain changes',
      edit: (c: TerraformConfig) => {
        at(c, 'aws_route53_record.blog_cname').records = ['acme-blog.hosting-example.net'];
      },
    },
    {
      case: 'the mail host record gets a shorter TTL',
      edit: (c: TerraformConfig) => {
        at(c, 'aws_route53_record.mail_a').ttl = 60;
      },
    },
    {
      case: 'an alarm threshold changes',
      edit: (c: TerraformConfig) => {
        at(c, 'aws_cloudwatch_metric_alarm.cpu').threshold = 90;
      },
    },
    {
      case: 'a data volume grows',
      edit: (c: TerraformConfig) => {
        at(c, 'aws_ebs_volume.data').size = 300;
      },
    },
    {
      case: 'the admin network shrinks',
      edit: (c: TerraformConfig) => {
        at(c, 'aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24').cidr_ipv4 = '203.0.113.0/28';
      },
    },
    {
      case: 'an admin network is removed',
      edit: (c: TerraformConfig) =>
        removeResource(c, 'aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24'),
    },
    {
      case: 'HTTP/3 (UDP 443) opens to the world',
      edit: (c: TerraformConfig) => {
        addResource(c, 'aws_vpc_security_group_ingress_rule.https_udp', {
          ...at(c, 'aws_vpc_security_group_ingress_rule.https'),
          ip_protocol: 'udp',
          description: 'HTTP/3',
        });
      },
    },
    {
      case: 'the server role policy loses an action',
      edit: (c: TerraformConfig) =>
        setPolicy(c, 'aws_iam_role_policy.server_buckets', (s) => {
          s[1] = { ...s[1], Action: ['s3:GetObject', 's3:PutObject'] };
        }),
    },
    {
      case: 'the customer tags change',
      edit: (c: TerraformConfig) => {
        const tags = c.provider.aws[0]?.default_tags[0]?.tags;
        if (tags !== undefined) tags.CostCenter = '4712';
      },
    },
  ])('raises nothing when $case', ({ edit }) => {
    const changes = changesOf('acme-corp', edit);
    expect(changes.some((c) => c.action !== 'no-op')).toBe(true);
    expect(changes.flatMap((c) => c.risks)).toEqual([]);
  });

  it('puts data loss before security before customer-visible risks on a change', () => {
    const volume = changesOf('acme-corp', (c) => {
      at(c, 'aws_ebs_volume.data').encrypted = false;
    }).find((c) => c.address === 'aws_ebs_volume.data');
    expect(volume?.risks.map((r) => [r.severity, r.code])).toEqual([
      ['data-loss', 'volume-replaced'],
      ['security', 'encryption-off'],
    ]);
    const server = changesOf('acme-corp', (c) => {
      const instance = at(c, 'aws_instance.server');
      instance.instance_type = 't3.large';
      (instance.metadata_options as Record<string, unknown>).http_tokens = 'optional';
    }).find((c) => c.address === 'aws_instance.server');
    expect(server?.risks.map((r) => [r.severity, r.code])).toEqual([
      ['security', 'protection-off'],
      ['customer-visible', 'server-resized'],
    ]);
  });

  it("keeps each change's risks in severity order when much changes at once", () => {
    const changes = changesOf('acme-corp', (c) => {
      const moved = JSON.parse(JSON.stringify(c).replaceAll('us-east-2a', 'us-east-2b')) as TerraformConfig;
      at(moved, 'aws_ebs_volume.data').encrypted = false;
      at(moved, 'aws_db_instance.main').storage_encrypted = false;
      at(moved, 'aws_eip.server').public_ipv4_pool = 'ipv4pool-ec2-0123456789abcdef0';
      at(moved, 'aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24').cidr_ipv4 = '0.0.0.0/0';
      return moved;
    });
    const severities = new Set(changes.flatMap((c) => c.risks.map((r) => r.severity)));
    expect([...severities].sort()).toEqual([...RISK_SEVERITIES].sort());
    expect(changes.filter((c) => new Set(c.risks.map((r) => r.severity)).size > 1).length).toBeGreaterThan(1);
    for (const change of changes) {
      const order = change.risks.map((r) => RISK_SEVERITIES.indexOf(r.severity));
      expect(order, change.address).toEqual([...order].sort((a, b) => a - b));
    }
  });
});

describe('risks of a brand new customer', () => {
  it.each(['acme-corp', 'nordlicht-media'])('%s: creating its stack raises nothing', (customer) => {
    const changes = customerChanges(customer, emptyGraph(), graphFromTerraform(stack(customer)), 'active');
    expect(changes.every((c) => c.action === 'create')).toBe(true);
    expect(changes.filter((c) => c.type === 'aws_vpc_security_group_ingress_rule').length).toBeGreaterThan(
      10,
    );
    expect(changes.flatMap((c) => c.risks)).toEqual([]);
  });

  it('still flags an admin port open to the world', () => {
    const config = stack('acme-corp');
    adminRule({ cidr_ipv4: '0.0.0.0/0' }, 22, 'ssh_0_0_0_0_0')(config);
    const changes = customerChanges('acme-corp', emptyGraph(), graphFromTerraform(config), 'active');
    expect(changes.flatMap((c) => c.risks.map((r) => [r.address, r.code]))).toEqual([
      ['aws_vpc_security_group_ingress_rule.ssh_0_0_0_0_0', 'admin-port-open'],
    ]);
  });

  it('flags admin networks that add up to most of the internet (0.0.0.0/1 and 128.0.0.0/1)', () => {
    const config = stack('acme-corp');
    adminRule({ cidr_ipv4: '0.0.0.0/1' }, 22, 'ssh_0_0_0_0_1')(config);
    adminRule({ cidr_ipv4: '128.0.0.0/1' }, 22, 'ssh_128_0_0_0_1')(config);
    const changes = customerChanges('acme-corp', emptyGraph(), graphFromTerraform(config), 'active');
    const risks = changes.flatMap((c) => c.risks);
    expect(risks.map((r) => [r.address, r.code])).toEqual([
      ['aws_vpc_security_group_ingress_rule.ssh_0_0_0_0_1', 'admin-port-open'],
      ['aws_vpc_security_group_ingress_rule.ssh_128_0_0_0_1', 'admin-port-open'],
    ]);
    expect(risks[0]?.reason).toBe(
      'acme-corp: SSH (port 22) opens to 4,294,967,296 addresses, most of the internet (0.0.0.0/1, 128.0.0.0/1)',
    );
  });

  it('leaves a wide but bounded admin network alone (a /9 is under the /8 limit)', () => {
    const config = stack('acme-corp');
    adminRule({ cidr_ipv4: '10.0.0.0/9' }, 22, 'ssh_10_0_0_0_9')(config);
    const changes = customerChanges('acme-corp', emptyGraph(), graphFromTerraform(config), 'active');
    expect(changes.flatMap((c) => c.risks)).toEqual([]);
  });
});

describe('risks of decommissioning a customer', () => {
  const DESTROYED = [
    ['aws_db_instance.main', 'database-destroyed'],
    ['aws_ebs_volume.addon_storage_ebs_100', 'volume-destroyed'],
    ['aws_ebs_volume.data', 'volume-destroyed'],
    ['aws_instance.server', 'server-destroyed'],
    ['aws_route53_zone.main', 'zone-destroyed'],
  ];

  function decommission(intent: CustomerIntent): ResourceChange[] {
    return changesOf('acme-corp', () => {}, { after: 'acme-corp/decommissioned', intent });
  }

  it('keeps the backup bucket and deletes everything else', () => {
    const changes = decommission('decommissioned');
    expect(changes.filter((c) => c.action !== 'delete').map((c) => `${c.address} ${c.action}`)).toEqual([
      'aws_s3_bucket.backups no-op',
      'aws_s3_bucket_lifecycle_configuration.backups no-op',
      'aws_s3_bucket_ownership_controls.backups no-op',
      'aws_s3_bucket_policy.backups no-op',
      'aws_s3_bucket_public_access_block.backups no-op',
      'aws_s3_bucket_server_side_encryption_configuration.backups no-op',
      'aws_s3_bucket_versioning.backups no-op',
    ]);
  });

  it('marks every loss as intended, and nothing else is raised', () => {
    const risks = decommission('decommissioned').flatMap((c) => c.risks);
    expect(risks.map((r) => [r.address, r.code])).toEqual(DESTROYED);
    for (const risk of risks) expect(risk).toMatchObject({ severity: 'data-loss', intended: true });
    for (const risk of risks) expect(risk.reason).toContain('acme-corp');
  });

  it('does not mark the same deletions as intended for an active customer', () => {
    const risks = decommission('active').flatMap((c) => c.risks);
    expect(risks.filter((r) => r.severity === 'data-loss').map((r) => [r.address, r.code])).toEqual(
      DESTROYED,
    );
    expect(risks.filter((r) => r.intended)).toEqual([]);
  });
});

describe('data loss and allowDataLoss', () => {
  const moveZone: Edit = (c) =>
    JSON.parse(JSON.stringify(c).replaceAll('us-east-2a', 'us-east-2b')) as TerraformConfig;
  const lossesOf = (allowDataLoss: Parameters<typeof customerChanges>[4]) => {
    const config = stack('acme-corp');
    const changes = customerChanges(
      'acme-corp',
      graphFromTerraform(config),
      graphFromTerraform(moveZone(structuredClone(config)) as TerraformConfig),
      'active',
      allowDataLoss,
    );
    return changes
      .flatMap((c) => c.risks)
      .filter((r) => r.severity === 'data-loss')
      .map((r) => [r.address, r.intended === true, r.reason.endsWith('under allowDataLoss')]);
  };

  it('says which losses neo apply will refuse, and marks the allowed ones as asked', () => {
    expect(lossesOf([])).toEqual([
      ['aws_db_instance.main', false, true],
      ['aws_ebs_volume.addon_storage_ebs_100', false, true],
      ['aws_ebs_volume.data', false, true],
      ['aws_instance.server', false, true],
    ]);
    expect(lossesOf(['server', 'volumes'])).toEqual([
      ['aws_db_instance.main', false, true],
      ['aws_ebs_volume.addon_storage_ebs_100', true, false],
      ['aws_ebs_volume.data', true, false],
      ['aws_instance.server', true, false],
    ]);
  });
});
