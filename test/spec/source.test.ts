import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimpleGit } from 'simple-git';
import { afterEach, describe, expect, it } from 'vitest';
import { gitSource } from '../../src/spec/index.js';
import { commitAll, initRepository } from '../helpers/git.js';
import { writeTree } from '../helpers/repository.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const encode = (text: string) => new TextEncoder().encode(text);

/** A git repository holding `files`, committed; returns the commit too. */
async function committed(files: ReadonlyMap<string, string | Uint8Array>) {
  const tree = await writeTree(files);
  cleanups.push(tree.cleanup);
  const git = await initRepository(tree.dir);
  const commit = await commitAll(git, 'first');
  return { dir: tree.dir, git, commit };
}

/** `git`, counting the `git show` calls made through it. */
function counting(git: SimpleGit): { git: SimpleGit; shows: () => number } {
  let shows = 0;
  const proxy = new Proxy(git, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (key !== 'showBuffer' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        shows++;
        return value.apply(target, args);
      };
    },
  });
  return { git: proxy, shows: () => shows };
}

describe('gitSource', () => {
  it('lists and reads the files of a commit, nested folders included', async () => {
    const { dir, git, commit } = await committed(
      new Map([
        ['neo.yaml', 'platform: 1\n'],
        ['plans/start.yaml', 'plan: start\n'],
        ['customers/acme.yaml', 'id: acme\n'],
        ['customers/nested/deep/x.yaml', 'id: x\n'],
        ['customers/nested/y.yaml', 'id: y\n'],
      ]),
    );
    // Later changes do not show at the earlier commit.
    writeFileSync(join(dir, 'customers/acme.yaml'), 'id: changed\n');
    writeFileSync(join(dir, 'customers/later.yaml'), 'id: later\n');
    await commitAll(git, 'second');

    const source = gitSource(git, commit, '', 'main');
    expect(source.label).toBe('main');
    expect(await source.list('')).toEqual(['customers/', 'neo.yaml', 'plans/']);
    expect(await source.list('customers')).toEqual(['acme.yaml', 'nested/']);
    expect(await source.list('customers/')).toEqual(['acme.yaml', 'nested/']);
    expect(await source.list('customers/nested')).toEqual(['deep/', 'y.yaml']);
    expect(await source.list('customers/nested/deep')).toEqual(['x.yaml']);
    expect(new TextDecoder().decode(await source.read('customers/acme.yaml'))).toBe('id: acme\n');
    expect(new TextDecoder().decode(await source.read('customers/nested/deep/x.yaml'))).toBe('id: x\n');
    expect(await source.read('customers/later.yaml')).toBeUndefined();

    const head = gitSource(git, 'HEAD');
    expect(head.label).toBe('HEAD');
    expect(await head.list('customers')).toEqual(['acme.yaml', 'later.yaml', 'nested/']);
    expect(new TextDecoder().decode(await head.read('customers/acme.yaml'))).toBe('id: changed\n');
  });

  it('reads a repository root in a sub-folder of the work tree, and nothing outside it', async () => {
    const { dir, commit } = await committed(
      new Map([
        ['README.md', 'top\n'],
        ['neo.yaml', 'outside: true\n'],
        ['ops/neo/neo.yaml', 'inside: true\n'],
        ['ops/neo/customers/acme.yaml', 'id: acme\n'],
        ['ops/neo-old/customers/gone.yaml', 'id: gone\n'],
        ['ops/other.yaml', 'x\n'],
      ]),
    );
    // git run from the sub-folder, as `neo validate --root ops/neo` does.
    const git = (await import('simple-git')).simpleGit({ baseDir: join(dir, 'ops/neo') });
    for (const prefix of ['ops/neo/', 'ops/neo']) {
      const source = gitSource(git, commit, prefix);
      expect(await source.list('')).toEqual(['customers/', 'neo.yaml']);
      expect(await source.list('customers')).toEqual(['acme.yaml']);
      expect(new TextDecoder().decode(await source.read('neo.yaml'))).toBe('inside: true\n');
      expect(await source.read('README.md')).toBeUndefined();
      expect(await source.read('../other.yaml')).toBeUndefined();
      expect(await source.read('customers/gone.yaml')).toBeUndefined();
    }
    // A root that did not exist at the commit holds nothing.
    const absent = gitSource(git, commit, 'ops/later/');
    expect(await absent.list('')).toEqual([]);
    expect(await absent.read('neo.yaml')).toBeUndefined();
  });

  it('answers undefined for a missing file and [] for a missing folder', async () => {
    const { git, commit } = await committed(
      new Map([
        ['neo.yaml', 'a: 1\n'],
        ['customers/acme.yaml', 'id: acme\n'],
      ]),
    );
    const source = gitSource(git, commit);
    expect(await source.read('customers/nobody.yaml')).toBeUndefined();
    expect(await source.read('nowhere/acme.yaml')).toBeUndefined();
    expect(await source.read('customers')).toBeUndefined(); // a folder is not a file
    expect(await source.list('plans')).toEqual([]);
    expect(await source.list('neo.yaml')).toEqual([]); // a file is not a folder
    expect(await source.list('customers/acme.yaml/')).toEqual([]);
  });

  it('returns the exact bytes: multibyte UTF-8, no trailing newline, CRLF, NUL, empty files', async () => {
    const files = new Map<string, Uint8Array>([
      ['customers/utf8.yaml', encode('name: Zürich — 東京 🚀\nnote: «ß»')],
      ['customers/crlf.yaml', encode('a: 1\r\nb: 2\r\n')],
      ['customers/binary.yaml', new Uint8Array([0, 255, 10, 0, 13, 0xc3, 0x28, 1])],
      ['customers/empty.yaml', new Uint8Array()],
      ['customers/last.yaml', encode('no newline')],
    ]);
    const { git, commit } = await committed(files);
    const source = gitSource(git, commit);
    // Together (one batch) and one by one (batches of one) alike.
    const together = await Promise.all([...files.keys()].map((path) => source.read(path)));
    expect(together.map((b) => (b === undefined ? b : Buffer.from(b)))).toEqual(
      [...files.values()].map((b) => Buffer.from(b)),
    );
    for (const [path, bytes] of files) {
      expect(Buffer.from((await gitSource(git, commit).read(path)) ?? [])).toEqual(Buffer.from(bytes));
    }
  });

  it('reads many files at once in a few git calls, each path getting its own bytes', async () => {
    const files = new Map<string, string>();
    for (let i = 0; i < 1_200; i++) {
      // Some files share their contents (one blob for several paths), most differ in length.
      const body = i % 10 === 0 ? 'status: active\n' : `id: customer-${i}\nnotes: ${'é'.repeat(i % 37)}\n`;
      files.set(`customers/customer-${String(i).padStart(4, '0')}.yaml`, body);
    }
    const { git: plain, commit } = await committed(files);
    const { git, shows } = counting(plain);
    const source = gitSource(git, commit);
    const names = await source.list('customers');
    expect(names).toHaveLength(1_200);
    const contents = await Promise.all(names.map((name) => source.read(`customers/${name}`)));
    for (const [i, name] of names.entries()) {
      expect(new TextDecoder().decode(contents[i]), name).toBe(files.get(`customers/${name}`));
    }
    // 1,200 reads, 1,081 distinct blobs, 500 per call.
    expect(shows()).toBe(3);

    // Reads that come one at a time are still right.
    for (const name of names.slice(0, 5)) {
      expect(new TextDecoder().decode(await source.read(`customers/${name}`))).toBe(
        files.get(`customers/${name}`),
      );
    }
    expect(shows()).toBe(8);
  });

  it('neither lists nor reads symbolic links', async () => {
    const tree = await writeTree(
      new Map([
        ['customers/acme.yaml', 'id: acme\n'],
        ['links/keep', 'x\n'],
      ]),
    );
    cleanups.push(tree.cleanup);
    symlinkSync('acme.yaml', join(tree.dir, 'customers/alias.yaml'));
    symlinkSync('../customers', join(tree.dir, 'links/customers'));
    const git = await initRepository(tree.dir);
    const commit = await commitAll(git, 'links');
    const source = gitSource(git, commit);
    expect(await source.list('customers')).toEqual(['acme.yaml']);
    expect(await source.read('customers/alias.yaml')).toBeUndefined();
    expect(await source.list('links')).toEqual(['keep']);
    expect(await source.list('links/customers')).toEqual([]);
    expect(await source.read('links/customers/acme.yaml')).toBeUndefined();
  });

  it('fails on a ref that is not in the repository, rather than reporting an empty tree', async () => {
    const { git } = await committed(new Map([['neo.yaml', 'a: 1\n']]));
    const source = gitSource(git, 'no-such-ref');
    await expect(source.list('')).rejects.toThrow();
    await expect(source.read('neo.yaml')).rejects.toThrow();
  });
});
