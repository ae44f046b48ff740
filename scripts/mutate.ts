// npm run mutate [-- <group>…]: Stryker over each group of the safety scope (stryker.config.mjs),
// one after another, then one table of every file's score. Exits 1 when the scope is below 90 %.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const GROUPS = ['apply', 'secrets', 'drift', 'observers'];
const TARGET = 90;

interface Report {
  files: Record<string, { mutants: Array<{ status: string }> }>;
}

interface Row {
  file: string;
  mutants: number;
  detected: number;
  survived: number;
  noCoverage: number;
}

const groups = process.argv.slice(2);
const unknown = groups.filter((g) => !GROUPS.includes(g));
if (unknown.length > 0) {
  console.error(`No such group: ${unknown.join(', ')}. The groups: ${GROUPS.join(', ')}.`);
  process.exit(2);
}

const rows: Row[] = [];
for (const group of groups.length > 0 ? groups : GROUPS) {
  const started = Date.now();
  const run = spawnSync('npx', ['stryker', 'run'], {
    stdio: 'inherit',
    env: { ...process.env, NEO_MUTATE_GROUP: group },
  });
  if (run.status !== 0) {
    console.error(`Stryker failed on the ${group} group (exit ${run.status}).`);
    process.exit(1);
  }
  console.log(`${group}: ${Math.round((Date.now() - started) / 1000)} s`);
  rows.push(
    ...rowsOf(JSON.parse(readFileSync(join('.neo/stryker', `${group}-report.json`), 'utf8')) as Report),
  );
}

const total = rows.reduce(
  (sum, r) => ({
    file: 'all',
    mutants: sum.mutants + r.mutants,
    detected: sum.detected + r.detected,
    survived: sum.survived + r.survived,
    noCoverage: sum.noCoverage + r.noCoverage,
  }),
  { file: 'all', mutants: 0, detected: 0, survived: 0, noCoverage: 0 },
);
console.log(
  ['file | mutants | detected | survived | no coverage | score', ...[...rows, total].map(line)].join('\n'),
);
if (score(total) < TARGET) {
  console.error(`The safety scope scores ${score(total).toFixed(1)} %, below ${TARGET} %.`);
  process.exit(1);
}

/** Killed and timed out count as detected, as Stryker counts them; ignored ones not at all. */
function rowsOf(report: Report): Row[] {
  return Object.entries(report.files).map(([file, { mutants }]) => {
    const count = (...statuses: string[]) => mutants.filter((m) => statuses.includes(m.status)).length;
    const detected = count('Killed', 'Timeout');
    const survived = count('Survived');
    const noCoverage = count('NoCoverage');
    return { file, mutants: detected + survived + noCoverage, detected, survived, noCoverage };
  });
}

function score(r: Row): number {
  return r.mutants === 0 ? 100 : (r.detected / r.mutants) * 100;
}

function line(r: Row): string {
  return `${r.file} | ${r.mutants} | ${r.detected} | ${r.survived} | ${r.noCoverage} | ${score(r).toFixed(1)} %`;
}
