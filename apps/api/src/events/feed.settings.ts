import { defineSettings } from '@app/config';

/** The event stream (SSE) for other services. */
export interface FeedSettings {
  /** A comment line on every open event stream this often, so proxies and clients see it is alive. */
  readonly sseHeartbeatMs: number;
  /** Unsent output an event stream may hold; past it the stream waits for its client to read. */
  readonly sseMaxBufferBytes: number;
  /** A stream whose output stays past sseMaxBufferBytes this long is ended (the client resumes with Last-Event-ID). */
  readonly sseStallTimeoutMs: number;
}

export const FEED_SETTINGS = defineSettings<FeedSettings>('feeds', (env) => ({
  sseHeartbeatMs: env.integer('SSE_HEARTBEAT_MS', 15_000, 10, 3_600_000),
  // At least 64 KiB: above a socket's own high-water mark, so a full buffer always ends in a 'drain'.
  sseMaxBufferBytes: env.integer('SSE_MAX_BUFFER_BYTES', 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
  sseStallTimeoutMs: env.integer('SSE_STALL_TIMEOUT_MS', 30_000, 10, 3_600_000),
}));
