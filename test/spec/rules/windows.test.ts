import { describe, expect, it } from 'vitest';
import { loadSchemas, resolveCustomers, validateRepository } from '../../../src/spec/index.js';
import { exampleFiles, memorySource } from '../../helpers/repository.js';

/**
 * Rollout settings and maintenance windows as written in the example repository's files: each
 * case replaces a line and expects exactly the diagnostics it gets, at line:column.
 */
const schemas = loadSchemas();
const NORDLICHT = 'customers/nordlicht-media.yaml';
const NORDLICHT_WINDOW = 'maintenanceWindow: { days: [sun], from: "02:00", to: "05:00" }';
const DEFAULT_WINDOW = 'maintenanceWindow: { days: [tue, thu], from: "23:00", to: "03:00" }';
const FIRST_WAVE = '  firstWave: 2 # customers; or firstWavePercent: 5';

function edited(file: string, line: string, replacement: string): Map<string, string> {
  const files = exampleFiles();
  const text = files.get(file) as string;
  expect(text).toContain(line);
  files.set(file, text.replace(line, replacement));
  return files;
}

async function diagnosticsOf(files: Map<string, string>): Promise<string[]> {
  const { diagnostics } = await validateRepository(memorySource(files), { schemas });
  return diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity}: ${d.message}`);
}

const lineOf = (file: string, text: string) =>
  (exampleFiles().get(file) as string).split('\n').findIndex((l) => l.includes(text)) + 1;

describe('a customer’s maintenance window', () => {
  const at = lineOf(NORDLICHT, 'maintenanceWindow:');
  it.each([
    ['one day, a few hours', '{ days: [sun], from: "02:00", to: "05:00" }', []],
    ['crossing midnight: Saturday 23:00 to Sunday 01:30', '{ days: [sat], from: "23:00", to: "01:30" }', []],
    ['whole days', '{ days: [sat, sun], from: "00:00", to: "24:00" }', []],
    ['unquoted times (YAML 1.2 reads them as text)', '{ days: [wed], from: 02:00, to: 04:00 }', []],
    [
      'a day spelled out',
      '{ days: [sunday], from: "02:00", to: "05:00" }',
      [
        `${NORDLICHT}:${at}:29 error: \`sunday\` is not a valid maintenanceWindow.days[0]: use one of mon, tue, wed, thu, fri, sat, sun`,
      ],
    ],
    [
      'a day that is no day',
      '{ days: [sum], from: "02:00", to: "05:00" }',
      [
        `${NORDLICHT}:${at}:29 error: \`sum\` is not a valid maintenanceWindow.days[0]: did you mean \`sun\`?`,
      ],
    ],
    [
      'a day twice',
      '{ days: [sun, sun], from: "02:00", to: "05:00" }',
      [
        `${NORDLICHT}:${at}:34 error: \`sun\` appears twice in maintenanceWindow.days (items 1 and 2): remove one`,
      ],
    ],
    [
      'no days',
      '{ days: [], from: "02:00", to: "05:00" }',
      [`${NORDLICHT}:${at}:28 error: maintenanceWindow.days needs at least 1 item`],
    ],
    [
      'an hour without its leading zero',
      '{ days: [sun], from: "2:00", to: "05:00" }',
      [
        `${NORDLICHT}:${at}:41 error: \`2:00\` is not a valid maintenanceWindow.from: must be a UTC time such as "02:00" or "23:30" (HH:MM, 24-hour clock; 24:00 ends the day)`,
      ],
    ],
    [
      'past the end of the day',
      '{ days: [sun], from: "22:00", to: "24:30" }',
      [
        `${NORDLICHT}:${at}:54 error: \`24:30\` is not a valid maintenanceWindow.to: must be a UTC time such as "02:00" or "23:30" (HH:MM, 24-hour clock; 24:00 ends the day)`,
      ],
    ],
    [
      'no closing time',
      '{ days: [sun], from: "02:00" }',
      [
        `${NORDLICHT}:${at}:20 error: missing required key \`to\` in maintenanceWindow (When the window closes (UTC), such as "05:00"; earlier than from: on the next day)`,
      ],
    ],
    [
      'opening and closing at once',
      '{ days: [sun], from: "02:00", to: "02:00" }',
      [
        `${NORDLICHT}:${at}:54 error: the window opens and closes at 02:00: give it a length, e.g. from: "02:00" to: "05:00", or from: "00:00" to: "24:00" for whole days`,
      ],
    ],
  ])('%s', async (_, window, expected) => {
    const files = edited(NORDLICHT, NORDLICHT_WINDOW, `maintenanceWindow: ${window}`);
    expect(await diagnosticsOf(files)).toEqual(expected);
  });
});

describe('neo.yaml’s rollout and default window', () => {
  const rollout = lineOf('neo.yaml', 'rollout:');
  const window = lineOf('neo.yaml', 'maintenanceWindow:');
  it.each([
    ['a share of the affected customers', FIRST_WAVE, '  firstWavePercent: 5', []],
    [
      'both a count and a share',
      FIRST_WAVE,
      '  firstWave: 2\n  firstWavePercent: 5',
      [
        `neo.yaml:${rollout + 1}:3 error: rollout sets both \`firstWave\` and \`firstWavePercent\`: keep only one`,
      ],
    ],
    [
      'neither',
      FIRST_WAVE,
      '',
      [
        `neo.yaml:${rollout + 2}:3 error: rollout needs \`firstWave\` or \`firstWavePercent\`: set one of them`,
      ],
    ],
    [
      'an empty first wave',
      FIRST_WAVE,
      '  firstWave: 0',
      [`neo.yaml:${rollout + 1}:14 error: rollout.firstWave is 0; it must be at least 1`],
    ],
    [
      'waves that shrink',
      '  growth: 2',
      '  growth: 0.5',
      [`neo.yaml:${rollout + 2}:11 error: rollout.growth is 0.5; it must be at least 1`],
    ],
    [
      'a default window of no length',
      DEFAULT_WINDOW,
      'maintenanceWindow: { days: [tue], from: "23:00", to: "23:00" }',
      [
        `neo.yaml:${window}:54 error: the window opens and closes at 23:00: give it a length, e.g. from: "23:00" to: "02:00", or from: "00:00" to: "24:00" for whole days`,
      ],
    ],
  ])('%s', async (_, line, replacement, expected) => {
    expect(await diagnosticsOf(edited('neo.yaml', line, replacement))).toEqual(expected);
  });
});

describe('the resolved customers', () => {
  it('take their own window, else neo.yaml’s, and are canaries only when their file says so', async () => {
    const { repository } = await validateRepository(memorySource(exampleFiles()), { schemas });
    const customers = new Map(resolveCustomers(repository).map((c) => [c.id, c]));
    expect(customers.get('nordlicht-media')?.maintenanceWindow).toEqual({
      days: ['sun'],
      from: '02:00',
      to: '05:00',
    });
    expect(customers.get('acme-corp')?.maintenanceWindow).toEqual({
      days: ['tue', 'thu'],
      from: '23:00',
      to: '03:00',
    });
    expect([...customers.values()].filter((c) => c.canary).map((c) => c.id)).toEqual([
      'bluefin-bakery',
      'tidewater-travel',
    ]);
  });

  it('have no window when neither their file nor neo.yaml gives one', async () => {
    const files = edited('neo.yaml', DEFAULT_WINDOW, '');
    const { repository } = await validateRepository(memorySource(files), { schemas });
    const windows = resolveCustomers(repository).filter((c) => c.maintenanceWindow !== undefined);
    expect(windows.map((c) => c.id)).toEqual(['nordlicht-media']);
  });
});
