import { RecordedEvent } from '@app/domain/shared';
import {
  AppendResult,
  CountEventsOptions,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  revisionMatches,
  SubscribeOptions,
  Subscription,
  WrongExpectedRevisionError,
} from '@app/event-store';

/**
 * The log as it would be after the appends of a dry run: reads see the real log plus what was
 * "appended" here, and nothing reaches the real log. With it, `import --dry-run` runs the real write
 * path (load, decide, idempotency, refusals) and changes nothing. Streams only: readAll and
 * subscriptions see the real log alone (the write path uses neither).
 */
export class DryRunEventStore implements EventStore {
  private readonly pending = new Map<string, RecordedEvent[]>();
  private appended = 0;

  constructor(private readonly log: EventStore) {}

  /** Events that would have been appended. */
  get appendedCount(): number {
    return this.appended;
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const [stored, head] = await Promise.all([this.log.readStream(streamId, { direction: 'backwards', maxCount: 1 }), this.log.headPosition()]);
    // From here on nothing awaits: concurrent appends to one stream are checked one after the other.
    const pending = this.pending.get(streamId) ?? [];
    const current = pending.at(-1)?.revision ?? stored[0]?.revision ?? -1;
    if (!revisionMatches(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current);
    const recorded = events.map((event, i): RecordedEvent => ({ ...event, streamId, revision: current + 1 + i, position: head + this.appended + 1 + i }));
    this.pending.set(streamId, [...pending, ...recorded]);
    this.appended += recorded.length;
    const last = recorded[recorded.length - 1];
    return { revision: last.revision, position: last.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const all = [...(await this.log.readStream(streamId)), ...(this.pending.get(streamId) ?? [])];
    const forwards = options.direction !== 'backwards';
    const from = options.fromRevision ?? (forwards ? 0 : Number.MAX_SAFE_INTEGER);
    const selected = forwards ? all.filter((e) => e.revision >= from) : all.filter((e) => e.revision <= from).reverse();
    return selected.slice(0, options.maxCount ?? selected.length);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.log.readAll(options);
  }

  subscribe(options?: SubscribeOptions): Subscription {
    return this.log.subscribe(options);
  }

  async headPosition(): Promise<number> {
    return (await this.log.headPosition()) + this.appended;
  }

  /** The real log's events: like readAll, the dry run's own appends are not among them. */
  countEvents(options?: CountEventsOptions): Promise<number> {
    return this.log.countEvents(options);
  }

  ping(): Promise<void> {
    return this.log.ping();
  }

  /** The real log belongs to whoever opened it. */
  async close(): Promise<void> {}
}
