import {
  APPLY_USAGE,
  applyCommand,
  DRIFT_USAGE,
  driftCommand,
  PLAN_USAGE,
  planCommand,
  SUMMARY_USAGE,
  SYNTH_USAGE,
  summaryCommand,
  synthCommand,
  VALIDATE_USAGE,
  validateCommand,
} from './commands/index.js';
import { type CommandContext, defaultContext, EXIT, type Io, UsageError } from './services/index.js';

type Command = (args: string[], context: CommandContext) => Promise<number>;

/** `usageExit`: for commands whose exit 2 means something else (drift found). */
const COMMANDS: Record<string, { run: Command; usage: string; about: string; usageExit?: number }> = {
  validate: { run: validateCommand, usage: VALIDATE_USAGE, about: 'check customer, plan and platform specs' },
  summary: {
    run: summaryCommand,
    usage: SUMMARY_USAGE,
    about: 'validate, then show customers, plans and revenue',
  },
  synth: { run: synthCommand, usage: SYNTH_USAGE, about: "write each customer's Terraform stack" },
  plan: {
    run: planCommand,
    usage: PLAN_USAGE,
    about: 'show what a change does to each customer, risks first',
  },
  apply: {
    run: applyCommand,
    usage: APPLY_USAGE,
    about: 'make the cloud match the repository, customer by customer',
  },
  drift: {
    run: driftCommand,
    usage: DRIFT_USAGE,
    about: 'compare the live cloud with the repository, per customer',
    usageExit: EXIT.failed,
  },
};

export const USAGE = `neo: the GitOps reconciler of the NEO hosting platform

Usage: neo <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.about}`)
  .join('\n')}

Run neo <command> --help for its options.
`;

/** Runs one invocation of neo and returns its exit status; never exits the process itself. */
export async function runCli(
  argv: string[],
  io: Io,
  context: CommandContext = defaultContext(io),
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`neo: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(args, context);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr.write(`neo ${name}: ${(error as Error).message}\n\n${command.usage}`);
      return command.usageExit ?? EXIT.usage;
    }
    throw error;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
