import { deletedCustomerProblems } from './deletions.js';
import { type Diagnostic, sortDiagnostics } from './diagnostic.js';
import { loadSpecFiles } from './load.js';
import type { SpecRepository } from './repository.js';
import { crossFileDiagnostics } from './rules/index.js';
import type { SchemaSet } from './schema.js';
import type { SpecSource } from './source.js';

export interface Validation {
  repository: SpecRepository;
  /** Every problem, sorted by file, line and column. */
  diagnostics: Diagnostic[];
  /** The spec files that were checked. */
  files: string[];
}

export interface ValidateOptions {
  schemas: SchemaSet;
  /** The commit changes are measured against: enables the rules about deleted customers. */
  base?: SpecSource;
}

/** Loads and checks the whole repository: syntax, schemas, then the rules across files. */
export async function validateRepository(source: SpecSource, options: ValidateOptions): Promise<Validation> {
  const loaded = await loadSpecFiles(source, options.schemas);
  const diagnostics = [...loaded.diagnostics, ...crossFileDiagnostics(loaded.repository)];
  if (options.base !== undefined) {
    diagnostics.push(...(await deletedCustomerProblems(options.base, loaded.files)));
  }
  return { repository: loaded.repository, diagnostics: sortDiagnostics(diagnostics), files: loaded.files };
}
