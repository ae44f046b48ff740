/**
 * Changes people make to existing customers, as edits of their files: what the real-Terraform
 * tests plan, and what the recorded plans of neo's own stacks were made from.
 */
import { synthesizeStack } from '../../../src/synth/index.js';
import { inputsOf } from '../stacks.js';

/** A change a person makes to one customer's file, as text replacements. */
export interface Scenario {
  name: string;
  customer: string;
  edits: Array<[from: string, to: string]>;
}

/** A week of edits per customer (so one real plan covers them all), every customer once. */
export const SCENARIOS: Scenario[] = [
  {
    name: 'records-alarms-budget-tags',
    customer: 'acme-corp',
    edits: [
      [
        '{ name: blog, type: CNAME, values: [acme-example.com] }',
        '{ name: shop, type: CNAME, values: [acme-example.com] }',
      ],
      ['3pQm1x0Kc2vJ8bYtR6wZ', '9xTq4LmN0pRs7VwYb2Ce'],
      ['alertEmails: [ops@acme-example.com]', 'alertEmails: [oncall@acme-example.com]'],
      ['cpu: 80', 'cpu: 70'],
      ['monthlyUsd: 120', 'monthlyUsd: 150'],
      ['CostCenter: "4711"', 'CostCenter: "4712"'],
    ],
  },
  { name: 'tier-upgrade', customer: 'tidewater-travel', edits: [['plan: core', 'plan: scale']] },
  { name: 'admin-network', customer: 'bluefin-bakery', edits: [['192.0.2.0/28', '192.0.2.16/28']] },
  {
    name: 'network-cidr-and-resume',
    customer: 'kestrel-legal',
    edits: [
      ['172.16.8.0/22', '172.16.12.0/22'],
      ['status: suspended', 'status: active'],
    ],
  },
  {
    name: 'suspend-and-move-zone',
    customer: 'lumen-analytics',
    edits: [
      ['plan: scale', 'plan: scale\nstatus: suspended'],
      ['availabilityZone: us-east-2b', 'availabilityZone: us-east-2a'],
    ],
  },
  {
    name: 'decommission',
    customer: 'nordlicht-media',
    edits: [['plan: titan', 'plan: titan\nstatus: decommissioned']],
  },
  {
    // The golden image and first-boot script only apply to new servers (ignore_changes).
    name: 'addons-cancelled-and-os',
    customer: 'ferrous-games',
    edits: [
      [
        'addons: [storage-s3-250, rds-extra, redis-cache, storage-ebs-500, ram-cpu-upgrade-2x]',
        'addons: [storage-s3-250]',
      ],
      ['os: ubuntu-24.04', 'os: rocky-9'],
    ],
  },
  {
    name: 'panel-and-ssh-key',
    customer: 'open-door-coop',
    edits: [
      ['panel: cyberpanel', 'panel: cpanel'],
      ['IMP3opn620oCXvypMfvXDgnrGNztShcLCJ2ZB1p3IwgR', 'ID4KTDSaLqxgil7L2eXibMGavhBpyxRN86g72dOKn9QM'],
    ],
  },
  {
    name: 'addon-ordered-and-domain',
    customer: 'quarry-hill-dental',
    edits: [
      ['dns:\n', 'addons: [storage-ebs-100]\ndns:\n'],
      ['domain: quarry-hill-dental-example.com', 'domain: quarry-hill-example.com'],
    ],
  },
  { name: 'retention', customer: 'saltmarsh-records', edits: [['retentionDays: 60', 'retentionDays: 90']] },
  {
    name: 'decommissioned-retention',
    customer: 'orchid-studio',
    edits: [['status: decommissioned', 'status: decommissioned\nbackups: { retentionDays: 60 }']],
  },
];

/** A customer planned unchanged beside the scenarios: the applied state must plan no change. */
export const CONTROL = 'nordlicht-media';

export function edited(files: Map<string, string>, scenario: Scenario): Map<string, string> {
  const path = [...files.keys()].find((p) => p.endsWith(`/${scenario.customer}.yaml`));
  let text = path === undefined ? undefined : files.get(path);
  if (path === undefined || text === undefined) throw new Error(`no customer ${scenario.customer}`);
  for (const [from, to] of scenario.edits) {
    if (!text.includes(from)) throw new Error(`${scenario.name}: ${path} has no ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return new Map(files).set(path, text);
}

export async function stackOf(files: Map<string, string>, customer: string): Promise<string> {
  const inputs = (await inputsOf(files)).find((i) => i.customer.id === customer);
  if (inputs === undefined) throw new Error(`no customer ${customer}`);
  return synthesizeStack(inputs).json;
}
