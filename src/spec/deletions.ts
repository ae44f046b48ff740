import type { Diagnostic } from './diagnostic.js';
import { parseSpecFile } from './parse.js';
import { LAYOUT } from './repository.js';
import type { SpecSource } from './source.js';

/**
 * No customer is destroyed by deleting its file: a file may only disappear once the customer
 * was merged as decommissioned (its resources destroyed, backups kept). `headFiles` are the
 * spec files present now; `base` is the commit the change is measured against.
 */
export async function deletedCustomerProblems(
  base: SpecSource,
  headFiles: readonly string[],
): Promise<Diagnostic[]> {
  const present = new Set(headFiles);
  const baseNames = (await base.list(LAYOUT.customersDir)).filter((n) => n.endsWith('.yaml'));
  const deleted = baseNames.map((n) => `${LAYOUT.customersDir}/${n}`).filter((path) => !present.has(path));
  const problems = await Promise.all(
    deleted.map(async (path): Promise<Diagnostic | undefined> => {
      const status = await statusAt(base, path);
      if (status === 'decommissioned') return undefined;
      const id = path.slice(LAYOUT.customersDir.length + 1, -'.yaml'.length);
      const was = status === undefined ? 'its status could not be read' : `it is ${status}`;
      return {
        file: path,
        line: 1,
        column: 1,
        severity: 'error',
        message: `customer ${id} is deleted, but at ${base.label} ${was}: restore the file, set status: decommissioned and merge that first; delete the file in a later pull request`,
      };
    }),
  );
  return problems.filter((p): p is Diagnostic => p !== undefined);
}

async function statusAt(source: SpecSource, path: string): Promise<string | undefined> {
  const bytes = await source.read(path);
  if (bytes === undefined) return undefined;
  const parsed = parseSpecFile(path, bytes);
  if (!parsed.ok) return undefined;
  const status = (parsed.data as { status?: unknown } | null)?.status ?? 'active';
  return typeof status === 'string' && /^[a-z]+$/.test(status) ? status : undefined;
}
