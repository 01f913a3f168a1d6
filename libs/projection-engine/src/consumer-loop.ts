import { RecordedEvent } from '@app/domain/shared';
import { EventStore, Subscription } from '@app/event-store';

/**
 * Reads a checkpointed subscription in batches and hands each batch to a handler: the one loop
 * behind every projection and policy. A batch is whatever arrived together, up to `batchSize`, so a
 * catch-up runs in large batches and a live follower in small ones.
 *
 * Failures: a handler error marked `fatal` (a projection that cannot apply an event) stops the
 * loop and is shown; any other error (a store that is down) is retried with exponential backoff,
 * resuming from the last committed position, so nothing is skipped and nothing applied twice.
 */
export interface ConsumerOptions {
  readonly types?: readonly string[];
  readonly batchSize: number;
  /** Position already handled; the loop starts after it. */
  readonly from: () => Promise<number>;
  /**
   * Applies a batch and makes its last position durable (or throws). A handler that holds batches
   * back to commit several at once (a catch-up) resolves with the position that is durable so far
   * instead, and makes the rest durable in `flush`.
   */
  readonly handle: (batch: readonly RecordedEvent[]) => Promise<number | void>;
  /** Makes every batch handled so far durable and resolves with its last position; called before the loop reports itself idle. */
  readonly flush?: () => Promise<number>;
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

export class FatalConsumerError extends Error {
  constructor(
    message: string,
    readonly event: RecordedEvent,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'FatalConsumerError';
  }
}

export type ConsumerState = 'starting' | 'catching_up' | 'live' | 'retrying' | 'failed' | 'stopped';

export interface ConsumerError {
  readonly message: string;
  readonly at: string;
  readonly position: number | null;
  readonly eventType: string | null;
}

const IDLE = Symbol('idle');
const nextTurn = () => new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE)));

/** What the loop reads: a subscription, and the head and the log itself to tell whether it is caught up. */
export type ConsumerSource = Pick<EventStore, 'subscribe' | 'headPosition' | 'readAll'>;

export class ConsumerLoop {
  state: ConsumerState = 'starting';
  /** Last position handled durably. */
  position = 0;
  /** Events handled since the loop started (a count, for progress: positions are no count). */
  handledEvents = 0;
  /** Position of the last event handled (durable or not yet). */
  private handledTo = 0;
  lastError: ConsumerError | null = null;
  /** recordedAt of the last event handled. */
  lastRecordedAt: string | null = null;
  private subscription: Subscription | undefined;
  private stopped = false;
  private idle = false;
  private running: Promise<void> | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly throughput: { at: number; events: number }[] = [];
  /** Ends a backoff wait early when the loop is stopped. */
  private wakeFromBackoff?: () => void;
  /** The next wait after a failure; back to the minimum once a batch goes through. */
  private backoffMs: number;

  constructor(
    /** Where the subscription comes from: the log itself, or a catch-up shared with other loops. */
    private readonly store: ConsumerSource,
    private readonly options: ConsumerOptions,
  ) {
    this.backoffMs = options.minBackoffMs ?? 100;
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeFromBackoff?.();
    await this.subscription?.close();
    await this.running;
    if (this.state !== 'failed') this.state = 'stopped';
  }

  /** Everything up to here has been handled (also events the filter skips, once the loop is idle). */
  get reached(): number {
    return this.idle && this.subscription ? Math.max(this.position, this.subscription.scannedTo) : this.position;
  }

  get isIdle(): boolean {
    return this.idle;
  }

  /** Events handled per second over the last ten seconds. */
  get eventsPerSecond(): number {
    const since = Date.now() - 10_000;
    while (this.throughput.length && this.throughput[0].at < since) this.throughput.shift();
    return Math.round(this.throughput.reduce((sum, t) => sum + t.events, 0) / 10);
  }

  /** Resolves on the next progress (a batch handled, idle reached, or a state change). */
  onProgress(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        this.position = this.handledTo = await this.options.from();
        this.state = 'catching_up';
        await this.consume();
        return;
      } catch (error) {
        if (this.stopped) return;
        const event = error instanceof FatalConsumerError ? error.event : null;
        this.lastError = { message: (error as Error).message, at: new Date().toISOString(), position: event?.position ?? null, eventType: event?.type ?? null };
        await this.subscription?.close();
        this.subscription = undefined;
        this.idle = false;
        if (error instanceof FatalConsumerError) {
          this.state = 'failed';
          this.notify();
          return;
        }
        this.state = 'retrying';
        this.notify();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.backoffMs * (0.5 + Math.random()));
          this.wakeFromBackoff = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs ?? 10_000);
      }
    }
  }

  private async consume(): Promise<void> {
    const subscription = (this.subscription = this.store.subscribe({ after: this.position, types: this.options.types }));
    const iterator = subscription[Symbol.asyncIterator]();
    let pending: Promise<IteratorResult<RecordedEvent>> | undefined;
    while (!this.stopped) {
      // Wait for the first event of a batch; until it comes, the loop is idle (caught up).
      const first = pending ?? iterator.next();
      pending = undefined;
      // One turn per batch, not per event: every pending turn holds its race (and the event it
      // resolved with) until the event loop gets round to it, which a catch-up never let happen.
      let turn = nextTurn();
      const ready = await Promise.race([first, turn]);
      // Nothing arrived within a turn. Over a network that also happens between two pages of a
      // catch-up: idle only once the log holds nothing more for this loop up to its head.
      if (ready === IDLE && (await this.caughtUp(subscription))) {
        // Nothing held back once idle: a reader told "caught up" finds everything stored.
        if (this.options.flush) this.position = await this.options.flush();
        this.idle = true;
        if (this.state === 'catching_up') this.state = 'live';
        this.notify();
      }
      const head = ready === IDLE ? await first : ready;
      if (ready === IDLE) turn = nextTurn();
      this.idle = false;
      if (head.done) return;
      const batch = [head.value];
      // Take whatever else has already arrived (before that turn), up to the batch size.
      while (batch.length < this.options.batchSize) {
        const next = iterator.next();
        const more = await Promise.race([next, turn]);
        if (more === IDLE) {
          pending = next;
          break;
        }
        if (more.done) {
          pending = next;
          break;
        }
        batch.push(more.value);
      }
      const durable = await this.options.handle(batch);
      // A failure after this one is a new incident: it starts again at the shortest wait.
      this.backoffMs = this.options.minBackoffMs ?? 100;
      const last = batch[batch.length - 1];
      this.position = durable ?? last.position;
      this.handledTo = last.position;
      this.handledEvents += batch.length;
      this.lastRecordedAt = last.metadata.recordedAt;
      this.throughput.push({ at: Date.now(), events: batch.length });
      this.notify();
      // A catch-up reads the log without ever waiting on I/O: give the event loop (requests, timers,
      // this batch's turn) a turn between batches, so it is not starved and memory stays bounded.
      await turn;
    }
  }

  /**
   * Whether the loop has read the log up to the head it asks for now and found nothing more: the
   * subscription has looked that far, or the log holds no event of this loop's types in between
   * (events it skips do not keep it from being idle).
   */
  private async caughtUp(subscription: Subscription): Promise<boolean> {
    const head = await this.store.headPosition();
    const reached = Math.max(this.handledTo, subscription.scannedTo);
    if (reached >= head) return true;
    const [next] = await this.store.readAll({ after: reached, maxCount: 1, ...(this.options.types && { types: this.options.types }) });
    return !next || next.position > head;
  }
}
