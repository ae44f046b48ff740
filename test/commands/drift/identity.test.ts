import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DriftReport, OBSERVED_ATTRIBUTES } from '../../../src/cloud/index.js';
import { type CommandContext, defaultContext, type Io } from '../../../src/services/index.js';
import { accountOf, type StoredResource } from '../../helpers/aws-account.js';
import { mockedAwsCloud } from '../../helpers/aws-mock.js';
import { EXAMPLE_CUSTOMERS, exampleFiles, writeTree } from '../../helpers/repository.js';
import {
  allCloudResources,
  cloudResources,
  editCloudFile,
  keepLocalCloud,
  localCloudDir,
  neo,
  type Run,
} from '../local-cloud.js';

/**
 * Drift knows each resource by the id its apply recorded, not by its tags: a tag edited in the
 * console is a tag edit, on both clouds. The AWS account is built from the local cloud as edited,
 * so both read the same edit; both read the ledger the local apply wrote.
 */
const CUSTOMER_TAG = 'neo:customer';
const RESOURCE_TAG = 'neo:resource';
const CLOUDS = ['local', 'aws'] as const;
type CloudName = (typeof CLOUDS)[number];

let root: string;
let cleanup: () => void;
let restore: () => void;
let applied: Map<string, StoredResource[]>;
beforeAll(async () => {
  const tree = await writeTree(exampleFiles());
  ({ dir: root, cleanup } = tree);
  const apply = await neo(root, ['apply', '--cloud', 'local']);
  if (apply.code !== 0) throw new Error(`apply failed: ${apply.out}${apply.err}`);
  restore = keepLocalCloud(root);
  applied = new Map(EXAMPLE_CUSTOMERS.map((id) => [id, cloudResources(root, id)]));
});
afterAll(() => cleanup());
afterEach(() => restore());

function awsContext(io: Io): CommandContext {
  return {
    ...defaultContext(io),
    cloud: async () => mockedAwsCloud(accountOf(allCloudResources(root))),
    ledger: (_name, location) => defaultContext(io).ledger('local', location),
  };
}

function drift(cloud: CloudName, ...args: string[]): Promise<Run> {
  const command = ['drift', '--cloud', cloud, '--format', 'json', ...args];
  return cloud === 'aws' ? neo(root, command, awsContext) : neo(root, command);
}

/** `customer kind address [changed attribute paths]`, one line per finding. */
function findings(report: DriftReport): string[] {
  return report.customers.flatMap((c) =>
    c.items.map((item) =>
      [c.customerId, item.kind, item.address, ...item.change.attributes.map((a) => a.path)].join(' '),
    ),
  );
}

const risksOf = (report: DriftReport) =>
  report.customers.flatMap((c) =>
    c.items.flatMap((i) => i.change.risks.map((r) => `${r.severity} ${r.code}`)),
  );

/** Types whose resources carry tags: the ones a tag edit can touch. */
const TAGGED_TYPES = Object.keys(OBSERVED_ATTRIBUTES).filter((t) => OBSERVED_ATTRIBUTES[t]?.includes('tags'));

function isSsh(resource: StoredResource): boolean {
  return resource.type === 'aws_vpc_security_group_ingress_rule' && resource.attributes.from_port === 22;
}

/** Per tagged type, the first example customer that has one, and that resource. */
const subjects = () =>
  TAGGED_TYPES.map((type) => {
    for (const id of EXAMPLE_CUSTOMERS) {
      const resource = applied.get(id)?.find((r) => r.type === type && !isSsh(r));
      if (resource !== undefined)
        return { type, customerId: id, address: resource.tags[RESOURCE_TAG] as string };
    }
    throw new Error(`no example customer has an ${type}`);
  });

/** Edits the tags of the customer's resource at `address`; opens its SSH rule to the world too. */
function editTags(
  customerId: string,
  address: string,
  edit: (tags: Record<string, string>) => void,
  ssh = true,
) {
  editCloudFile(root, customerId, (resources) => {
    const resource = resources.find((r) => r.tags[RESOURCE_TAG] === address);
    if (resource === undefined) throw new Error(`${customerId} has no ${address}`);
    edit(resource.tags);
    const rule = resources.find(isSsh);
    if (ssh && rule !== undefined) rule.attributes.cidr_ipv4 = '0.0.0.0/0';
  });
}

const sshRuleOf = (customerId: string) => applied.get(customerId)?.find(isSsh)?.tags[RESOURCE_TAG] as string;

const EDITS: Array<[string, (tags: Record<string, string>) => void, string[]]> = [
  ['neo:resource removed', (tags) => delete tags[RESOURCE_TAG], [`tags.${RESOURCE_TAG}`]],
  ['neo:customer removed', (tags) => delete tags[CUSTOMER_TAG], [`tags.${CUSTOMER_TAG}`]],
  [
    'both removed',
    (tags) => {
      delete tags[RESOURCE_TAG];
      delete tags[CUSTOMER_TAG];
    },
    [`tags.${CUSTOMER_TAG}`, `tags.${RESOURCE_TAG}`],
  ],
  [
    "both set to another customer's",
    (tags) => {
      tags[CUSTOMER_TAG] = 'bluefin-bakery';
      tags[RESOURCE_TAG] = `${tags[RESOURCE_TAG]?.split('.')[0]}.other`;
    },
    [`tags.${CUSTOMER_TAG}`, `tags.${RESOURCE_TAG}`],
  ],
];

describe.each(CLOUDS)('drift by identity on the %s cloud', (cloud) => {
  it('sees no drift right after the apply', async () => {
    const result = await drift(cloud);
    expect(result.code).toBe(0);
    expect(findings(JSON.parse(result.out) as DriftReport)).toEqual([]);
  });

  describe.each(EDITS)('a tag edit (%s)', (_name, edit, paths) => {
    it.each(TAGGED_TYPES)(
      'on an %s is one modified finding on its tags, beside the real drift',
      async (type) => {
        const subject = subjects().find((s) => s.type === type);
        if (subject === undefined) throw new Error(`no subject for ${type}`);
        editTags(subject.customerId, subject.address, edit);
        const result = await drift(cloud);
        expect(result.err).toBe('');
        const report = JSON.parse(result.out) as DriftReport;
        expect(findings(report).sort()).toEqual(
          [
            [subject.customerId, 'modified', subject.address, ...paths].join(' '),
            `${subject.customerId} modified ${sshRuleOf(subject.customerId)} cidr_ipv4`,
          ].sort(),
        );
        expect(report.orphans).toEqual([]);
        const risks = risksOf(report);
        expect(risks.filter((r) => r.startsWith('data-loss'))).toEqual([]);
        expect(risks.includes('customer-visible cost-allocation-tag')).toBe(
          paths.includes(`tags.${CUSTOMER_TAG}`),
        );
        expect(result.code).toBe(2);
      },
    );
  });

  it('reports a resource deleted and re-created by hand with the same tags as missing, and the copy as unmanaged', async () => {
    const address = 'aws_ebs_volume.data';
    editCloudFile(root, 'acme-corp', (resources) => {
      const original = resources.find((r) => r.tags[RESOURCE_TAG] === address) as StoredResource;
      resources.splice(resources.indexOf(original), 1, { ...original, id: 'vol-0feedface0feedfac' });
    });
    const report = JSON.parse((await drift(cloud, 'acme-corp')).out) as DriftReport;
    const kinds = report.customers.flatMap((c) =>
      c.items.map((i) => `${i.kind} ${i.address} ${i.cloudId ?? ''}`),
    );
    expect(kinds.sort()).toEqual([
      'missing aws_ebs_volume.data ',
      'unmanaged aws_ebs_volume.unmanaged_vol-0feedface0feedfac vol-0feedface0feedfac',
    ]);
  });

  it('reports every example customer stripped of its neo tags as tag changes only, and exits 2', async () => {
    const expected: string[] = [];
    for (const id of EXAMPLE_CUSTOMERS) {
      editCloudFile(root, id, (resources) => {
        for (const resource of resources) {
          const address = resource.tags[RESOURCE_TAG];
          if (address === undefined) continue;
          expected.push(`${id} modified ${address} tags.${CUSTOMER_TAG} tags.${RESOURCE_TAG}`);
          delete resource.tags[RESOURCE_TAG];
          delete resource.tags[CUSTOMER_TAG];
        }
      });
    }
    const result = await drift(cloud);
    const report = JSON.parse(result.out) as DriftReport;
    // Only what drift observes: tags of resources it does not read (alarms, buckets) are not compared.
    const observed = expected.filter((line) =>
      TAGGED_TYPES.includes(line.split(' ')[2]?.split('.')[0] ?? ''),
    );
    expect(findings(report).sort()).toEqual(observed.sort());
    expect(report.orphans).toEqual([]);
    expect(risksOf(report).filter((r) => r !== 'customer-visible cost-allocation-tag')).toEqual([]);
    expect(result.code).toBe(2);
  });
});

describe('a customer never applied', () => {
  it('is "not applied yet", not every resource missing', async () => {
    // The ledger sits in the local cloud's folder, which every test puts back.
    const ledger = join(localCloudDir(root), 'applied.json');
    const records = JSON.parse(readFileSync(ledger, 'utf8')) as { customers: Record<string, unknown> };
    delete records.customers['orchid-studio'];
    writeFileSync(ledger, JSON.stringify(records));
    editCloudFile(root, 'orchid-studio', (resources) => resources.splice(0));
    const json = JSON.parse((await drift('local')).out) as DriftReport;
    expect(json.customers.find((c) => c.customerId === 'orchid-studio')).toEqual({
      customerId: 'orchid-studio',
      file: 'customers/orchid-studio.yaml',
      items: [],
      notApplied: true,
    });
    const text = await neo(root, ['drift', '--cloud', 'local']);
    expect(text.code).toBe(0);
    expect(text.out.split('\n')[0]).toBe('neo drift · No drift in 6 customers; 1 not applied yet');
    expect(text.out).toContain(
      'not applied yet: orchid-studio (no record of an apply and nothing in the cloud: neo apply creates it)',
    );
  });
});
