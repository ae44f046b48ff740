import { createHash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StackInputs } from './inputs.js';
import type { StackJson } from './json.js';

/** Synthesized stacks by the hash of everything they were made from. */
export interface StackCache {
  get(hash: string): StackJson | undefined;
  set(hash: string, stack: StackJson): void;
}

export interface DirectoryCache extends StackCache {
  /** Removes entries neither stored nor read since `before`; returns how many. */
  prune(before: Date): number;
}

/**
 * The version of the code that turns inputs into a stack: the synthesizer's own files and the
 * cdktf, provider and constructs releases. Any change to one of them invalidates every cache entry.
 */
export function synthCodeVersion(): string {
  const hash = createHash('sha256');
  const self = fileURLToPath(import.meta.url);
  const here = dirname(self);
  // Subnet arithmetic lives in the spec module but shapes the stacks too.
  const files = [...sourceFiles(here), `../spec/ipv4${extname(self)}`];
  for (const file of files) hash.update(file).update(readFileSync(join(here, file)));
  const require = createRequire(import.meta.url);
  for (const name of ['cdktf', '@cdktf/provider-aws', 'constructs']) {
    const manifest = require(`${name}/package.json`) as { version: string };
    hash.update(`${name}@${manifest.version}`);
  }
  return hash.digest('hex');
}

function sourceFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(prefix, entry.name);
      if (entry.isDirectory()) return sourceFiles(dir, path);
      return /\.(js|ts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
    })
    .sort();
}

/** The cache key of one stack. */
export function stackHash(inputs: StackInputs, codeVersion: string): string {
  return createHash('sha256').update(codeVersion).update(JSON.stringify(inputs)).digest('hex');
}

/**
 * A cache in a directory, one file per stack: a header line with the resource count, then the
 * Terraform JSON. Files are written under a temporary name and renamed, so a crash never
 * leaves half an entry behind. `now` is when a read counts as use (tests pass their own).
 */
export function directoryCache(dir: string, now: () => Date = () => new Date()): DirectoryCache {
  let created = false;
  return {
    get(hash) {
      const path = join(dir, `${hash}.tf.json`);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
      // A read counts as use: pruning goes by modification time.
      const used = now();
      utimesSync(path, used, used);
      const newline = text.indexOf('\n');
      const header = JSON.parse(text.slice(0, newline)) as { resources: number };
      return { resources: header.resources, json: text.slice(newline + 1) };
    },
    set(hash, stack) {
      if (!created) mkdirSync(dir, { recursive: true });
      created = true;
      const path = join(dir, `${hash}.tf.json`);
      const partial = `${path}.${process.pid}.tmp`;
      writeFileSync(partial, `${JSON.stringify({ resources: stack.resources })}\n${stack.json}`);
      renameSync(partial, path);
    },
    prune(before) {
      let entries: string[];
      try {
        entries = readdirSync(dir).filter((name) => name.endsWith('.tf.json') || name.endsWith('.tmp'));
      } catch {
        return 0;
      }
      const stale = entries.filter((name) => statSync(join(dir, name)).mtime < before);
      for (const name of stale) rmSync(join(dir, name), { force: true });
      return stale.length;
    },
  };
}
