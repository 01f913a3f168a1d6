import { CliCommand } from '../cli-command';

export const usage = (commands: readonly CliCommand[]): string => {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.flatMap((c) => [`  ${c.name.padEnd(width)}  ${c.description}`, ...(c.args ? [`  ${' '.repeat(width)}  ${c.name} ${c.args}`] : [])]);
  return `usage: npm run cli -- <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nThe CLI reads the API's environment: DATA_DIR, EVENTSTORE_URL, MONGODB_URL.\n`;
};

/** `help`: every command, with its arguments. */
export const helpCommand = (commands: () => readonly CliCommand[]): CliCommand => ({
  name: 'help',
  args: '',
  description: 'this list',
  async run(_args, io) {
    io.stdout.write(usage(commands()));
  },
});
