import { EventMetadata, RecordedEvent } from '@app/domain/shared';

/** An event about to be appended: the decider's output plus the metadata the app adds. */
export interface NewEvent {
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/**
 * `no_stream`: the stream must not exist. `stream_exists`: it must exist. `any`: no check.
 * A number: the revision of the stream's last event must be exactly that.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendResult {
  /** Revision of the last event appended (or of the already-present events, for an idempotent retry). */
  readonly revision: number;
  /** Global position of that event. */
  readonly position: number;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Start at this revision (inclusive). Defaults to the first (forwards) or last (backwards). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
  /**
   * 'sealed': personal texts as the log keeps them (encrypted), for a reader that never reads them,
   * such as folding an aggregate whose state holds none; opening them is most of what reading costs.
   * Default 'revealed'. The adapters always return what is stored; the personal-data layer opens it.
   */
  readonly personalData?: 'revealed' | 'sealed';
}

export interface ReadAllOptions {
  /**
   * Only events strictly after this position. Default: from the start. Any position the log handed
   * out (an event's, a head, a `scannedTo`) or 0; another number is either read as "after that point"
   * (the embedded log) or refused with InvalidPositionError (EventStoreDB, whose positions are the
   * byte offsets of its records).
   */
  readonly after?: number;
  /** Instead of `after`: only events at or after this position (inclusive), an event's position. */
  readonly from?: number;
  readonly maxCount?: number;
  readonly types?: readonly string[];
  readonly streamPrefix?: string;
}

/** Which events countEvents counts: a stretch of the log, optionally of some types or streams. */
export interface CountEventsOptions {
  /** Only events strictly after this position (default: from the start). */
  readonly after?: number;
  /** Only events at or before this position (default: up to the head). */
  readonly upTo?: number;
  readonly types?: readonly string[];
  readonly streamPrefix?: string;
  /**
   * Stop counting here: an answer equal to `limit` means "at least that many". An adapter that has to
   * read events to count them (EventStoreDB) reads at most this many.
   */
  readonly limit?: number;
}

export interface SubscribeOptions {
  /** Deliver events strictly after this position; catch up first, then follow live. */
  readonly after?: number;
  readonly types?: readonly string[];
  readonly streamPrefix?: string;
}

export interface Subscription extends AsyncIterable<RecordedEvent> {
  /**
   * How far the log has been examined: every matching event at or before this position has been
   * handed to the consumer. It also grows past events the filter skips, so a filtered consumer that
   * has applied all it was given knows it is caught up to here.
   */
  readonly scannedTo: number;
  /** Stops delivery; the async iterator ends. */
  close(): Promise<void>;
}

/**
 * The event log. One port, two adapters (embedded SQLite, EventStoreDB), one contract suite
 * (`testing/event-store.contract.ts`). Events come back as stored: upcasting is the caller's job.
 */
export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream; an empty array for a stream that does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Events of the whole log in global order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribe(options?: SubscribeOptions): Subscription;
  /** Position of the last event in the log (0 when empty). */
  headPosition(): Promise<number>;
  /**
   * How many events lie in a stretch of the log. Positions are opaque (on EventStoreDB they are byte
   * offsets), so the distance between two of them is no count: whoever shows a number of events counts them here.
   */
  countEvents(options?: CountEventsOptions): Promise<number>;
  /** Resolves when the store answers; rejects with EventStoreUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
