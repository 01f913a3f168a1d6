import { basename } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DomainError, RecordedEvent } from '@app/domain/shared';
import { EventStore, WrongExpectedRevisionError } from '@app/event-store';
import { LeadStageAdvancedData } from '@app/domain/lead';
import { complaintCustomerRefusal } from '@app/application/complaints/complaint-customer';
import { customerRegistrationFor } from '@app/application/won-lead-registration';
import { SystemClock } from '@app/application/clock';
import { CommandExecutor } from '@app/application/command-executor';
import { CommandFactory } from '@app/application/command-request';
import { WriteContext } from '@app/application/write-context';
import { CliError, CliIo } from '../cli-command';
import { NOT_INTERRUPTED, StopSignal } from '../interruption';
import { Progress } from '../progress';
import { CliConfig, withEventStore } from '../stores';
import { DryRunEventStore } from './dry-run-event-store';
import { loadMapping, mappedColumns } from './import-mapping';
import { MappedCommand, mapRow, refusalError, RowError, SourceRow } from './row-mapper';
import { checkColumns, openRowSource } from './row-reader';

export interface ImportOptions {
  /** A .csv or .xlsx file. */
  readonly file: string;
  /** The mapping (JSON). */
  readonly mapping: string;
  /** Decide every command on the real log, write nothing. */
  readonly dryRun: boolean;
  /** Recorded as the actor of every event. Event ids derive from it and each command's content: re-run an import with the same actor. */
  readonly actor: string;
}

export interface ImportSummary {
  readonly file: string;
  readonly dryRun: boolean;
  /** Data rows (blank rows are not counted). */
  readonly rowsRead: number;
  /** Rows with at least one error (then at least one of its commands was not carried out). */
  readonly rowsRejected: number;
  /** Commands that wrote events (or would have, in a dry run). */
  readonly commandsAccepted: number;
  /** Commands refused by validation or by the domain (the valid commands of a row that fails validation are not run, nor counted). */
  readonly commandsRejected: number;
  /** Commands that wrote nothing because their events are already in the log: imported before. */
  readonly commandsSkipped: number;
  /** Including the customer files opened by won leads. */
  readonly eventsWritten: number;
  /** By row number. */
  readonly errors: readonly RowError[];
  readonly seconds: number;
  /** Stopped by this signal before the end of the file: the rows read were finished, the rest not read. */
  readonly interrupted?: StopSignal;
}

/** Rows in progress at once; appends that arrive together share one commit (the embedded log's group commit). */
const WINDOW = 32;

/**
 * The one write path for every row's commands, the application's: the use case's mapping (made in
 * row-mapper.ts), the CommandFactory (time, actor) and the CommandExecutor (load, decide, append with
 * the expected revision, idempotency). A won lead opens its customer file by the same rule as the
 * stage command over HTTP (customerRegistrationFor).
 */
class ImportWriter {
  private readonly executor: CommandExecutor;
  private readonly factory = new CommandFactory(new SystemClock());

  constructor(store: EventStore, config: CliConfig) {
    this.executor = new CommandExecutor(store, config);
  }

  /** Events appended; a DomainError when refused. */
  async execute(mapped: MappedCommand, ctx: WriteContext): Promise<number> {
    const { id, type, body, request } = mapped;
    // A complaint is about a customer on file, here as over HTTP (the same use-case rule).
    const refusal = type === 'LogComplaint' ? await complaintCustomerRefusal(this.executor, String(body.customerId)) : undefined;
    if (refusal) throw refusal;
    const outcome = await this.executor.execute(this.factory.create(request, ctx));
    const opened = type === 'AdvanceLeadStage' && body.to === 'won' ? await this.openCustomerFile(id, outcome.events, ctx) : 0;
    return outcome.events.length + opened;
  }

  /** Also when the stage move was imported before: a run stopped in between still opens the file. */
  private async openCustomerFile(leadId: string, appended: readonly { type: string; data: unknown; metadata: RecordedEvent['metadata'] }[], ctx: WriteContext): Promise<number> {
    const wonNow = appended.find((e) => e.type === 'LeadStageAdvanced' && (e.data as LeadStageAdvancedData).to === 'won');
    const won =
      wonNow ??
      (await this.executor.load('lead', leadId)).events.findLast((e) => e.type === 'LeadStageAdvanced' && (e.data as LeadStageAdvancedData).to === 'won');
    if (!won) return 0;
    const registration = await customerRegistrationFor(this.executor, leadId, won.metadata);
    if (!registration) return 0;
    try {
      return (await this.executor.execute(this.factory.create(registration, { ...ctx, causationId: won.metadata.eventId }))).events.length;
    } catch (error) {
      // Opened meanwhile (the API's policy): the existing file is the answer.
      if (error instanceof DomainError && error.kind === 'already_exists') return 0;
      throw error;
    }
  }
}

/**
 * Imports a CSV or XLSX file: each row becomes the commands its mapping says, validated like HTTP
 * requests and carried out through the one write path, with back-dated business times. Rows run a few
 * at a time, but rows touching the same records run in file order. Importing the same file again
 * changes nothing: every command's idempotency key comes from its content, so the event ids are those
 * of the first run and the write path recognises them.
 */
export const runImport = async (config: CliConfig, options: ImportOptions, io: CliIo): Promise<ImportSummary> => {
  const mapping = await loadMapping(options.mapping);
  const source = await openRowSource(options.file, mapping);
  checkColumns(source.header, mappedColumns(mapping), options.file);
  const fileName = basename(options.file);
  const correlationId = `import-${randomUUID()}`;

  return withEventStore(config, async (log) => {
    const store = options.dryRun ? new DryRunEventStore(log) : log;
    const writer = new ImportWriter(store, config);
    const progress = new Progress(io.stderr, options.dryRun ? 'import (dry run)' : 'import', 'rows');
    const counts = { rowsRead: 0, commandsAccepted: 0, commandsRejected: 0, commandsSkipped: 0, eventsWritten: 0 };
    /** Rows whose commands have all finished (or that were rejected before any ran). */
    let rowsDone = 0;
    const draw = (force = false) => {
      const { total, blank } = source.progress();
      progress.update({ done: rowsDone + blank, total, detail: `${counts.commandsAccepted} accepted, ${counts.commandsRejected} rejected, ${counts.commandsSkipped} skipped` }, force);
    };
    const errors: RowError[] = [];
    const inFlight = new Set<Promise<void>>();
    const lastOn = new Map<string, Promise<void>>();
    let failure: unknown;

    const runRow = async (row: SourceRow, commands: readonly MappedCommand[]): Promise<void> => {
      for (const command of commands) {
        const ctx: WriteContext = { actor: options.actor, correlationId, causationId: `${fileName}#row-${row.number}`, idempotencyKey: command.idempotencyKey };
        try {
          const events = await writer.execute(command, ctx);
          if (events > 0) counts.commandsAccepted++;
          else counts.commandsSkipped++;
          counts.eventsWritten += events;
        } catch (error) {
          const refused = error instanceof DomainError ? refusalError(row, command, error) : undefined;
          const conflict = error instanceof WrongExpectedRevisionError ? { row: row.number, target: command.target.name, column: '', reason: `${error.message}: the record kept changing meanwhile; import again` } : undefined;
          if (!refused && !conflict) throw error;
          counts.commandsRejected++;
          errors.push((refused ?? conflict)!);
          // The row's later commands build on this one (a stage move on a lead that was not captured).
          return;
        }
      }
    };

    const start = (row: SourceRow, commands: readonly MappedCommand[]): void => {
      const streams = [...new Set(commands.flatMap((c) => c.streams))];
      const after = Promise.all(streams.map((s) => lastOn.get(s)));
      const running = after
        .then(() => runRow(row, commands))
        .then(() => {
          rowsDone++;
          draw();
        })
        .catch((error: unknown) => void (failure ??= error));
      inFlight.add(running);
      streams.forEach((s) => lastOn.set(s, running));
      void running.then(() => {
        inFlight.delete(running);
        streams.forEach((s) => lastOn.get(s) === running && lastOn.delete(s));
      });
    };

    const stop = io.interruption ?? NOT_INTERRUPTED;
    try {
      for await (const row of source.rows()) {
        // Stopping between rows: the rows already started finish (each command is appended whole or
        // not at all), the rest are not read; importing the file again skips the rows done.
        if (stop.signal) break;
        counts.rowsRead++;
        const mapped = await mapRow(row, mapping);
        if (mapped.errors.length) {
          errors.push(...mapped.errors);
          counts.commandsRejected += new Set(mapped.errors.map((e) => e.target)).size;
          rowsDone++;
        } else if (mapped.commands.length) {
          while (inFlight.size >= WINDOW) await Promise.race(inFlight);
          if (failure) break;
          start(row, mapped.commands);
        } else {
          rowsDone++;
        }
        draw();
      }
      await Promise.all(inFlight);
    } finally {
      progress.finish();
    }
    if (failure) throw new CliError(`import stopped: ${(failure as Error).message?.split('\n')[0] ?? String(failure)} (rows done so far stay imported; importing again skips them)`);
    const sorted = [...errors].sort((a, b) => a.row - b.row);
    return {
      file: options.file,
      dryRun: options.dryRun,
      ...counts,
      rowsRejected: new Set(sorted.map((e) => e.row)).size,
      errors: sorted,
      seconds: Math.round(progress.elapsedMs / 100) / 10,
      ...(stop.signal ? { interrupted: stop.signal } : {}),
    };
  });
};
