import { ConfigError } from '@app/config';
import { CliCommand, CliError, CliIo } from './cli-command';
import { backupCommand } from './commands/backup.command';
import { exportCommand } from './commands/export.command';
import { helpCommand, usage } from './commands/help.command';
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

/** Runs one admin command; resolves to the process exit code. Errors are one line on stderr. */
export const runCli = async (argv: readonly string[], io: CliIo = processIo()): Promise<number> => {
  const found = argv[0] === '--help' || argv.length === 0 ? find(['help']) : find(argv);
  if (!found) {
    io.stderr.write(`unknown command "${argv.join(' ')}"\n${usage(COMMANDS)}`);
    return 2;
  }
  try {
    await found.command.run(found.args, io);
    return 0;
  } catch (error) {
    const usageProblem = error instanceof CliError && error.exitCode === 2;
    io.stderr.write(`${(error as Error).message.split('\n')[0]}\n${usageProblem ? `usage: npm run cli -- ${found.command.name} ${found.command.args}\n` : ''}`);
    if (error instanceof CliError) return error.exitCode;
    if (!(error instanceof ConfigError) && io.env.DEBUG) io.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
};
