#!/usr/bin/env node
import { runCli } from './cli.js';

// The only place that touches the real process: commands return their exit status.
// A reader that stops early (`neo plan | head`) closes the pipe: that ends output, not in error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
const io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `neo: internal error (a bug, please report it with this output):\n${(error as Error)?.stack ?? String(error)}\n`,
    );
    process.exitCode = 70;
  },
);
