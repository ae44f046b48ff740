// npm run bench: prints every benchmark figure beside its target. Figures, not assertions, except
// those marked required (a promise such as nobody throttled), whose miss fails the run.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDrift } from './drift.js';
import { benchGitHub } from './github.js';
import { benchPlan } from './plan.js';
import { benchSynth } from './synth.js';
import { benchValidate, type Figure } from './validate.js';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CUSTOMERS = Number(process.env.NEO_BENCH_CUSTOMERS ?? 1000);

const BENCHES = {
  validate: benchValidate,
  synth: benchSynth,
  plan: benchPlan,
  drift: benchDrift,
  github: benchGitHub,
};
// NEO_BENCH_ONLY=drift,plan runs a subset while working on one figure.
const only = process.env.NEO_BENCH_ONLY?.split(',');

const figures: Figure[] = [];
for (const [name, bench] of Object.entries(BENCHES)) {
  if (only === undefined || only.includes(name)) figures.push(...(await bench(PROJECT_ROOT, CUSTOMERS)));
}

const width = Math.max(...figures.map((f) => f.benchmark.length));
console.log(`${'benchmark'.padEnd(width)}  ${'figure'.padStart(10)}  ${'how'.padEnd(9)}  target`);
for (const f of figures) {
  const verdict = f.target === '' ? '' : f.ok ? 'ok' : 'MISSED';
  console.log(
    `${f.benchmark.padEnd(width)}  ${f.value.padStart(10)}  ${f.kind.padEnd(9)}  ${f.target}  ${verdict}`.trimEnd(),
  );
}
console.log(
  '\nhow: measured = timed or counted in this run; simulated = timed in this run, but made of the\n' +
    "bench's stand-ins for AWS (call latencies, token buckets) and neo's pacing; computed = worked out\n" +
    'from other figures, not timed.',
);
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
const broken = figures.filter((f) => f.required === true && !f.ok);
if (broken.length > 0) {
  console.error(
    `\nFAILED: ${broken.map((f) => `${f.benchmark.trim()}: ${f.value}, not ${f.target}`).join('; ')}`,
  );
  process.exitCode = 1;
}
