import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Action,
  countActions,
  diff,
  forcesReplacement,
  type ResourceChange,
} from '../../src/diff/index.js';
import { graphFromTerraform } from '../../src/graph/index.js';
import type { TerraformConfig } from '../helpers/stacks.js';
import {
  addResource,
  graphOf,
  type Resources,
  ref,
  replaced,
  resourceIn,
  synthesizeCustomer,
} from './fixtures.js';

const POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ListOwnBuckets',
      Effect: 'Allow',
      Action: ['s3:ListBucket', 's3:GetBucketLocation'],
      Resource: [ref('aws_s3_bucket.backups.arn')],
    },
    {
      Sid: 'ReadWriteOwnObjects',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: [`${ref('aws_s3_bucket.backups.arn')}/*`],
    },
  ],
};

/** One customer's server, as the synthesizer writes it, cut down to what a diff needs. */
function customerStack(): Resources {
  return {
    aws_vpc: {
      main: { cidr_block: '10.20.0.0/16', enable_dns_hostnames: true, tags: { Name: 'acme-corp' } },
    },
    aws_subnet: {
      public_a: {
        vpc_id: ref('aws_vpc.main.id'),
        cidr_block: '10.20.0.0/18',
        availability_zone: 'us-east-2a',
        map_public_ip_on_launch: false,
        tags: { Name: 'acme-corp-public-us-east-2a' },
      },
    },
    aws_route_table: { public: { vpc_id: ref('aws_vpc.main.id'), tags: { Name: 'acme-corp-public' } } },
    aws_route_table_association: {
      public_a: {
        subnet_id: ref('aws_subnet.public_a.id'),
        route_table_id: ref('aws_route_table.public.id'),
      },
    },
    aws_security_group: {
      server: {
        name: 'neo-acme-corp-server',
        description: 'NEO server of acme-corp',
        vpc_id: ref('aws_vpc.main.id'),
        tags: { Name: 'acme-corp-server' },
      },
    },
    aws_vpc_security_group_ingress_rule: {
      ssh_203_0_113_0_24: {
        security_group_id: ref('aws_security_group.server.id'),
        cidr_ipv4: '203.0.113.0/24',
        description: 'SSH from an admin network',
        from_port: 22,
        to_port: 22,
        ip_protocol: 'tcp',
      },
    },
    aws_key_pair: {
      admin: {
        key_name: 'neo-production-acme-corp-admin',
        public_key:
          'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIACpU5a3H1pKC9nUHrjiq673epGk61AhR1GOutn7Fcnk ops@acme',
      },
    },
    aws_instance: {
      server: {
        ami: 'ami-07d9a7ed11ee5af5f',
        instance_type: 't3.medium',
        subnet_id: ref('aws_subnet.public_a.id'),
        key_name: ref('aws_key_pair.admin.key_name'),
        vpc_security_group_ids: [ref('aws_security_group.server.id')],
        metadata_options: { http_endpoint: 'enabled', http_tokens: 'required' },
        root_block_device: { encrypted: true, volume_size: 50, volume_type: 'gp3' },
        user_data: '#!/bin/bash\nhostnamectl set-hostname server.acme-example.com\n',
        tags: { Name: 'server.acme-example.com' },
        lifecycle: { ignore_changes: ['ami', 'user_data'] },
      },
    },
    aws_ebs_volume: {
      data: {
        availability_zone: 'us-east-2a',
        encrypted: true,
        size: 200,
        type: 'gp3',
        tags: { Name: 'acme-corp-data' },
      },
    },
    aws_volume_attachment: {
      data: {
        device_name: '/dev/sdf',
        instance_id: ref('aws_instance.server.id'),
        volume_id: ref('aws_ebs_volume.data.id'),
        stop_instance_before_detaching: true,
      },
    },
    aws_ec2_instance_state: { server: { instance_id: ref('aws_instance.server.id'), state: 'running' } },
    aws_eip: { server: { domain: 'vpc', tags: { Name: 'server.acme-example.com' } } },
    aws_eip_association: {
      server: {
        allocation_id: ref('aws_eip.server.allocation_id'),
        instance_id: ref('aws_instance.server.id'),
      },
    },
    aws_cloudwatch_metric_alarm: {
      cpu: {
        alarm_name: 'neo-production-acme-corp-cpu',
        namespace: 'AWS/EC2',
        metric_name: 'CPUUtilization',
        threshold: 80,
        dimensions: { InstanceId: ref('aws_instance.server.id') },
      },
    },
    aws_route53_zone: { main: { name: 'acme-example.com', force_destroy: false } },
    aws_route53_record: {
      www_a: {
        zone_id: ref('aws_route53_zone.main.zone_id'),
        name: 'www.acme-example.com',
        type: 'A',
        ttl: 300,
        records: [ref('aws_eip.server.public_ip')],
      },
    },
    aws_s3_bucket: {
      backups: {
        bucket: 'neo-production-acme-corp-backups',
        force_destroy: false,
        lifecycle: { prevent_destroy: true },
      },
    },
    aws_iam_role_policy: {
      server_buckets: {
        name: 'own-buckets',
        role: ref('aws_iam_role.server.id'),
        policy: JSON.stringify(POLICY),
      },
    },
  };
}

/** The stack before and after `edit`, as graphs. */
function change(edit: (stack: Resources) => void, before = customerStack()) {
  const after = structuredClone(before);
  edit(after);
  return diff(graphOf(before), graphOf(after));
}

function changeOf(changes: readonly ResourceChange[], address: string): ResourceChange {
  const found = changes.find((c) => c.address === address);
  if (found === undefined) throw new Error(`no change for ${address}`);
  return found;
}

function set(stack: Resources, address: string, values: Record<string, unknown>): void {
  Object.assign(resourceIn({ resource: stack }, address), values);
}

function byAction(changes: readonly ResourceChange[], action: Action): string[] {
  return changes.filter((c) => c.action === action).map((c) => c.address);
}

describe('diff', () => {
  it.each([
    {
      action: 'create',
      case: 'a second data volume',
      edit: (s: Resources) => {
        addResource({ resource: s }, 'aws_ebs_volume.logs', {
          availability_zone: 'us-east-2a',
          size: 50,
          type: 'gp3',
          encrypted: true,
        });
      },
      address: 'aws_ebs_volume.logs',
      attributes: [
        { path: 'availability_zone', after: 'us-east-2a' },
        { path: 'encrypted', after: true },
        { path: 'region', after: 'us-east-2' },
        { path: 'size', after: 50 },
        { path: 'type', after: 'gp3' },
      ],
    },
    {
      action: 'delete',
      case: 'the www record',
      edit: (s: Resources) => {
        s.aws_route53_record = {};
      },
      address: 'aws_route53_record.www_a',
      attributes: [
        { path: 'name', before: 'www.acme-example.com' },
        { path: 'records', before: [ref('aws_eip.server.public_ip')] },
        { path: 'ttl', before: 300 },
        { path: 'type', before: 'A' },
        { path: 'zone_id', before: ref('aws_route53_zone.main.zone_id') },
      ],
    },
    {
      action: 'update',
      case: 'a bigger server',
      edit: (s: Resources) => set(s, 'aws_instance.server', { instance_type: 't3.large' }),
      address: 'aws_instance.server',
      attributes: [{ path: 'instance_type', before: 't3.medium', after: 't3.large' }],
    },
    {
      action: 'replace',
      case: 'a subnet in another zone (top-level attribute)',
      edit: (s: Resources) => set(s, 'aws_subnet.public_a', { availability_zone: 'us-east-2b' }),
      address: 'aws_subnet.public_a',
      attributes: [
        { path: 'availability_zone', before: 'us-east-2a', after: 'us-east-2b', forcesReplacement: true },
      ],
      replacedBecause: ['availability_zone'],
    },
    {
      action: 'replace',
      case: 'an unencrypted root disk (nested attribute)',
      edit: (s: Resources) =>
        set(s, 'aws_instance.server', {
          root_block_device: { encrypted: false, volume_size: 50, volume_type: 'gp3' },
        }),
      address: 'aws_instance.server',
      attributes: [
        { path: 'root_block_device.encrypted', before: true, after: false, forcesReplacement: true },
      ],
      replacedBecause: ['root_block_device.encrypted'],
    },
    {
      action: 'no-op',
      case: 'the VPC when only the server grows',
      edit: (s: Resources) => set(s, 'aws_instance.server', { instance_type: 't3.large' }),
      address: 'aws_vpc.main',
      attributes: [],
    },
  ])('$action: $case', ({ action, edit, address, attributes, ...rest }) => {
    const found = changeOf(change(edit), address);
    expect(found.action).toBe(action);
    // create and delete list attributes as written; sort them to compare.
    expect([...found.attributes].sort((a, b) => (a.path < b.path ? -1 : 1))).toEqual(attributes);
    expect(found.replacedBecause).toEqual('replacedBecause' in rest ? rest.replacedBecause : undefined);
  });

  it('finds nothing to do between identical graphs', () => {
    const changes = change(() => {});
    expect(changes).toHaveLength(Object.values(customerStack()).flatMap((b) => Object.keys(b)).length);
    expect(changes.filter((c) => c.action !== 'no-op' || c.attributes.length > 0)).toEqual([]);
  });

  it('lists changes by address', () => {
    const addresses = change(() => {}).map((c) => c.address);
    expect(addresses).toEqual([...addresses].sort());
  });

  describe('lifecycle.ignore_changes', () => {
    const newImage = (s: Resources) =>
      set(s, 'aws_instance.server', {
        ami: 'ami-0a1b2c3d4e5f60718',
        user_data: '#!/bin/bash\nhostnamectl set-hostname web1.acme-example.com\n',
      });

    it('hides changes to the image and the boot script', () => {
      expect(changeOf(change(newImage), 'aws_instance.server')).toMatchObject({
        action: 'no-op',
        attributes: [],
      });
    });

    it('shows them (and the replacement a new image forces) without it', () => {
      const before = customerStack();
      delete resourceIn({ resource: before }, 'aws_instance.server').lifecycle;
      expect(changeOf(change(newImage, before), 'aws_instance.server')).toMatchObject({
        action: 'replace',
        replacedBecause: ['ami'],
        attributes: [
          {
            path: 'ami',
            before: 'ami-07d9a7ed11ee5af5f',
            after: 'ami-0a1b2c3d4e5f60718',
            forcesReplacement: true,
          },
          { path: 'user_data', sensitive: true },
        ],
      });
    });

    it('still shows other changes of the same resource', () => {
      const changes = change((s) => {
        newImage(s);
        set(s, 'aws_instance.server', { instance_type: 't3.large' });
      });
      expect(changeOf(changes, 'aws_instance.server').attributes.map((a) => a.path)).toEqual([
        'instance_type',
      ]);
    });
  });

  describe('sensitive attributes', () => {
    const SECRET = 'Corr3ct-H0rse-Battery-Stapl3';
    const database = (password: string): Resources => ({
      aws_db_instance: {
        main: {
          identifier: 'neo-production-acme-corp',
          engine: 'mysql',
          instance_class: 'db.t3.micro',
          username: 'neo_admin',
          password,
          storage_encrypted: true,
        },
      },
    });
    const server = (userData: string): Resources => ({
      aws_instance: {
        server: { ami: 'ami-07d9a7ed11ee5af5f', instance_type: 't3.medium', user_data: userData },
      },
    });

    it.each([
      {
        case: 'a database password',
        before: database('old-Passw0rd-2023'),
        after: database(SECRET),
        address: 'aws_db_instance.main',
        path: 'password',
      },
      {
        case: "the server's boot script",
        before: server('#!/bin/bash\nexport PANEL_ADMIN_PASSWORD=old-Passw0rd-2023\n'),
        after: server(`#!/bin/bash\nexport PANEL_ADMIN_PASSWORD=${SECRET}\n`),
        address: 'aws_instance.server',
        path: 'user_data',
      },
    ])('reports a change of $case without its values', ({ before, after, address, path }) => {
      const changes = diff(graphOf(before), graphOf(after));
      expect(changeOf(changes, address)).toMatchObject({
        action: 'update',
        attributes: [{ path, sensitive: true }],
      });
      expect(changeOf(changes, address).attributes[0]).not.toHaveProperty('before');
      expect(changeOf(changes, address).attributes[0]).not.toHaveProperty('after');
      expect(JSON.stringify(changes)).not.toContain(SECRET);
      expect(JSON.stringify(changes)).not.toContain('old-Passw0rd-2023');
    });

    it.each([
      { case: 'created', before: {}, after: database(SECRET), action: 'create' },
      { case: 'deleted', before: database(SECRET), after: {}, action: 'delete' },
    ])('leaves the values out when the resource is $case', ({ before, after, action }) => {
      const changes = diff(graphOf(before), graphOf(after));
      expect(changeOf(changes, 'aws_db_instance.main').action).toBe(action);
      expect(changeOf(changes, 'aws_db_instance.main').attributes).toContainEqual({
        path: 'password',
        sensitive: true,
      });
      expect(JSON.stringify(changes)).not.toContain(SECRET);
    });

    it('leaves the values out when a boot script refers to a resource being replaced', () => {
      const before = customerStack();
      set(before, 'aws_instance.server', {
        user_data: `#!/bin/bash\nexport PANEL_ADMIN_PASSWORD=${SECRET}\necho ${ref('aws_eip.server.public_ip')} > /etc/neo/ip\n`,
        lifecycle: undefined,
      });
      const changes = change(
        (s) => set(s, 'aws_eip.server', { public_ipv4_pool: 'ipv4pool-ec2-0123456789abcdef0' }),
        before,
      );
      expect(changeOf(changes, 'aws_instance.server')).toMatchObject({
        action: 'update',
        attributes: [{ path: 'user_data', afterUnknown: true, sensitive: true }],
      });
      expect(JSON.stringify(changes)).not.toContain(SECRET);
    });
  });

  describe('JSON documents', () => {
    const grantDeleteBucket = (s: Resources) => {
      const policy = structuredClone(POLICY);
      policy.Statement[0]?.Action.push('s3:DeleteBucket');
      set(s, 'aws_iam_role_policy.server_buckets', { policy: JSON.stringify(policy) });
    };

    it('are compared statement by statement', () => {
      expect(changeOf(change(grantDeleteBucket), 'aws_iam_role_policy.server_buckets')).toMatchObject({
        action: 'update',
        attributes: [
          {
            path: 'policy.Statement[0].Action',
            before: ['s3:ListBucket', 's3:GetBucketLocation'],
            after: ['s3:ListBucket', 's3:GetBucketLocation', 's3:DeleteBucket'],
          },
        ],
      });
    });

    it('are equal when only the JSON formatting differs', () => {
      const changes = change((s) =>
        set(s, 'aws_iam_role_policy.server_buckets', { policy: JSON.stringify(POLICY, null, 2) }),
      );
      expect(changeOf(changes, 'aws_iam_role_policy.server_buckets').action).toBe('no-op');
    });
  });

  const OWN_GROUP = ref('aws_security_group.server.id');
  const SHARED_GROUP = 'sg-0f1e2d3c4b5a69788';

  it.each([
    { case: 'a group is added', before: [OWN_GROUP], after: [OWN_GROUP, SHARED_GROUP] },
    { case: 'a group is removed', before: [OWN_GROUP, SHARED_GROUP], after: [OWN_GROUP] },
    {
      case: 'one group is swapped for another',
      before: [OWN_GROUP, SHARED_GROUP],
      after: [OWN_GROUP, 'sg-0a9b8c7d6e5f40312'],
    },
  ])('compares a list of scalars as a whole when $case', ({ before, after }) => {
    const old = customerStack();
    set(old, 'aws_instance.server', { vpc_security_group_ids: before });
    const changes = change((s) => set(s, 'aws_instance.server', { vpc_security_group_ids: after }), old);
    expect(changeOf(changes, 'aws_instance.server')).toMatchObject({
      action: 'update',
      attributes: [{ path: 'vpc_security_group_ids', before, after }],
    });
    expect(changeOf(changes, 'aws_instance.server').attributes).toHaveLength(1);
  });

  it.each([
    {
      case: "a database's zone once it is multi-AZ",
      type: 'aws_db_instance',
      before: { identifier: 'neo-production-acme-corp', availability_zone: 'us-east-2a', multi_az: false },
      after: { identifier: 'neo-production-acme-corp', multi_az: true },
      path: 'availability_zone',
    },
    {
      case: "a volume's customer-managed key",
      type: 'aws_ebs_volume',
      before: {
        availability_zone: 'us-east-2a',
        size: 200,
        kms_key_id: 'arn:aws:kms:us-east-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      },
      after: { availability_zone: 'us-east-2a', size: 200 },
      path: 'kms_key_id',
    },
  ])('never replaces for a removed attribute: $case', ({ type, before, after, path }) => {
    expect(forcesReplacement(type, path), 'a change of it would force replacement').toBe(true);
    const changes = diff(graphOf({ [type]: { main: before } }), graphOf({ [type]: { main: after } }));
    const found = changeOf(changes, `${type}.main`);
    expect(found.action).not.toBe('replace');
    expect(found.replacedBecause).toBeUndefined();
    expect(found.attributes.filter((a) => a.forcesReplacement)).toEqual([]);
  });

  describe('a resource type neo has no table for', () => {
    const parameter = (value: string): Resources => ({
      aws_ssm_parameter: {
        panel_url: {
          name: '/neo/acme-corp/panel-url',
          type: 'String',
          value,
          tags: { 'neo:customer': 'acme-corp' },
        },
      },
    });

    it('is replaced by any change, and says why', () => {
      const changes = diff(
        graphOf(parameter('https://server.acme-example.com:8090')),
        graphOf(parameter('https://server.acme-example.com:2087')),
      );
      const found = changeOf(changes, 'aws_ssm_parameter.panel_url');
      expect(found.action).toBe('replace');
      expect(found.replacedBecause).toEqual([expect.stringMatching(/aws_ssm_parameter is unknown/)]);
    });

    it('is a no-op when nothing changes', () => {
      const same = parameter('https://server.acme-example.com:8090');
      expect(changeOf(diff(graphOf(same), graphOf(same)), 'aws_ssm_parameter.panel_url').action).toBe(
        'no-op',
      );
    });
  });

  describe('references to replaced resources', () => {
    it.each([
      {
        case: 'the server subnet moves to another zone',
        edit: (s: Resources) =>
          set(s, 'aws_subnet.public_a', {
            availability_zone: 'us-east-2b',
            tags: { Name: 'acme-corp-public-us-east-2b' },
          }),
        replaced: {
          'aws_subnet.public_a': ['availability_zone'],
          'aws_route_table_association.public_a': ['subnet_id'],
          'aws_instance.server': ['subnet_id'],
          'aws_volume_attachment.data': ['instance_id'],
          'aws_eip_association.server': ['instance_id'],
          'aws_ec2_instance_state.server': ['instance_id'],
        },
        updated: ['aws_cloudwatch_metric_alarm.cpu'],
      },
      {
        case: 'the VPC is re-created with another range',
        edit: (s: Resources) => set(s, 'aws_vpc.main', { cidr_block: '10.30.0.0/16' }),
        replaced: {
          'aws_vpc.main': ['cidr_block'],
          'aws_subnet.public_a': ['vpc_id'],
          'aws_route_table.public': ['vpc_id'],
          'aws_security_group.server': ['vpc_id'],
          'aws_route_table_association.public_a': ['subnet_id'],
          'aws_vpc_security_group_ingress_rule.ssh_203_0_113_0_24': ['security_group_id'],
          'aws_instance.server': ['subnet_id'],
          'aws_volume_attachment.data': ['instance_id'],
          'aws_eip_association.server': ['instance_id'],
          'aws_ec2_instance_state.server': ['instance_id'],
        },
        updated: ['aws_cloudwatch_metric_alarm.cpu'],
      },
      {
        case: 'the Elastic IP moves to a BYOIP pool',
        edit: (s: Resources) =>
          set(s, 'aws_eip.server', { public_ipv4_pool: 'ipv4pool-ec2-0123456789abcdef0' }),
        replaced: {
          'aws_eip.server': ['public_ipv4_pool'],
          'aws_eip_association.server': ['allocation_id'],
        },
        // The record's value is only known after apply, but records do not force replacement.
        updated: ['aws_route53_record.www_a'],
      },
      {
        case: 'the backup bucket is renamed',
        edit: (s: Resources) =>
          set(s, 'aws_s3_bucket.backups', { bucket: 'neo-production-acme-corp-archive' }),
        replaced: { 'aws_s3_bucket.backups': ['bucket'] },
        // `${aws_s3_bucket.backups.arn}/*` inside the policy document is unknown too.
        updated: ['aws_iam_role_policy.server_buckets'],
      },
      {
        case: 'the admin key is rotated (the server refers to its configured name)',
        edit: (s: Resources) =>
          set(s, 'aws_key_pair.admin', {
            public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHc0bmV3a2V5cm90YXRlZA ops@acme',
          }),
        replaced: { 'aws_key_pair.admin': ['public_key'] },
        updated: [],
      },
      {
        case: 'the server only grows (an update does not ripple)',
        edit: (s: Resources) => set(s, 'aws_instance.server', { instance_type: 't3.large' }),
        replaced: {},
        updated: ['aws_instance.server'],
      },
      {
        case: 'the subnet is only renamed (an update does not ripple)',
        edit: (s: Resources) => set(s, 'aws_subnet.public_a', { tags: { Name: 'acme-corp-web' } }),
        replaced: {},
        updated: ['aws_subnet.public_a'],
      },
    ])('ripple when $case', ({ edit, replaced, updated }) => {
      const changes = change(edit);
      expect(
        Object.fromEntries(
          changes.filter((c) => c.action === 'replace').map((c) => [c.address, c.replacedBecause]),
        ),
      ).toEqual(replaced);
      expect(byAction(changes, 'update')).toEqual(updated);
      expect(countActions(changes)).toMatchObject({ create: 0, delete: 0 });
    });

    it('marks the referring attribute as known only after apply, with its token kept', () => {
      const changes = change((s) => set(s, 'aws_subnet.public_a', { availability_zone: 'us-east-2b' }));
      expect(changeOf(changes, 'aws_instance.server').attributes).toEqual([
        {
          path: 'subnet_id',
          before: ref('aws_subnet.public_a.id'),
          after: ref('aws_subnet.public_a.id'),
          afterUnknown: true,
          forcesReplacement: true,
        },
      ]);
      expect(changeOf(changes, 'aws_cloudwatch_metric_alarm.cpu').attributes).toEqual([
        {
          path: 'dimensions.InstanceId',
          before: ref('aws_instance.server.id'),
          after: ref('aws_instance.server.id'),
          afterUnknown: true,
        },
      ]);
    });

    it.each([
      { attribute: 'key_name', server: 'no-op' },
      { attribute: 'id', server: 'replace' },
    ])('a rotated key referred to by its $attribute leaves the server $server', ({ attribute, server }) => {
      const before = customerStack();
      set(before, 'aws_instance.server', { key_name: ref(`aws_key_pair.admin.${attribute}`) });
      const changes = change(
        (s) =>
          set(s, 'aws_key_pair.admin', {
            public_key: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHc0bmV3a2V5cm90YXRlZA ops@acme',
          }),
        before,
      );
      expect(changeOf(changes, 'aws_instance.server').action).toBe(server);
    });

    it('a renamed key (its configured name changes) replaces the server', () => {
      const changes = change((s) =>
        set(s, 'aws_key_pair.admin', { key_name: 'neo-production-acme-corp-ops' }),
      );
      expect(changeOf(changes, 'aws_instance.server')).toMatchObject({
        action: 'replace',
        replacedBecause: ['key_name'],
      });
    });

    it('marks references of a resource replaced for its own reasons too', () => {
      const changes = change((s) => {
        set(s, 'aws_vpc.main', { cidr_block: '10.30.0.0/16' });
        set(s, 'aws_subnet.public_a', { cidr_block: '10.30.0.0/18' });
      });
      expect(changeOf(changes, 'aws_subnet.public_a')).toMatchObject({
        action: 'replace',
        replacedBecause: ['cidr_block', 'vpc_id'],
        attributes: [
          { path: 'cidr_block', before: '10.20.0.0/18', after: '10.30.0.0/18', forcesReplacement: true },
          { path: 'vpc_id', afterUnknown: true, forcesReplacement: true },
        ],
      });
    });

    // The same bug, where it hides a replacement: the security group takes its VPC from the subnet,
    // and the subnet's vpc_id is unknown (its VPC is replaced), so Terraform replaces the group.
    it('replaces what refers to a configured attribute that is itself unknown', () => {
      const before = customerStack();
      set(before, 'aws_security_group.server', { vpc_id: ref('aws_subnet.public_a.vpc_id') });
      const changes = change((s) => {
        set(s, 'aws_vpc.main', { cidr_block: '10.30.0.0/16' });
        set(s, 'aws_subnet.public_a', { cidr_block: '10.30.0.0/18' });
      }, before);
      expect(changeOf(changes, 'aws_security_group.server')).toMatchObject({
        action: 'replace',
        replacedBecause: ['vpc_id'],
      });
    });

    it('marks a replacement Terraform will refuse (prevent_destroy)', () => {
      const changes = change((s) =>
        set(s, 'aws_s3_bucket.backups', { bucket: 'neo-production-acme-corp-archive' }),
      );
      expect(changeOf(changes, 'aws_s3_bucket.backups')).toMatchObject({
        action: 'replace',
        destroyRefused: true,
      });
    });
  });
});

describe('diff of a synthesized customer stack', () => {
  let acme: TerraformConfig;
  let movedInSpec: TerraformConfig;

  beforeAll(async () => {
    acme = await synthesizeCustomer('acme-corp');
    movedInSpec = await synthesizeCustomer('acme-corp', (yaml) =>
      replaced(yaml, '\nserver:\n', '\nserver:\n  availabilityZone: us-east-2b\n'),
    );
  });

  it('finds nothing to do between two syntheses of the same spec', () => {
    const changes = diff(graphFromTerraform(acme), graphFromTerraform(structuredClone(acme)));
    expect(changes).toHaveLength(Object.values(acme.resource).flatMap((b) => Object.keys(b)).length);
    expect(changes.filter((c) => c.action !== 'no-op')).toEqual([]);
  });

  const SERVER_AND_DATA = [
    'aws_instance.server',
    'aws_ebs_volume.data',
    'aws_ebs_volume.addon_storage_ebs_100',
    'aws_volume_attachment.data',
    'aws_volume_attachment.addon_storage_ebs_100',
    'aws_eip_association.server',
    'aws_ec2_instance_state.server',
    'aws_db_instance.main',
  ];

  describe.each([
    {
      how: 'the spec (server.availabilityZone: us-east-2b)',
      moved: () => movedInSpec,
      // The server's zone comes first, so both tiers swap zones and ranges: every subnet moves.
      subnets: ['public_a', 'public_b', 'private_a', 'private_b'],
    },
    {
      how: 'the JSON (every us-east-2a → us-east-2b)',
      moved: () => JSON.parse(JSON.stringify(acme).replaceAll('us-east-2a', 'us-east-2b')) as TerraformConfig,
      subnets: ['public_a', 'private_a'],
    },
  ])("moving acme-corp's server to another zone in $how", ({ moved, subnets }) => {
    it('replaces exactly what Terraform would', () => {
      const changes = diff(graphFromTerraform(acme), graphFromTerraform(moved()));
      const network = subnets.flatMap((s) => [`aws_subnet.${s}`, `aws_route_table_association.${s}`]);
      expect(byAction(changes, 'replace').sort()).toEqual([...network, ...SERVER_AND_DATA].sort());
      expect(countActions(changes)).toMatchObject({ create: 0, delete: 0 });
    });

    it('updates what refers to replaced resources without forcing', () => {
      const changes = diff(graphFromTerraform(acme), graphFromTerraform(moved()));
      const updated = byAction(changes, 'update');
      expect(updated).toContain('aws_db_subnet_group.main');
      expect(updated).toContain('aws_cloudwatch_metric_alarm.cpu');
      expect(changeOf(changes, 'aws_db_subnet_group.main').attributes.map((a) => a.path)).toEqual([
        'subnet_ids',
      ]);
      // The EIP stays, so its DNS records do not change.
      expect(changeOf(changes, 'aws_eip.server').action).toBe('no-op');
      expect(changeOf(changes, 'aws_route53_record.apex_a').action).toBe('no-op');
    });
  });

  it('replaces every regional resource, and only those, when the customer moves region', () => {
    const moved = structuredClone(acme);
    const provider = moved.provider.aws[0];
    if (provider === undefined) throw new Error('acme-corp has no provider');
    provider.region = 'us-west-2';
    const changes = diff(graphFromTerraform(acme), graphFromTerraform(moved));
    const regional = Object.entries(acme.resource).flatMap(([type, byName]) =>
      Object.entries(byName)
        .filter(([, body]) => !/^aws_(iam|route53|budgets)_/.test(type) && body.region === undefined)
        .map(([name]) => `${type}.${name}`),
    );
    expect(regional.length).toBeGreaterThan(50);
    expect(byAction(changes, 'replace').sort()).toEqual(regional.sort());
    expect(changeOf(changes, 'aws_sns_topic.alerts_us_east_1').action).toBe('no-op');
    expect(changeOf(changes, 'aws_s3_bucket.backups')).toMatchObject({
      action: 'replace',
      destroyRefused: true,
    });
  });

  it('keeps user data out of a real change set', () => {
    const edited = structuredClone(acme);
    const server = resourceIn(edited, 'aws_instance.server');
    server.user_data = `${String(server.user_data)}echo rotated-panel-secret-9f3b > /root/.panel\n`;
    delete server.lifecycle;
    const changes = diff(graphFromTerraform(acme), graphFromTerraform(edited));
    expect(changeOf(changes, 'aws_instance.server').attributes).toEqual([
      { path: 'user_data', sensitive: true },
    ]);
    expect(JSON.stringify(changes)).not.toContain('rotated-panel-secret');
    expect(JSON.stringify(changes)).not.toContain('cyberpanel.sh');
  });
});
