import { Inject, Injectable, Optional } from '@nestjs/common';
import { WEBHOOK_SETTINGS, WebhookSettings } from './webhook.settings';
import { RecordedEvent } from '@app/domain/shared';
import { WebhookRegisteredData } from '@app/domain/webhook';
import { Document, DOCUMENT_STORE, DocumentStore, DocumentWrite, Filter, InvalidCursorError, Page } from '@app/read-store';
import { ApiProblem } from '../shared/http/api-problem';
import { feedFilter, matches } from '../events/feed-event';
import { afterFailure, RetryPolicy } from './delivery-schedule';
import { AttemptOutcome, DeliveryObserver } from './delivery-observer';

/*
 * Delivery state, in the document store, derived from the log: the dispatcher (a checkpointed
 * consumer) turns every feed event into one delivery per matching webhook, committed together with
 * its checkpoint; the sender records every attempt. A delivery per webhook and stream is a "lane":
 * only the lane's oldest open delivery is `pending` (attempted); the later ones are `waiting` behind
 * it, so a stream's events arrive in order while other streams go on. A delivery that fails for
 * WEBHOOK_RETRY_FOR_MS is `parked` and its lane stays blocked until the parked ones are replayed.
 */

export const WEBHOOKS = 'webhooks';
export const DELIVERIES = 'webhook_deliveries';
/** The dispatcher's position in the log. */
export const DISPATCH_CHECKPOINT = 'webhooks:dispatcher';
/**
 * The sender's writes are not log positions, but the document store commits only with a checkpoint
 * that grows: this one counts the sender's commits.
 */
const JOURNAL_CHECKPOINT = 'webhooks:journal';
/** Attempts kept per delivery (the count goes on). */
const ATTEMPTS_KEPT = 20;

export const DELIVERY_STATUSES = ['waiting', 'pending', 'delivered', 'parked', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
const OPEN: readonly DeliveryStatus[] = ['waiting', 'pending', 'parked'];

/** The dispatcher's copy of a registration: what it needs to match and to sign. */
export interface WebhookDoc extends Document {
  readonly id: string;
  readonly url: string;
  readonly types: readonly string[];
  readonly streams: readonly string[];
  readonly encryptedSecret: string;
  /** Log position of the registration: later events are delivered. */
  readonly registeredAt: number;
  readonly removed: boolean;
}

export interface DeliveryAttempt {
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly at: string;
  readonly durationMs: number;
  /** The receiver's answer; null when there was none (refused, timed out). */
  readonly statusCode: number | null;
  /** Why the attempt failed; null when it was delivered. */
  readonly error: string | null;
}

export interface DeliveryDoc extends Document {
  readonly id: string;
  readonly webhookId: string;
  /** `<webhookId> <streamId>`: deliveries of one lane go out one at a time, in log order. */
  readonly lane: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** Epoch ms of the next attempt (pending only). */
  readonly nextAttemptAt: number | null;
  /** Epoch ms after which a failing delivery is parked, counted from when it became pending. */
  readonly retryUntil: number | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
  readonly parkedAt: string | null;
  readonly attemptLog: readonly DeliveryAttempt[];
}

export type DeliveryCounts = Readonly<Record<DeliveryStatus, number>>;

const laneOf = (webhookId: string, streamId: string) => `${webhookId} ${streamId}`;
/** Ids sort like positions, so a webhook's deliveries come back in log order. */
const deliveryId = (webhookId: string, position: number) => `${webhookId}:${String(position).padStart(16, '0')}`;
const iso = (epochMs: number) => new Date(epochMs).toISOString();

@Injectable()
export class WebhookDeliveries {
  /** Every state change runs one after another: lanes are read and written without interleaving. */
  private tail: Promise<unknown> = Promise.resolve();
  private journal: number | undefined;
  private readonly policy: RetryPolicy;

  constructor(
    @Inject(DOCUMENT_STORE) private readonly docs: DocumentStore,
    @Inject(WEBHOOK_SETTINGS.token) config: WebhookSettings,
    @Optional() private readonly observer?: DeliveryObserver,
  ) {
    this.policy = { retryForMs: config.webhookRetryForMs, backoffMinMs: config.webhookBackoffMinMs, backoffMaxMs: config.webhookBackoffMaxMs };
  }

  async ensureIndexes(): Promise<void> {
    await this.docs.ensureIndexes(WEBHOOKS, [{ fields: [{ field: 'removed' }] }]);
    await this.docs.ensureIndexes(DELIVERIES, [
      { fields: [{ field: 'lane' }, { field: 'status' }, { field: 'position' }] },
      { fields: [{ field: 'status' }, { field: 'nextAttemptAt' }] },
      { fields: [{ field: 'webhookId' }, { field: 'status' }, { field: 'position' }] },
      { fields: [{ field: 'webhookId' }, { field: 'position' }] },
    ]);
  }

  dispatchCheckpoint(): Promise<number> {
    return this.docs.checkpoint(DISPATCH_CHECKPOINT);
  }

  /**
   * The dispatcher's batch: registrations and removals update the webhooks, every other event gets a
   * delivery per matching webhook registered before it. All of it and the checkpoint in one commit.
   * Returns true when a delivery became pending (the sender has work).
   */
  fanOut(batch: readonly RecordedEvent[], now: number): Promise<boolean> {
    return this.serially(async () => {
      const writes = new Map<string, DocumentWrite>();
      const put = (collection: string, doc: Document) => writes.set(`${collection}/${doc._id}`, { collection, id: doc._id, doc });
      const webhooks = new Map<string, WebhookDoc>();
      for await (const hook of this.docs.scan<WebhookDoc>(WEBHOOKS, { removed: false })) webhooks.set(hook.id, hook);
      const openLanes = new Map<string, boolean>();
      let pending = false;
      for (const event of batch) {
        if (event.type === 'WebhookRegistered') {
          const { webhookId, url, types, streams, encryptedSecret } = event.data as WebhookRegisteredData;
          const hook: WebhookDoc = { _id: webhookId, id: webhookId, url, types, streams, encryptedSecret, registeredAt: event.position, removed: false };
          webhooks.set(webhookId, hook);
          put(WEBHOOKS, hook);
          continue;
        }
        if (event.type === 'WebhookRemoved') {
          const { webhookId } = event.data as { webhookId: string };
          const hook = webhooks.get(webhookId);
          if (!hook) continue;
          webhooks.delete(webhookId);
          put(WEBHOOKS, { ...hook, removed: true });
          await this.cancelOpen(webhookId, writes, put);
          continue;
        }
        for (const hook of webhooks.values()) {
          if (event.position <= hook.registeredAt || !matches(feedFilter(hook.types, hook.streams), event)) continue;
          const lane = laneOf(hook.id, event.streamId);
          const busy = openLanes.get(lane) ?? (await this.docs.count(DELIVERIES, { lane, status: { $in: OPEN } })) > 0;
          openLanes.set(lane, true);
          pending ||= !busy;
          put(DELIVERIES, {
            _id: deliveryId(hook.id, event.position),
            id: deliveryId(hook.id, event.position),
            webhookId: hook.id,
            lane,
            streamId: event.streamId,
            revision: event.revision,
            position: event.position,
            eventId: event.metadata.eventId,
            eventType: event.type,
            status: busy ? 'waiting' : 'pending',
            attempts: 0,
            nextAttemptAt: busy ? null : now,
            retryUntil: busy ? null : now + this.policy.retryForMs,
            createdAt: iso(now),
            deliveredAt: null,
            parkedAt: null,
            attemptLog: [],
          } satisfies DeliveryDoc);
        }
      }
      await this.docs.commit(DISPATCH_CHECKPOINT, batch[batch.length - 1].position, [...writes.values()]);
      return pending;
    });
  }

  /** Pending deliveries whose time has come, oldest first. */
  async due(now: number, limit: number): Promise<DeliveryDoc[]> {
    const page = await this.docs.find<DeliveryDoc>(DELIVERIES, { filter: { status: 'pending', nextAttemptAt: { $lte: now } }, sort: { field: 'nextAttemptAt', direction: 'asc' }, limit });
    return page.items;
  }

  /** When the next pending delivery after `now` falls due (epoch ms), if any. */
  async nextDueAfter(now: number): Promise<number | null> {
    const page = await this.docs.find<DeliveryDoc>(DELIVERIES, { filter: { status: 'pending', nextAttemptAt: { $gt: now } }, sort: { field: 'nextAttemptAt', direction: 'asc' }, limit: 1 });
    return page.items[0]?.nextAttemptAt ?? null;
  }

  webhook(id: string): Promise<WebhookDoc | null> {
    return this.docs.get<WebhookDoc>(WEBHOOKS, id);
  }

  /**
   * Records an attempt of a pending delivery: delivered (the lane's next delivery becomes pending),
   * retried later, or parked (at once with `park`: a target the rules refuse). A delivery that
   * stopped being pending meanwhile (removed webhook) is left alone.
   */
  recordAttempt(id: string, attempt: DeliveryAttempt, now: number, options: { readonly park?: boolean } = {}): Promise<void> {
    return this.serially(async () => {
      const doc = await this.docs.get<DeliveryDoc>(DELIVERIES, id);
      if (!doc || doc.status !== 'pending') return;
      const attempted = { ...doc, attempts: doc.attempts + 1, attemptLog: [...doc.attemptLog, attempt].slice(-ATTEMPTS_KEPT) };
      const writes: DeliveryDoc[] = [];
      let outcome: AttemptOutcome = 'delivered';
      if (attempt.error === null) {
        writes.push({ ...attempted, status: 'delivered', deliveredAt: attempt.at, nextAttemptAt: null });
        const [next] = (await this.docs.find<DeliveryDoc>(DELIVERIES, { filter: { lane: doc.lane, status: 'waiting' }, sort: { field: 'position', direction: 'asc' }, limit: 1 })).items;
        if (next) writes.push(this.pending(next, now));
      } else {
        const decision = options.park ? { park: true as const } : afterFailure(attempted.attempts, now, doc.retryUntil ?? now, this.policy);
        outcome = 'park' in decision ? 'parked' : 'retrying';
        writes.push('park' in decision ? { ...attempted, status: 'parked', parkedAt: iso(now), nextAttemptAt: null } : { ...attempted, nextAttemptAt: decision.retryAt });
      }
      await this.write(writes);
      this.observer?.attempted(doc, attempt, outcome);
    });
  }

  /** Parked deliveries of a webhook become pending again, with a fresh retry window. Returns how many. */
  replayParked(webhookId: string, now: number): Promise<number> {
    return this.serially(async () => {
      const parked: DeliveryDoc[] = [];
      for await (const doc of this.docs.scan<DeliveryDoc>(DELIVERIES, { webhookId, status: 'parked' })) parked.push(this.pending(doc, now));
      if (parked.length) await this.write(parked);
      return parked.length;
    });
  }

  async counts(webhookId: string): Promise<DeliveryCounts> {
    const counts = await Promise.all(DELIVERY_STATUSES.map((status) => this.docs.count(DELIVERIES, { webhookId, status })));
    return Object.fromEntries(DELIVERY_STATUSES.map((status, i) => [status, counts[i]])) as Record<DeliveryStatus, number>;
  }

  /** Open deliveries of all webhooks: attempted now or soon (pending), queued behind their lane (waiting), parked. */
  async openTotals(): Promise<{ readonly pending: number; readonly waiting: number; readonly parked: number }> {
    const [pending, waiting, parked] = await Promise.all((['pending', 'waiting', 'parked'] as const).map((status) => this.docs.count(DELIVERIES, { status })));
    return { pending, waiting, parked };
  }

  /** A webhook's deliveries, newest first (or parked ones oldest first: the order they will be replayed in). */
  async list(webhookId: string, options: { readonly status?: DeliveryStatus; readonly limit: number; readonly cursor?: string }): Promise<Page<DeliveryDoc>> {
    const filter: Filter = { webhookId, status: options.status };
    const direction = options.status === 'parked' ? 'asc' : 'desc';
    try {
      return await this.docs.find<DeliveryDoc>(DELIVERIES, { filter, sort: { field: 'position', direction }, limit: options.limit, cursor: options.cursor });
    } catch (error) {
      // A cursor of another list (the parked ones run the other way): the caller's mistake, named.
      if (error instanceof InvalidCursorError) throw ApiProblem.badRequest('Invalid request: cursor', [{ field: 'cursor', messages: ['cursor must be a cursor returned by a previous page of this list'] }]);
      throw error;
    }
  }

  /** How many deliveries wait behind each lane (for the parked list). */
  waitingBehind(lane: string): Promise<number> {
    return this.docs.count(DELIVERIES, { lane, status: 'waiting' });
  }

  private pending(doc: DeliveryDoc, now: number): DeliveryDoc {
    return { ...doc, status: 'pending', nextAttemptAt: now, retryUntil: now + this.policy.retryForMs, parkedAt: null };
  }

  private async cancelOpen(webhookId: string, writes: Map<string, DocumentWrite>, put: (collection: string, doc: Document) => void): Promise<void> {
    const cancel = (doc: DeliveryDoc) => put(DELIVERIES, { ...doc, status: 'cancelled', nextAttemptAt: null });
    for await (const doc of this.docs.scan<DeliveryDoc>(DELIVERIES, { webhookId, status: { $in: OPEN } })) cancel(doc);
    // And those made earlier in this very batch.
    for (const write of [...writes.values()]) {
      const doc = write.doc as DeliveryDoc | null;
      if (write.collection === DELIVERIES && doc && doc.webhookId === webhookId && OPEN.includes(doc.status)) cancel(doc);
    }
  }

  private async write(docs: readonly DeliveryDoc[]): Promise<void> {
    this.journal ??= await this.docs.checkpoint(JOURNAL_CHECKPOINT);
    const writes = docs.map((doc) => ({ collection: DELIVERIES, id: doc._id, doc }));
    if (!(await this.docs.commit(JOURNAL_CHECKPOINT, ++this.journal, writes))) {
      // Someone else moved the journal on (another process on the same store): catch up and write again.
      this.journal = (await this.docs.checkpoint(JOURNAL_CHECKPOINT)) + 1;
      await this.docs.commit(JOURNAL_CHECKPOINT, this.journal, writes);
    }
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    // The tail only orders the work: its failure reaches the caller through `result`, and must not stop the next one.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
