import { beforeAll, describe, expect, it } from 'vitest';
import { affectedCustomers, type ChangedFile, type SharedSpecs } from '../../src/plan/index.js';
import {
  type Customer,
  loadSchemas,
  resolveCustomers,
  type SpecRepository,
  validateRepository,
} from '../../src/spec/index.js';
import { memorySource } from '../helpers/repository.js';
import { synthFiles } from '../helpers/stacks.js';

/**
 * The example repository plus the synth fixtures: 11 customers on every plan tier and OS, some
 * with add-ons (acme-corp and tidewater-travel: storage-ebs-100; nordlicht-media and
 * ferrous-games: redis-cache), kestrel-legal suspended, orchid-studio decommissioned.
 */
let repository: SpecRepository;
let customers: Customer[];
let catalogs: SharedSpecs;

beforeAll(async () => {
  const validation = await validateRepository(memorySource(synthFiles()), { schemas: loadSchemas() });
  const errors = validation.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`fixture specs are invalid: ${JSON.stringify(errors)}`);
  repository = validation.repository;
  customers = resolveCustomers(repository);
  catalogs = {
    addons: repository.addons?.data.addons as Record<string, unknown>,
    images: repository.images?.data.images as Record<string, unknown>,
  };
});

const ALL = [
  'acme-corp',
  'bluefin-bakery',
  'ferrous-games',
  'kestrel-legal',
  'lumen-analytics',
  'nordlicht-media',
  'open-door-coop',
  'orchid-studio',
  'quarry-hill-dental',
  'saltmarsh-records',
  'tidewater-travel',
];

const modified = (path: string): ChangedFile => ({ path, change: 'modified' });

/** The same catalogs on both sides unless a test says otherwise. */
function affected(changed: ChangedFile[], shared?: { before: SharedSpecs; after: SharedSpecs }) {
  return affectedCustomers(changed, customers, shared ?? { before: catalogs, after: catalogs });
}

describe('affectedCustomers: which files touch which customers', () => {
  it('the fixture fleet is the one the tables below are written for', () => {
    expect(customers.map((c) => c.id).sort()).toEqual(ALL);
  });

  it.each<[string, ChangedFile, string[]]>([
    ['a modified customer file', modified('customers/acme-corp.yaml'), ['acme-corp']],
    [
      'an added customer file',
      { path: 'customers/saltmarsh-records.yaml', change: 'added' },
      ['saltmarsh-records'],
    ],
    // The id comes from the path: the customer no longer exists at head, but its stack must go.
    [
      'a deleted customer file',
      { path: 'customers/willow-bistro.yaml', change: 'deleted' },
      ['willow-bistro'],
    ],
    ['plans/scale.yaml', modified('plans/scale.yaml'), ['acme-corp', 'ferrous-games', 'lumen-analytics']],
    [
      'plans/core.yaml (suspended customers too)',
      modified('plans/core.yaml'),
      ['bluefin-bakery', 'kestrel-legal', 'open-door-coop', 'quarry-hill-dental', 'tidewater-travel'],
    ],
    [
      'plans/titan.yaml (decommissioned customers too)',
      modified('plans/titan.yaml'),
      ['nordlicht-media', 'orchid-studio', 'saltmarsh-records'],
    ],
    ['a new plan tier nobody is on yet', { path: 'plans/enterprise.yaml', change: 'added' }, []],
    ['neo.yaml', modified('neo.yaml'), ALL],
    ['a schema', modified('schemas/customer.schema.json'), ALL],
    ['a new schema', { path: 'schemas/x.schema.json', change: 'added' }, ALL],
    ['neo source code', modified('src/synth/stack.ts'), ALL],
    ['the lock file', modified('package-lock.json'), ALL],
    ['package.json', modified('package.json'), ALL],
    ['a TypeScript config', modified('tsconfig.build.json'), ALL],
    ['the README', modified('README.md'), []],
    ['a test', modified('test/plan/cost.test.ts'), []],
    ['a CI workflow', { path: '.github/workflows/ci.yml', change: 'added' }, []],
    ['a benchmark', modified('bench/run.ts'), []],
    ['a note beside the customers', { path: 'customers/README.md', change: 'added' }, []],
    ['a source file outside src/', modified('scripts/generate-spec-types.ts'), []],
    // A merged drift pull request re-applies its customer: the plan compares it (and reads its drift).
    ['a drift record', { path: 'terraform-state/drift/acme-corp.md', change: 'added' }, ['acme-corp']],
    ['a drift record of no customer', { path: 'terraform-state/drift/gone-co.md', change: 'added' }, []],
    ['the local state', modified('terraform-state/README.md'), []],
    // Only neo's own files count: look-alikes elsewhere in the repository touch nobody.
    ['an example customer file', modified('docs/examples/customers/acme-corp.yaml'), []],
    ['a customer file kept aside', modified('customers/acme-corp.yaml.orig'), []],
    ['a customer file in a subfolder', modified('customers/archive/acme-corp.yaml'), []],
    ['an example plan tier', modified('docs/examples/plans/scale.yaml'), []],
    ['a plan tier kept aside', modified('plans/scale.yaml.orig'), []],
    ['a plan tier in a subfolder', modified('plans/retired/scale.yaml'), []],
    ['an example drift record', modified('docs/examples/terraform-state/drift/acme-corp.md'), []],
    ['a drift record kept aside', modified('terraform-state/drift/acme-corp.md.orig'), []],
    ['a drift record in a subfolder', modified('terraform-state/drift/2026-11/acme-corp.md'), []],
    ['the source of an example', modified('docs/examples/src/index.ts'), []],
    ['the package file of an example', modified('docs/examples/package.json'), []],
    ['the lock file of an example', modified('docs/examples/package-lock.json'), []],
    ['the TypeScript config of an example', modified('docs/examples/tsconfig.json'), []],
    ['a package file kept aside', modified('package.json.orig'), []],
    ['a lock file kept aside', modified('package-lock.json.orig'), []],
    ['a TypeScript config kept aside', modified('tsconfig.json.orig'), []],
    ['a TypeScript config in a folder', modified('tsconfig/base.json'), []],
    ['an example neo.yaml', modified('docs/examples/neo.yaml'), []],
    ['an example schema', modified('docs/examples/schemas/customer.schema.json'), []],
  ])('%s → %j', (_, file, expected) => {
    expect(affected([file]).ids).toEqual(expected);
  });

  it.each([
    ['src/synth/stack.ts', true],
    ['package-lock.json', true],
    ['tsconfig.json', true],
    ['neo.yaml', false],
    ['schemas/customer.schema.json', false],
    ['customers/acme-corp.yaml', false],
    ['README.md', false],
  ])('codeChanged lists %s: %s', (path, listed) => {
    expect(affected([modified(path)]).codeChanged).toEqual(listed ? [path] : []);
  });

  it('driftRecords names the customers whose drift record changed, sorted', () => {
    const changed = ['tidewater-travel', 'acme-corp', 'gone-co'].map((id) =>
      modified(`terraform-state/drift/${id}.md`),
    );
    expect(affected(changed).driftRecords).toEqual(['acme-corp', 'tidewater-travel']);
    expect(affected([modified('customers/acme-corp.yaml')]).driftRecords).toEqual([]);
  });

  it('codeChanged lists every changed code file, in the order given', () => {
    const result = affected([
      modified('src/plan/affected.ts'),
      modified('customers/acme-corp.yaml'),
      modified('package.json'),
      modified('README.md'),
    ]);
    expect(result.codeChanged).toEqual(['src/plan/affected.ts', 'package.json']);
    expect(result.ids).toEqual(ALL);
  });

  it('the ids are sorted and listed once, whatever touched them how often', () => {
    const result = affected([
      modified('customers/tidewater-travel.yaml'),
      modified('plans/core.yaml'),
      modified('customers/acme-corp.yaml'),
      modified('plans/scale.yaml'),
    ]);
    expect(result.ids).toEqual([
      'acme-corp',
      'bluefin-bakery',
      'ferrous-games',
      'kestrel-legal',
      'lumen-analytics',
      'open-door-coop',
      'quarry-hill-dental',
      'tidewater-travel',
    ]);
    expect(result.reasons.get('acme-corp')).toEqual([
      'customers/acme-corp.yaml changed',
      'plans/scale.yaml changed (plan tier scale)',
    ]);
  });

  it('nothing changed → nobody', () => {
    expect(affected([])).toEqual({ ids: [], reasons: new Map(), codeChanged: [], driftRecords: [] });
  });
});

describe('affectedCustomers: shared catalogs, entry by entry', () => {
  const addonsWith = (id: string, entry: unknown): SharedSpecs => ({
    ...catalogs,
    addons: { ...catalogs.addons, [id]: entry },
  });
  const addonsWithout = (id: string): SharedSpecs => {
    const { [id]: _, ...rest } = catalogs.addons ?? {};
    return { ...catalogs, addons: rest };
  };
  const addon = (id: string) => catalogs.addons?.[id] as Record<string, unknown>;
  const ADDONS = modified('plans/addons.yaml');
  const IMAGES = modified('plans/images.yaml');

  it('only the redis-cache entry changed → only the customers ordering redis-cache', () => {
    const bigger = addonsWith('redis-cache', {
      ...addon('redis-cache'),
      settings: { nodeType: 'cache.t3.small' },
    });
    const result = affected([ADDONS], { before: catalogs, after: bigger });
    expect(result.ids).toEqual(['ferrous-games', 'nordlicht-media']);
    expect(result.reasons.get('nordlicht-media')).toEqual([
      'add-on redis-cache changed in plans/addons.yaml',
    ]);
  });

  it('a price change of storage-ebs-100 → its customers, whatever else they order', () => {
    const dearer = addonsWith('storage-ebs-100', { ...addon('storage-ebs-100'), priceUsdMonthly: 12 });
    const result = affected([ADDONS], { before: catalogs, after: dearer });
    expect(result.ids).toEqual(['acme-corp', 'tidewater-travel']);
    expect(result.reasons.get('tidewater-travel')).toEqual([
      'add-on storage-ebs-100 changed in plans/addons.yaml',
    ]);
  });

  it('two entries changed → a customer ordering both is told both, once', () => {
    const after: SharedSpecs = {
      ...catalogs,
      addons: {
        ...catalogs.addons,
        'storage-s3-250': { ...addon('storage-s3-250'), settings: { quotaGb: 300 } },
        'storage-ebs-100': { ...addon('storage-ebs-100'), priceUsdMonthly: 12 },
      },
    };
    const result = affected([ADDONS], { before: catalogs, after });
    // ferrous-games orders storage-s3-250; tidewater-travel orders both.
    expect(result.ids).toEqual(['acme-corp', 'ferrous-games', 'tidewater-travel']);
    expect(result.reasons.get('tidewater-travel')).toEqual([
      'add-on storage-ebs-100, storage-s3-250 changed in plans/addons.yaml',
    ]);
  });

  it.each<[string, () => { before: SharedSpecs; after: SharedSpecs }]>([
    // WAF is in the catalog but no customer may order it yet.
    [
      'an entry nobody orders changed',
      () => ({ before: catalogs, after: addonsWith('waf', { ...addon('waf'), priceUsdMonthly: 30 }) }),
    ],
    [
      'a new entry',
      () => ({
        before: catalogs,
        after: addonsWith('backup-plus', { ...addon('storage-s3-250'), name: 'Backup plus' }),
      }),
    ],
    ['an entry nobody orders removed', () => ({ before: catalogs, after: addonsWithout('cdn') })],
    [
      'only comments and formatting changed (same data)',
      () => ({ before: catalogs, after: { ...catalogs } }),
    ],
  ])('plans/addons.yaml: %s → nobody', (_, shared) => {
    expect(affected([ADDONS], shared()).ids).toEqual([]);
  });

  it('only the us-east-2 AMI of almalinux-9 changed → only the almalinux-9 customers', () => {
    const images = catalogs.images as Record<string, Record<string, Record<string, unknown>>>;
    const alma9 = images['almalinux-9'] ?? {};
    const after: SharedSpecs = {
      ...catalogs,
      images: {
        ...images,
        'almalinux-9': {
          ...alma9,
          'us-east-2': { ami: 'ami-0a1b2c3d4e5f60718', name: 'neo-almalinux-9-2026.12', built: '2026-12-01' },
        },
      },
    };
    const result = affected([IMAGES], { before: catalogs, after });
    // Not quarry-hill-dental and kestrel-legal: they run almalinux-8.
    expect(result.ids).toEqual(['acme-corp', 'tidewater-travel']);
    expect(result.reasons.get('acme-corp')).toEqual(['plans/images.yaml: the almalinux-9 image changed']);
  });

  it.each<[string, 'before' | 'after']>([
    ['at base', 'before'],
    ['at head', 'after'],
  ])('an unreadable add-on catalog %s → every customer with an add-on', (_, side) => {
    const shared = { before: catalogs, after: catalogs, [side]: { images: catalogs.images } };
    const result = affected([ADDONS], shared);
    expect(result.ids).toEqual([
      'acme-corp',
      'ferrous-games',
      'lumen-analytics',
      'nordlicht-media',
      'tidewater-travel',
    ]);
    expect(result.reasons.get('nordlicht-media')).toEqual([
      'add-on redis-cache, storage-ebs-500 changed in plans/addons.yaml',
    ]);
  });

  it.each<[string, 'before' | 'after']>([
    ['at base', 'before'],
    ['at head', 'after'],
  ])('an unreadable image catalog %s → every customer', (_, side) => {
    const shared = { before: catalogs, after: catalogs, [side]: { addons: catalogs.addons } };
    const result = affected([IMAGES], shared);
    expect(result.ids).toEqual(ALL);
    expect(result.reasons.get('ferrous-games')).toEqual([
      'plans/images.yaml: the ubuntu-24.04 image changed',
    ]);
  });

  it('catalogs that differ do not matter unless their file is among the changed files', () => {
    const after = addonsWith('redis-cache', { ...addon('redis-cache'), priceUsdMonthly: 35 });
    expect(affected([modified('customers/acme-corp.yaml')], { before: catalogs, after }).ids).toEqual([
      'acme-corp',
    ]);
  });
});

describe('affectedCustomers: reasons, in words', () => {
  it.each<[ChangedFile, string, string]>([
    [modified('customers/acme-corp.yaml'), 'acme-corp', 'customers/acme-corp.yaml changed'],
    [
      { path: 'customers/willow-bistro.yaml', change: 'deleted' },
      'willow-bistro',
      'customers/willow-bistro.yaml changed',
    ],
    [modified('neo.yaml'), 'bluefin-bakery', 'neo.yaml changed'],
    [modified('schemas/customer.schema.json'), 'orchid-studio', 'schemas/customer.schema.json changed'],
    [modified('plans/scale.yaml'), 'lumen-analytics', 'plans/scale.yaml changed (plan tier scale)'],
    [modified('src/synth/stack.ts'), 'kestrel-legal', "neo's own code changed"],
    [
      modified('terraform-state/drift/acme-corp.md'),
      'acme-corp',
      'terraform-state/drift/acme-corp.md changed (its drift record)',
    ],
  ])('%j → %s: %s', (file, id, reason) => {
    expect(affected([file]).reasons.get(id)).toEqual([reason]);
  });

  it('every affected customer has a reason, and only affected customers', () => {
    const result = affected([modified('plans/scale.yaml'), modified('customers/bluefin-bakery.yaml')]);
    expect([...result.reasons.keys()].sort()).toEqual(result.ids);
    for (const reasons of result.reasons.values()) expect(reasons.length).toBeGreaterThan(0);
  });

  it('one code change gives one reason per customer, not one per file', () => {
    const result = affected([modified('src/synth/stack.ts'), modified('package-lock.json')]);
    expect(result.reasons.get('acme-corp')).toEqual(["neo's own code changed"]);
  });

  it.each<[ChangedFile, string]>([
    [modified('plans/scale.yaml'), 'acme-corp'],
    [modified('plans/images.yaml'), 'acme-corp'],
  ])('a shared catalog reason names its file: %j', (file, id) => {
    const unreadable = { before: {}, after: {} };
    const reasons = affected([file], unreadable).reasons.get(id) ?? [];
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason).toContain(file.path);
  });
});
