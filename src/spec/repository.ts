import type {
  AddonCatalogSpec,
  CustomerSpec,
  ImageCatalogSpec,
  PlanTierSpec,
  PlatformSpec,
} from './generated/spec-types.js';
import type { SourceDocument } from './yaml.js';

/** Where each kind of spec lives in the repository. */
export const LAYOUT = {
  platform: 'neo.yaml',
  plansDir: 'plans',
  addons: 'plans/addons.yaml',
  images: 'plans/images.yaml',
  customersDir: 'customers',
} as const;

/** Files in plans/ that are catalogs, not plan tiers. */
export const CATALOG_FILES = new Set(['addons.yaml', 'images.yaml']);

/** One parsed spec file, with what its schema check found. */
export interface SpecFile<T> {
  path: string;
  /** File name without .yaml: the id the file must declare. */
  name: string;
  source: SourceDocument;
  /** The data as written (validated only where `broken` does not name its section). */
  data: T;
  /** Top-level keys whose values failed the schema; '' when the whole file did. */
  broken: ReadonlySet<string>;
}

/** Every spec in the repository that could be parsed. */
export interface SpecRepository {
  platform?: SpecFile<PlatformSpec>;
  /** Plan tiers by file name. */
  plans: ReadonlyMap<string, SpecFile<PlanTierSpec>>;
  addons?: SpecFile<AddonCatalogSpec>;
  images?: SpecFile<ImageCatalogSpec>;
  /** Customers by file name. */
  customers: ReadonlyMap<string, SpecFile<CustomerSpec>>;
  /** Spec files that exist but could not be parsed (their problems are already reported). */
  unreadable: ReadonlySet<string>;
}

/** A plan tier file exists, even if it could not be read: references to it are not the problem. */
export function planTierExists(repository: SpecRepository, id: string): boolean {
  return repository.plans.has(id) || repository.unreadable.has(`${LAYOUT.plansDir}/${id}.yaml`);
}

/** True when the named top-level sections (and the file as a whole) passed the schema. */
export function sound(file: SpecFile<unknown> | undefined, ...sections: string[]): boolean {
  if (file === undefined || file.broken.has('')) return false;
  return sections.every((s) => !file.broken.has(s));
}
