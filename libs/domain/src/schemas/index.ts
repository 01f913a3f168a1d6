export * from './event-schemas';
export type { EventEnvelope, FeedEventCatalog, InternalEventCatalog } from './event-catalog';
