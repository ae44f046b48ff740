import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackJson } from './json.js';

const MANIFEST = '.neo-stacks.json';
const STACK_FILE = 'main.tf.json';

/** Per customer: the inputs hash a stack file was written from, and the file as written. */
type Manifest = Record<string, { hash: string; resources: number; size: number; mtimeMs: number }>;

/**
 * The folder stacks are written to, one `<id>/main.tf.json` each, with a manifest of the hash
 * each was written from: a stack whose hash is unchanged, and whose file is still as written
 * (same size and modification time), is neither read nor written again.
 */
export class StackDirectory {
  private readonly manifest: Manifest;

  constructor(readonly root: string) {
    this.manifest = readManifest(join(root, MANIFEST));
  }

  stackFile(id: string): string {
    return join(this.root, id, STACK_FILE);
  }

  /** The resource count of a stack already written from `hash`, if it was. */
  current(id: string, hash: string): number | undefined {
    const entry = this.manifest[id];
    if (entry?.hash !== hash) return undefined;
    const file = statSync(this.stackFile(id), { throwIfNoEntry: false });
    return file?.size === entry.size && file.mtimeMs === entry.mtimeMs ? entry.resources : undefined;
  }

  write(id: string, hash: string, stack: StackJson): void {
    mkdirSync(join(this.root, id), { recursive: true });
    writeFileSync(this.stackFile(id), stack.json);
    const { size, mtimeMs } = statSync(this.stackFile(id));
    this.manifest[id] = { hash, resources: stack.resources, size, mtimeMs };
  }

  /**
   * Removes the stacks of customers not in `current` (their files are gone), so that nothing
   * downstream applies a stack the repository no longer describes. Only folders holding a
   * stack file are touched.
   */
  removeOthers(current: ReadonlySet<string>): string[] {
    const stale = readdirSync(this.root, { withFileTypes: true })
      .filter(
        (entry) => entry.isDirectory() && !current.has(entry.name) && existsSync(this.stackFile(entry.name)),
      )
      .map((entry) => entry.name)
      .sort();
    for (const id of stale) {
      rmSync(join(this.root, id), { recursive: true, force: true });
      delete this.manifest[id];
    }
    return stale;
  }

  save(): void {
    mkdirSync(this.root, { recursive: true });
    writeFileSync(join(this.root, MANIFEST), `${JSON.stringify(this.manifest, null, 2)}\n`);
  }
}

function readManifest(path: string): Manifest {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return parsed !== null && typeof parsed === 'object' ? (parsed as Manifest) : {};
  } catch {
    return {};
  }
}
