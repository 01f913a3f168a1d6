import { ConfigError, loadConfig } from '@app/config';
import { upcastEvent } from '@app/domain';
import { createEventStore, EventStore } from '@app/event-store';

/**
 * Admin command line. Reads the same environment as the API (DATA_DIR, EVENTSTORE_URL) and works on
 * the same log; it may run while the API runs.
 *
 *   npm run cli -- status
 *   npm run cli -- log [--stream lead-<id>] [--after <position>] [--types LeadCaptured,LeadStageAdvanced] [--limit 100]
 */
const USAGE = `usage: npm run cli -- <command> [options]

commands:
  status                         position of the last event in the log
  log [--stream <streamId>] [--prefix <streamPrefix>] [--after <position>] [--types <a,b>] [--limit <n>]
                                 events as NDJSON, oldest first (upcast to their current version)
`;

type Options = Record<string, string>;

const parseOptions = (args: readonly string[]): Options => {
  const options: Options = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i];
    if (!flag.startsWith('--') || args[i + 1] === undefined) throw new ConfigError(`unexpected argument "${flag}"\n${USAGE}`);
    options[flag.slice(2)] = args[i + 1];
  }
  return options;
};

const nonNegative = (options: Options, name: string, fallback: number): number => {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`--${name} must be a non-negative integer, got "${raw}"`);
  return value;
};

const PAGE = 500;

const commands: Record<string, (store: EventStore, options: Options) => Promise<void>> = {
  async status(store) {
    process.stdout.write(`${JSON.stringify({ headPosition: await store.headPosition() })}\n`);
  },

  async log(store, options) {
    const limit = nonNegative(options, 'limit', Number.MAX_SAFE_INTEGER);
    const types = options.types?.split(',').filter(Boolean);
    if (options.stream) {
      const events = await store.readStream(options.stream, { fromRevision: 0, maxCount: limit });
      for (const event of events) process.stdout.write(`${JSON.stringify(upcastEvent(event))}\n`);
      return;
    }
    let after = nonNegative(options, 'after', 0);
    for (let written = 0; written < limit; ) {
      const page = await store.readAll({ after, maxCount: Math.min(PAGE, limit - written), types, streamPrefix: options.prefix });
      for (const event of page) process.stdout.write(`${JSON.stringify(upcastEvent(event))}\n`);
      written += page.length;
      if (page.length === 0) break;
      after = page[page.length - 1].position;
    }
  },
};

const main = async (argv: readonly string[]): Promise<void> => {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(name && name !== 'help' && name !== '--help' ? `unknown command "${name}"\n${USAGE}` : USAGE);
    process.exitCode = name && name !== 'help' && name !== '--help' ? 2 : 0;
    return;
  }
  const options = parseOptions(rest);
  const config = loadConfig();
  const store = await createEventStore({ eventStoreUrl: config.eventStoreUrl, dataDir: config.dataDir });
  try {
    await command(store, options);
  } finally {
    await store.close();
  }
};

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
});
