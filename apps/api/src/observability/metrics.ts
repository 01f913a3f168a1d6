import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: from a cached read (1 ms) to a request past the default REQUEST_TIMEOUT_MS (30 s). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Appends per group commit: one under light load, hundreds under a burst. */
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
/** Seconds from a delivery queued to delivered: includes retries, so up to hours. */
const DELIVERY_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800, 3600, 21600, 86400];

/**
 * Every metric the API exposes, in one registry per app (two apps in one process, as in the tests,
 * never share counts). Labels are bounded: route patterns, command types, projection names, codes.
 */
export class ApiMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'l2c_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern (never the raw URL) and status, with their latency (the _count is the number of requests)',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly refusals = new Counter({
    name: 'l2c_http_refusals_total',
    help: 'Requests refused to protect the API: RATE_LIMITED, TOO_MANY_FAILED_AUTHENTICATIONS (429), OVERLOADED (503, load shedding)',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'l2c_commands_total',
    help: 'Commands by aggregate and type, and how they ended: accepted, refused (with the domain code), conflict (409), error',
    labelNames: ['aggregate', 'command', 'outcome', 'code'] as const,
    registers: [this.registry],
  });

  readonly commandDuration = new Histogram({
    name: 'l2c_command_duration_seconds',
    help: 'Time from a command taken to its events appended (load, decide, append, conflict retries)',
    labelNames: ['aggregate', 'command'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly appends = new Counter({
    name: 'l2c_event_store_appends_total',
    help: 'Appends to the event log by outcome: appended, conflict (wrong expected revision), error',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'l2c_event_store_events_appended_total',
    help: 'Events appended to the log',
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'l2c_event_store_append_duration_seconds',
    help: 'Time an append waited for its commit (with the embedded log: its group commit and fsync)',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly commitBatchSize = new Histogram({
    name: 'l2c_event_store_commit_batch_size',
    help: 'Appends per group commit of the embedded SQLite log (one transaction and fsync each)',
    buckets: BATCH_BUCKETS,
    registers: [this.registry],
  });

  readonly eventsApplied = new Counter({
    name: 'l2c_projection_events_applied_total',
    help: 'Events each read model applied',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly webhookAttempts = new Counter({
    name: 'l2c_webhook_attempts_total',
    help: 'Webhook delivery attempts by outcome: delivered, retrying (failed, tried again later), parked (failed for WEBHOOK_RETRY_FOR_MS)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly webhookAttemptDuration = new Histogram({
    name: 'l2c_webhook_attempt_duration_seconds',
    help: 'Time one delivery attempt took (the receiver answering, or the timeout)',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly webhookDeliveryLatency = new Histogram({
    name: 'l2c_webhook_delivery_latency_seconds',
    help: 'Time from a delivery queued (its event dispatched) to delivered, retries included',
    buckets: DELIVERY_BUCKETS,
    registers: [this.registry],
  });

  /** Gauges read when scraped (`collect`): what the runner, the feeds and the deliveries already know. */
  gauge(name: string, help: string, labelNames: readonly string[], collect: (gauge: Gauge) => Promise<void> | void): Gauge {
    return new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        await collect(this);
      },
    });
  }

  /** The process's own figures: event-loop lag, heap and RSS, CPU, handles, GC (prom-client's defaults). */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
  }
}
