/**
 * The local cloud's files, under `terraform-state/local/` (git-ignored). Two folders, as in
 * reality Terraform's state and the cloud itself are two things:
 *
 * - `state/<customer>.json`: what neo applied for the customer, like a Terraform state:
 *   `{ "customer": id, "resources": { "<address>": { "id": "<cloud id>", "config": {…} } } }`,
 *   the configuration as applied, references still `${…}` tokens and secrets as `sha256:…`.
 * - `cloud/<customer>.json`: the resources the customer's applies created,
 *   `{ "resources": [ { "type", "id", "region", "tags", "attributes", "exports" } ] }`, sorted by
 *   type then id, with references resolved to ids. Edit it to simulate a change made in the
 *   console; the next apply reverts it, as a real one would. Any other `cloud/*.json` (say a
 *   hand-written `cloud/console.json` with an instance launched by hand) is part of the cloud
 *   too; only `type` and `id` are required there.
 *
 * Files are replaced atomically (a temporary file renamed over), so a reader never sees half.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Attributes, AttributeValue } from '../../graph/index.js';
import { liveResources, resourceKey } from './liveness.js';

export interface StateEntry {
  id: string;
  config: Attributes;
}

export interface CustomerState {
  customer: string;
  resources: Record<string, StateEntry>;
}

/** One resource as a cloud file holds it. */
export interface StoredResource {
  type: string;
  id: string;
  region?: string;
  tags: Record<string, string>;
  /** Resolved values, without `tags` (those are the field above) and with secrets hashed. */
  attributes: Attributes;
  /** What other resources refer to: `id`, `arn`, `public_ip`, `name_servers` (a list). */
  exports: Record<string, AttributeValue>;
}

export interface CloudFile {
  /** File name inside `cloud/`, e.g. `acme-corp.json`. */
  name: string;
  resources: StoredResource[];
}

export class LocalStore {
  /**
   * The cloud files as last read or written by this store. An apply of a thousand customers
   * reads the whole cloud once per customer; parsing every file each time made that quadratic.
   * Hand edits happen between runs, not during one.
   */
  private cloud: Map<string, CloudFile> | undefined;
  /** Keys of the resources that exist (dangling children of hand edits removed), and their files. */
  private live: Map<string, string> | undefined;

  constructor(readonly root: string) {}

  statePath(customerId: string): string {
    return join(this.root, 'state', `${safeName(customerId)}.json`);
  }

  cloudPath(name: string): string {
    return join(this.root, 'cloud', name);
  }

  /** The customer's state; empty when neo never applied it. */
  async readState(customerId: string): Promise<CustomerState> {
    const path = this.statePath(customerId);
    const text = await readIfExists(path);
    if (text === undefined) return { customer: customerId, resources: {} };
    return parseState(path, text);
  }

  async writeState(state: CustomerState): Promise<void> {
    const path = this.statePath(state.customer);
    if (Object.keys(state.resources).length === 0) await rm(path, { force: true });
    else await writeAtomically(path, serialize(state));
  }

  /** Forgets a customer: what its state held stays in the cloud, no longer managed. */
  async removeState(customerId: string): Promise<void> {
    await rm(this.statePath(customerId), { force: true });
  }

  /** Every `cloud/*.json`, by file name. */
  async readCloud(): Promise<CloudFile[]> {
    this.cloud ??= new Map((await this.readCloudFiles()).map((file) => [file.name, file]));
    return [...this.cloud.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /** Which file holds each resource that exists, by `resourceKey`. */
  async liveResourceFiles(): Promise<ReadonlyMap<string, string>> {
    if (this.live === undefined) {
      const files = await this.readCloud();
      const fileOf = new Map(files.flatMap((f) => f.resources.map((r) => [r, f.name] as const)));
      this.live = new Map(
        liveResources([...fileOf.keys()]).map((r) => [resourceKey(r), fileOf.get(r) as string]),
      );
    }
    return this.live;
  }

  /** The files holding any of `keys`, and the file `name` (empty when it does not exist yet). */
  async filesHolding(keys: Iterable<string>, name: string): Promise<CloudFile[]> {
    const live = await this.liveResourceFiles();
    const names = new Set([name, ...[...keys].flatMap((key) => live.get(key) ?? [])]);
    const cloud = this.cloud ?? new Map<string, CloudFile>();
    return [...names].sort().map((n) => cloud.get(n) ?? { name: n, resources: [] });
  }

  private async readCloudFiles(): Promise<CloudFile[]> {
    const dir = join(this.root, 'cloud');
    const names = (await readdir(dir).catch(ifMissing([]))).filter((n) => n.endsWith('.json')).sort();
    return Promise.all(
      names.map(async (name) => {
        const path = join(dir, name);
        return { name, resources: parseCloud(path, await readFile(path, 'utf8')) };
      }),
    );
  }

  /** Writes a cloud file when its content changes; an empty one is removed. */
  async writeCloud(file: CloudFile): Promise<void> {
    const path = this.cloudPath(file.name);
    if (file.resources.length === 0) await rm(path, { force: true });
    else await writeAtomically(path, serialize({ resources: file.resources.map(canonical) }));
    for (const resource of this.cloud?.get(file.name)?.resources ?? [])
      this.live?.delete(resourceKey(resource));
    for (const resource of file.resources) this.live?.set(resourceKey(resource), file.name);
    if (file.resources.length === 0) this.cloud?.delete(file.name);
    else this.cloud?.set(file.name, file);
  }
}

/** Customer ids become file names: refuse anything that could leave the folder. */
function safeName(customerId: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(customerId))
    throw new Error(`invalid customer id '${customerId}'`);
  return customerId;
}

function serialize(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Fixed key order, so a rewrite of an unchanged resource gives the same bytes. */
function canonical(resource: StoredResource): StoredResource {
  const { type, id, region, tags, attributes, exports } = resource;
  return { type, id, ...(region === undefined ? {} : { region }), tags, attributes, exports };
}

/** Skips unchanged files, so a repeated apply leaves every file (and its mtime) alone. */
async function writeAtomically(path: string, text: string): Promise<void> {
  if ((await readIfExists(path)) === text) return;
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

async function readIfExists(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(ifMissing(undefined));
}

function ifMissing<T>(fallback: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (error.code === 'ENOENT') return fallback;
    throw error;
  };
}

/** A file that does not have the documented shape: says which file and what to fix. */
class LocalCloudError extends Error {
  constructor(path: string, problem: string, shape: string) {
    super(`${path}: ${problem}; expected ${shape} (fix the file or delete it)`);
    this.name = 'LocalCloudError';
  }
}

const STATE_SHAPE =
  '{ "customer": "<id>", "resources": { "<address>": { "id": "<cloud id>", "config": {…} } } }';
const CLOUD_SHAPE =
  '{ "resources": [ { "type": "aws_…", "id": "…", "region"?: "…", "tags"?: {…}, "attributes"?: {…}, "exports"?: {…} } ] }';

function parseJson(path: string, text: string, shape: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LocalCloudError(path, `not valid JSON (${(error as Error).message})`, shape);
  }
}

function parseState(path: string, text: string): CustomerState {
  const data = parseJson(path, text, STATE_SHAPE);
  const fail = (problem: string) => new LocalCloudError(path, problem, STATE_SHAPE);
  if (!isObject(data) || typeof data.customer !== 'string') throw fail('"customer" must be a string');
  if (!isObject(data.resources)) throw fail('"resources" must be an object');
  for (const [address, entry] of Object.entries(data.resources)) {
    if (!isObject(entry) || typeof entry.id !== 'string' || !isObject(entry.config)) {
      throw fail(`resource "${address}" needs a string "id" and an object "config"`);
    }
  }
  return data as unknown as CustomerState;
}

function parseCloud(path: string, text: string): StoredResource[] {
  const data = parseJson(path, text, CLOUD_SHAPE);
  if (!isObject(data) || !Array.isArray(data.resources)) {
    throw new LocalCloudError(path, '"resources" must be a list', CLOUD_SHAPE);
  }
  return data.resources.map((item: unknown, index: number) => {
    const problem = resourceProblem(item);
    if (problem !== undefined) throw new LocalCloudError(path, `resources[${index}] ${problem}`, CLOUD_SHAPE);
    return withDefaults(item as Partial<StoredResource>);
  });
}

/** What is wrong with one resource of a cloud file, if anything. */
function resourceProblem(item: unknown): string | undefined {
  if (!isObject(item)) return 'must be an object';
  if (typeof item.type !== 'string' || item.type === '') return 'needs a "type" (e.g. "aws_instance")';
  if (typeof item.id !== 'string' || item.id === '') return 'needs an "id"';
  if (item.region !== undefined && typeof item.region !== 'string') return '"region" must be a string';
  if (item.tags !== undefined && !isStringRecord(item.tags)) return '"tags" must map names to strings';
  for (const key of ['attributes', 'exports'] as const) {
    if (item[key] !== undefined && !isObject(item[key])) return `"${key}" must be an object`;
  }
  return undefined;
}

/** Hand-written resources may leave out what they do not need. */
function withDefaults(item: Partial<StoredResource>): StoredResource {
  return canonical({
    type: item.type as string,
    id: item.id as string,
    ...(item.region === undefined ? {} : { region: item.region }),
    tags: item.tags ?? {},
    attributes: item.attributes ?? {},
    exports: item.exports ?? {},
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringRecord(value: unknown): boolean {
  return isObject(value) && Object.values(value).every((v) => typeof v === 'string');
}
