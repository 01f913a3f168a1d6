import { RecordedEvent } from '@app/domain/shared';
import { AppendResult, CountEventsOptions, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, ReadStreamOptions, SubscribeOptions, Subscription } from '@app/event-store';
import { Document, DocumentStore, DocumentWrite, Filter, FindOptions, IndexSpec, Page } from '@app/read-store';

/**
 * Wrappers around the real adapters, at the port, that fail on demand: a store that is down, a
 * subscription whose connection drops, an event delivered twice, a read-model commit that writes
 * but reports failure or that loses its checkpoint. Everything else goes to the real store.
 */

/** Rejects with the failure while there is one; otherwise runs the call on the real store. */
const guarded = async <T>(failure: (() => Error) | undefined, call: () => Promise<T>): Promise<T> => {
  const error = failure?.();
  if (error) throw error;
  return call();
};

export class FaultyEventStore implements EventStore {
  /** While set, every call fails with the error it makes (the store is down). */
  failure: (() => Error) | undefined;
  /** How often each event is handed to a subscriber, in a row (2: at-least-once delivery). */
  deliveries = 1;
  /** Asked before each delivery; an error breaks the subscription there (a dropped connection). */
  beforeDelivery: ((event: RecordedEvent) => Error | undefined) | undefined;
  /** Every subscription opened: where it starts, and what it reads. */
  readonly subscriptions: { readonly after: number; readonly types?: readonly string[] }[] = [];
  delivered = 0;
  /** Deliveries of an event right after itself (the second of a pair). */
  repeated = 0;

  constructor(readonly inner: EventStore) {}

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return guarded(this.failure, () => this.inner.append(streamId, events, expected));
  }
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return guarded(this.failure, () => this.inner.readStream(streamId, options));
  }
  /** Pages of the log handed out (catch-ups read these, and subscribe only at the head). */
  readonly reads: { readonly after: number; readonly types?: readonly string[] }[] = [];

  /** A page goes through the same faults as a subscription: events delivered twice, a connection dropped on the way. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    this.reads.push({ after: options?.after ?? 0, types: options?.types });
    return guarded(this.failure, async () => {
      const page: RecordedEvent[] = [];
      for (const event of await this.inner.readAll(options)) {
        for (let i = 0; i < this.deliveries; i++) {
          const error = this.failure?.() ?? this.beforeDelivery?.(event);
          if (error) throw error;
          this.delivered++;
          if (i > 0) this.repeated++;
          page.push(event);
        }
      }
      // Still at most maxCount: a short page means the head was reached.
      return options?.maxCount === undefined ? page : page.slice(0, options.maxCount);
    });
  }
  headPosition(): Promise<number> {
    return guarded(this.failure, () => this.inner.headPosition());
  }
  countEvents(options?: CountEventsOptions): Promise<number> {
    return guarded(this.failure, () => this.inner.countEvents(options));
  }
  ping(): Promise<void> {
    return guarded(this.failure, () => this.inner.ping());
  }
  close(): Promise<void> {
    return this.inner.close();
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    this.subscriptions.push({ after: options.after ?? 0, types: options.types });
    const inner = this.inner.subscribe(options);
    const self = this;
    async function* deliver(): AsyncGenerator<RecordedEvent> {
      const initial = self.failure?.();
      if (initial) throw initial;
      for await (const event of inner) {
        for (let i = 0; i < self.deliveries; i++) {
          const error = self.failure?.() ?? self.beforeDelivery?.(event);
          if (error) throw error; // ends the inner subscription too (for await closes it)
          self.delivered++;
          if (i > 0) self.repeated++;
          yield event;
        }
      }
    }
    const iterator = deliver();
    return {
      get scannedTo() {
        return inner.scannedTo;
      },
      close: () => inner.close(),
      [Symbol.asyncIterator]: () => iterator,
    };
  }
}

/** How one read-model commit goes. */
export type CommitFault = 'none' | 'written-then-failed' | 'written-without-checkpoint';

export class FaultyDocumentStore implements DocumentStore {
  /** While set, every call fails with the error it makes (the store is down). */
  failure: (() => Error) | undefined;
  /** Decides the fate of each commit (not asked while the store is down). */
  commitFault: ((checkpointName: string) => CommitFault) | undefined;
  /** The error a faulty commit reports. */
  faultError: () => Error = () => new Error('commit reported as failed (simulated)');
  private lost = 0;

  constructor(readonly inner: DocumentStore) {}

  ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void> {
    return guarded(this.failure, () => this.inner.ensureIndexes(collection, indexes));
  }
  get<D extends Document>(collection: string, id: string): Promise<D | null> {
    return guarded(this.failure, () => this.inner.get<D>(collection, id));
  }
  getMany<D extends Document>(collection: string, ids: readonly string[]): Promise<Map<string, D>> {
    return guarded(this.failure, () => this.inner.getMany<D>(collection, ids));
  }
  find<D extends Document>(collection: string, options?: FindOptions): Promise<Page<D>> {
    return guarded(this.failure, () => this.inner.find<D>(collection, options));
  }
  count(collection: string, filter?: Filter): Promise<number> {
    return guarded(this.failure, () => this.inner.count(collection, filter));
  }
  scan<D extends Document>(collection: string, filter?: Filter): AsyncIterable<D> {
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        const error = self.failure?.();
        if (error) throw error;
        yield* self.inner.scan<D>(collection, filter);
      },
    };
  }
  checkpoint(checkpointName: string): Promise<number> {
    return guarded(this.failure, () => this.inner.checkpoint(checkpointName));
  }
  dropCollection(collection: string): Promise<void> {
    return guarded(this.failure, () => this.inner.dropCollection(collection));
  }
  deleteCheckpoint(checkpointName: string): Promise<void> {
    return guarded(this.failure, () => this.inner.deleteCheckpoint(checkpointName));
  }
  forgetOverwritten(): Promise<void> {
    return guarded(this.failure, () => this.inner.forgetOverwritten());
  }
  ping(): Promise<void> {
    return guarded(this.failure, () => this.inner.ping());
  }
  close(): Promise<void> {
    return this.inner.close();
  }

  async commit(checkpointName: string, position: number, writes: readonly DocumentWrite[]): Promise<boolean> {
    const down = this.failure?.();
    if (down) throw down;
    switch (this.commitFault?.(checkpointName) ?? 'none') {
      case 'none':
        return this.inner.commit(checkpointName, position, writes);
      case 'written-then-failed':
        // The transaction committed but the answer was lost: the caller must not count on either outcome.
        await this.inner.commit(checkpointName, position, writes);
        throw this.faultError();
      case 'written-without-checkpoint': {
        // The documents are written, the checkpoint stays where it was: the batch is delivered again.
        const scratch = `${checkpointName}~lost~${++this.lost}`;
        await this.inner.commit(scratch, position, writes);
        await this.inner.deleteCheckpoint(scratch);
        throw this.faultError();
      }
    }
  }
}
