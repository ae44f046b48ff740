import { describe, expect, it } from 'vitest';
import { secretProblems } from '../../src/spec/secrets.js';

const FILE = 'customers/harbor-dental.yaml';

/** What a spec file's secrets scan says, as `line:column message`. */
function problemsOf(text: string): string[] {
  return secretProblems({ file: FILE, text, tree: () => undefined }).map((p) => {
    expect({ file: p.file, severity: p.severity }).toEqual({ file: FILE, severity: 'error' });
    return `${p.line}:${p.column} ${p.message}`;
  });
}

const HEAD = [
  'id: harbor-dental',
  'domain: harbor-dental-example.com',
  'plan: core',
  'server:',
  '  os: almalinux-9',
  '  panel: cpanel',
].join('\n');

const PRIVATE_KEY =
  'this is a private key: never commit one. Remove it, rotate the key (it is in git history now) and use the public key (.pub) instead';
const AWS_KEY_ID =
  'this looks like an AWS access key id: remove it and rotate the key; neo takes credentials from the environment';
const GITHUB_TOKEN = 'this looks like a GitHub token: remove it and revoke the token';

// Well-formed look-alikes of real secrets (AWS's documented example key id, made-up tokens).
const GHP = 'ghp_x9Kq2Lm8Zr4Tv6Wn1Bc3Hd5Jf7Gp0Ys2Ua4Qe';

describe('secrets in a spec file', () => {
  it.each([
    [
      'an OpenSSH private key',
      '  sshPublicKey: |\n    -----BEGIN OPENSSH PRIVATE KEY-----',
      `8:5 ${PRIVATE_KEY}`,
    ],
    ['an RSA private key', '  sshPublicKey: "-----BEGIN RSA PRIVATE KEY-----', `7:18 ${PRIVATE_KEY}`],
    ['a PKCS#8 private key', 'notes: -----BEGIN PRIVATE KEY-----', `7:8 ${PRIVATE_KEY}`],
    ['an encrypted private key', 'notes: -----BEGIN ENCRYPTED PRIVATE KEY-----', `7:8 ${PRIVATE_KEY}`],
    ['a PGP private key', 'notes: -----BEGIN PGP PRIVATE KEY BLOCK-----', `7:8 ${PRIVATE_KEY}`],
    ['an AWS access key id', 'tags: { DeployKey: "AKIAIOSFODNN7EXAMPLE" }', `7:21 ${AWS_KEY_ID}`],
    ['a temporary AWS access key id', 'tags: { DeployKey: ASIAY34FZKBOKMUTVV7A }', `7:20 ${AWS_KEY_ID}`],
    ['a GitHub personal access token', `tags: { Token: ${GHP} }`, `7:16 ${GITHUB_TOKEN}`],
    ['a GitHub OAuth token', `tags: { Token: gho_${'a'.repeat(36)} }`, `7:16 ${GITHUB_TOKEN}`],
    ['a GitHub user-to-server token', `tags: { Token: ghu_${'B'.repeat(40)} }`, `7:16 ${GITHUB_TOKEN}`],
    ['a GitHub app token', `tags: { Token: ghs_${'7'.repeat(36)} }`, `7:16 ${GITHUB_TOKEN}`],
    ['a GitHub refresh token', `tags: { Token: ghr_${'c'.repeat(36)} }`, `7:16 ${GITHUB_TOKEN}`],
    [
      'a fine-grained GitHub token',
      `tags: { Token: github_pat_11ABCDEFG0${'a'.repeat(12)}_${'Z'.repeat(59)} }`,
      `7:16 ${GITHUB_TOKEN}`,
    ],
  ])('%s', (_, line, problem) => {
    const problems = problemsOf(`${HEAD}\n${line}\n`);
    expect(problems).toEqual([problem]);
  });

  it.each([
    ['a public key', '  sshPublicKey: "-----BEGIN PUBLIC KEY-----"'],
    ['a certificate', 'notes: -----BEGIN CERTIFICATE-----'],
    ['a private key named in prose', 'notes: BEGIN OPENSSH PRIVATE KEY'],
    ['a key id one character short', 'tags: { Ref: AKIAIOSFODNN7EXAMP }'],
    ['a key id inside a longer word', 'tags: { Ref: AKIAIOSFODNN7EXAMPLE2 }'],
    ['a key id in lower case', 'tags: { Ref: akiaiosfodnn7example }'],
    ['a key id that is part of a word', 'tags: { Ref: XAKIAIOSFODNN7EXAMPLE }'],
    ['another AWS id prefix', 'tags: { Ref: AIDAIOSFODNN7EXAMPLE }'],
    ['a GitHub token one character short', `tags: { Token: ghp_${'a'.repeat(35)} }`],
    ['an unknown GitHub token kind', `tags: { Token: ghx_${'a'.repeat(36)} }`],
    ['a token that is part of a word', `tags: { Token: xghp_${'a'.repeat(36)} }`],
    ['a fine-grained token prefix alone', 'tags: { Token: github_pat_ }'],
    [
      'an SSH public key',
      '  sshPublicKey: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIACpU5a3H1pKC9nUHrjiq673epGk61AhR1GOutn7Fcnk ops@harbor',
    ],
  ])('not %s', (_, line) => {
    expect(problemsOf(`${HEAD}\n${line}\n`)).toEqual([]);
  });

  it('reports each kind once, at its first place, and never repeats the secret', () => {
    const text = [
      HEAD,
      'tags:',
      `  Token: ${GHP}`,
      '  DeployKey: AKIAIOSFODNN7EXAMPLE',
      '  Backup: AKIAI44QH8DHBEXAMPLE',
      'notes: |',
      '  -----BEGIN EC PRIVATE KEY-----',
      '',
    ].join('\n');
    const problems = problemsOf(text);
    expect(problems).toEqual([`12:3 ${PRIVATE_KEY}`, `9:14 ${AWS_KEY_ID}`, `8:10 ${GITHUB_TOKEN}`]);
    for (const secret of [GHP, 'AKIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE', 'BEGIN EC'])
      expect(problems.join('\n')).not.toContain(secret);
  });

  it('finds nothing in a file without secrets', () => {
    expect(problemsOf(`${HEAD}\nnetwork:\n  cidr: 10.90.0.0/16\n`)).toEqual([]);
  });
});
