// Runs a neo command in this process and reports its peak memory on stderr as the last line.
// Usage: node dist/bench/probe.js <dist/src/main.js> <neo arguments…>
import { pathToFileURL } from 'node:url';

const [main, ...args] = process.argv.slice(2);
if (main === undefined) throw new Error('usage: probe.js <main.js> <args…>');
process.argv = [process.argv[0] as string, main, ...args];
process.on('exit', () => {
  process.stderr.write(`${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
});
await import(pathToFileURL(main).href);
