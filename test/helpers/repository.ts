import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SpecSource } from '../../src/spec/index.js';

/** The repository: two folders up, or three when compiled into dist/ (scripts use the helpers too). */
export const PROJECT_ROOT = ((here: string) =>
  existsSync(join(here, 'package.json')) ? here : resolve(here, '..'))(
  resolve(dirname(fileURLToPath(import.meta.url)), '../..'),
);

/** Real `terraform show -json` plans, each with its source and licence in SOURCES.md there. */
export const TERRAFORM_PLANS: string = join(PROJECT_ROOT, 'test/fixtures/terraform-plans');

/** The customers of the example repository, in id order: what tests expect to find. */
export const EXAMPLE_CUSTOMERS: string[] = [
  'acme-corp',
  'bluefin-bakery',
  'kestrel-legal',
  'lumen-analytics',
  'nordlicht-media',
  'orchid-studio',
  'tidewater-travel',
];

/** The example repository shipped in this project: neo.yaml, plans/ and customers/. */
export function exampleFiles(): Map<string, string> {
  const files = new Map<string, string>();
  files.set('neo.yaml', readFileSync(join(PROJECT_ROOT, 'neo.yaml'), 'utf8'));
  for (const dir of ['plans', 'customers']) {
    for (const name of readdirSync(join(PROJECT_ROOT, dir)).filter((n) => n.endsWith('.yaml'))) {
      files.set(`${dir}/${name}`, readFileSync(join(PROJECT_ROOT, dir, name), 'utf8'));
    }
  }
  return files;
}

/** A spec source held in memory: repository paths to contents. */
export function memorySource(files: ReadonlyMap<string, string | Uint8Array>, label = 'memory'): SpecSource {
  return {
    label,
    async list(dir) {
      const prefix = dir === '' ? '' : `${dir}/`;
      const names = new Set<string>();
      for (const path of files.keys()) {
        if (!path.startsWith(prefix)) continue;
        const rest = path.slice(prefix.length);
        const slash = rest.indexOf('/');
        names.add(slash < 0 ? rest : `${rest.slice(0, slash)}/`);
      }
      return [...names].sort();
    },
    async read(path) {
      const content = files.get(path);
      if (content === undefined) return undefined;
      return typeof content === 'string' ? new TextEncoder().encode(content) : content;
    },
  };
}

/** Writes files into a fresh temporary folder; `cleanup` removes it. */
export async function writeTree(
  files: ReadonlyMap<string, string | Uint8Array>,
): Promise<{ dir: string; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'neo-test-'));
  for (const [path, content] of files) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
