import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { FEED_SETTINGS, FeedSettings } from '../feed.settings';
import { RecordedEvent } from '@app/domain/shared';
import { EVENT_STORE, EventStore, Subscription } from '@app/event-store';
import type { ServerResponse } from 'node:http';
import { FeedEvents, FeedFilter, matches, storeQuery } from '../feed-event';
import { FeedReader } from '../personal-data-mask';

/** What an EventSource waits before reconnecting after the stream ends (it then sends Last-Event-ID). */
const RECONNECT_MS = 1_000;
/** An ended stream whose client does not take the rest of its output is cut after this. */
const END_GRACE_MS = 5_000;
const SHUTDOWN_GRACE_MS = 500;

export interface EventStreamOptions {
  readonly after: number;
  readonly filter: FeedFilter;
  readonly reader: FeedReader;
}

export interface EventStreamStats {
  readonly open: number;
  /** Streams ended because their client stopped reading (output past the bound for SSE_STALL_TIMEOUT_MS). */
  readonly closedAsSlow: number;
  /** The most output ever waiting for one client, in bytes: at most SSE_MAX_BUFFER_BYTES and one event. */
  readonly maxBufferedBytes: number;
}

/**
 * Server-Sent Events over the event store's subscription (catch-up, then live). Each event is one
 * frame, `id:` its log position, so a client resumes with Last-Event-ID with no gap and no repeat.
 *
 * Nothing is buffered without bound. Once a client's unsent output passes SSE_MAX_BUFFER_BYTES the
 * stream stops reading the log for it until the socket drains, so a client that reads slowly is
 * served at its own pace (a catch-up of the whole log included) with bounded memory. A client that
 * takes nothing for SSE_STALL_TIMEOUT_MS is a slow consumer: its stream is ended, and it resumes with
 * Last-Event-ID when it reads again.
 */
@Injectable()
export class EventStreams implements OnModuleDestroy {
  private readonly logger = new Logger('EventStreams');
  private readonly streams = new Set<SseConnection>();
  private closedAsSlow = 0;
  private maxBufferedBytes = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(FEED_SETTINGS.token) private readonly config: FeedSettings,
    private readonly feed: FeedEvents,
  ) {}

  stats(): EventStreamStats {
    return { open: this.streams.size, closedAsSlow: this.closedAsSlow, maxBufferedBytes: this.maxBufferedBytes };
  }

  /**
   * Refuses a cursor the log cannot read from (InvalidPositionError, answered 400) while the answer
   * can still be one; once the stream has begun, a failure can only end it.
   */
  async checkCursor(after: number): Promise<void> {
    await this.store.readAll({ after, maxCount: 1 });
  }

  /** Takes over the response and streams until the client leaves or stalls, or the app stops. */
  serve(response: ServerResponse, { after, filter, reader }: EventStreamOptions): void {
    const connection = new SseConnection(response, this.store.subscribe({ after, ...storeQuery(filter) }), {
      heartbeatMs: this.config.sseHeartbeatMs,
      maxBufferBytes: this.config.sseMaxBufferBytes,
      stallTimeoutMs: this.config.sseStallTimeoutMs,
      frame: (event) => (matches(filter, event) ? frame(event.position, event.type, JSON.stringify(this.feed.render(event, reader))) : null),
      onBuffered: (bytes) => (this.maxBufferedBytes = Math.max(this.maxBufferedBytes, bytes)),
      onStalled: () => this.closedAsSlow++,
    });
    this.streams.add(connection);
    connection.run(after).then(
      () => this.streams.delete(connection),
      (error: Error) => {
        this.streams.delete(connection);
        // The log could not be read (e.g. the store is down): the client reconnects and resumes.
        this.logger.warn(`event stream ended by an error: ${error.message}`);
      },
    );
  }

  /** Before the HTTP server closes (it waits for open responses): end every stream. */
  onModuleDestroy(): void {
    for (const connection of this.streams) connection.end(SHUTDOWN_GRACE_MS);
  }
}

const frame = (id: number, event: string, data: string): string => `id: ${id}\nevent: ${event}\ndata: ${data}\n\n`;

interface ConnectionOptions {
  readonly heartbeatMs: number;
  readonly maxBufferBytes: number;
  readonly stallTimeoutMs: number;
  /** The SSE frame of an event, or null when the filter drops it. */
  readonly frame: (event: RecordedEvent) => string | null;
  readonly onBuffered: (bytes: number) => void;
  readonly onStalled: () => void;
}

class SseConnection {
  private ended = false;
  private stopWaiting: (() => void) | undefined;

  constructor(
    private readonly response: ServerResponse,
    private readonly subscription: Subscription,
    private readonly options: ConnectionOptions,
  ) {}

  async run(after: number): Promise<void> {
    const { response } = this;
    response.on('error', () => undefined); // a client that vanished mid-write: 'close' follows and ends the stream
    response.once('close', () => this.end(0));
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tells nginx-like proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    // The first bytes go out at once: the client knows the stream is open before any event.
    this.write(`retry: ${RECONNECT_MS}\n: events after ${after}\n\n`);
    const heartbeat = setInterval(() => this.write(': heartbeat\n\n'), this.options.heartbeatMs);
    try {
      for await (const event of this.subscription) {
        const text = this.options.frame(event);
        if (text === null) continue;
        if (!this.write(text) || !(await this.paced())) break;
      }
    } finally {
      clearInterval(heartbeat);
      this.end(END_GRACE_MS);
    }
  }

  private write(text: string): boolean {
    if (this.ended) return false;
    this.response.write(text);
    this.options.onBuffered(this.response.writableLength);
    return true;
  }

  /**
   * True once the output is back under the bound (at once, or after a 'drain'); false when the
   * stream ended meanwhile, or the client took nothing for the stall timeout (then it is ended here).
   */
  private paced(): Promise<boolean> {
    if (this.response.writableLength <= this.options.maxBufferBytes) return Promise.resolve(!this.ended);
    return new Promise<boolean>((resolve) => {
      const finish = (drained: boolean) => {
        clearTimeout(stall);
        this.response.off('drain', onDrain);
        this.stopWaiting = undefined;
        resolve(drained && !this.ended);
      };
      const onDrain = () => finish(true);
      const stall = setTimeout(() => {
        finish(false);
        if (this.ended) return;
        this.options.onStalled();
        this.end(END_GRACE_MS);
      }, this.options.stallTimeoutMs);
      this.response.on('drain', onDrain);
      this.stopWaiting = () => finish(false);
    });
  }

  /** Stops reading the log and ends the response; a client that does not take the rest within `graceMs` is cut off. */
  end(graceMs: number): void {
    if (this.ended) return;
    this.ended = true;
    this.stopWaiting?.();
    void this.subscription.close();
    const { response } = this;
    if (response.destroyed) return;
    response.end();
    if (response.writableFinished) return;
    const cut = setTimeout(() => {
      if (!response.writableFinished) response.destroy();
    }, graceMs);
    cut.unref();
    response.once('close', () => clearTimeout(cut));
  }
}
