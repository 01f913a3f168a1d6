import Database from 'better-sqlite3';
import { SqliteEventStore } from '@app/event-store';

/**
 * The physical baseline: a bare better-sqlite3 connection on an event log file with exactly the
 * schema SqliteEventStore creates (it is created by opening the store once, not copied here) and
 * the same pragmas (WAL, synchronous=FULL).
 */
export const openRawLog = async (file: string, options: { readonly readonly?: boolean } = {}): Promise<Database.Database> => {
  if (!options.readonly) await new SqliteEventStore({ file }).close();
  const db = new Database(file, { readonly: options.readonly ?? false });
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
};

export const RAW_INSERT = 'INSERT INTO events (event_id, stream_id, revision, type, version, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)';
