import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { runCli } from '../../src/cli.js';
import type { Io } from '../../src/services/index.js';
import { type CommandContext, defaultContext } from '../../src/services/index.js';
import type { StoredResource } from '../helpers/aws-account.js';
import { captureIo } from '../helpers/io.js';

/** Shared by the tests of the commands that read or write the local cloud (apply, drift, plan). */

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs neo in-process in `cwd`; `context` replaces the default one (e.g. to inject a cloud). */
export async function neo(
  cwd: string,
  args: string[],
  context: (io: Io) => CommandContext = defaultContext,
  env: Record<string, string | undefined> = {},
): Promise<Run> {
  const io = captureIo(cwd, env);
  const code = await runCli(args, io, context(io));
  return { code, out: io.out(), err: io.err() };
}

export const localCloudDir = (root: string) => join(root, 'terraform-state/local');
const cloudFile = (root: string, name: string) => join(localCloudDir(root), 'cloud', `${name}.json`);

/** Every file under `dir` (relative path → content and mtime); empty when it does not exist. */
export function filesUnder(dir: string): Map<string, { text: string; mtimeMs: number }> {
  const files = new Map<string, { text: string; mtimeMs: number }>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else
        files.set(relative(dir, path), { text: readFileSync(path, 'utf8'), mtimeMs: statSync(path).mtimeMs });
    }
  };
  try {
    walk(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return files;
}

/** Takes the local cloud as it is now; the function returned puts it back exactly so. */
export function keepLocalCloud(root: string): () => void {
  const kept = filesUnder(localCloudDir(root));
  return () => {
    rmSync(localCloudDir(root), { recursive: true, force: true });
    for (const [path, { text }] of kept) {
      const target = join(localCloudDir(root), path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  };
}

/** The resources of `cloud/<name>.json`. */
export function cloudResources(root: string, name: string): StoredResource[] {
  return (JSON.parse(readFileSync(cloudFile(root, name), 'utf8')) as { resources: StoredResource[] })
    .resources;
}

/** Every resource of the local cloud, across all its files. */
export function allCloudResources(root: string): StoredResource[] {
  return readdirSync(join(localCloudDir(root), 'cloud'))
    .filter((name) => name.endsWith('.json'))
    .flatMap((name) => cloudResources(root, name.slice(0, -'.json'.length)));
}

/** The customer's resource neo tagged as `address` (must be there). */
export function managedResource(root: string, customerId: string, address: string): StoredResource {
  const found = cloudResources(root, customerId).find((r) => r.tags['neo:resource'] === address);
  if (found === undefined) throw new Error(`cloud/${customerId}.json has no ${address}`);
  return found;
}

/** Edits `cloud/<name>.json` by hand, as a user simulating a console change does. */
export function editCloudFile(root: string, name: string, edit: (resources: StoredResource[]) => void): void {
  const resources = cloudResources(root, name);
  edit(resources);
  writeFileSync(cloudFile(root, name), `${JSON.stringify({ resources }, null, 2)}\n`);
}

/** Edits one of the customer's managed resources in its cloud file. */
export function editManaged(
  root: string,
  customerId: string,
  address: string,
  edit: (resource: StoredResource) => void,
): void {
  editCloudFile(root, customerId, (resources) => {
    const found = resources.find((r) => r.tags['neo:resource'] === address);
    if (found === undefined) throw new Error(`cloud/${customerId}.json has no ${address}`);
    edit(found);
  });
}

/** Writes a hand-made `cloud/<name>.json` (only `type` and `id` are required per resource). */
export function writeCloudFile(root: string, name: string, resources: Array<Partial<StoredResource>>): void {
  mkdirSync(dirname(cloudFile(root, name)), { recursive: true });
  writeFileSync(cloudFile(root, name), `${JSON.stringify({ resources }, null, 2)}\n`);
}

/** Replaces `from` (which must be there) with `to` in a file of the repository. */
export function editFile(root: string, path: string, from: string, to: string): void {
  const text = readFileSync(join(root, path), 'utf8');
  if (!text.includes(from)) throw new Error(`${path} has no ${JSON.stringify(from)}`);
  writeFileSync(join(root, path), text.replace(from, to));
}
