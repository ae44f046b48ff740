// npm run bench: prints every benchmark figure beside its target. Figures, not assertions.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchPlan } from './plan.js';
import { benchSynth } from './synth.js';
import { benchValidate, type Figure } from './validate.js';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const CUSTOMERS = Number(process.env.NEO_BENCH_CUSTOMERS ?? 1000);

const figures: Figure[] = [
  ...(await benchValidate(PROJECT_ROOT, CUSTOMERS)),
  ...(await benchSynth(PROJECT_ROOT, CUSTOMERS)),
  ...(await benchPlan(PROJECT_ROOT, CUSTOMERS)),
];

const width = Math.max(...figures.map((f) => f.benchmark.length));
console.log(`${'benchmark'.padEnd(width)}  ${'measured'.padStart(10)}  target`);
for (const f of figures) {
  console.log(
    `${f.benchmark.padEnd(width)}  ${f.value.padStart(10)}  ${f.target}  ${f.target === '' ? '' : f.ok ? 'ok' : 'MISSED'}`.trimEnd(),
  );
}
console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}`);
