export * from './event-store.port';
export * from './event-store.errors';
export { revisionMatches } from './event-store.rules';
export { SqliteEventStore } from './sqlite/sqlite-event-store';
export type { SqliteEventStoreOptions, SqliteEventStoreStats } from './sqlite/sqlite-event-store';
export { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
export { createEventStore, SQLITE_EVENTS_FILE } from './create-event-store';
export type { EventStoreConfig } from './create-event-store';
