import { describe, expect, it } from 'vitest';
import { ansi } from '../../../src/report/style.js';
import {
  renderDiagnosticsJson,
  renderDiagnosticsText,
  renderGithubAnnotations,
  renderVerdict,
} from '../../../src/report/validation/diagnostics.js';
import type { Diagnostic } from '../../../src/spec/index.js';

const error = (file: string, line: number, column: number, message: string): Diagnostic => ({
  file,
  line,
  column,
  severity: 'error',
  message,
});

const SAMPLE: Diagnostic[] = [
  error('customers/acme-corp.yaml', 5, 7, 'there is no plan tier `scael` in plans/: did you mean `scale`?'),
  error(
    'customers/acme-corp.yaml',
    10,
    10,
    '`cyberpannel` is not a valid server.panel: did you mean `cyberpanel`?',
  ),
  {
    ...error(
      'customers/lumen-analytics.yaml',
      12,
      16,
      'SSH and the control panel are open to the whole internet',
    ),
    severity: 'warning',
  },
];

describe('GitHub annotations', () => {
  it.each([
    ['plain text', 'a: b, c', 'a: b, c'],
    ['percent', '100% full', '100%25 full'],
    ['newline', 'line one\nline two', 'line one%0Aline two'],
    ['carriage return', 'a\r\nb', 'a%0D%0Ab'],
    ['a workflow command smuggled in a message', 'x\n::set-output name=a::b', 'x%0A::set-output name=a::b'],
  ])('escape the message: %s', (_name, message, escaped) => {
    expect(renderGithubAnnotations([error('customers/a.yaml', 1, 2, message)])).toBe(
      `::error file=customers/a.yaml,line=1,col=2,title=neo validate::${escaped}\n`,
    );
  });

  it('escape properties: file names with : and ,', () => {
    expect(renderGithubAnnotations([error('customers/we,ird:name.yaml', 3, 4, 'm')])).toBe(
      '::error file=customers/we%2Cird%3Aname.yaml,line=3,col=4,title=neo validate::m\n',
    );
  });

  it('use ::warning for warnings', () => {
    expect(renderGithubAnnotations(SAMPLE.slice(2))).toMatch(
      /^::warning file=customers\/lumen-analytics.yaml,line=12,col=16,/,
    );
  });
});

describe('text report', () => {
  it('reads like compiler output', async () => {
    const text = renderDiagnosticsText(SAMPLE) + renderVerdict(SAMPLE, 13);
    await expect(text).toMatchFileSnapshot('./__snapshots__/diagnostics.txt');
  });

  it('colours only when asked to', () => {
    expect(renderDiagnosticsText(SAMPLE)).not.toContain('\u001b[');
    expect(renderDiagnosticsText(SAMPLE, ansi)).toContain('\u001b[');
  });

  it.each([
    [[], 13, '✔ 13 files checked: no problems\n'],
    [SAMPLE.slice(0, 1), 1, '✖ 1 error in 1 file (1 file checked)\n'],
    [SAMPLE, 13, '✖ 2 errors and 1 warning in 2 files (13 files checked)\n'],
    [SAMPLE.slice(2), 13, '⚠ 0 errors and 1 warning in 1 file (13 files checked)\n'],
  ])('verdict %#', (diagnostics, checked, verdict) => {
    expect(renderVerdict(diagnostics, checked)).toBe(verdict);
  });
});

describe('JSON report', () => {
  it('counts and lists every diagnostic', () => {
    expect(JSON.parse(renderDiagnosticsJson(SAMPLE, 13))).toEqual({
      valid: false,
      files: 13,
      errors: 2,
      warnings: 1,
      diagnostics: SAMPLE,
    });
  });
});
