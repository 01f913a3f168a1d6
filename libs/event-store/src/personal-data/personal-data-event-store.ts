import { RecordedEvent } from '@app/domain/shared';
import {
  AppendResult,
  CountEventsOptions,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { assertAppendable } from '../event-store.rules';
import { PersonalDataVault } from './personal-data-vault';

/** Events a subscription takes ahead at most, to fetch their subjects' keys together. */
const READ_AHEAD = 500;
const IDLE = Symbol('idle');
const nextTurn = () => new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE)));

/**
 * The event log with personal data protected, around either adapter: the one place events are
 * encrypted (append) and decrypted (readStream, readAll, subscribe). Everything that opens the log
 * through createEventStore gets it, so no reader sees ciphertext and no writer stores plain text.
 */
export class PersonalDataEventStore implements EventStore {
  constructor(
    /** The adapter: events as stored, personal texts encrypted. */
    readonly inner: EventStore,
    readonly personalData: PersonalDataVault,
  ) {}

  /** Settles once the latest append has been handed to the adapter. */
  private handedOver: Promise<void> = Promise.resolve();

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(streamId, events);
    const encrypted = this.personalData.protect(streamId, events);
    // Its failure is reported below, once earlier appends are handed over; not an unhandled rejection meanwhile.
    encrypted.catch(() => undefined);
    // Appends reach the adapter in the order they were made, whatever each one's encryption waited
    // for: the embedded log commits the appends of one turn together, in that order.
    let appended!: Promise<AppendResult>;
    const handed = this.handedOver.then(async () => {
      const protectedEvents = await encrypted;
      appended = this.inner.append(streamId, protectedEvents, expected);
    });
    // The chain only orders the appends: this append's failure reaches its caller through `await handed`, and must not stop the next one.
    this.handedOver = handed.catch(() => undefined);
    await handed;
    return appended;
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const events = await this.inner.readStream(streamId, options);
    return options?.personalData === 'sealed' ? events : this.personalData.reveal(events);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.personalData.reveal(await this.inner.readAll(options));
  }

  subscribe(options?: SubscribeOptions): Subscription {
    return new RevealingSubscription(this.inner.subscribe(options), this.personalData);
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  countEvents(options?: CountEventsOptions): Promise<number> {
    return this.inner.countEvents(options);
  }

  async ping(): Promise<void> {
    await Promise.all([this.inner.ping(), this.personalData.ping()]);
  }

  async close(): Promise<void> {
    const [log, keys] = await Promise.allSettled([this.inner.close(), this.personalData.close()]);
    if (log.status === 'rejected') throw log.reason;
    if (keys.status === 'rejected') throw keys.reason;
  }
}

/** The adapter's subscription, decrypted; reads what has already arrived ahead, so keys are fetched per batch. */
class RevealingSubscription implements Subscription {
  /** Position of the first event taken from the adapter and not yet handed on. */
  private held: number | undefined;
  /** While events are held: how far everything has been handed on (the event before the held one, or where the adapter stood). */
  private handedTo = 0;

  constructor(
    private readonly inner: Subscription,
    private readonly vault: PersonalDataVault,
  ) {}

  /** Never at or past an event still held here: a consumer that is caught up to it has really been handed it. */
  get scannedTo(): number {
    return this.held === undefined ? this.inner.scannedTo : Math.min(this.inner.scannedTo, this.handedTo);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<RecordedEvent> {
    const source = this.inner[Symbol.asyncIterator]();
    // The adapter's scannedTo stays below an event until the next one is asked for, so only the
    // events taken ahead (asked past) need holding back here.
    let pending: Promise<IteratorResult<RecordedEvent>> | undefined;
    try {
      for (;;) {
        const first = await (pending ?? source.next());
        pending = undefined;
        if (first.done) return;
        // The adapter stands below the event it just gave until the next one is asked for.
        this.handedTo = this.inner.scannedTo;
        this.held = first.value.position;
        const batch = [first.value];
        const turn = nextTurn();
        while (batch.length < READ_AHEAD) {
          const next = source.next();
          const more = await Promise.race([next, turn]);
          if (more === IDLE || more.done) {
            pending = next;
            break;
          }
          batch.push(more.value);
        }
        const revealed = await this.vault.reveal(batch);
        for (let i = 0; i < revealed.length; i++) {
          this.handedTo = revealed[i].position;
          this.held = i + 1 < revealed.length ? revealed[i + 1].position : undefined;
          yield revealed[i];
        }
      }
    } finally {
      this.held = undefined;
    }
  }
}
