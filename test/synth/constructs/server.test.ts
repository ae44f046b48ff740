import { describe, expect, it } from 'vitest';
import { stackLookup } from '../../helpers/stacks.js';

const stack = await stackLookup();

describe('server', () => {
  it.each([
    // customer, golden image of (os, region), instance type (plan + upgrades), CPU credits
    ['acme-corp', 'ami-07d9a7ed11ee5af5f', 't3.medium', 'unlimited'],
    ['bluefin-bakery', 'ami-09155b3ef015294fe', 't3.small', 'standard'],
    ['kestrel-legal', 'ami-023c11178a44ef240', 't3.small', 'standard'],
    ['lumen-analytics', 'ami-024fb833c7279f056', 't3.large', 'unlimited'], // ram-cpu-upgrade: one size up
    ['ferrous-games', 'ami-09155b3ef015294fe', 't3.xlarge', 'unlimited'], // ram-cpu-upgrade-2x: two sizes up
    ['nordlicht-media', 'ami-0298a3f550ca51ef8', 't3.large', 'unlimited'],
    ['saltmarsh-records', 'ami-0fd51cb6d4e3152f5', 't3.large', 'unlimited'], // us-east-1 image
  ])('%s runs %s on %s with %s CPU credits', (id, ami, type, credits) => {
    expect(stack(id).get('aws_instance.server')).toMatchObject({
      ami,
      instance_type: type,
      credit_specification: { cpu_credits: credits },
    });
  });

  it('places the server in its zone with its firewall, instance profile and key', () => {
    expect(stack('lumen-analytics').get('aws_instance.server')).toMatchObject({
      subnet_id: '${aws_subnet.public_b.id}', // us-east-2b
      vpc_security_group_ids: ['${aws_security_group.server.id}'],
      iam_instance_profile: '${aws_iam_instance_profile.server.name}',
      key_name: '${aws_key_pair.admin.key_name}',
    });
    expect(stack('lumen-analytics').get('aws_key_pair.admin').public_key).toMatch(/^ssh-ed25519 AAAA/);
    // An existing key pair is used by name, and none is created.
    expect(stack('bluefin-bakery').get('aws_instance.server').key_name).toBe('neo-support-2026');
    expect(stack('bluefin-bakery').has('aws_key_pair.admin')).toBe(false);
  });

  it.each([
    ['bluefin-bakery', { volume_size: 30, iops: 3000, throughput: 125 }, false],
    ['acme-corp', { volume_size: 50, iops: 6000, throughput: 250 }, true],
    ['nordlicht-media', { volume_size: 100, iops: 12000, throughput: 500 }, true],
  ])("%s gets the plan's gp3 root volume and monitoring", (id, root, detailed) => {
    const server = stack(id).get('aws_instance.server');
    expect(server.root_block_device).toMatchObject({ ...root, volume_type: 'gp3', encrypted: true });
    expect(server.monitoring).toBe(detailed);
  });

  it('never replaces a running server for a new golden image or user data template', () => {
    expect(stack('acme-corp').get('aws_instance.server').lifecycle).toEqual({
      ignore_changes: ['ami', 'user_data'],
    });
  });

  it.each([
    ['kestrel-legal', 'stopped', false],
    ['acme-corp', 'running', true],
  ])('%s: the instance is %s and alarms notify = %s', (id, state, notify) => {
    const s = stack(id);
    expect(s.get('aws_ec2_instance_state.server')).toEqual({
      instance_id: '${aws_instance.server.id}',
      state,
    });
    for (const alarm of Object.values(s.all('aws_cloudwatch_metric_alarm'))) {
      if (alarm.alarm_name !== `neo-production-${id}-objects-quota`)
        expect(alarm.actions_enabled).toBe(notify);
    }
    // Suspension stops the server; it keeps its data, address and DNS.
    expect(s.has('aws_ebs_volume.data')).toBe(true);
    expect(s.has('aws_eip.server')).toBe(true);
  });

  it('gives the server an Elastic IP through a separate association', () => {
    const s = stack('acme-corp');
    expect(s.get('aws_eip.server').domain).toBe('vpc');
    expect(s.get('aws_eip_association.server')).toEqual({
      allocation_id: '${aws_eip.server.allocation_id}',
      instance_id: '${aws_instance.server.id}',
    });
  });
});

describe('user data', () => {
  const userData = (id: string) => stack(id).get('aws_instance.server').user_data as string;

  it.each([
    ['nordlicht-media', /securedownloads\.cpanel\.net\/latest/],
    ['acme-corp', /cyberpanel\.net\/install\.sh/],
    ['ferrous-games', /download\.directadmin\.com\/setup\.sh/],
    ['bluefin-bakery', /No control panel/],
  ])('%s installs its panel', (id, installer) => {
    expect(userData(id)).toMatch(installer);
  });

  it.each([
    ['acme-corp', /dnf install -y \S+redhat\S+amazon-cloudwatch-agent\.rpm/],
    ['bluefin-bakery', /apt-get install -y \/tmp\/cwagent\.deb/],
  ])('%s installs the CloudWatch agent with its package manager', (id, install) => {
    expect(userData(id)).toMatch(install);
    expect(userData(id)).toContain('amazon-cloudwatch-agent-ctl -a fetch-config');
  });

  it('sets the hostname and mounts every volume by its attachment name', () => {
    const script = userData('ferrous-games');
    expect(script).toContain('hostnamectl set-hostname server.ferrous-games-example.io');
    expect(script).toContain('mount_volume /dev/sdf /data\nmount_volume /dev/sdg /data2\n');
  });

  it('escapes shell and agent placeholders so Terraform does not read them as its own', () => {
    expect(userData('acme-corp')).toContain('"InstanceId": "$${aws:InstanceId}"');
    expect(userData('acme-corp')).not.toMatch(/(^|[^$])\$\{/);
  });

  it('reads the DirectAdmin license from SSM at boot, and the role may read only its own parameter', () => {
    const s = stack('ferrous-games');
    expect(userData('ferrous-games')).toContain(
      'aws ssm get-parameter --with-decryption --name /neo/production/customers/ferrous-games/panel-license',
    );
    const policy = JSON.parse(s.get('aws_iam_role_policy.server_buckets').policy as string);
    expect(policy.Statement).toContainEqual({
      Sid: 'ReadPanelLicense',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      // The account is IAM's policy variable, written so Terraform leaves it alone.
      Resource:
        'arn:aws:ssm:us-east-2:$${aws:PrincipalAccount}:parameter/neo/production/customers/ferrous-games/panel-license',
    });
  });
});

describe('storage', () => {
  it.each([
    // customer, volumes as name: [size, iops, throughput]
    ['bluefin-bakery', { data: [50, 3000, 125] }],
    ['acme-corp', { data: [200, 6000, 250], addon_storage_ebs_100: [100, 3000, 125] }],
    ['ferrous-games', { data: [200, 6000, 250], addon_storage_ebs_500: [500, 3000, 125] }],
  ])("%s gets the plan's data volume and one volume per storage add-on", (id, expected) => {
    const volumes = stack(id).all('aws_ebs_volume');
    expect(
      Object.fromEntries(Object.entries(volumes).map(([n, v]) => [n, [v.size, v.iops, v.throughput]])),
    ).toEqual(expected);
    for (const volume of Object.values(volumes)) {
      expect(volume).toMatchObject({
        type: 'gp3',
        encrypted: true,
        final_snapshot: true,
        availability_zone: 'us-east-2a',
      });
    }
  });

  it('attaches the volumes in order as /dev/sdf, /dev/sdg', () => {
    const s = stack('acme-corp');
    expect(s.get('aws_volume_attachment.data')).toMatchObject({
      device_name: '/dev/sdf',
      volume_id: '${aws_ebs_volume.data.id}',
      instance_id: '${aws_instance.server.id}',
    });
    expect(s.get('aws_volume_attachment.addon_storage_ebs_100').device_name).toBe('/dev/sdg');
  });
});
