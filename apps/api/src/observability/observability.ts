import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { AppliedBatch } from '@app/projection-engine';
import { SQLITE_COMMIT_CHANNEL } from '@app/event-store';
import type { DeliveryAttempt, DeliveryDoc } from '../webhooks/webhook-deliveries';
import { AttemptOutcome, DeliveryObserver } from '../webhooks/delivery-observer';
import type { HttpSettings } from '../shared/http/http.settings';
import { JsonLogger } from './logger';
import { ApiMetrics } from './metrics';
import { MetricsServer } from './metrics-server';
import { ObservedCommands } from './observed-commands';
import { ObservabilitySettings } from './observability.settings';
import { openTracing, Tracing } from './tracing';

/**
 * What operators watch: the logger, the metrics and the traces of one app, fed from the edges (HTTP
 * hooks, the write path's observer, the runner's and the deliveries' callbacks, the log's commit
 * channel), never from the domain.
 */
export class Observability {
  readonly metrics = new ApiMetrics();
  readonly tracing: Tracing;
  readonly commands: ObservedCommands;
  readonly deliveries: DeliveryObserver;
  /** The metrics endpoint, when METRICS_PORT is set. */
  readonly metricsServer?: MetricsServer;
  private readonly onCommit = (message: unknown) => this.metrics.commitBatchSize.observe((message as { appends: number }).appends);

  constructor(
    settings: ObservabilitySettings & Pick<HttpSettings, 'logLevel'>,
    readonly logger: JsonLogger,
  ) {
    this.tracing = openTracing(settings);
    this.commands = new ObservedCommands(this.metrics, this.tracing);
    this.deliveries = new ObservedDeliveries(this.metrics, this.tracing);
    if (settings.metricsPort !== undefined) {
      this.metrics.collectProcessMetrics();
      this.metricsServer = new MetricsServer(this.metrics.registry, settings.metricsPort, settings.metricsHost);
    }
    subscribe(SQLITE_COMMIT_CHANNEL, this.onCommit);
  }

  /** The runner's callback after each batch a read model applied. */
  readonly projectionApplied = (batch: AppliedBatch): void => {
    this.metrics.eventsApplied.inc({ projection: batch.projection }, batch.events.length);
    if (this.tracing.enabled) this.tracing.recordWork(`projection.apply ${batch.projection}`, batch.events, { 'l2c.projection': batch.projection }, batch.startedAt, batch.endedAt);
  };

  private closing?: Promise<void>;

  /** Stops the endpoint and sends the spans still buffered; once, however often it is called. */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      unsubscribe(SQLITE_COMMIT_CHANNEL, this.onCommit);
      await Promise.all([this.metricsServer?.stop(), this.tracing.close()]);
    })());
  }
}

class ObservedDeliveries extends DeliveryObserver {
  constructor(
    private readonly metrics: ApiMetrics,
    private readonly tracing: Tracing,
  ) {
    super();
  }

  attempted(delivery: DeliveryDoc, attempt: DeliveryAttempt, outcome: AttemptOutcome): void {
    this.metrics.webhookAttempts.inc({ outcome });
    this.metrics.webhookAttemptDuration.observe({ outcome }, attempt.durationMs / 1000);
    const endedAt = Date.parse(attempt.at) + attempt.durationMs;
    if (outcome === 'delivered') this.metrics.webhookDeliveryLatency.observe(Math.max(0, endedAt - Date.parse(delivery.createdAt)) / 1000);
    if (this.tracing.enabled) {
      const attributes = { 'l2c.webhook_id': delivery.webhookId, 'l2c.event_id': delivery.eventId, 'l2c.event_type': delivery.eventType, 'l2c.attempt': attempt.attempt, 'l2c.outcome': outcome, ...(attempt.statusCode !== null && { 'http.response.status_code': attempt.statusCode }) };
      this.tracing.recordWork('webhook.deliver', [{ eventId: delivery.eventId }], attributes, Date.parse(attempt.at), endedAt, attempt.error ?? undefined);
    }
  }
}
