import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateHistory, PlannedCommand } from '@app/demo';
import { Command, deterministicUuid, DomainEvent, isRefusal, streamName } from '@app/domain/shared';
import { AppendResult, createEventStore, EventStore, NewEvent, SqliteEventStore } from '@app/event-store';
import { deciderOf } from '../../apps/api/src/shared/commands/aggregates';
import { BenchContext } from './context';

/** Commands per lead in the generated history (measured: about 9.3 events per lead). */
const EVENTS_PER_LEAD = 9;
/** Appends issued together: the embedded log commits them in one transaction (group commit). */
const BATCH = 5_000;

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
 * and reading it skips the decryption a real log pays for).
 */
export const HISTORY_FORMAT = 2;

export interface StreamState {
  state: unknown;
  revision: number;
}

/**
 * Writes the first `events` events of the seeded demo history (libs/demo) straight into a log:
 * every planned command is decided in process by the real decider on the stream's folded state (no
 * HTTP, no load from the store), and the events it returns are appended in large batches. The log
 * holds exactly what the deciders produce, with the metadata the write path would add.
 */
export const writeHistory = async (
  store: EventStore,
  options: { readonly seed: number; readonly events: number; readonly leads?: number; readonly log?: (m: string) => void },
): Promise<HistoryInfo> => {
  const started = Date.now();
  const leads = options.leads ?? Math.ceil(options.events / EVENTS_PER_LEAD);
  const streams = new Map<string, StreamState>();
  const chained = !(store instanceof SqliteEventStore);
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
    const events = decide(streams, planned);
    if (events.length === 0) continue;
    const stream = streamName(planned.aggregate, planned.id);
    const tracked = streams.get(stream)!;
    const expected = tracked.revision < 0 ? 'no_stream' : tracked.revision;
    const take = Math.min(events.length, options.events - written);
    const toAppend = events.slice(0, take).map((event, i) => toNewEvent(event, planned, i));
    tracked.revision += take;
    // The embedded log commits appends issued in one turn in order, in one transaction; a remote
    // store gets appends to the same stream one after the other.
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
  return { events: written, leads: capturedLeads, streams: streams.size, seconds: (Date.now() - started) / 1000, format: HISTORY_FORMAT };
};

/** The decider's events for the command on the stream's current state (the state is then evolved). */
export const decide = (streams: Map<string, StreamState>, planned: PlannedCommand): readonly DomainEvent[] => {
  const decider = deciderOf(planned.aggregate);
  const stream = streamName(planned.aggregate, planned.id);
  let tracked = streams.get(stream);
  if (!tracked) streams.set(stream, (tracked = { state: decider.initialState, revision: -1 }));
  const decision = decider.decide(planned.command as Command, tracked.state);
  if (isRefusal(decision)) throw new Error(`history: the domain refused ${planned.command.type} on ${stream}: ${decision.code} ${decision.message}`);
  tracked.state = decision.reduce((state, event) => decider.evolve(state, event), tracked.state);
  return decision;
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

/**
 * A data folder (DATA_DIR layout: events.sqlite3, read-models.sqlite3) holding the first `events`
 * events of the seeded history. With the embedded log it is generated once and kept in BENCH_DIR
 * for later runs; with EVENTSTORE_URL the events go to that server (it must start empty).
 */
export const historyDataDir = async (ctx: BenchContext, events: number): Promise<{ dataDir: string; info: HistoryInfo }> => {
  const name = `history-s${ctx.seed}-e${events}`;
  const dataDir = join(ctx.dir, ctx.eventStoreUrl ? `${name}-remote-${Date.now()}` : name);
  const marker = join(dataDir, 'history.json');
  if (!ctx.eventStoreUrl && existsSync(marker)) {
    const cached = JSON.parse(readFileSync(marker, 'utf8')) as HistoryInfo;
    if (cached.format === HISTORY_FORMAT) return { dataDir, info: cached };
    ctx.log(`the cached history in ${dataDir} was written in format ${cached.format ?? 1}, not ${HISTORY_FORMAT}: writing it again`);
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
