#!/usr/bin/env node
import { runCli } from './cli.js';

// The only place that touches the real process: commands return their exit status.
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
