import type { Customer } from '../spec/index.js';

const AGENT_PACKAGE = {
  rpm: 'https://amazoncloudwatch-agent.s3.amazonaws.com/redhat/amd64/latest/amazon-cloudwatch-agent.rpm',
  deb: 'https://amazoncloudwatch-agent.s3.amazonaws.com/ubuntu/amd64/latest/amazon-cloudwatch-agent.deb',
};

/**
 * The CloudWatch agent's configuration. Metrics are aggregated to exactly the dimensions the
 * alarms use (InstanceId; InstanceId + path), so an alarm never waits on a device name.
 */
function agentConfig(paths: string[]): object {
  return {
    agent: { metrics_collection_interval: 60 },
    metrics: {
      namespace: 'CWAgent',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the agent's own placeholder, not ours.
      append_dimensions: { InstanceId: '${aws:InstanceId}' },
      aggregation_dimensions: [['InstanceId'], ['InstanceId', 'path']],
      metrics_collected: {
        mem: { measurement: ['mem_used_percent'] },
        disk: { measurement: ['used_percent'], resources: ['/', ...paths], drop_device: true },
      },
    },
  };
}

type Panel = Customer['server']['panel'];

/** First-boot install of each panel. Licenses are fetched from SSM at boot, never written here. */
const PANEL_INSTALL: Record<Panel, (licenseParameter: string) => string[]> = {
  cpanel: () => [
    '# cPanel & WHM licenses are bound to the Elastic IP; the installer needs no key.',
    'cd /home && curl -fsSL -o latest https://securedownloads.cpanel.net/latest && sh latest --skip-cloudlinux',
  ],
  cyberpanel: () => [
    'curl -fsSL -o /root/cyberpanel.sh https://cyberpanel.net/install.sh',
    'sh /root/cyberpanel.sh --version ols --postfix ON --powerdns ON --ftp ON --remotemysql OFF',
  ],
  directadmin: (parameter) => [
    `export DA_LICENSE="$(aws ssm get-parameter --with-decryption --name ${parameter} --query Parameter.Value --output text)"`,
    'curl -fsSL -o /root/directadmin.sh https://download.directadmin.com/setup.sh',
    'bash /root/directadmin.sh auto',
  ],
  none: () => ['# No control panel: the server is managed over SSH and Session Manager.'],
};

/** A volume to format (only when blank) and mount, by the device name it is attached as. */
export interface Mount {
  /** As given to the attachment, e.g. /dev/sdf. */
  device: string;
  path: string;
}

/**
 * Cloud-init user data: hostname, volumes, CloudWatch agent, then the panel. Runs once at first
 * boot; the instance ignores later changes to it, so editing this never replaces a server. It
 * holds no Terraform references: it is the script as the server runs it (escaped for Terraform
 * with every other literal when the resource is made). Every value spliced in is constrained by
 * the schemas (hostname: a domain name; id: a slug; OS and panel: enums), so none can inject
 * shell.
 */
export function userData(customer: Customer, licenseParameter: string, mounts: Mount[]): string {
  const rpm = !customer.server.os.startsWith('ubuntu');
  const install = rpm
    ? `dnf install -y ${AGENT_PACKAGE.rpm}`
    : `curl -fsSL -o /tmp/cwagent.deb ${AGENT_PACKAGE.deb} && apt-get install -y /tmp/cwagent.deb`;
  const lines = [
    '#!/bin/bash',
    `# NEO first boot of ${customer.id} (${customer.server.os}, panel: ${customer.server.panel})`,
    'set -euo pipefail',
    `hostnamectl set-hostname ${customer.server.hostname}`,
    '',
    '# On Nitro instances an EBS volume is an NVMe device that records the name it was attached as.',
    'device_named() {',
    '  for _ in $(seq 120); do',
    '    [ -b "$1" ] && echo "$1" && return',
    '    for nvme in /dev/nvme*n1; do',
    '      name=$(nvme id-ctrl --raw-binary "$nvme" 2>/dev/null | cut -c3073-3104 | tr -d \' \\0\')',
    '      [ "/dev/$(basename "$name")" = "$1" ] && echo "$nvme" && return',
    '    done',
    '    sleep 5',
    '  done',
    '  return 1',
    '}',
    'mount_volume() {',
    '  device=$(device_named "$1")',
    '  blkid "$device" >/dev/null || mkfs.xfs "$device"',
    '  mkdir -p "$2"',
    '  echo "UUID=$(blkid -s UUID -o value "$device") $2 xfs defaults,nofail 0 2" >> /etc/fstab',
    '  mount "$2"',
    '}',
    ...mounts.map((m) => `mount_volume ${m.device} ${m.path}`),
    '',
    '# CloudWatch agent (memory and disk metrics for the alarms).',
    install,
    "cat > /opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json <<'JSON'",
    JSON.stringify(agentConfig(mounts.map((m) => m.path)), null, 2),
    'JSON',
    '/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json',
    '',
    '# Control panel.',
    ...PANEL_INSTALL[customer.server.panel](licenseParameter),
    '',
  ];
  return lines.join('\n');
}
