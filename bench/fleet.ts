import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const OSES = ['almalinux-8', 'almalinux-9', 'rocky-8', 'rocky-9', 'ubuntu-22.04', 'ubuntu-24.04'];
const PANELS = ['cpanel', 'cyberpanel', 'directadmin', 'none'];
const PLANS = ['core', 'scale', 'titan'];
const ADDONS: Record<string, string[]> = {
  core: ['storage-ebs-100', 'storage-s3-250', 'ram-cpu-upgrade'],
  scale: ['storage-ebs-100', 'storage-ebs-500', 'storage-s3-250', 'redis-cache'],
  titan: ['storage-ebs-500', 'redis-cache', 'rds-extra', 'ram-cpu-upgrade'],
};
// A real ed25519 public key (public keys are not secrets).
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIACpU5a3H1pKC9nUHrjiq673epGk61AhR1GOutn7Fcnk';

/** Deterministic pseudo-random numbers, so every run benchmarks the same fleet. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** One realistic customer file: every OS, panel, plan and DNS mode occurs across the fleet. */
export function customerYaml(i: number, rand: () => number): { id: string; yaml: string } {
  const id = `customer-${String(i).padStart(4, '0')}`;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const plan = PLANS[i % PLANS.length] as string;
  const external = i % 5 === 0;
  const status = i % 50 === 7 ? 'suspended' : i % 97 === 13 ? 'decommissioned' : 'active';
  const addons = (ADDONS[plan] ?? []).filter(() => rand() < 0.2);
  const lines = [
    '# yaml-language-server: $schema=../schemas/customer.schema.json',
    `id: ${id}`,
    `domain: ${id}-example.com`,
    `contact: { name: Customer ${i}, email: admin@${id}-example.com }`,
    `plan: ${plan}`,
    `status: ${status}`,
    `region: ${i % 10 === 9 ? 'us-east-1' : 'us-east-2'}`,
    'server:',
    `  os: ${OSES[i % OSES.length]}`,
    `  panel: ${PANELS[(i >> 1) % PANELS.length]}`,
    `  sshPublicKey: ${KEY} ops@${id}`,
    'network:',
    `  cidr: 10.${i % 250}.0.0/16`,
    `  adminCidrs: [203.0.113.${Math.floor(rand() * 16) * 16}/28, 198.51.100.0/24]`,
    'dns:',
    `  zone: ${external ? 'external' : 'route53'}`,
    `  mail: ${rand() < 0.8}`,
  ];
  if (!external) {
    lines.push(
      '  records:',
      `    - { name: blog, type: CNAME, values: [${id}-example.com] }`,
      `    - { name: "@", type: TXT, values: ["site-verification=${Math.floor(rand() * 1e9)}"] }`,
    );
  }
  lines.push(
    'monitoring:',
    `  alertEmails: [ops@${id}-example.com]`,
    `  thresholds: { cpu: ${pick([70, 80, 90])}, memory: 90, disk: 85 }`,
    `backups: { retentionDays: ${plan === 'core' ? 7 : 14} }`,
    `addons: [${addons.join(', ')}]`,
    `budget: { monthlyUsd: ${50 + Math.floor(rand() * 400)} }`,
    `tags: { CostCenter: "${1000 + (i % 90)}" }`,
    '',
  );
  return { id, yaml: lines.join('\n') };
}

/** The example repository's platform files with `count` generated customers, written to `dir`. */
export async function writeFleet(projectRoot: string, dir: string, count: number, seed = 42): Promise<void> {
  await mkdir(join(dir, 'customers'), { recursive: true });
  await mkdir(join(dir, 'plans'), { recursive: true });
  await writeFile(join(dir, 'neo.yaml'), readFileSync(join(projectRoot, 'neo.yaml')));
  for (const name of readdirSync(join(projectRoot, 'plans'))) {
    await writeFile(join(dir, 'plans', name), readFileSync(join(projectRoot, 'plans', name)));
  }
  const rand = random(seed);
  for (let i = 0; i < count; i++) {
    const { id, yaml } = customerYaml(i, rand);
    await writeFile(join(dir, 'customers', `${id}.yaml`), yaml);
  }
}
