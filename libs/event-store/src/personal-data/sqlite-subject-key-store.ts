import Database from 'better-sqlite3';
import { describeSqliteFailure, isClosedConnection, sqliteFailureReason } from '@app/sqlite';
import { EventStoreUnavailableError } from '../event-store.errors';
import { newDataKey } from './personal-data-cipher';
import { SubjectErasure, SubjectKeyStore, SubjectUse } from './subject-key-store.port';

export const SQLITE_SUBJECT_KEYS_FILE = 'subject-keys.sqlite3';

interface KeyRequest {
  readonly subjectId: string;
  readonly use: SubjectUse;
}
interface PendingKeyRequest extends KeyRequest {
  readonly resolve: (key: Buffer | null) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Embedded subject keys: a SQLite file of their own beside the event log (never in it). With
 * secure_delete a deleted key's bytes are overwritten in the file, and after every erasure the WAL is
 * checkpointed and truncated, so no copy of the key stays in the -wal file either.
 */
export class SqliteSubjectKeyStore implements SubjectKeyStore {
  private readonly db: Database.Database;
  private readonly stmt: Record<'subject' | 'addSubject' | 'addKey' | 'key' | 'keyOf' | 'addStream' | 'addLookup' | 'streams' | 'byLookup' | 'removeKey' | 'removeLookups' | 'markErased' | 'ping', Database.Statement>;
  /** Creates or finds the keys of a group of requests in one transaction: one fsync for all of them. */
  private readonly obtainAll: (requests: readonly KeyRequest[], now: string) => (Buffer | null)[];
  /** keyFor requests of this turn, committed together at the next one (as the event log's appends are). */
  private queue: PendingKeyRequest[] = [];
  private readonly shred: (subjectId: string, erasedAt: string) => SubjectErasure;

  constructor(private readonly file: string) {
    try {
      this.db = new Database(file);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('secure_delete = ON');
      // The key in a table of its own: deleting its row is what erasure does, nothing else is rewritten.
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS subjects (subject_id TEXT PRIMARY KEY, created_at TEXT NOT NULL, erased_at TEXT) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS subject_keys (subject_id TEXT PRIMARY KEY, key BLOB NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS subject_streams (subject_id TEXT NOT NULL, stream_id TEXT NOT NULL, PRIMARY KEY (subject_id, stream_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS subject_lookups (lookup TEXT NOT NULL, subject_id TEXT NOT NULL, PRIMARY KEY (lookup, subject_id)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS subject_lookups_by_subject ON subject_lookups (subject_id);
      `);
      this.stmt = {
        subject: this.db.prepare('SELECT erased_at FROM subjects WHERE subject_id = ?'),
        addSubject: this.db.prepare('INSERT OR IGNORE INTO subjects (subject_id, created_at) VALUES (?, ?)'),
        addKey: this.db.prepare('INSERT OR IGNORE INTO subject_keys (subject_id, key) VALUES (?, ?)'),
        key: this.db.prepare('SELECT key FROM subject_keys WHERE subject_id = ?').pluck(),
        // One lookup per subject on every read of the log that meets a subject not in the cache.
        keyOf: this.db.prepare('SELECT s.erased_at, k.key FROM subjects s LEFT JOIN subject_keys k USING (subject_id) WHERE s.subject_id = ?'),
        addStream: this.db.prepare('INSERT OR IGNORE INTO subject_streams (subject_id, stream_id) VALUES (?, ?)'),
        addLookup: this.db.prepare('INSERT OR IGNORE INTO subject_lookups (lookup, subject_id) VALUES (?, ?)'),
        streams: this.db.prepare('SELECT stream_id FROM subject_streams WHERE subject_id = ? ORDER BY stream_id').pluck(),
        byLookup: this.db.prepare('SELECT subject_id FROM subject_lookups WHERE lookup = ? ORDER BY subject_id').pluck(),
        removeKey: this.db.prepare('DELETE FROM subject_keys WHERE subject_id = ?'),
        removeLookups: this.db.prepare('DELETE FROM subject_lookups WHERE subject_id = ?'),
        markErased: this.db.prepare('UPDATE subjects SET erased_at = ? WHERE subject_id = ?'),
        ping: this.db.prepare('SELECT 1').pluck(),
      };
    } catch (error) {
      this.db?.close();
      throw this.unavailable(error);
    }
    const obtain = (subjectId: string, use: SubjectUse, now: string): Buffer | null => {
      const subject = this.stmt.subject.get(subjectId) as { erased_at: string | null } | undefined;
      if (subject?.erased_at) return null;
      this.stmt.addSubject.run(subjectId, now);
      this.stmt.addKey.run(subjectId, newDataKey());
      this.stmt.addStream.run(subjectId, use.streamId);
      for (const lookup of use.lookups) this.stmt.addLookup.run(lookup, subjectId);
      return this.stmt.key.get(subjectId) as Buffer;
    };
    const obtainAll = this.db.transaction((requests: readonly KeyRequest[], now: string) => requests.map((r) => obtain(r.subjectId, r.use, now)));
    // IMMEDIATE: the write lock up front, so two processes creating one subject's key wait instead of failing.
    this.obtainAll = (requests, now) => obtainAll.immediate(requests, now);
    const shred = this.db.transaction((subjectId: string, erasedAt: string): SubjectErasure => {
      const subject = this.stmt.subject.get(subjectId) as { erased_at: string | null } | undefined;
      if (!subject) return { status: 'unknown' };
      const streams = this.stmt.streams.all(subjectId) as string[];
      if (subject.erased_at) return { status: 'already_erased', erasedAt: subject.erased_at, streams };
      this.stmt.removeKey.run(subjectId);
      this.stmt.removeLookups.run(subjectId);
      this.stmt.markErased.run(erasedAt, subjectId);
      return { status: 'erased', erasedAt, streams };
    });
    this.shred = (subjectId, erasedAt) => shred.immediate(subjectId, erasedAt);
  }

  /**
   * The subject's key, created (and durable) before it is handed out. Requests made in the same
   * event-loop turn (concurrent commands capturing leads) share one transaction and one fsync.
   */
  keyFor(subjectId: string, use: SubjectUse): Promise<Buffer | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ subjectId, use, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => this.obtainQueued());
    });
  }

  private obtainQueued(): void {
    const batch = this.queue;
    this.queue = [];
    let keys: (Buffer | null)[];
    try {
      keys = this.guard(() => this.obtainAll(batch, new Date().toISOString()));
    } catch (error) {
      for (const request of batch) request.reject(error);
      return;
    }
    batch.forEach((request, i) => request.resolve(keys[i]));
  }

  async keysOf(subjectIds: readonly string[]): Promise<Map<string, Buffer | null>> {
    return this.guard(() => {
      const found = new Map<string, Buffer | null>();
      for (const subjectId of new Set(subjectIds)) {
        const subject = this.stmt.keyOf.get(subjectId) as { erased_at: string | null; key: Buffer | null } | undefined;
        if (!subject) continue;
        found.set(subjectId, subject.erased_at ? null : subject.key);
      }
      return found;
    });
  }

  async subjectsByLookup(lookup: string): Promise<string[]> {
    return this.guard(() => this.stmt.byLookup.all(lookup) as string[]);
  }

  async erase(subjectId: string, erasedAt: string): Promise<SubjectErasure> {
    const outcome = this.guard(() => this.shred(subjectId, erasedAt));
    // The WAL still holds the page images written when the key was created: move the pages (now
    // without the key) into the file and empty the WAL. A reader of another process may hold it back;
    // then the next erasure's checkpoint, or the next start, completes it.
    if (outcome.status === 'erased') this.guard(() => this.db.pragma('wal_checkpoint(TRUNCATE)'));
    return outcome;
  }

  async ping(): Promise<void> {
    this.guard(() => this.stmt.ping.get());
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Read-only view of the connection's pragmas, for tests. */
  pragma(name: 'journal_mode' | 'synchronous' | 'secure_delete'): unknown {
    return this.db.pragma(name, { simple: true });
  }

  private guard<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  private unavailable(error: unknown): unknown {
    if (isClosedConnection(error)) return new EventStoreUnavailableError('subject key store is closed', error);
    const failure = describeSqliteFailure(error, 'subject key store', this.file);
    return failure ? new EventStoreUnavailableError(failure, error, sqliteFailureReason(error)) : error;
  }
}
