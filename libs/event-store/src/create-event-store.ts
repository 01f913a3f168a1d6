import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

export interface EventStoreConfig {
  /** `esdb://…`: EventStoreDB. Unset: the embedded SQLite log under dataDir. */
  readonly eventStoreUrl?: string;
  readonly dataDir: string;
}

export const SQLITE_EVENTS_FILE = 'events.sqlite3';

/** Picks the adapter from configuration; misconfiguration fails here with one line naming the setting. */
export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  if (config.eventStoreUrl) {
    try {
      return EventStoreDbEventStore.fromConnectionString(config.eventStoreUrl);
    } catch (error) {
      throw new Error(`EVENTSTORE_URL is not a valid EventStoreDB connection string: ${firstLine(error)}`);
    }
  }
  try {
    mkdirSync(config.dataDir, { recursive: true });
    accessSync(config.dataDir, constants.W_OK);
  } catch (error) {
    throw new Error(`DATA_DIR ${config.dataDir} is not writable: ${firstLine(error)}`);
  }
  return new SqliteEventStore({ file: join(config.dataDir, SQLITE_EVENTS_FILE) });
}

const firstLine = (error: unknown): string => String((error as Error)?.message ?? error).split('\n')[0];
