import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateHistory, PlannedCommand } from '@app/demo';
import { deterministicUuid, DomainEvent, streamName } from '@app/domain/shared';
import { AppendResult, createEventStore, EventStore, NewEvent, PersonalDataEventStore, SqliteEventStore } from '@app/event-store';
import { BenchContext } from './context';

/** Commands per lead in the generated history (measured: about 9.3 events per lead). */
export const EVENTS_PER_LEAD = 9;
/**
 * Appends issued together: the embedded log commits them in one transaction (group commit). Late in a
 * large log each commit rewrites index pages all over the file (event ids and stream ids are random),
 * so fewer, larger commits write far less: 1M events took 433 s in batches of 5 000, 291 s in 50 000.
 */
const BATCH = 50_000;

export interface HistoryInfo {
  readonly events: number;
  readonly leads: number;
  readonly streams: number;
  readonly seconds: number;
  /** How the events are stored (HISTORY_FORMAT when written); a cached history of another format is written again. */
  readonly format?: number;
}

/**
 * Bumped whenever the product stores events differently, so a cached history is what the product
 * writes today. 2: personal data sealed under subject keys (a log written before holds plain text,
 * and reading it skips the decryption a real log pays for). 3: the events in the order the history
 * plans them (before, an append to a stream already written to in the same batch waited for that
 * batch's commit, so a batch's log held every stream's first append, then the second ones, and so on).
 */
export const HISTORY_FORMAT = 3;

/**
 * Writes the first `events` events of the seeded demo history (libs/demo) straight into a log: the
 * events the real deciders returned for each planned command (the history decides them as it plans,
 * on each stream's state; no HTTP, no load from the store), appended in large batches. The log holds
 * exactly what the deciders produce, with the metadata the write path would add.
 */
export const writeHistory = async (
  store: EventStore,
  options: { readonly seed: number; readonly events: number; readonly leads?: number; readonly log?: (m: string) => void },
): Promise<HistoryInfo> => {
  const started = Date.now();
  const leads = options.leads ?? Math.ceil(options.events / EVENTS_PER_LEAD);
  /** Each stream's last revision, for the expected revision of its next append. */
  const revisions = new Map<string, number>();
  // The embedded log (also behind the personal-data layer, which hands appends over in call order)
  // commits the appends issued in one turn in that order; a remote store gets a stream's appends one
  // after the other.
  const embedded = store instanceof SqliteEventStore || (store instanceof PersonalDataEventStore && store.inner instanceof SqliteEventStore);
  const chained = !embedded;
  let pending: Promise<AppendResult>[] = [];
  const lastOn = new Map<string, Promise<unknown>>();
  let written = 0;
  let capturedLeads = 0;
  let nextReport = 100_000;
  const flush = async () => {
    await Promise.all(pending);
    pending = [];
    lastOn.clear();
  };
  for (const planned of generateHistory({ seed: options.seed, leads, start: '2023-01-01', end: '2026-01-01' })) {
    const { events } = planned;
    if (events.length === 0) continue;
    const stream = streamName(planned.aggregate, planned.id);
    const revision = revisions.get(stream) ?? -1;
    const expected = revision < 0 ? 'no_stream' : revision;
    const take = Math.min(events.length, options.events - written);
    const toAppend = events.slice(0, take).map((event, i) => toNewEvent(event, planned, i));
    revisions.set(stream, revision + take);
    const append = () => store.append(stream, toAppend, expected);
    const previous = chained ? lastOn.get(stream) : undefined;
    const promise = previous ? previous.then(append) : append();
    if (chained) lastOn.set(stream, promise);
    pending.push(promise);
    written += take;
    if (planned.command.type === 'CaptureLead') capturedLeads++;
    if (pending.length >= BATCH) await flush();
    if (written >= nextReport) {
      options.log?.(`history: ${written.toLocaleString('en-US')} / ${options.events.toLocaleString('en-US')} events`);
      nextReport += 100_000;
    }
    if (written >= options.events) break;
  }
  await flush();
  return { events: written, leads: capturedLeads, streams: revisions.size, seconds: (Date.now() - started) / 1000, format: HISTORY_FORMAT };
};

const toNewEvent = (event: DomainEvent, planned: PlannedCommand, index: number): NewEvent => {
  const { context } = planned.command;
  return {
    type: event.type,
    version: event.version,
    data: event.data,
    metadata: {
      eventId: deterministicUuid('bench-history', planned.key, String(index)),
      occurredAt: context.occurredAt,
      recordedAt: context.now,
      actor: context.actor,
      correlationId: `bench:${planned.key}`,
      causationId: planned.key,
    },
  };
};

/** What BENCH_DIR holds of the embedded history of `events` events, if it is there in today's format. */
export const cachedHistory = (ctx: BenchContext, events: number): HistoryInfo | undefined => {
  if (ctx.eventStoreUrl) return undefined;
  const marker = join(ctx.dir, `history-s${ctx.seed}-e${events}`, 'history.json');
  if (!existsSync(marker)) return undefined;
  const info = JSON.parse(readFileSync(marker, 'utf8')) as HistoryInfo;
  return info.format === HISTORY_FORMAT ? info : undefined;
};

/**
 * A data folder (DATA_DIR layout: events.sqlite3, read-models.sqlite3) holding the first `events`
 * events of the seeded history. With the embedded log it is generated once and kept in BENCH_DIR
 * for later runs; with EVENTSTORE_URL the events go to that server (it must start empty).
 */
export const historyDataDir = async (ctx: BenchContext, events: number): Promise<{ dataDir: string; info: HistoryInfo }> => {
  const name = `history-s${ctx.seed}-e${events}`;
  const dataDir = join(ctx.dir, ctx.eventStoreUrl ? `${name}-remote-${Date.now()}` : name);
  const cached = cachedHistory(ctx, events);
  if (cached) return { dataDir, info: cached };
  const marker = join(dataDir, 'history.json');
  if (!ctx.eventStoreUrl && existsSync(marker)) {
    const format = (JSON.parse(readFileSync(marker, 'utf8')) as HistoryInfo).format ?? 1;
    ctx.log(`the cached history in ${dataDir} was written in format ${format}, not ${HISTORY_FORMAT}: writing it again`);
  }
  const building = `${dataDir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  ctx.log(`generating ${events.toLocaleString('en-US')} events of history (seed ${ctx.seed}) into ${ctx.eventStoreUrl ? 'EventStoreDB' : dataDir}`);
  const store = await createEventStore({ eventStoreUrl: ctx.eventStoreUrl, dataDir: building });
  let info: HistoryInfo;
  try {
    info = await writeHistory(store, { seed: ctx.seed, events, log: ctx.log });
  } finally {
    await store.close();
  }
  writeFileSync(join(building, 'history.json'), JSON.stringify(info));
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(building, dataDir);
  ctx.log(`history: ${info.events.toLocaleString('en-US')} events, ${info.leads.toLocaleString('en-US')} leads, ${info.streams.toLocaleString('en-US')} streams in ${info.seconds.toFixed(1)} s`);
  return { dataDir, info };
};
