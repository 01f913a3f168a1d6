import { EventStore } from '@app/event-store';
import { CliCommand, CliError, CliIo, choiceFlag, parseFlags } from '../cli-command';
import { csvTable } from '../csv';
import { EventQuery, parseEventQuery, readEventPages } from '../event-range';
import { openOutput } from '../output';
import { Progress } from '../progress';
import { loadProjectionModule, ProjectionModule } from '../replay/projection-module';
import { CliConfig, cliConfig, withEventStore } from '../stores';
import { recordCliAccess, statedPurpose } from '../access';

export const REPLAY_FORMATS = ['json', 'csv'] as const;
export type ReplayFormat = (typeof REPLAY_FORMATS)[number];

export interface ReplayOptions {
  /** Path of the projection module (.ts or .js). */
  readonly module: string;
  readonly query: Pick<EventQuery, 'fromPosition' | 'toPosition' | 'fromTime' | 'toTime'>;
  readonly format: ReplayFormat;
  readonly out?: string;
  /** Why (recorded in the access log before the module sees any event). */
  readonly purpose: string;
}

/** Maps and sets, which a fold may well use, are written as objects and arrays. */
const jsonReplacer = (_key: string, value: unknown): unknown => (value instanceof Map ? Object.fromEntries(value) : value instanceof Set ? [...value] : value);

export const formatResult = (result: unknown, format: ReplayFormat): string => {
  if (format === 'json') return `${JSON.stringify(result ?? null, jsonReplacer, 2)}\n`;
  const table = csvTable(JSON.parse(JSON.stringify(result ?? null, jsonReplacer)));
  if (table === undefined) throw new CliError('--format csv needs the result to be an array of flat objects (strings, numbers, booleans); shape it with result(state), or use --format json');
  return table;
};

/**
 * Folds an analyst's projection module over the log (page by page, in log order) and returns its
 * result: `result(state)` when the module exports it, else the final state.
 */
export const replay = async (config: CliConfig, options: ReplayOptions, io: CliIo): Promise<{ result: unknown; events: number }> => {
  const projection = loadProjectionModule(options.module);
  const query: EventQuery = { ...options.query, types: projection.types?.length ? projection.types : undefined };
  // Opened first: an --out that cannot be written fails before the replay, not after it.
  const output = openOutput(options.out, io.stdout);
  try {
    const replayed = await withEventStore(config, async (store) => {
      await recordCliAccess(store, io, { command: 'replay', purpose: options.purpose });
      return fold(store, projection, query, options.module, io);
    });
    await output.write(formatResult(replayed.result, options.format));
    await output.finish();
    return replayed;
  } catch (error) {
    output.abort();
    throw error;
  }
};

const fold = async (store: EventStore, projection: ProjectionModule, query: EventQuery, module: string, io: CliIo): Promise<{ result: unknown; events: number }> => {
  const progress = new Progress(io.stderr, 'replay', 'events');
  let state = typeof projection.initialState === 'function' ? (projection.initialState as () => unknown)() : structuredClone(projection.initialState);
  let folded = 0;
  try {
    for await (const page of readEventPages(store, query)) {
      for (const event of page.events) {
        try {
          if (projection.filter && !projection.filter(event)) continue;
          state = projection.evolve(state, event);
        } catch (error) {
          throw new CliError(`${module} failed on event ${event.position} (${event.type} on ${event.streamId}): ${(error as Error)?.message ?? String(error)}`);
        }
        folded++;
      }
      progress.update({ done: folded, fraction: page.fraction });
    }
    progress.update({ done: folded, fraction: 1 }, true);
  } finally {
    progress.finish();
  }
  try {
    return { result: projection.result ? projection.result(state) : state, events: folded };
  } catch (error) {
    throw new CliError(`${module}: result(state) failed: ${(error as Error)?.message ?? String(error)}`);
  }
};

export const replayCommand: CliCommand = {
  name: 'replay',
  args: '<module.ts|module.js> --purpose <why> [--from <date|position>] [--to <date|position>] [--format json|csv] [--out <file>]',
  description: 'runs your own projection (initialState, evolve(state, event), optional types, filter, result) over the log and writes its result',
  options: [
    ['<module.ts|module.js>', 'the projection: exports initialState, evolve(state, event), optional types, filter, result'],
    ['--purpose <why>', 'why you read personal data; recorded in the access log (or L2C_PURPOSE). Required'],
    ['--from <date|position>', 'as for export'],
    ['--to <date|position>', 'as for export'],
    ['--format json|csv', 'output format (default json)'],
    ['--out <file>', 'write to this file instead of stdout'],
  ],
  examples: [
    "replay examples/win-rate-by-capture-month.ts --format csv --purpose 'win rate analysis'",
  ],
  async run(args, io) {
    const { values, positionals } = parseFlags(args, { from: 'string', to: 'string', format: 'string', out: 'string', purpose: 'string' }, ['module']);
    const { fromPosition, toPosition, fromTime, toTime } = parseEventQuery(values);
    const options: ReplayOptions = { module: positionals[0], query: { fromPosition, toPosition, fromTime, toTime }, format: choiceFlag(values.format, 'format', REPLAY_FORMATS, 'json'), out: values.out, purpose: statedPurpose(values.purpose, io) };
    const { events } = await replay(cliConfig(io), options, io);
    if (options.out) io.stdout.write(`replayed ${events} events through ${options.module} into ${options.out}\n`);
  },
};
