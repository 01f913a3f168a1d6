import { RecordedEvent } from '@app/domain/shared';
import { choiceFlag, CliCommand, CliIo, parseFlags } from '../cli-command';
import { csvRecord } from '../csv';
import { EventQuery, parseEventQuery, readEventPages } from '../event-range';
import { isClosedPipe, openOutput } from '../output';
import { Progress } from '../progress';
import { CliConfig, cliConfig, withEventStore } from '../stores';
import { recordCliAccess, statedPurpose } from '../access';

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  readonly query: EventQuery;
  readonly format: ExportFormat;
  /** A file; undefined: stdout. */
  readonly out?: string;
  /** Why (recorded in the access log before any event is written out). */
  readonly purpose: string;
}

export const EXPORT_CSV_COLUMNS = ['position', 'streamId', 'revision', 'type', 'version', 'occurredAt', 'recordedAt', 'actor', 'correlationId', 'causationId', 'data'] as const;

const csvLine = (e: RecordedEvent): string =>
  csvRecord([e.position, e.streamId, e.revision, e.type, e.version, e.metadata.occurredAt, e.metadata.recordedAt, e.metadata.actor, e.metadata.correlationId, e.metadata.causationId, JSON.stringify(e.data)]);

/** NDJSON: one event per line, exactly as `log` prints it. */
const ndjsonLine = (e: RecordedEvent): string => `${JSON.stringify(e)}\n`;

/**
 * Streams the matching events (upcast to their current version) in log order to a file or stdout. A
 * page of events is read only once the previous one was taken by the output, so memory stays bounded
 * whatever the size of the log, and a slow reader slows the export down instead of filling memory.
 */
export const exportEvents = async (config: CliConfig, options: ExportOptions, io: CliIo): Promise<{ events: number; seconds: number }> =>
  withEventStore(config, async (store) => {
    const output = openOutput(options.out, io.stdout);
    const progress = new Progress(io.stderr, 'export', 'events');
    const line = options.format === 'csv' ? csvLine : ndjsonLine;
    let events = 0;
    try {
      // No record, no data: the look is in the access log before the first event goes out.
      await recordCliAccess(store, io, { command: 'export', purpose: options.purpose });
      if (options.format === 'csv') await output.write(csvRecord(EXPORT_CSV_COLUMNS));
      for await (const page of readEventPages(store, options.query)) {
        if (page.events.length > 0) await output.write(page.events.map(line).join(''));
        events += page.events.length;
        progress.update({ done: events, fraction: page.fraction });
      }
      progress.update({ done: events, fraction: 1 }, true);
      await output.finish();
    } catch (error) {
      output.abort();
      // `export | head`: the reader has what it wanted.
      if (!isClosedPipe(error)) throw error;
    } finally {
      progress.finish();
    }
    return { events, seconds: Math.round(progress.elapsedMs / 100) / 10 };
  });

export const exportCommand: CliCommand = {
  name: 'export',
  args: '--purpose <why> [--from <date|position>] [--to <date|position>] [--types <a,b>] [--streams <prefix,…>] [--format ndjson|csv] [--out <file>]',
  description: 'events (upcast) as NDJSON or CSV to a file or stdout; dates filter on business time (occurredAt), positions on the log position',
  options: [
    ['--purpose <why>', 'why you read personal data; recorded in the access log (or L2C_PURPOSE). Required'],
    ['--from <date|position>', 'from this business day (2026-01-01), ISO date-time with zone, or log position (1200)'],
    ['--to <date|position>', 'through this day (included), before this date-time, or through this position'],
    ['--types <a,b>', 'only these event types'],
    ['--streams <prefix,…>', 'only streams whose id starts with one of these (lead-,customer-)'],
    ['--format ndjson|csv', 'output format (default ndjson)'],
    ['--out <file>', 'write to this file (complete or not at all) instead of stdout'],
  ],
  examples: [
    "export --purpose 'data warehouse load' > events.ndjson",
    "export --format csv --out q1.csv --from 2026-01-01 --to 2026-03-31 --purpose 'quarterly report'",
  ],
  async run(args, io) {
    const { values } = parseFlags(args, { from: 'string', to: 'string', types: 'string', streams: 'string', format: 'string', out: 'string', purpose: 'string' });
    const options: ExportOptions = { query: parseEventQuery(values), format: choiceFlag(values.format, 'format', EXPORT_FORMATS, 'ndjson'), out: values.out, purpose: statedPurpose(values.purpose, io) };
    const summary = await exportEvents(cliConfig(io), options, io);
    // On stdout the events are the output; a summary only goes beside a file.
    if (options.out) io.stdout.write(`exported ${summary.events} events to ${options.out} in ${summary.seconds} s\n`);
  },
};
