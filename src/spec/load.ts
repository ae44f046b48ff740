import type { Diagnostic } from './diagnostic.js';
import { modelineProblem } from './modeline.js';
import { parseSpecFile } from './parse.js';
import { CATALOG_FILES, LAYOUT, type SpecFile, type SpecRepository } from './repository.js';
import type { SchemaSet, SpecKind } from './schema.js';
import { schemaProblems } from './schema-errors.js';
import { secretProblems } from './secrets.js';
import type { SpecSource } from './source.js';

export interface LoadResult {
  repository: SpecRepository;
  diagnostics: Diagnostic[];
  /** Every spec file that was read. */
  files: string[];
}

interface Entry {
  path: string;
  kind: SpecKind;
}

/** Reads, parses and schema-checks every spec file of the repository. */
export async function loadSpecFiles(source: SpecSource, schemas: SchemaSet): Promise<LoadResult> {
  const diagnostics: Diagnostic[] = [];
  const entries = await listEntries(source, diagnostics);
  const loaded = await Promise.all(entries.map((entry) => loadEntry(source, schemas, entry, diagnostics)));
  const unreadable = new Set<string>();
  const repository: SpecRepository = { tiers: new Map(), customers: new Map(), unreadable };
  for (const [i, file] of loaded.entries()) {
    const entry = entries[i] as Entry;
    if (file === undefined) unreadable.add(entry.path);
    else place(repository, entry.kind, file);
  }
  return { repository, diagnostics, files: entries.map((e) => e.path) };
}

async function listEntries(source: SpecSource, diagnostics: Diagnostic[]): Promise<Entry[]> {
  const [root, plans, customers] = await Promise.all([
    source.list(''),
    source.list(LAYOUT.plansDir),
    source.list(LAYOUT.customersDir),
  ]);
  const entries: Entry[] = [];
  const missing = (path: string, what: string) =>
    diagnostics.push({
      file: path,
      line: 1,
      column: 1,
      severity: 'error',
      message: `${what} is missing: create ${path}`,
    });
  if (root.includes(LAYOUT.platform)) entries.push({ path: LAYOUT.platform, kind: 'neo' });
  else missing(LAYOUT.platform, 'the platform settings file');
  for (const catalog of CATALOG_FILES) {
    if (plans.includes(catalog)) {
      entries.push({
        path: `${LAYOUT.plansDir}/${catalog}`,
        kind: catalog === 'addons.yaml' ? 'addons' : 'images',
      });
    } else {
      missing(
        `${LAYOUT.plansDir}/${catalog}`,
        catalog === 'addons.yaml' ? 'the add-on catalog' : 'the image catalog',
      );
    }
  }
  for (const name of specNames(LAYOUT.plansDir, plans, diagnostics)) {
    if (!CATALOG_FILES.has(name)) entries.push({ path: `${LAYOUT.plansDir}/${name}`, kind: 'plan' });
  }
  for (const name of specNames(LAYOUT.customersDir, customers, diagnostics)) {
    entries.push({ path: `${LAYOUT.customersDir}/${name}`, kind: 'customer' });
  }
  return entries;
}

/** The .yaml files of a spec folder; anything else that would be silently ignored is an error. */
function specNames(dir: string, names: string[], diagnostics: Diagnostic[]): string[] {
  const specs: string[] = [];
  for (const name of names) {
    if (name.startsWith('.') || name === 'README.md') continue;
    if (name.endsWith('.yaml') && !name.endsWith('/')) {
      specs.push(name);
      continue;
    }
    const hint = name.endsWith('/')
      ? `neo reads only the .yaml files directly in ${dir}/; move the folder out`
      : name.endsWith('.yml')
        ? `rename it to ${name.slice(0, -4)}.yaml`
        : `spec files in ${dir}/ end in .yaml; move it elsewhere`;
    diagnostics.push({
      file: `${dir}/${name}`,
      line: 1,
      column: 1,
      severity: 'error',
      message: `${dir}/${name} would be ignored: ${hint}`,
    });
  }
  return specs;
}

async function loadEntry(
  source: SpecSource,
  schemas: SchemaSet,
  entry: Entry,
  diagnostics: Diagnostic[],
): Promise<SpecFile<unknown> | undefined> {
  const bytes = await source.read(entry.path);
  if (bytes === undefined) return undefined;
  let parsed = parseSpecFile(entry.path, bytes);
  let errors = parsed.ok ? schemas.validate(entry.kind, parsed.data) : [];
  if (parsed.ok && parsed.fast && errors.length > 0) {
    // Problems are reported by the positional parser, from its own reading of the file.
    parsed = parseSpecFile(entry.path, bytes, { fast: false });
    errors = parsed.ok ? schemas.validate(entry.kind, parsed.data) : [];
  }
  if (!parsed.ok) {
    diagnostics.push(...parsed.diagnostics);
    return undefined;
  }
  const secrets = secretProblems(parsed.source);
  if (secrets.length > 0) {
    // Nothing else is said about such a file, so no message can echo the secret.
    diagnostics.push(...secrets);
    return undefined;
  }
  const modeline = modelineProblem(parsed.source, entry.kind);
  if (modeline !== undefined) diagnostics.push(modeline);
  const problems = schemaProblems(errors, parsed.source);
  diagnostics.push(...problems.map((p) => p.diagnostic));
  return {
    path: entry.path,
    name: baseName(entry.path),
    source: parsed.source,
    data: parsed.data,
    problems: new Set(problems.map((p) => p.path.join('/'))),
  };
}

function place(repository: SpecRepository, kind: SpecKind, file: SpecFile<unknown>): void {
  const target = repository as {
    -readonly [K in keyof SpecRepository]: SpecRepository[K];
  };
  switch (kind) {
    case 'neo':
      target.platform = file as SpecRepository['platform'];
      break;
    case 'addons':
      target.addons = file as SpecRepository['addons'];
      break;
    case 'images':
      target.images = file as SpecRepository['images'];
      break;
    case 'plan':
      (target.tiers as Map<string, SpecFile<unknown>>).set(file.name, file);
      break;
    case 'customer':
      (target.customers as Map<string, SpecFile<unknown>>).set(file.name, file);
      break;
  }
}

function baseName(path: string): string {
  return (path.split('/').pop() ?? path).replace(/\.yaml$/, '');
}
