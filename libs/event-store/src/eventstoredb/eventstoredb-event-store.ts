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
  CountEventsOptions,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { EventStoreUnavailableError, IdempotencyMismatchError, InvalidPositionError, WrongExpectedRevisionError } from '../event-store.errors';
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
    for await (const event of this.scan(options.from !== undefined ? { from: options.from } : { after: options.after ?? 0 })) {
      if (!accept(event)) continue;
      events.push(toRecorded(event));
      if (events.length >= max) break;
    }
    return events;
  }

  /** Reads forward and counts: the server has no count; `limit` bounds what is read. */
  async countEvents(options: CountEventsOptions = {}): Promise<number> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    if (limit <= 0 || options.types?.length === 0) return 0;
    const accept = eventFilter(options);
    const upTo = options.upTo ?? Number.POSITIVE_INFINITY;
    let count = 0;
    for await (const event of this.scan({ after: options.after ?? 0 })) {
      if (Number(event.position.commit) > upTo) break;
      if (accept(event) && ++count >= limit) break;
    }
    return count;
  }

  /**
   * The records of $all in order, from a position on, page by page. A read starts at a record
   * (inclusive), never at an invented position: "after p" reads from p and leaves out the record at
   * p; only the positions of records read are ever passed back to the server. A caller's position
   * that is not the start of a record is refused by the server: InvalidPositionError.
   */
  private async *scan(start: { readonly after: number } | { readonly from: number }): AsyncGenerator<EsdbRecordedEvent & { readonly position: Position }> {
    const given = 'from' in start ? start.from : start.after;
    let at: ReadPosition = given > 0 ? recordAt(given) : START;
    // The record at `at` is left out when it was already handed out (or is the "after" one).
    let skipAt: number | undefined = 'after' in start && given > 0 ? given : undefined;
    let first = true;
    for (;;) {
      let seen = 0;
      let last: Position | undefined;
      try {
        for await (const resolved of this.client.readAll({ fromPosition: at, maxCount: READ_ALL_PAGE })) {
          seen++;
          const event = resolved.event;
          const position = event?.position;
          if (!event || !position) continue;
          last = position;
          if (skipAt !== undefined && Number(position.commit) <= skipAt) continue;
          yield { ...event, position };
        }
      } catch (error) {
        if (first && given > 0 && isInvalidPosition(error)) throw new InvalidPositionError(given, error);
        throw toUnavailable(error);
      }
      first = false;
      if (seen < READ_ALL_PAGE || !last) return;
      // The next page starts at the last record read, which it leaves out.
      at = last;
      skipAt = Number(last.commit);
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
    // Subscriptions start after the position given (exclusive).
    const upstream = this.client.subscribeToAll({ fromPosition: after > 0 ? recordAt(after) : START, filter });
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
      if (this.closed) return;
      if (last === this.after && this.after > 0 && isInvalidPosition(error)) throw new InvalidPositionError(this.after, error);
      throw toUnavailable(error);
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

/**
 * The record at a position this adapter handed out (an event's commit position, whose prepare
 * position is the same: see the class comment). Never a position computed from another one.
 */
const recordAt = (position: number): Position => {
  const at = BigInt(position);
  return { commit: at, prepare: at };
};

/**
 * The server's refusal of a position that is not the start of a record (gRPC OUT_OF_RANGE or
 * INVALID_ARGUMENT, or a message naming the position), as opposed to a connection failure.
 */
const isInvalidPosition = (error: unknown): boolean => {
  const code = (error as { code?: unknown })?.code;
  return code === GRPC_OUT_OF_RANGE || code === GRPC_INVALID_ARGUMENT || /invalid.*position|position.*invalid/i.test(firstLine(error));
};
const GRPC_INVALID_ARGUMENT = 3;
const GRPC_OUT_OF_RANGE = 11;

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
