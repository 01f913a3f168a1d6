import { CliCommand, CliIo } from '../cli-command';

/** Installed as the `l2c` bin (`npx l2c …` in the project); `npm run cli -- …` runs the same built file. */
export const PROGRAM = 'l2c';

/** How the user called us, so that hints can be copied as they are. */
export const programName = (env: CliIo['env']): string => (env.npm_lifecycle_event === 'cli' || env.npm_lifecycle_event === 'seed-demo' ? 'npm run cli --' : PROGRAM);

/** Asked for help anywhere among a command's arguments (before a `--` that ends the options). */
export const wantsHelp = (args: readonly string[]): boolean => {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
};

const ENVIRONMENT = 'It reads the API\'s environment: DATA_DIR (default ./data), EVENTSTORE_URL, MONGODB_URL; see the README\'s Configuration.';

/** `l2c --help`: every command with a line on what it does. */
export const usage = (commands: readonly CliCommand[], program = PROGRAM): string => {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.description}`);
  return [
    `usage: ${program} <command> [options]`,
    '',
    'commands:',
    ...lines,
    '',
    `${program} <command> --help shows a command's options and examples. ${ENVIRONMENT}`,
    `In the project: npx ${PROGRAM} <command>, or npm run cli -- <command>.`,
    '',
  ].join('\n');
};

/** `l2c <command> --help`: its usage line, what it does, its options and examples. */
export const commandHelp = (command: CliCommand, program = PROGRAM): string => {
  const width = Math.max(0, ...command.options.map(([option]) => option.length));
  return [
    `usage: ${program} ${command.name}${command.args ? ` ${command.args}` : ''}`,
    '',
    `${command.description[0].toUpperCase()}${command.description.slice(1)}.`,
    '',
    'options:',
    ...command.options.map(([option, meaning]) => `  ${option.padEnd(width)}  ${meaning}`),
    `  ${'-h, --help'.padEnd(width)}  this help`,
    '',
    'examples:',
    ...command.examples.map((example) => `  ${program} ${example}`),
    '',
  ].join('\n');
};

/** `help`: every command, or one command's help (`help import`). */
export const helpCommand = (commands: () => readonly CliCommand[]): CliCommand => ({
  name: 'help',
  args: '[<command>]',
  description: 'this list, or the help of one command',
  options: [],
  examples: ['help', 'help import', 'import --help'],
  // `help` and `help <command>` are answered by runCli, like `--help`.
  async run(_args, io) {
    io.stdout.write(usage(commands(), programName(io.env)));
  },
});
