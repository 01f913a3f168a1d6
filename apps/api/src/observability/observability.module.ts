import { DynamicModule, Global, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ProjectionRunner } from '@app/projection-engine';
import { EventStreams } from '../events/stream-events/event-streams.service';
import { DeliveryObserver } from '../webhooks/delivery-observer';
import { WebhookDeliveries } from '../webhooks/webhook-deliveries';
import { Observability } from './observability';

/**
 * The figures others already keep, read when scraped: each read model's state, whether it is behind
 * and how old its newest applied event is (from the runner's status, as `GET /projections` shows it);
 * the open event streams; the webhook deliveries waiting and parked.
 */
@Injectable()
class ScrapedFigures implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly observability: Observability,
    private readonly modules: ModuleRef,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = this.observability.metricsServer;
    if (!server) return;
    const metrics = this.observability.metrics;
    const runner = this.modules.get(ProjectionRunner, { strict: false });
    const streams = this.modules.get(EventStreams, { strict: false });
    const deliveries = this.modules.get(WebhookDeliveries, { strict: false });
    // One status read serves the projection gauges of a scrape.
    let statuses: ReturnType<ProjectionRunner['status']> | undefined;
    const status = () => (statuses ??= runner.status().finally(() => setImmediate(() => (statuses = undefined))));
    // Positions are opaque: the runner counts the events a read model still lacks (up to its cap), never subtracts positions.
    metrics.gauge('l2c_projection_lag_events', 'Events of its types a read model has still to apply, counted (at most 10,000: see lagEventsCapped in GET /projections)', ['projection'], async (g) => {
      g.reset();
      for (const s of await status()) g.set({ projection: s.name }, s.lagEvents);
    });
    metrics.gauge('l2c_projection_behind', 'A read model that has not applied every event of the log it reads yet (1), or has (0)', ['projection'], async (g) => {
      g.reset();
      for (const s of await status()) g.set({ projection: s.name }, s.lagEvents > 0 ? 1 : 0);
    });
    metrics.gauge('l2c_projection_lag_seconds', 'Age of the newest event a read model applied, while it is behind; 0 when caught up', ['projection'], async (g) => {
      g.reset();
      for (const s of await status()) g.set({ projection: s.name }, s.lagSeconds);
    });
    metrics.gauge('l2c_projection_state', 'Each read model\'s state (1 for its current one): starting, catching_up, live, retrying, failed, stopped', ['projection', 'state'], async (g) => {
      g.reset();
      for (const s of await status()) g.set({ projection: s.name, state: s.state }, 1);
    });
    metrics.gauge('l2c_sse_connections', 'Open Server-Sent Events streams (GET /events/stream)', [], (g) => g.set(streams.stats().open));
    metrics.gauge('l2c_sse_closed_as_slow', 'Event streams ended since start because their client stopped reading', [], (g) => g.set(streams.stats().closedAsSlow));
    metrics.gauge('l2c_webhook_backlog', 'Webhook deliveries not delivered yet: pending (being attempted or retried) and waiting behind their lane', ['status'], async (g) => {
      const totals = await deliveries.openTotals();
      g.set({ status: 'pending' }, totals.pending);
      g.set({ status: 'waiting' }, totals.waiting);
    });
    metrics.gauge('l2c_webhook_parked', 'Webhook deliveries parked after failing for WEBHOOK_RETRY_FOR_MS (replay them: POST /webhooks/{id}/parked/replay)', [], async (g) => {
      g.set((await deliveries.openTotals()).parked);
    });
    await server.start();
    this.logger.log(`Metrics on ${server.url}`);
  }

  /** After the runner and the sender stopped (their last spans are sent). */
  async onApplicationShutdown(): Promise<void> {
    await this.observability.close();
  }
}

/** Metrics, traces and the request scope of logs, for every module. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(observability: Observability): DynamicModule {
    return {
      module: ObservabilityModule,
      providers: [{ provide: Observability, useValue: observability }, { provide: DeliveryObserver, useValue: observability.deliveries }, ScrapedFigures],
      exports: [Observability, DeliveryObserver],
    };
  }
}
