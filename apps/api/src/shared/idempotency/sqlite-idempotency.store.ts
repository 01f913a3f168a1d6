import Database from 'better-sqlite3';
import { describeSqliteFailure, sqliteFailureReason } from '@app/sqlite';
import { IdempotencyRecord, IdempotencyStore, IdempotencyStoreUnavailableError, Reservation } from './idempotency.store';

interface Row {
  fingerprint: string;
  status: number | null;
  body: string | null;
  created_at: string;
}

/** Embedded idempotency records: a small SQLite file of their own beside the event log. */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly update: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly removeOld: Database.Statement;
  private readonly removeStreams: Database.Statement;

  constructor(private readonly file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // Deleted records are overwritten with zeros, not left readable in free pages (erasure, see forgetStreams).
    this.db.pragma('secure_delete = ON');
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency (
      scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
      status INTEGER, body TEXT, created_at TEXT NOT NULL, stream TEXT,
      PRIMARY KEY (scope, key)) WITHOUT ROWID`);
    // Files written before answers named their stream get the column (the records stay; they simply name none).
    const columns = this.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('idempotency') as string[];
    if (!columns.includes('stream')) this.db.exec('ALTER TABLE idempotency ADD COLUMN stream TEXT');
    this.db.exec('CREATE INDEX IF NOT EXISTS idempotency_stream ON idempotency (stream) WHERE stream IS NOT NULL');
    this.insert = this.db.prepare('INSERT OR IGNORE INTO idempotency (scope, key, fingerprint, created_at) VALUES (?, ?, ?, ?)');
    this.select = this.db.prepare('SELECT fingerprint, status, body, created_at FROM idempotency WHERE scope = ? AND key = ?');
    this.update = this.db.prepare('UPDATE idempotency SET status = ?, body = ?, stream = ? WHERE scope = ? AND key = ?');
    this.remove = this.db.prepare('DELETE FROM idempotency WHERE scope = ? AND key = ?');
    this.removeOld = this.db.prepare('DELETE FROM idempotency WHERE created_at < ?');
    this.removeStreams = this.db.prepare('DELETE FROM idempotency WHERE stream IN (SELECT value FROM json_each(?))');
  }

  async reserve(scope: string, key: string, fingerprint: string, now: string): Promise<Reservation> {
    const row = this.guard(() => {
      if (this.insert.run(scope, key, fingerprint, now).changes === 1) return 'reserved' as const;
      return this.select.get(scope, key) as Row | undefined;
    });
    if (row === 'reserved') return { reserved: true };
    if (!row) return this.reserve(scope, key, fingerprint, now);
    const record: IdempotencyRecord = {
      fingerprint: row.fingerprint,
      response: row.status === null ? null : { status: row.status, body: JSON.parse(row.body ?? 'null') },
      createdAt: row.created_at,
    };
    return { reserved: false, record };
  }

  async complete(scope: string, key: string, response: { status: number; body: unknown }, stream?: string): Promise<void> {
    this.guard(() => this.update.run(response.status, JSON.stringify(response.body ?? null), stream ?? null, scope, key));
  }

  async release(scope: string, key: string): Promise<void> {
    this.guard(() => this.remove.run(scope, key));
  }

  async purge(before: string): Promise<number> {
    return this.guard(() => this.removeOld.run(before).changes);
  }

  async forgetStreams(streams: readonly string[]): Promise<number> {
    if (streams.length === 0) return 0;
    return this.guard(() => {
      const removed = this.removeStreams.run(JSON.stringify(streams)).changes;
      // The WAL still holds the pages as they were before the delete: copy it back and empty it.
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      return removed;
    });
  }

  /** SQLite failures (a full disk...) become IdempotencyStoreUnavailableError, which the API answers 503 or 507. */
  private guard<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      const failure = describeSqliteFailure(error, 'idempotency store', this.file);
      throw failure ? new IdempotencyStoreUnavailableError(failure, error, sqliteFailureReason(error)) : error;
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
