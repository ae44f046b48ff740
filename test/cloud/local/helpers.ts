import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { LocalStore, type StoredResource } from '../../../src/cloud/local/index.js';
import type { GraphResource, ResourceGraph } from '../../../src/graph/index.js';

/** A Terraform reference, written so no lint mistakes it for a template. */
export function ref(expression: string): string {
  return `\${${expression}}`;
}

/** A store in a fresh temporary folder; `cleanup` removes it. */
export function tempStore(): { store: LocalStore; root: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'neo-local-cloud-'));
  return { store: new LocalStore(root), root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Every file under the root, path → content: to compare bytes before and after. */
export function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return files;
}

export function cloudFile(root: string, name: string): { resources: StoredResource[] } {
  return JSON.parse(readFileSync(join(root, 'cloud', name), 'utf8'));
}

export async function writeCloudFile(root: string, name: string, content: unknown): Promise<void> {
  const path = join(root, 'cloud', name);
  await mkdir(dirname(path), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
}

/** Rewrites one cloud file through `edit`, as someone at a text editor would. */
export function editCloudFile(
  root: string,
  name: string,
  edit: (resources: StoredResource[]) => StoredResource[],
) {
  const file = cloudFile(root, name);
  writeFileSync(join(root, 'cloud', name), JSON.stringify({ resources: edit(file.resources) }, null, 2));
}

/** The graph with one resource's attributes changed (a copy; the original is left alone). */
export function withAttributes(
  graph: ResourceGraph,
  address: string,
  attributes: GraphResource['attributes'],
): ResourceGraph {
  const resources = new Map(graph.resources);
  const resource = resources.get(address);
  if (resource === undefined) throw new Error(`no ${address} in the graph`);
  resources.set(address, { ...resource, attributes: { ...resource.attributes, ...attributes } });
  return { region: graph.region, resources };
}
