// npm run bench: prints every benchmark figure beside its target. Figures, not assertions.
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
console.log(`${'benchmark'.padEnd(width)}  ${'measured'.padStart(10)}  target`);
for (const f of figures) {
  console.log(
    `${f.benchmark.padEnd(width)}  ${f.value.padStart(10)}  ${f.target}  ${f.target === '' ? '' : f.ok ? 'ok' : 'MISSED'}`.trimEnd(),
  );
}
console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}`);
