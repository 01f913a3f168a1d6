import { Inject, Injectable, Logger } from '@nestjs/common';
import { Agent as HttpAgent, request as httpRequest, RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { WEBHOOK_SETTINGS, WebhookSettings } from './webhook.settings';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { WEBHOOK_HEADERS } from '../events/event-schemas/asyncapi-document';
import { FeedEvents } from '../events/feed-event';
import { DeliveryAttempt, DeliveryDoc, WebhookDeliveries, WebhookDoc } from './webhook-deliveries';
import { WebhookSecretBox } from './webhook-secret-box';
import { signWebhookBody } from './webhook-signature';
import { WebhookTargetRefused } from './webhook-target-rules';
import { CheckedTarget, pinnedLookup, WebhookTargets } from './webhook-targets';

/** Attempts under way at once, in all and per webhook (one slow receiver does not hold up the others). */
const MAX_IN_FLIGHT = 32;
const MAX_IN_FLIGHT_PER_WEBHOOK = 8;
const DUE_PAGE = 100;
/** Looks for due deliveries at least this often (also finds work another process queued). */
const IDLE_POLL_MS = 1_000;
const USER_AGENT = 'lead-to-customer-webhooks/1';

/**
 * Works the pending deliveries: POSTs each event, signed, and records the attempt. Lanes (webhook ×
 * stream) have one pending delivery at a time, so attempts of a stream never overtake each other.
 */
@Injectable()
export class WebhookSender {
  private readonly logger = new Logger('Webhooks');
  private readonly inFlight = new Map<string, { readonly webhookId: string; readonly done: Promise<void> }>();
  private readonly secrets = new Map<string, string>();
  private readonly shutdown = new AbortController();
  private running: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  // Connections are kept for the next delivery; every one was opened to an address that passed the target rules.
  private readonly agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  constructor(
    private readonly deliveries: WebhookDeliveries,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(WEBHOOK_SETTINGS.token) private readonly config: WebhookSettings,
    private readonly feed: FeedEvents,
    private readonly box: WebhookSecretBox,
    private readonly targets: WebhookTargets,
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  /** New work: look for due deliveries now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Abandons attempts under way (they stay pending, and are made again after a restart) and stops. */
  async stop(): Promise<void> {
    this.shutdown.abort();
    this.wake();
    await this.running;
    await Promise.allSettled([...this.inFlight.values()].map((a) => a.done));
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.shutdown.signal.aborted) {
      let waitMs = IDLE_POLL_MS;
      this.woken = false;
      try {
        const now = Date.now();
        for (const delivery of await this.deliveries.due(now, DUE_PAGE)) this.begin(delivery);
        const next = await this.deliveries.nextDueAfter(now);
        if (next !== null) waitMs = Math.min(waitMs, Math.max(0, next - Date.now()));
        failures = 0;
      } catch (error) {
        // The document store is down: try again later, the deliveries are still there.
        failures++;
        waitMs = Math.min(30_000, IDLE_POLL_MS * 2 ** Math.min(failures, 5));
        this.logger.warn(`cannot read the webhook deliveries: ${(error as Error).message}`);
      }
      if (!this.woken) await this.sleep(waitMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    }).finally(() => (this.wakeUp = undefined));
  }

  private begin(delivery: DeliveryDoc): void {
    if (this.shutdown.signal.aborted || this.inFlight.has(delivery.id) || this.inFlight.size >= MAX_IN_FLIGHT) return;
    if ([...this.inFlight.values()].filter((a) => a.webhookId === delivery.webhookId).length >= MAX_IN_FLIGHT_PER_WEBHOOK) return;
    const done = this.attempt(delivery)
      .catch((error: Error) => {
        // The attempt could not be recorded (the store fails): it is made again at a later poll.
        this.logger.error(`webhook delivery ${delivery.id}: ${error.message}`);
        return false;
      })
      .then((recorded) => {
        this.inFlight.delete(delivery.id);
        // A lane may have a next delivery now. Otherwise wait for the poll rather than spin.
        if (recorded) this.wake();
      });
    this.inFlight.set(delivery.id, { webhookId: delivery.webhookId, done });
  }

  /** True when an attempt was made and recorded. */
  private async attempt(delivery: DeliveryDoc): Promise<boolean> {
    const hook = await this.deliveries.webhook(delivery.webhookId);
    if (!hook || hook.removed) return false; // removed: the dispatcher cancels its deliveries
    const started = Date.now();
    const attempt = delivery.attempts + 1;
    let statusCode: number | null = null;
    let error: string | null = null;
    let park = false;
    const timeout = AbortSignal.timeout(this.config.webhookTimeoutMs);
    try {
      const request = await this.request(hook, delivery, attempt);
      // Checked again at every attempt: the host's addresses may have changed since the registration.
      const target = await this.targets.check(hook.url, { timeoutMs: this.config.webhookTimeoutMs });
      statusCode = await this.post(target, request, AbortSignal.any([timeout, this.shutdown.signal]));
      if (statusCode < 200 || statusCode > 299) error = `answered ${statusCode}`;
    } catch (failure) {
      if (this.shutdown.signal.aborted) return false; // not the receiver's failure: the attempt is made again after the restart
      if (failure instanceof WebhookTargetRefused) {
        // Nothing was sent. Retrying would only probe the same internal target again: parked for the admin to see.
        error = `refused: ${failure.message}`;
        park = true;
      } else {
        error = timeout.aborted ? `no answer within ${this.config.webhookTimeoutMs} ms` : describe(failure);
      }
    }
    await this.deliveries.recordAttempt(delivery.id, { attempt, at: new Date(started).toISOString(), durationMs: Date.now() - started, statusCode, error } satisfies DeliveryAttempt, Date.now(), { park });
    return true;
  }

  /**
   * POSTs to the checked target, connecting only to its checked addresses, and answers the status
   * code. A redirect is an answer to fix at the receiver, not one to follow to wherever it points.
   */
  private post(target: CheckedTarget, { headers, body }: { headers: Record<string, string>; body: string }, signal: AbortSignal): Promise<number> {
    const https = target.url.protocol === 'https:';
    const options: RequestOptions = {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: https ? this.agents.https : this.agents.http,
      lookup: pinnedLookup(target.addresses) as RequestOptions['lookup'],
      signal,
    };
    return new Promise<number>((resolve, reject) => {
      const request = (https ? httpsRequest : httpRequest)(target.url, options, (response) => {
        // The status is the answer; the body is read and dropped so the connection can be used again.
        response.resume();
        response.on('error', () => undefined); // Deliberately ignored: the body nobody reads failed after the status arrived.
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  /** The event as the feeds show it, signed with the webhook's secret. */
  private async request(hook: WebhookDoc, delivery: DeliveryDoc, attempt: number): Promise<{ headers: Record<string, string>; body: string }> {
    const [stored] = await this.events.readStream(delivery.streamId, { fromRevision: delivery.revision, maxCount: 1 });
    if (!stored || stored.metadata.eventId !== delivery.eventId) throw new Error(`event ${delivery.eventId} is not at ${delivery.streamId}@${delivery.revision}`);
    const body = JSON.stringify(this.feed.render(stored, { actor: `webhook:${hook.id}` }));
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        [WEBHOOK_HEADERS.signature]: signWebhookBody(this.secretOf(hook), body, Math.floor(Date.now() / 1000)),
        [WEBHOOK_HEADERS.eventId]: delivery.eventId,
        [WEBHOOK_HEADERS.eventType]: stored.type,
        [WEBHOOK_HEADERS.attempt]: String(attempt),
        [WEBHOOK_HEADERS.webhookId]: hook.id,
      },
    };
  }

  private secretOf(hook: WebhookDoc): string {
    let secret = this.secrets.get(hook.id);
    if (secret === undefined) this.secrets.set(hook.id, (secret = this.box.open(hook.encryptedSecret, hook.id)));
    return secret;
  }
}

/** What went wrong, in a few words a subscriber's operator can act on. */
const describe = (failure: unknown): string => {
  const error = failure as NodeJS.ErrnoException;
  return error?.code && !error.message?.includes(error.code) ? `${error.message}: ${error.code}` : String(error?.message ?? failure);
};
