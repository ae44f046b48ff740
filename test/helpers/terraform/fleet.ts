/**
 * A fleet of customers that covers every value each dimension of a customer can take: OS,
 * panel, plan tier, each add-on neo builds on each tier that offers it, DNS mode and status. The values are read from the
 * repository (images, schema, tiers, add-on catalog), so a new OS or add-on joins the fleet
 * without an edit here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isProvisioned } from '../../../src/spec/index.js';
import { exampleFiles, PROJECT_ROOT } from '../repository.js';

export interface FleetDimensions {
  os: string[];
  panel: string[];
  tier: string[];
  dns: string[];
  status: string[];
  /** `<tier>/<add-on>` for every provisioned add-on a tier offers. */
  addonOnTier: string[];
}

export interface FleetCustomer {
  id: string;
  os: string;
  panel: string;
  tier: string;
  dns: string;
  status: string;
  addons: string[];
}

function yamlOf(path: string): Record<string, unknown> {
  return parse(readFileSync(join(PROJECT_ROOT, path), 'utf8')) as Record<string, unknown>;
}

function schemaEnum(...path: string[]): string[] {
  const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas/customer.schema.json'), 'utf8'));
  const node = path.reduce((n, key) => n[key], schema) as { enum: string[] };
  return node.enum;
}

export function fleetDimensions(): FleetDimensions {
  const tiers = readdirSync(join(PROJECT_ROOT, 'plans'))
    .filter((f) => f.endsWith('.yaml') && !['addons.yaml', 'images.yaml'].includes(f))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
  const catalog = yamlOf('plans/addons.yaml').addons as Record<string, { kind: string; plans: string[] }>;
  const addonOnTier = Object.entries(catalog)
    .filter(([, addon]) => isProvisioned(addon.kind as never))
    .flatMap(([id, addon]) => addon.plans.map((tier) => `${tier}/${id}`))
    .sort();
  return {
    os: Object.keys(yamlOf('plans/images.yaml').images as object).sort(),
    panel: schemaEnum('properties', 'server', 'properties', 'panel'),
    tier: tiers,
    dns: schemaEnum('properties', 'dns', 'properties', 'zone'),
    status: schemaEnum('properties', 'status'),
    addonOnTier,
  };
}

/**
 * Every OS, panel, tier, DNS mode and status rotates over the customers, and each customer
 * orders one add-on of each kind its tier offers (the ones not yet built first): one storage
 * volume, one bucket, one cache, one database, one size upgrade, which every tier's storage
 * limit allows. More customers are added until every add-on has been built on every tier.
 */
export function coveringFleet(d: FleetDimensions = fleetDimensions()): FleetCustomer[] {
  const catalog = addonKinds();
  const rows = Math.max(d.os.length, d.panel.length, d.tier.length, d.dns.length, d.status.length);
  const pending = new Set(d.addonOnTier);
  const fleet: FleetCustomer[] = [];
  for (let i = 0; i < rows || pending.size > 0; i++) {
    const tier = d.tier[i % d.tier.length] as string;
    // Statuses rotate on their own cycle, so each tier meets each status.
    const status = d.status[(i + Math.floor(i / d.tier.length)) % d.status.length] as string;
    const offered = d.addonOnTier
      .filter((t) => t.startsWith(`${tier}/`))
      .map((t) => t.slice(tier.length + 1));
    const kinds = [...new Set(offered.map((a) => catalog.get(a)))];
    const addons = kinds.map((kind) => {
      const ofKind = offered.filter((a) => catalog.get(a) === kind);
      return ofKind.find((a) => pending.has(`${tier}/${a}`)) ?? (ofKind[i % ofKind.length] as string);
    });
    // A decommissioned customer's stack keeps only its buckets: its add-ons are not built.
    if (status !== 'decommissioned') for (const a of addons) pending.delete(`${tier}/${a}`);
    fleet.push({
      id: `fleet-${String(i + 1).padStart(2, '0')}`,
      os: d.os[i % d.os.length] as string,
      panel: d.panel[i % d.panel.length] as string,
      tier,
      dns: d.dns[i % d.dns.length] as string,
      status,
      addons,
    });
    if (i > 10 * rows) throw new Error(`the fleet cannot cover ${[...pending].join(', ')}`);
  }
  return fleet;
}

function addonKinds(): Map<string, string> {
  const catalog = yamlOf('plans/addons.yaml').addons as Record<string, { kind: string }>;
  return new Map(Object.entries(catalog).map(([id, addon]) => [id, addon.kind]));
}

// A real ed25519 public key (public keys are not secrets).
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIACpU5a3H1pKC9nUHrjiq673epGk61AhR1GOutn7Fcnk';

export function customerYaml(c: FleetCustomer, index: number): string {
  return [
    '# yaml-language-server: $schema=../schemas/customer.schema.json',
    `id: ${c.id}`,
    `domain: ${c.id}-example.com`,
    `contact: { name: Fleet customer ${index + 1}, email: admin@${c.id}-example.com }`,
    `plan: ${c.tier}`,
    `status: ${c.status}`,
    'server:',
    `  os: ${c.os}`,
    `  panel: ${c.panel}`,
    `  sshPublicKey: ${KEY} ops@${c.id}`,
    'network:',
    `  cidr: 10.${100 + index}.0.0/16`,
    '  adminCidrs: [203.0.113.0/28]',
    'dns:',
    `  zone: ${c.dns}`,
    '  mail: true',
    `addons: [${c.addons.join(', ')}]`,
    '',
  ].join('\n');
}

/** The example repository with the fleet's customers in place of its own. */
export function fleetFiles(fleet: readonly FleetCustomer[] = coveringFleet()): Map<string, string> {
  const files = new Map([...exampleFiles()].filter(([path]) => !path.startsWith('customers/')));
  for (const [i, c] of fleet.entries()) files.set(`customers/${c.id}.yaml`, customerYaml(c, i));
  return files;
}
