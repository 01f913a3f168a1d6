import Database from 'better-sqlite3';
import { channel } from 'node:diagnostics_channel';
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
import { EventStoreUnavailableError, IdempotencyMismatchError, WrongExpectedRevisionError } from '../event-store.errors';
import { assertAppendable, revisionMatches } from '../event-store.rules';
import { describeSqliteFailure, isClosedConnection, sqliteFailureReason } from '@app/sqlite';

export interface SqliteEventStoreOptions {
  readonly file: string;
  /** FULL (default) survives power loss; NORMAL in WAL mode may lose the last commits on power loss. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How long a write waits for another process's lock before failing. */
  readonly busyTimeoutMs?: number;
  /**
   * Test only: positions with large irregular gaps (like EventStoreDB's byte offsets) instead of 1, 2,
   * 3…, so that arithmetic on positions anywhere shows up as a failing test. Recorded in the file: a
   * log once written so keeps its gaps for every process that opens it, across restarts.
   */
  readonly sparsePositions?: boolean;
}

export interface SqliteEventStoreStats {
  /** Write transactions committed (one per group-commit batch). */
  readonly transactions: number;
  /** Appends that went through those transactions (succeeded or refused). */
  readonly appends: number;
}

/**
 * Published after every group commit with `{ appends }` (how many appends the transaction took), for
 * whoever measures the log; a diagnostics channel costs nothing while nobody subscribes.
 */
export const SQLITE_COMMIT_CHANNEL = 'l2c:event-store:sqlite-commit';
const commits = channel(SQLITE_COMMIT_CHANNEL);

const SCHEMA_VERSION = 1;
const SUBSCRIPTION_PAGE = 500;
/** Another process (the CLI) may append to the same file: subscriptions look for its events this often. */
const POLL_MS = 250;

interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  type: string;
  version: number;
  data: string;
  metadata: string;
}

/** An append waiting for the next group commit. JSON is serialised before queueing, off the write path. */
interface PendingAppend {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly eventIds: readonly string[];
  readonly rows: readonly (readonly [type: string, version: number, data: string, metadata: string])[];
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** An event a commit of this process inserted. */
type Written = readonly [position: number, streamId: string, type: string];

/** What one local commit wrote: every event after `before` (the head it started from) up to `to`, in order. */
interface LocalCommit {
  readonly before: number;
  readonly to: number;
  readonly events: readonly Written[];
}

/** Marks a log written with sparse positions (`PRAGMA application_id`, kept in the file's header). */
const SPARSE_LOG_ID = 0x4c324353;
/** Sparse positions: each event lies 1 to this many positions after the one before it. */
const SPARSE_MAX_GAP = 100_000;

/** The gap after `previous`: irregular, yet the same for the same log (a hash of the position, no state). */
const sparseGap = (previous: number): number => {
  let h = Math.imul((previous >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.floor(previous / 0x1_0000_0000);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return 1 + ((h >>> 0) % SPARSE_MAX_GAP);
};

/** How many local commits a woken subscription can look back over without reading the file. */
const RECENT_COMMITS = 64;

/** What one append inserted: its last revision and the position of each event. */
interface Inserted {
  readonly revision: number;
  readonly positions: readonly number[];
}

/** Thrown inside a savepoint to undo a multi-event append whose ids collide; never escapes the adapter. */
class EventIdConflict extends Error {}

const COLUMNS = 'position, stream_id, revision, type, version, data, metadata';
/** How a page of the whole log is read: along the positions, or through the (type, position) index. */
type ReadPlan = 'positions' | 'index';

/**
 * Embedded event log: one SQLite file in WAL mode. Appends that arrive in the same event-loop turn
 * are committed in one transaction (group commit), so an fsync is paid per batch, not per append.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly file: string;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private transactions = 0;
  private appends = 0;
  /** Bumped after every local commit; lets a subscription notice a commit it was not waiting for yet. */
  private commitSeq = 0;
  private readonly wakers = new Set<() => void>();
  /** The last local commits, oldest first (see unmatchedLocalCommits). */
  private readonly recentCommits: LocalCommit[] = [];
  /** Events the running batch transaction inserted, in position order. */
  private written: Written[] = [];
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly readAllStatements = new Map<string, Database.Statement>();
  private readonly countStatements = new Map<string, Database.Statement>();
  /** Positions with gaps (test only; see SqliteEventStoreOptions.sparsePositions). */
  private readonly sparse: boolean;
  /** The head when the running batch transaction began. */
  private batchBefore = 0;

  private readonly stmt: {
    insert: Database.Statement;
    insertAt: Database.Statement;
    currentRevision: Database.Statement;
    byEventId: Database.Statement;
    streamWhole: Database.Statement;
    streamFrom: Database.Statement;
    streamForwards: Database.Statement;
    streamBackwards: Database.Statement;
    head: Database.Statement;
    ping: Database.Statement;
  };
  private readonly commitBatch: (batch: readonly PendingAppend[]) => (AppendResult | Error)[];
  private readonly appendInSavepoint: (p: PendingAppend, current: number) => Inserted;

  constructor(options: SqliteEventStoreOptions) {
    this.file = options.file;
    try {
      this.db = new Database(options.file);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
      this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      this.migrate();
      if (options.sparsePositions && this.db.pragma('application_id', { simple: true }) !== SPARSE_LOG_ID) {
        this.db.pragma(`application_id = ${SPARSE_LOG_ID}`);
      }
      this.sparse = this.db.pragma('application_id', { simple: true }) === SPARSE_LOG_ID;
      this.stmt = {
        insert: this.db.prepare(
          'INSERT INTO events (event_id, stream_id, revision, type, version, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ),
        insertAt: this.db.prepare(
          'INSERT INTO events (position, event_id, stream_id, revision, type, version, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        ),
        currentRevision: this.db
          .prepare('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1')
          .pluck(),
        byEventId: this.db.prepare('SELECT stream_id, revision, position FROM events WHERE event_id = ?'),
        // Every command loads its whole stream: without the revision bound and the LIMIT parameter the
        // same index walk is a third cheaper (measured: 105 vs 167 ms for 2 000 streams of a 1M log).
        streamWhole: this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision ASC`),
        // A bound LIMIT costs about 4 µs a query (SQLite plans it again on every binding): reading the
        // rest of a stream, as the command path does after its cached state, goes without one.
        streamFrom: this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC`),
        streamForwards: this.db.prepare(
          `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
        ),
        streamBackwards: this.db.prepare(
          `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
        ),
        head: this.db.prepare('SELECT COALESCE(MAX(position), 0) FROM events').pluck(),
        ping: this.db.prepare('SELECT 1').pluck(),
      };
    } catch (error) {
      this.db?.close();
      throw toUnavailable(error, this.file);
    }
    // IMMEDIATE takes the write lock up front: the revision reads and the inserts see one state,
    // and a second process waits (busy_timeout) instead of failing on lock upgrade.
    const batchTx = this.db.transaction((batch: readonly PendingAppend[]) => {
      this.batchBefore = this.stmt.head.get() as number;
      return batch.map((p) => this.applyOne(p));
    });
    this.commitBatch = (batch) => batchTx.immediate(batch);
    // Nested transaction = SAVEPOINT: undoes this append only, the rest of the batch stands.
    this.appendInSavepoint = this.db.transaction((p: PendingAppend, current: number) => this.insertAll(p, current, true));
  }

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(closedError());
    let pending: Omit<PendingAppend, 'resolve' | 'reject'>;
    try {
      const eventIds = assertAppendable(streamId, events);
      const rows = events.map((e) => [e.type, e.version, JSON.stringify(e.data ?? null), JSON.stringify(e.metadata)] as const);
      pending = { streamId, expected, eventIds, rows };
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ ...pending, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const rest = !backwards && options.maxCount === undefined;
    const rows = this.guard(() => {
      if (rest) return options.fromRevision === undefined ? this.stmt.streamWhole.all(streamId) : this.stmt.streamFrom.all(streamId, from);
      return (backwards ? this.stmt.streamBackwards : this.stmt.streamForwards).all(streamId, from, limit(options.maxCount));
    }) as EventRow[];
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    // Positions here are integers: "at or after n" is "after n - 1"; any integer is a valid "after".
    const after = options.from !== undefined ? options.from - 1 : (options.after ?? 0);
    return this.readPage(after, options.maxCount ?? Number.MAX_SAFE_INTEGER, options).events;
  }

  async countEvents(options: CountEventsOptions = {}): Promise<number> {
    const types = options.types ?? [];
    if (options.types && types.length === 0) return 0;
    const prefix = options.streamPrefix ?? '';
    const limited = options.limit !== undefined && Number.isFinite(options.limit);
    if (limited && options.limit! <= 0) return 0;
    const key = `${types.length}:${prefix !== ''}:${limited}`;
    let statement = this.countStatements.get(key);
    if (!statement) {
      const where = ['position > ?', 'position <= ?'];
      if (types.length > 0) where.push(`type IN (${new Array(types.length).fill('?').join(', ')})`);
      if (prefix) where.push('substr(stream_id, 1, ?) = ?');
      statement = this.db.prepare(`SELECT COUNT(*) FROM (SELECT 1 FROM events WHERE ${where.join(' AND ')}${limited ? ' LIMIT ?' : ''})`).pluck();
      this.countStatements.set(key, statement);
    }
    const params: unknown[] = [options.after ?? 0, options.upTo ?? Number.MAX_SAFE_INTEGER, ...types];
    if (prefix) params.push([...prefix].length, prefix);
    if (limited) params.push(options.limit);
    return this.guard(() => statement.get(...params) as number);
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    const subscription = new SqliteSubscription(this, options);
    if (this.closed) void subscription.close();
    else this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    return this.guard(() => this.stmt.head.get() as number);
  }

  async ping(): Promise<void> {
    this.guard(() => this.stmt.ping.get());
  }

  /** Commits what is queued, ends the subscriptions, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.db.close();
  }

  stats(): SqliteEventStoreStats {
    return { transactions: this.transactions, appends: this.appends };
  }

  /** Read-only view of the connection's pragmas, for diagnostics and tests. */
  pragma(name: 'journal_mode' | 'synchronous' | 'busy_timeout' | 'user_version'): unknown {
    return this.guard(() => this.db.pragma(name, { simple: true }));
  }

  // --- internals used by SqliteSubscription -------------------------------------------------

  /** @internal */
  get commitSequence(): number {
    return this.commitSeq;
  }

  /** @internal Resolves on the next local commit (one-shot). */
  onNextCommit(waker: () => void): () => void {
    this.wakers.add(waker);
    return () => this.wakers.delete(waker);
  }

  /**
   * @internal How far past `after` the log is known, from this process's own commits, to hold nothing
   * that `matches`: a woken subscription moves there without reading the file. `caughtUp` says that
   * reaches the last local commit. Anything not known (a position another process wrote, a commit
   * older than the ones remembered, a matching event) stops the walk, and the caller reads from there.
   */
  unmatchedLocalCommits(after: number, matches: (streamId: string, type: string) => boolean): { to: number; caughtUp: boolean } {
    const commits = this.recentCommits;
    let i = commits.findIndex((c) => c.before === after);
    if (i < 0) return { to: after, caughtUp: false };
    let to = after;
    for (; i < commits.length; i++) {
      const commit = commits[i];
      if (commit.before !== to || commit.events.some(([, streamId, type]) => matches(streamId, type))) return { to, caughtUp: false };
      to = commit.to;
    }
    return { to, caughtUp: true };
  }

  /** @internal */
  forget(subscription: SqliteSubscription): void {
    this.subscriptions.delete(subscription);
  }

  /**
   * @internal Events after `after` matching the filters, at most `max`. `scannedTo` is how far the
   * log was examined: the head when the page is not full, so filtered-out events are not rescanned.
   */
  readPage(
    after: number,
    max: number,
    filter: { readonly types?: readonly string[]; readonly streamPrefix?: string },
  ): { events: RecordedEvent[]; scannedTo: number } {
    return this.guard(() => this.readPageUnguarded(after, max, filter));
  }

  private readPageUnguarded(
    after: number,
    max: number,
    filter: { readonly types?: readonly string[]; readonly streamPrefix?: string },
  ): { events: RecordedEvent[]; scannedTo: number } {
    if (max <= 0) return { events: [], scannedTo: after };
    // Read the head first: every position up to it is committed, so `position <= head` is a stable page.
    const head = this.stmt.head.get() as number;
    if (head <= after || (filter.types && filter.types.length === 0)) return { events: [], scannedTo: Math.max(head, after) };
    const types = filter.types ?? [];
    const prefix = filter.streamPrefix ?? '';
    const select = (plan: ReadPlan, from: number, to: number, count: number) => {
      const params: unknown[] = [from, to, ...types];
      // substr counts characters, is case-sensitive and has no wildcards (unlike LIKE with `_` or `%`).
      if (prefix) params.push([...prefix].length, prefix);
      // A range of at most `count` positions cannot hold more rows: no LIMIT (a bound one costs a
      // planning pass per query, most of a caught-up subscription's read).
      const limited = to - from > count;
      if (limited) params.push(count);
      return this.readAllStatement(plan, types.length, prefix !== '', limited).all(...params) as EventRow[];
    };
    let rows: EventRow[];
    if (types.length === 1) {
      rows = select('index', after, head, max);
    } else {
      // A filter of several types through the (type, position) index fetches every match after
      // `after` and sorts them for each page: quadratic over a long log for a filter most events pass
      // (a projection's, a rebuild's). Walking the positions and testing each type stops at the page's
      // end, so it goes first, over a stretch a few pages long; only a filter too sparse to fill the
      // page there goes on through the index for the rest.
      // Sparse positions (test only) spread the same number of events over many more positions.
      const spread = this.sparse ? SPARSE_MAX_GAP : 1;
      const stretch = max * spread >= head - after ? head : Math.min(head, after + Math.max(4 * max, 4_096) * spread);
      rows = select('positions', after, stretch, max);
      if (rows.length < max && stretch < head) rows = rows.concat(select('index', stretch, head, max - rows.length));
    }
    const events = rows.map(toRecorded);
    const scannedTo = rows.length < max ? head : rows[rows.length - 1].position;
    return { events, scannedTo };
  }

  // --- write path --------------------------------------------------------------------------

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    let outcomes: (AppendResult | Error)[];
    this.written = [];
    try {
      this.assertOpen();
      outcomes = this.commitBatch(batch);
    } catch (error) {
      // The whole transaction rolled back: nothing of this batch is written.
      const failure = toUnavailable(error, this.file);
      for (const p of batch) p.reject(failure);
      return;
    }
    this.transactions++;
    this.appends += batch.length;
    if (commits.hasSubscribers) commits.publish({ appends: batch.length });
    batch.forEach((p, i) => {
      const outcome = outcomes[i];
      if (outcome instanceof Error) p.reject(outcome);
      else p.resolve(outcome);
    });
    this.remember(this.batchBefore, this.written);
    this.commitSeq++;
    if (this.wakers.size > 0) {
      const wakers = [...this.wakers];
      this.wakers.clear();
      for (const wake of wakers) wake();
    }
  };

  /**
   * Keeps what a commit wrote for unmatchedLocalCommits. The batch held the write lock from `before`
   * on, so the log after `before` up to its last event holds its events and nothing else.
   */
  private remember(before: number, written: readonly Written[]): void {
    if (written.length === 0) return;
    const to = written[written.length - 1][0];
    this.recentCommits.push({ before, to, events: written });
    if (this.recentCommits.length > RECENT_COMMITS) this.recentCommits.shift();
  }

  /** One append inside the batch transaction. Refusals are returned, SQLite failures thrown (abort the batch). */
  private applyOne(p: PendingAppend): AppendResult | Error {
    const current = (this.stmt.currentRevision.get(p.streamId) as number | undefined) ?? -1;
    if (!revisionMatches(p.expected, current)) {
      // A retry of an append that already succeeded is answered, not refused (as EventStoreDB does).
      return this.alreadyAppended(p) ?? new WrongExpectedRevisionError(p.streamId, p.expected, current);
    }
    try {
      // A single insert that fails writes nothing: no savepoint needed on the common path.
      const inserted = p.rows.length === 1 ? this.insertAll(p, current, false) : this.appendInSavepoint(p, current);
      // Only now are its rows sure to stay (a failed savepoint took them back).
      for (let i = 0; i < p.rows.length; i++) this.written.push([inserted.positions[i], p.streamId, p.rows[i][0]]);
      return { revision: inserted.revision, position: inserted.positions[inserted.positions.length - 1] };
    } catch (error) {
      if (error instanceof EventIdConflict || isEventIdConflict(error)) {
        return this.alreadyAppended(p) ?? new IdempotencyMismatchError(p.streamId, p.eventIds);
      }
      throw error;
    }
  }

  private insertAll(p: PendingAppend, current: number, inSavepoint: boolean): Inserted {
    let revision = current;
    const positions: number[] = [];
    for (let i = 0; i < p.rows.length; i++) {
      const [type, version, data, metadata] = p.rows[i];
      revision++;
      try {
        if (this.sparse) {
          const head = this.stmt.head.get() as number;
          const position = head + sparseGap(head);
          this.stmt.insertAt.run(position, p.eventIds[i], p.streamId, revision, type, version, data, metadata);
          positions.push(position);
        } else {
          positions.push(Number(this.stmt.insert.run(p.eventIds[i], p.streamId, revision, type, version, data, metadata).lastInsertRowid));
        }
      } catch (error) {
        // Throwing out of the savepoint rolls back the events of this append already inserted.
        if (inSavepoint && isEventIdConflict(error)) throw new EventIdConflict();
        throw error;
      }
    }
    return { revision, positions };
  }

  /**
   * The original result when every event id of the append is already, contiguously and in order, in
   * that stream; undefined when none is; IdempotencyMismatchError when only some are (or elsewhere).
   */
  private alreadyAppended(p: PendingAppend): AppendResult | IdempotencyMismatchError | undefined {
    const existing = p.eventIds.map(
      (id) => this.stmt.byEventId.get(id) as { stream_id: string; revision: number; position: number } | undefined,
    );
    if (existing.every((e) => e === undefined)) return undefined;
    const first = existing[0];
    const intact =
      first !== undefined &&
      existing.every((e, i) => e !== undefined && e.stream_id === p.streamId && e.revision === first.revision + i);
    if (!intact) return new IdempotencyMismatchError(p.streamId, p.eventIds);
    const last = existing[existing.length - 1]!;
    return { revision: last.revision, position: last.position };
  }

  // --- helpers -----------------------------------------------------------------------------

  private migrate(): void {
    if ((this.db.pragma('user_version', { simple: true }) as number) >= SCHEMA_VERSION) return;
    this.db
      .transaction(() => {
        // Re-checked under the write lock: another process may have migrated meanwhile.
        if ((this.db.pragma('user_version', { simple: true }) as number) >= SCHEMA_VERSION) return;
        this.db.exec(`
          CREATE TABLE IF NOT EXISTS events (
            position  INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id  TEXT NOT NULL UNIQUE,
            stream_id TEXT NOT NULL,
            revision  INTEGER NOT NULL,
            type      TEXT NOT NULL,
            version   INTEGER NOT NULL,
            data      TEXT NOT NULL,
            metadata  TEXT NOT NULL,
            UNIQUE (stream_id, revision)
          );
          CREATE INDEX IF NOT EXISTS events_type_position ON events (type, position);
        `);
        this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })
      .immediate();
  }

  private readAllStatement(plan: ReadPlan, typeCount: number, withPrefix: boolean, limited: boolean): Database.Statement {
    const key = `${plan}:${typeCount}:${withPrefix}:${limited}`;
    let statement = this.readAllStatements.get(key);
    if (!statement) {
      const where = ['position > ?', 'position <= ?'];
      // `+type` keeps the planner off the type index: the rows are walked in position order.
      if (typeCount > 0) where.push(`${plan === 'positions' ? '+type' : 'type'} IN (${new Array(typeCount).fill('?').join(', ')})`);
      if (withPrefix) where.push('substr(stream_id, 1, ?) = ?');
      statement = this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY position ASC${limited ? ' LIMIT ?' : ''}`);
      this.readAllStatements.set(key, statement);
    }
    return statement;
  }

  private assertOpen(): void {
    if (this.closed) throw closedError();
  }

  private guard<T>(read: () => T): T {
    try {
      this.assertOpen();
      return read();
    } catch (error) {
      throw toUnavailable(error, this.file);
    }
  }
}

/** Live-following subscription: pages from the file by position, so a wake-up can never skip or repeat. */
class SqliteSubscription implements Subscription {
  private closed = false;
  scannedTo: number;
  private wake: (() => void) | undefined;
  private readonly iterator: AsyncGenerator<RecordedEvent>;

  constructor(
    private readonly store: SqliteEventStore,
    private readonly options: SubscribeOptions,
  ) {
    this.scannedTo = options.after ?? 0;
    this.iterator = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterator;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake?.();
    this.store.forget(this);
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    let last = this.options.after ?? 0;
    const types = this.options.types && new Set(this.options.types);
    const prefix = this.options.streamPrefix ?? '';
    const matches = (streamId: string, type: string) => (!types || types.has(type)) && streamId.startsWith(prefix);
    try {
      while (!this.closed) {
        const seq = this.store.commitSequence;
        // Most local commits hold nothing a filtered subscription wants: no need to read the file for them.
        const known = this.store.unmatchedLocalCommits(last, matches);
        last = known.to;
        this.scannedTo = last;
        if (known.caughtUp) {
          await this.waitForMore(seq);
          continue;
        }
        let page: { events: RecordedEvent[]; scannedTo: number };
        try {
          page = this.store.readPage(last, SUBSCRIPTION_PAGE, this.options);
        } catch (error) {
          if (this.closed) return;
          throw error;
        }
        for (const event of page.events) {
          if (this.closed) return;
          yield event;
          last = event.position;
        }
        // Reached only once the consumer asked for more after the page's last event.
        last = Math.max(last, page.scannedTo);
        this.scannedTo = last;
        if (page.events.length < SUBSCRIPTION_PAGE) await this.waitForMore(seq);
      }
    } finally {
      this.closed = true;
      this.store.forget(this);
    }
  }

  /** Until a local commit (possibly one that happened while the consumer was busy), a poll tick, or close(). */
  private waitForMore(seenSeq: number): Promise<void> {
    if (this.closed || this.store.commitSequence !== seenSeq) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, POLL_MS);
      timer.unref();
      const unsubscribe = this.store.onNextCommit(done);
      this.wake = done;
    });
  }
}

const limit = (maxCount: number | undefined): number => (maxCount === undefined ? -1 : Math.max(0, maxCount));

const toRecorded = (row: EventRow): RecordedEvent => ({
  streamId: row.stream_id,
  revision: row.revision,
  position: row.position,
  type: row.type,
  version: row.version,
  data: JSON.parse(row.data),
  metadata: JSON.parse(row.metadata) as EventMetadata,
});

const isEventIdConflict = (error: unknown): boolean =>
  (error as { code?: string })?.code === 'SQLITE_CONSTRAINT_UNIQUE' && String((error as Error).message).includes('events.event_id');

const closedError = () => new EventStoreUnavailableError('event store is closed');

export const toUnavailable = (error: unknown, file: string): Error => {
  if (
    error instanceof EventStoreUnavailableError ||
    error instanceof WrongExpectedRevisionError ||
    error instanceof IdempotencyMismatchError
  ) {
    return error;
  }
  const failure = describeSqliteFailure(error, 'event log', file);
  if (failure) return new EventStoreUnavailableError(failure, error, sqliteFailureReason(error));
  if (isClosedConnection(error)) return closedError();
  return error instanceof Error ? error : new Error(String(error));
};
