import { RecordedEvent } from '@app/domain/shared';
import { EventStore, ReadAllOptions, Subscription } from '@app/event-store';

/** A stretch of the log, (after, to], with its events of the scan's types. */
interface Page {
  readonly after: number;
  readonly to: number;
  readonly events: readonly RecordedEvent[];
  /** The log held nothing more when it was read: whoever reaches its end follows the log live. */
  readonly atHead: boolean;
}

export interface CatchUpOptions {
  /** Only events after this position. */
  readonly after?: number;
  readonly types?: readonly string[];
}

/**
 * Subscriptions that share one read of the log while they catch up over the same stretch of it.
 *
 * Every projection reads the log from its own checkpoint; when several start from the same place
 * (all of them rebuilt at once, or resuming after downtime), reading, parsing and decrypting the
 * same events once for each of them is most of a rebuild's work. Here a page of the log (every
 * type any of them reads) is read once and handed to each subscriber whose position lies in it,
 * filtered to its own types. Once a subscriber reaches the head it follows the log on a
 * subscription of its own, so live delivery is exactly the store's.
 *
 * Memory stays bounded: at most `maxPages` pages are held. A subscriber at the front waits before
 * reading another page while the oldest one is still needed by a slower subscriber (they share
 * one thread, so the wait costs no throughput), and a subscriber outside the pages in use (a
 * projection resumed far behind the others) reads the log on its own.
 */
export class SharedCatchUp {
  /** Contiguous: each page starts where the previous one ends. */
  private pages: Page[] = [];
  private readonly readers = new Set<CatchUpSubscription>();
  /** The read of the next page, while one is under way: others wait for it instead of reading it again. */
  private reading: Promise<unknown> | undefined;
  private waiters: (() => void)[] = [];
  private readonly unionTypes: readonly string[] | undefined;

  constructor(
    private readonly events: EventStore,
    /** Every type a subscriber may ask for (undefined: all). */
    types: readonly string[] | undefined,
    private readonly pageSize: number,
    private readonly maxPages = 4,
  ) {
    this.unionTypes = types ? [...new Set(types)] : undefined;
  }

  subscribe(options: CatchUpOptions = {}): Subscription {
    const outside = options.types?.find((type) => this.unionTypes && !this.unionTypes.includes(type));
    if (outside) throw new Error(`${outside} is not among the types this shared catch-up reads`);
    return new CatchUpSubscription(this, this.events, options);
  }

  /** The log's head, for a subscriber that asks whether it is caught up. */
  headPosition(): Promise<number> {
    return this.events.headPosition();
  }

  /** The log itself, for a subscriber that asks whether anything it reads lies ahead. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.events.readAll(options);
  }

  /** Pages held now (diagnostics and tests). */
  get heldPages(): number {
    return this.pages.length;
  }

  /** @internal The page holding the events right after `reader.cursor`; moves the cursor to its end. */
  async pageFor(reader: CatchUpSubscription): Promise<Page> {
    this.readers.add(reader);
    for (;;) {
      if (reader.closed) return { after: reader.cursor, to: reader.cursor, events: [], atHead: true };
      const held = this.pages.find((page) => page.after <= reader.cursor && reader.cursor < page.to);
      if (held) return this.take(reader, held);
      const last = this.pages[this.pages.length - 1];
      if (!last || reader.cursor !== last.to) {
        // Not at the front of the pages: read alone while others use them, or start them afresh here.
        if (this.inUse()) return this.take(reader, await this.read(reader.cursor, reader.types));
        this.pages = [];
      }
      if (this.reading) {
        await this.reading;
        continue;
      }
      if (this.pages.length >= this.maxPages) {
        if (this.needed(this.pages[0])) {
          await new Promise<void>((resolve) => this.waiters.push(resolve));
          continue;
        }
        this.pages.shift();
      }
      const reading = this.read(reader.cursor, this.unionTypes);
      // Others only wait for this read to end, then look again (and read for themselves if it failed);
      // its error goes to this reader, through `await reading` below.
      this.reading = reading.finally(() => (this.reading = undefined)).catch(() => undefined);
      const page = await reading;
      // An empty page (the head was already reached) holds nothing worth keeping.
      const front = this.pages[this.pages.length - 1];
      if (page.to > page.after && (!front || front.to === page.after)) this.pages.push(page);
      return this.take(reader, page);
    }
  }

  /** @internal The reader no longer catches up here (at the head, closed or failed). */
  leave(reader: CatchUpSubscription): void {
    if (this.readers.delete(reader)) this.wake();
  }

  private take(reader: CatchUpSubscription, page: Page): Page {
    reader.cursor = Math.max(reader.cursor, page.to);
    this.wake();
    return page;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Someone still has to take this page. */
  private needed(page: Page): boolean {
    for (const reader of this.readers) if (reader.cursor >= page.after && reader.cursor < page.to) return true;
    return false;
  }

  /** Someone is inside the held pages or at their front. */
  private inUse(): boolean {
    if (this.pages.length === 0) return false;
    const from = this.pages[0].after;
    const to = this.pages[this.pages.length - 1].to;
    for (const reader of this.readers) if (reader.cursor >= from && reader.cursor <= to) return true;
    return false;
  }

  private async read(after: number, types: readonly string[] | undefined): Promise<Page> {
    const head = await this.events.headPosition();
    if (head <= after) return { after, to: after, events: [], atHead: true };
    const events = await this.events.readAll({ after, maxCount: this.pageSize, ...(types && { types }) });
    const full = events.length === this.pageSize;
    // A short page means the log held nothing more of these types up to its head (at least the one read before).
    const to = full ? events[events.length - 1].position : Math.max(head, events[events.length - 1]?.position ?? after);
    return { after, to, events, atHead: !full };
  }
}

/** A subscriber's view: pages from the shared scan while catching up, then its own live subscription. */
class CatchUpSubscription implements Subscription {
  closed = false;
  /** End of the last page taken. */
  cursor: number;
  readonly types: readonly string[] | undefined;
  private readonly wanted: ReadonlySet<string> | undefined;
  private scanned: number;
  private live: Subscription | undefined;
  private readonly iterator: AsyncGenerator<RecordedEvent>;

  constructor(
    private readonly scan: SharedCatchUp,
    private readonly events: EventStore,
    options: CatchUpOptions,
  ) {
    this.cursor = this.scanned = options.after ?? 0;
    this.types = options.types;
    this.wanted = options.types ? new Set(options.types) : undefined;
    this.iterator = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterator;
  }

  get scannedTo(): number {
    return this.live ? this.live.scannedTo : this.scanned;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.scan.leave(this);
    await this.live?.close();
  }

  private async *run(): AsyncGenerator<RecordedEvent> {
    try {
      for (;;) {
        const from = this.cursor;
        const page = await this.scan.pageFor(this);
        if (this.closed) return;
        for (const event of page.events) {
          if (event.position <= from || (this.wanted && !this.wanted.has(event.type))) continue;
          yield event;
          if (this.closed) return;
        }
        // Reached only once the consumer asked for more after the page's last event.
        this.scanned = page.to;
        if (page.atHead) break;
      }
      this.scan.leave(this);
      this.live = this.events.subscribe({ after: this.scanned, ...(this.types && { types: this.types }) });
      if (this.closed) await this.live.close();
      yield* this.live;
    } finally {
      this.scan.leave(this);
    }
  }
}
