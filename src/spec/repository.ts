import type {
  AddonCatalogSpec,
  CustomerSpec,
  ImageCatalogSpec,
  PlanTierSpec,
  PlatformSpec,
} from './generated/spec-types.js';
import type { SourceDocument } from './parse.js';

/** Where each kind of spec lives in the repository. */
export const LAYOUT = {
  platform: 'neo.yaml',
  plansDir: 'plans',
  addons: 'plans/addons.yaml',
  images: 'plans/images.yaml',
  customersDir: 'customers',
  /** Drift records: what the nightly drift job found, committed on a drift pull request's branch. */
  driftDir: 'terraform-state/drift',
} as const;

/** Files in plans/ that are catalogs, not plan tiers. */
export const CATALOG_FILES = new Set(['addons.yaml', 'images.yaml']);

/** One parsed spec file, with what its schema check found. */
export interface SpecFile<T> {
  path: string;
  /** File name without .yaml: the id the file must declare. */
  name: string;
  source: SourceDocument;
  /** The data as written: trust a part of it only where `sound()` says so. */
  data: T;
  /** Where the schema found problems: paths like 'server/panel' ('' for the file as a whole). */
  problems: ReadonlySet<string>;
}

/** Every spec in the repository that could be parsed. */
export interface SpecRepository {
  platform?: SpecFile<PlatformSpec>;
  /** Plan tiers by file name. */
  tiers: ReadonlyMap<string, SpecFile<PlanTierSpec>>;
  addons?: SpecFile<AddonCatalogSpec>;
  images?: SpecFile<ImageCatalogSpec>;
  /** Customers by file name. */
  customers: ReadonlyMap<string, SpecFile<CustomerSpec>>;
  /** Spec files that exist but could not be parsed (their problems are already reported). */
  unreadable: ReadonlySet<string>;
}

/** A plan tier file exists, even if it could not be read: references to it are not the problem. */
export function tierExists(repository: SpecRepository, id: string): boolean {
  return repository.tiers.has(id) || repository.unreadable.has(`${LAYOUT.plansDir}/${id}.yaml`);
}

/**
 * True when every named part (a path such as 'network/cidr') passed the schema: no problem in
 * it or below it, and none on the values that hold it. Rules read only sound parts, so one
 * mistake is reported once, not again by every rule that depends on it.
 */
export function sound(file: SpecFile<unknown> | undefined, ...paths: string[]): boolean {
  if (!usable(file, ...paths)) return false;
  return paths.every(
    (path) => ![...(file as SpecFile<unknown>).problems].some((p) => p.startsWith(`${path}/`)),
  );
}

/**
 * True when the named parts exist with the right shape (no problem on them or on what holds
 * them), though values inside may be broken: enough to walk a catalog entry by entry.
 */
export function usable(file: SpecFile<unknown> | undefined, ...paths: string[]): boolean {
  if (file === undefined) return false;
  return paths.every((path) => {
    for (const problem of file.problems) {
      if (problem === '' || problem === path || path.startsWith(`${problem}/`)) return false;
    }
    return true;
  });
}
