import { createHash } from 'node:crypto';
import {
  AccessDeniedError,
  AllStreamSubscription,
  ANY,
  AppendExpectedRevision,
  BACKWARDS,
  CancelledError,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  eventTypeFilter,
  excludeSystemEvents,
  Filter,
  FORWARDS,
  JSONType,
  jsonEvent,
  NO_STREAM,
  NotLeaderError,
  Position,
  ReadPosition,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  streamNameFilter,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { EventMetadata, RecordedEvent } from '@app/domain/shared';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { EventStoreUnavailableError, IdempotencyMismatchError, WrongExpectedRevisionError } from '../event-store.errors';
import { assertAppendable } from '../event-store.rules';

const READ_ALL_PAGE = 500;
const PING_DEADLINE_MS = 5000;

/**
 * Production event log on EventStoreDB (gRPC client v6, server 22.6+ so stream reads carry positions).
 * Position = the commit position: gRPC appends write each event as its own committed record, so it
 * is unique per event and increasing in log order. ESDB has no version field: it travels in the
 * metadata as `eventVersion`.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly subscriptions = new Set<EsdbSubscription>();

  /** Parses the string synchronously (throws on a malformed one); the client connects on first use. */
  static fromConnectionString(connectionString: string): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  constructor(private readonly client: EventStoreDBClient) {}

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const eventIds = assertAppendable(streamId, events);
    const payload = events.map((e) =>
      jsonEvent({
        id: toUuid(e.metadata.eventId),
        type: e.type,
        data: (e.data ?? null) as JSONType,
        metadata: { ...e.metadata, eventVersion: e.version },
      }),
    );
    try {
      const result = await this.client.appendToStream(streamId, payload, { expectedRevision: toEsdbExpected(expected) });
      const revision = Number(result.nextExpectedRevision);
      // The server reports the position of the append's last event; an idempotent retry may come
      // without one, so it is read back (the same event, hence the same result as the first time).
      const position = result.position ? Number(result.position.commit) : await this.positionOf(streamId, revision);
      return { revision, position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) throw await this.conflict(streamId, eventIds, expected, error);
      throw toUnavailable(error);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision === undefined ? (backwards ? END : START) : BigInt(options.fromRevision),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of read) {
        if (resolved.event) events.push(toRecorded(resolved.event, resolved.commitPosition));
      }
      return events;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toUnavailable(error);
    }
  }

  /**
   * This client version has no server-side filter on reads of $all, so filters apply here; pages
   * continue until maxCount matching events are found or the log ends.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const max = options.maxCount ?? Number.POSITIVE_INFINITY;
    if (max <= 0 || options.types?.length === 0) return [];
    const accept = eventFilter(options);
    const events: RecordedEvent[] = [];
    let after = options.after ?? 0;
    try {
      for (;;) {
        let seen = 0;
        const read = this.client.readAll({ fromPosition: positionAfter(after), maxCount: READ_ALL_PAGE });
        for await (const resolved of read) {
          seen++;
          const event = resolved.event;
          if (!event) continue;
          const position = Number(event.position.commit);
          if (position <= after) continue; // the start position is inclusive on reads
          after = position;
          if (!accept(event)) continue;
          events.push(toRecorded(event));
          if (events.length >= max) return events;
        }
        if (seen < READ_ALL_PAGE) return events;
      }
    } catch (error) {
      throw toUnavailable(error);
    }
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    const types = options.types;
    // One server-side filter per subscription: by type when given (the most selective), else by stream prefix.
    const filter: Filter = types
      ? eventTypeFilter({ regex: `^(?:${types.map(escapeRegex).join('|')})$` })
      : options.streamPrefix
        ? streamNameFilter({ prefixes: [options.streamPrefix] })
        : excludeSystemEvents();
    const after = options.after ?? 0;
    const upstream = this.client.subscribeToAll({ fromPosition: after > 0 ? positionAfter(after) : START, filter });
    const subscription = new EsdbSubscription(upstream, after, eventFilter(options), () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Position of the last non-system event (system events are never delivered, so waiting on one would hang). */
  async headPosition(): Promise<number> {
    try {
      for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1000 })) {
        if (resolved.event && !isSystem(resolved.event)) return Number(resolved.event.position.commit);
      }
      return 0;
    } catch (error) {
      throw toUnavailable(error);
    }
  }

  async ping(): Promise<void> {
    try {
      for await (const _ of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, deadline: PING_DEADLINE_MS })) {
        // draining is enough: the server answered
      }
    } catch (error) {
      const mapped = toUnavailable(error);
      throw mapped instanceof EventStoreUnavailableError
        ? mapped
        : new EventStoreUnavailableError(`EventStoreDB did not answer: ${firstLine(mapped)}`, error);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }

  private async positionOf(streamId: string, revision: number): Promise<number> {
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    if (!event) throw new EventStoreUnavailableError(`EventStoreDB reported ${streamId}@${revision} appended but it cannot be read`);
    return event.position;
  }

  /**
   * ESDB answers a partly-repeated append (some ids already at the expected place) with a
   * wrong-expected-version; the port calls that an idempotency mismatch.
   */
  private async conflict(
    streamId: string,
    eventIds: readonly string[],
    expected: ExpectedRevision,
    error: WrongExpectedVersionError,
  ): Promise<Error> {
    const actual = error.actualVersion === NO_STREAM ? -1 : Number(error.actualVersion);
    const from = expected === 'no_stream' ? 0 : typeof expected === 'number' ? expected + 1 : undefined;
    if (from !== undefined && from >= 0 && actual >= from) {
      const there = await this.readStream(streamId, { fromRevision: from, maxCount: eventIds.length });
      const ids = new Set(eventIds);
      if (there.some((e) => ids.has(e.metadata.eventId))) return new IdempotencyMismatchError(streamId, eventIds);
    }
    return new WrongExpectedRevisionError(streamId, expected, actual);
  }
}

/** Ends when close() unsubscribes; skips anything at or before the start position (no duplicates on resume). */
class EsdbSubscription implements Subscription {
  private closed = false;
  /** Last position handed over (server-side filtered events are not seen, so it only grows with delivered ones). */
  scannedTo: number;
  private readonly iterator: AsyncGenerator<RecordedEvent>;

  constructor(
    private readonly upstream: AllStreamSubscription,
    private readonly after: number,
    private readonly accept: (event: EsdbRecordedEvent) => boolean,
    private readonly onClose: () => void,
  ) {
    this.scannedTo = after;
    this.iterator = this.run();
  }


  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterator;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    // Deliberately ignored: a failure to unsubscribe from a connection that is already gone; nothing more is read from it either way.
    await this.upstream.unsubscribe().catch(() => undefined);
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    let last = this.after;
    try {
      for await (const resolved of this.upstream) {
        if (this.closed) return;
        const event = resolved.event;
        if (!event) continue;
        const position = Number(event.position.commit);
        if (position <= last) continue;
        last = position;
        if (this.accept(event)) yield toRecorded(event);
        this.scannedTo = Math.max(this.scannedTo, position);
      }
    } catch (error) {
      if (!this.closed) throw toUnavailable(error);
    } finally {
      await this.close();
    }
  }
}

const toEsdbExpected = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
};

/** Reads from $all start at this position inclusive; subscriptions start after it. */
const positionAfter = (after: number): ReadPosition => {
  if (after <= 0) return START;
  const at = BigInt(after);
  const position: Position = { commit: at, prepare: at };
  return position;
};

const isSystem = (event: { type: string; streamId: string }): boolean => event.type.startsWith('$') || event.streamId.startsWith('$');

const eventFilter = (options: { readonly types?: readonly string[]; readonly streamPrefix?: string }) => {
  const types = options.types ? new Set(options.types) : undefined;
  const prefix = options.streamPrefix;
  return (event: { type: string; streamId: string }): boolean =>
    !isSystem(event) && (!types || types.has(event.type)) && (!prefix || event.streamId.startsWith(prefix));
};

const toRecorded = (event: EsdbRecordedEvent, commitPosition?: bigint): RecordedEvent => {
  const raw = (event.isJson ? event.metadata : parseJson(event.metadata)) as (EventMetadata & { eventVersion?: number }) | undefined;
  const { eventVersion, ...metadata } = raw ?? ({} as EventMetadata & { eventVersion?: number });
  const position = event.position?.commit ?? commitPosition;
  return {
    streamId: event.streamId,
    revision: Number(event.revision),
    // Servers before 22.6 send no position on stream reads: -1 says "unknown" rather than inventing one.
    position: position === undefined ? -1 : Number(position),
    type: event.type,
    version: eventVersion ?? 1,
    data: event.isJson ? event.data : parseJson(event.data),
    metadata: metadata as EventMetadata,
  };
};

const parseJson = (value: unknown): unknown =>
  value instanceof Uint8Array ? JSON.parse(Buffer.from(value).toString('utf8')) : value;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ESDB event ids must be UUIDs; any other id maps to a stable name-based UUID, so retries stay idempotent. */
export const toUuid = (eventId: string): string => {
  if (UUID.test(eventId)) return eventId.toLowerCase();
  const hex = createHash('sha1').update(eventId).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const firstLine = (error: unknown): string => String((error as Error)?.message ?? error).split('\n')[0];

/** Connection-level failures become EventStoreUnavailableError; anything else is a bug and passes through. */
const toUnavailable = (error: unknown): Error => {
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError ||
    error instanceof CancelledError ||
    /Failed to discover/.test(firstLine(error))
  ) {
    return new EventStoreUnavailableError(`EventStoreDB is unavailable: ${firstLine(error)}`, error);
  }
  if (error instanceof AccessDeniedError) {
    return new EventStoreUnavailableError(`EventStoreDB refused access: ${firstLine(error)}`, error);
  }
  return error instanceof Error ? error : new Error(String(error));
};
