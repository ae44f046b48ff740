import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli.js';
import { captureIo } from '../../helpers/io.js';
import { exampleFiles, writeTree } from '../../helpers/repository.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function repository(changes: Record<string, string | null> = {}): Promise<string> {
  const files = exampleFiles() as Map<string, string>;
  for (const [path, content] of Object.entries(changes)) {
    if (content === null) files.delete(path);
    else files.set(path, content);
  }
  const tree = await writeTree(files);
  cleanups.push(tree.cleanup);
  return tree.dir;
}

async function neo(cwd: string, ...argv: string[]) {
  const io = captureIo(cwd);
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const acme = exampleFiles().get('customers/acme-corp.yaml') as string;
const BROKEN_ACME = acme
  .replace('panel: cyberpanel', 'panel: cyberpannel')
  .replace('plan: scale', 'plan: scael');

describe('neo validate', () => {
  it('passes the example repository with exit 0', async () => {
    const root = await repository();
    const result = await neo(root, 'validate');
    expect(result).toEqual({ code: 0, out: '✔ 13 files checked: no problems\n', err: '' });
  });

  it('reports every problem of a malformed file, one line each, and exits 1', async () => {
    const root = await repository({ 'customers/acme-corp.yaml': BROKEN_ACME });
    const result = await neo(root, 'validate');
    expect(result.code).toBe(1);
    expect(result.out).toBe(
      [
        'customers/acme-corp.yaml:5:7: error: there is no plan tier `scael` in plans/: did you mean `scale`?',
        'customers/acme-corp.yaml:10:10: error: `cyberpannel` is not a valid server.panel: did you mean `cyberpanel`?',
        '✖ 2 errors in 1 file (13 files checked)',
        '',
      ].join('\n'),
    );
  });

  it('finds the repository root from a subfolder', async () => {
    const root = await repository();
    const result = await neo(join(root, 'customers'), 'validate');
    expect(result.code).toBe(0);
  });

  it('limits the report to the paths given, keeping shared files', async () => {
    const root = await repository({
      'customers/acme-corp.yaml': BROKEN_ACME,
      'plans/core.yaml': (exampleFiles().get('plans/core.yaml') as string).replace(
        'level: basic',
        'level: bronze',
      ),
    });
    const result = await neo(join(root, 'customers'), 'validate', 'kestrel-legal.yaml');
    expect(result.code).toBe(1);
    expect(result.out).toContain('plans/core.yaml:18:10: error: `bronze` is not a valid monitoring.level');
    expect(result.out).not.toContain('acme-corp');
    expect(result.out).toContain('(1 file checked)');
  });

  it('prints GitHub annotations with --format github', async () => {
    const root = await repository({ 'customers/acme-corp.yaml': BROKEN_ACME });
    const result = await neo(root, 'validate', '--format', 'github');
    expect(result.code).toBe(1);
    expect(result.out.split('\n').slice(0, 2)).toEqual([
      '::error file=customers/acme-corp.yaml,line=5,col=7,title=neo validate::there is no plan tier `scael` in plans/: did you mean `scale`?',
      '::error file=customers/acme-corp.yaml,line=10,col=10,title=neo validate::`cyberpannel` is not a valid server.panel: did you mean `cyberpanel`?',
    ]);
  });

  it('prints machine-readable JSON with --format json', async () => {
    const root = await repository({ 'customers/acme-corp.yaml': BROKEN_ACME });
    const result = await neo(root, 'validate', '--format', 'json');
    const report = JSON.parse(result.out);
    expect(report).toMatchObject({ valid: false, files: 13, errors: 2, warnings: 0 });
    expect(report.diagnostics[0]).toEqual({
      file: 'customers/acme-corp.yaml',
      line: 5,
      column: 7,
      severity: 'error',
      message: 'there is no plan tier `scael` in plans/: did you mean `scale`?',
    });
  });

  it('exits 0 with warnings only', async () => {
    const root = await repository({
      'customers/acme-corp.yaml': acme.replace(
        'adminCidrs: [203.0.113.0/24]',
        'adminCidrs: [0.0.0.0/0]\n  allowAdminFromAnywhere: true',
      ),
    });
    const result = await neo(root, 'validate');
    expect(result.code).toBe(0);
    expect(result.out).toContain('warning: SSH and the control panel are open to the whole internet');
  });

  it('never echoes a pasted private key, in any format', async () => {
    const leaked = acme.replace(
      /sshPublicKey: .*/,
      'sshPublicKey: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n    CANARY-SECRET-KEY-MATERIAL\n    -----END OPENSSH PRIVATE KEY-----',
    );
    const root = await repository({ 'customers/acme-corp.yaml': leaked });
    for (const format of ['text', 'github', 'json']) {
      const result = await neo(root, 'validate', '--format', format);
      expect(result.code).toBe(1);
      expect(result.out).toContain('private key');
      expect(result.out + result.err).not.toContain('CANARY');
    }
  });

  it.each([
    [['validate', '--format', 'xml'], /--format xml: use one of text, github, json/],
    [['validate', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['validate', 'customers/nobody.yaml'], /customers\/nobody.yaml: no such file or folder/],
    [['validate', '/etc/passwd'], /is outside the repository/],
    [['validate', '--base', 'no-such-ref'], /is not inside a git repository|no such commit/],
    [['bogus'], /unknown command "bogus"/],
  ])('neo %j is a usage error (exit 2)', async (argv, message) => {
    const root = await repository();
    const result = await neo(root, ...argv);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('says where to run it when there is no neo.yaml', async () => {
    const root = await repository({ 'neo.yaml': null });
    const result = await neo(join(root, 'customers'), 'validate');
    expect(result.code).toBe(2);
    expect(result.err).toContain('no neo.yaml in');
  });

  it('reports a missing neo.yaml when --root names the repository', async () => {
    const root = await repository({ 'neo.yaml': null });
    const result = await neo(root, 'validate', '--root', '.');
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      'neo.yaml:1:1: error: the platform settings file is missing: create neo.yaml',
    );
  });

  it('prints help', async () => {
    const root = await repository();
    const result = await neo(root, 'validate', '--help');
    expect(result.code).toBe(0);
    expect(result.out).toContain('Usage: neo validate');
  });
});
