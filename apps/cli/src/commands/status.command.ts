import { CliCommand, parseFlags } from '../cli-command';
import { cliConfig, withEventStore } from '../stores';

export const statusCommand: CliCommand = {
  name: 'status',
  args: '',
  description: 'position of the last event in the log',
  options: [],
  examples: ['status'],
  async run(args, io) {
    parseFlags(args, {});
    const headPosition = await withEventStore(cliConfig(io), (store) => store.headPosition());
    io.stdout.write(`${JSON.stringify({ headPosition })}\n`);
  },
};
