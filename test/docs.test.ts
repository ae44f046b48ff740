import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  APPLY_USAGE,
  DRIFT_USAGE,
  PLAN_USAGE,
  SUMMARY_USAGE,
  SYNTH_USAGE,
  VALIDATE_USAGE,
} from '../src/commands/index.js';
import { PROJECT_ROOT } from './helpers/repository.js';

const at = (path: string) => join(PROJECT_ROOT, path);
const read = (path: string) => readFileSync(at(path), 'utf8');

/** Every page people read: the front door, the manual, and the READMEs beside data. */
const PAGES = [
  'README.md',
  ...readdirSync(at('docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  'terraform-state/README.md',
  'test/fixtures/terraform-plans/neo/README.md',
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(markdown: string): Set<string> {
  const outside = markdown.replace(/```[\s\S]*?```/g, '');
  return new Set([...outside.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] as string)));
}

/** Relative links, outside code blocks: `[text](path#anchor)`. */
function links(markdown: string): string[] {
  const outside = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...outside.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] as string)
    .filter((href) => !/^[a-z]+:/.test(href));
}

function broken(page: string, text = read(page)): string[] {
  return links(text).flatMap((href) => {
    const [path = '', anchor] = href.split('#');
    const target = path === '' ? page : relative(PROJECT_ROOT, join(dirname(at(page)), path));
    if (!existsSync(at(target))) return [`${page}: ${href} (no ${target})`];
    if (anchor !== undefined && target.endsWith('.md') && !anchors(read(target)).has(anchor)) {
      return [`${page}: ${href} (no heading #${anchor} in ${target})`];
    }
    return [];
  });
}

describe('the documentation', () => {
  it('keeps the README a front door: under 10 KB', () => {
    expect(Buffer.byteLength(read('README.md'))).toBeLessThan(10 * 1024);
  });

  it.each(PAGES)('%s: every link resolves, anchors included', (page) => {
    expect(broken(page)).toEqual([]);
  });

  it('finds a broken link and a broken anchor (the check can fail)', () => {
    const planted = '[a](commands.md#no-such-heading) [b](nowhere.md) [c](commands.md#neo-plan)';
    expect(broken('docs/operating.md', planted)).toEqual([
      'docs/operating.md: commands.md#no-such-heading (no heading #no-such-heading in docs/commands.md)',
      'docs/operating.md: nowhere.md (no docs/nowhere.md)',
    ]);
  });

  it.each(PAGES)('%s: every file it names in backticks exists', (page) => {
    const named = [...read(page).matchAll(/`((?:src|test|bench|scripts|schemas|docs)\/[\w./-]+)`/g)]
      .map((m) => m[1] as string)
      .filter((path) => !existsSync(at(path)));
    expect(named).toEqual([]);
  });

  it('documents every repository variable and secret the workflows read', () => {
    const installing = read('docs/installing.md');
    const workflows = readdirSync(at('.github/workflows')).map((f) => read(`.github/workflows/${f}`));
    const names = new Set(
      workflows.flatMap((w) =>
        [...JSON.stringify(parse(w)).matchAll(/\b(?:vars|secrets)\.(\w+)/g)].map((m) => m[1]),
      ),
    );
    names.delete('GITHUB_TOKEN');
    expect(names.size).toBeGreaterThan(3);
    for (const name of names) expect(installing, name).toContain(`\`${name}\``);
  });

  it.each([
    ['validate', VALIDATE_USAGE],
    ['synth', SYNTH_USAGE],
    ['plan', PLAN_USAGE],
    ['apply', APPLY_USAGE],
    ['drift', DRIFT_USAGE],
  ])('commands.md shows neo %s as its --help does', (name, usage) => {
    const commands = read('docs/commands.md');
    const section = commands.slice(commands.indexOf(`## \`neo ${name}\``));
    const block = /```\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const words = (text: string) => text.replace(/\s+/g, ' ').trim();
    const synopsis = usage.slice('Usage: '.length, usage.indexOf('\n\n'));
    expect(words(block)).toBe(words(synopsis));
  });

  it('commands.md has a section for every command', () => {
    const commands = read('docs/commands.md');
    for (const usage of [VALIDATE_USAGE, SUMMARY_USAGE, SYNTH_USAGE, PLAN_USAGE, APPLY_USAGE, DRIFT_USAGE]) {
      const name = /^Usage: neo (\w+)/.exec(usage)?.[1];
      expect(commands).toContain(`## \`neo ${name}\``);
    }
  });
});
