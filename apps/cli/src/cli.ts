import { ConfigError } from '@app/config';
import { CliCommand, CliError, CliIo } from './cli-command';
import { backupCommand } from './commands/backup.command';
import { exportCommand } from './commands/export.command';
import { commandHelp, helpCommand, programName, usage, wantsHelp } from './commands/help.command';
import { importCommand } from './commands/import.command';
import { logCommand } from './commands/log.command';
import { projectionsRebuildCommand } from './commands/projections-rebuild.command';
import { projectionsStatusCommand } from './commands/projections-status.command';
import { replayCommand } from './commands/replay.command';
import { restoreCommand } from './commands/restore.command';
import { seedDemoCommand } from './commands/seed-demo.command';
import { statusCommand } from './commands/status.command';

export const COMMANDS: readonly CliCommand[] = [
  statusCommand,
  logCommand,
  seedDemoCommand,
  projectionsStatusCommand,
  projectionsRebuildCommand,
  exportCommand,
  replayCommand,
  importCommand,
  backupCommand,
  restoreCommand,
  helpCommand(() => COMMANDS),
];

export const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

/** The command whose words begin argv (the longest name wins), and the arguments after them. */
const find = (argv: readonly string[]): { command: CliCommand; args: readonly string[] } | undefined => {
  const matches = COMMANDS.filter((c) => {
    const words = c.name.split(' ');
    return words.every((word, i) => argv[i] === word);
  }).sort((a, b) => b.name.length - a.name.length);
  const command = matches[0];
  return command && { command, args: argv.slice(command.name.split(' ').length) };
};

/** Several commands share a first word (`projections status`, `projections rebuild`): that word alone names the group. */
const group = (word: string | undefined): readonly CliCommand[] => COMMANDS.filter((c) => word !== undefined && c.name.startsWith(`${word} `));

/** Runs one admin command; resolves to the process exit code. Errors are one line on stderr. */
export const runCli = async (argv: readonly string[], io: CliIo = processIo()): Promise<number> => {
  const program = programName(io.env);
  const helpAsked = argv[0] === 'help';
  // `help import` asks the same as `import --help`.
  const words = helpAsked ? (wantsHelp(argv.slice(1)) ? ['help'] : argv.slice(1)) : argv;
  if (words.length === 0 || (words.length === 1 && wantsHelp(words))) {
    io.stdout.write(usage(COMMANDS, program));
    return 0;
  }
  const found = find(words);
  if (found && (wantsHelp(found.args) || (helpAsked && found.args.length === 0))) {
    io.stdout.write(commandHelp(found.command, program));
    return 0;
  }
  if (!found || helpAsked) {
    // `projections --help` lists the group; `projections` alone lacks its subcommand.
    const commands = group(words[0]);
    const asks = helpAsked || wantsHelp(words.slice(1));
    if (commands.length > 0 && words.length === (asks && !helpAsked ? 2 : 1)) {
      (asks ? io.stdout : io.stderr).write(usage(commands, program));
      return asks ? 0 : 2;
    }
    io.stderr.write(`unknown command "${words.join(' ')}"; ${program} --help lists the commands\n`);
    return 2;
  }
  if (found.command.interruptible) io.interruption?.listen?.();
  try {
    await found.command.run(found.args, io);
    return 0;
  } catch (error) {
    const usageProblem = error instanceof CliError && error.exitCode === 2;
    const message = (error as Error).message.split('\n')[0];
    io.stderr.write(usageProblem ? `${found.command.name}: ${message}; ${program} ${found.command.name} --help shows its usage\n` : `${message}\n`);
    if (error instanceof CliError) return error.exitCode;
    if (!(error instanceof ConfigError) && io.env.DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
};
