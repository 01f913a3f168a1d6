import { Attributes, context, INVALID_SPAN_CONTEXT, Link, propagation, ROOT_CONTEXT, Span, SpanContext, SpanKind, SpanStatusCode, trace, Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { RecordedEvent } from '@app/domain/shared';
import type { ObservabilitySettings } from './observability.settings';

/** Appends whose span a later apply or delivery can still link to (about 100 bytes each). */
const REMEMBERED_APPENDS = 20_000;
/** A batch span links at most this many appends (the SDK's default limit is 128 links per span). */
const MAX_LINKS = 128;

/** Threads a trace through the event path: request → command → append → each read model's apply → webhook delivery. */
export interface Tracing {
  readonly enabled: boolean;
  readonly tracer: Tracer;
  /** Runs `run` inside a new span (a child of the active one); the span ends with it, an error recorded. */
  inSpan<T>(name: string, attributes: Attributes, run: (span: Span) => Promise<T>): Promise<T>;
  /** The append span of these events, so that the apply and delivery spans of the same events can find it. */
  rememberAppend(eventIds: readonly string[], span: Span): void;
  /** A finished piece of work on recorded events (a batch applied, a delivery attempt), placed in their traces. */
  recordWork(name: string, events: readonly Pick<RecordedEvent, 'metadata'>[] | readonly { readonly eventId: string }[], attributes: Attributes, startedAt: number, endedAt: number, failed?: string): void;
  /** Sends what is buffered and stops (the app's shutdown). */
  close(): Promise<void>;
}

const idOf = (event: Pick<RecordedEvent, 'metadata'> | { readonly eventId: string }): string => ('metadata' in event ? event.metadata.eventId : event.eventId);

/** Tracing off: nothing recorded, nothing sent, no global state touched. */
class NoTracing implements Tracing {
  readonly enabled = false;
  readonly tracer = trace.getTracer('lead-to-customer');
  inSpan<T>(_name: string, _attributes: Attributes, run: (span: Span) => Promise<T>): Promise<T> {
    return run(trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
  }
  rememberAppend(): void {}
  recordWork(): void {}
  async close(): Promise<void> {}
}

/**
 * The official SDK with the OTLP/HTTP exporter (JSON), registered as the process's tracer provider:
 * its context manager (AsyncLocalStorage) carries the active span from the HTTP request through the
 * command bus into the write path. Read models and webhooks work later, on their own loops, in
 * batches: their spans are placed from the events they handled. A batch whose events all come from
 * one traced append becomes a child of that append (one trace from request to read model); a batch
 * of several links to each (the pattern the specification gives for batch processing). Events are
 * matched to their append by event id while this process remembers it; the correlation and
 * causation ids of the events are attributes, so a trace across processes is still found by them.
 */
class OtlpTracing implements Tracing {
  readonly enabled = true;
  readonly tracer: Tracer;
  private readonly appends = new Map<string, SpanContext>();

  constructor(private readonly provider: NodeTracerProvider) {
    this.tracer = provider.getTracer('lead-to-customer');
  }

  inSpan<T>(name: string, attributes: Attributes, run: (span: Span) => Promise<T>): Promise<T> {
    return this.tracer.startActiveSpan(name, { kind: SpanKind.INTERNAL, attributes }, async (span) => {
      try {
        return await run(span);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  rememberAppend(eventIds: readonly string[], span: Span): void {
    const spanContext = span.spanContext();
    for (const id of eventIds) this.appends.set(id, spanContext);
    // A Map keeps insertion order: the oldest appends go first.
    for (const id of this.appends.keys()) {
      if (this.appends.size <= REMEMBERED_APPENDS) break;
      this.appends.delete(id);
    }
  }

  recordWork(name: string, events: readonly (Pick<RecordedEvent, 'metadata'> | { readonly eventId: string })[], attributes: Attributes, startedAt: number, endedAt: number, failed?: string): void {
    const sources = new Map<string, SpanContext>();
    for (const event of events) {
      const source = this.appends.get(idOf(event));
      if (source && sources.size < MAX_LINKS) sources.set(source.spanId, source);
    }
    const traces = new Set([...sources.values()].map((s) => s.traceId));
    const parent = traces.size === 1 ? trace.setSpanContext(ROOT_CONTEXT, [...sources.values()][0]) : ROOT_CONTEXT;
    const links: Link[] = traces.size > 1 ? [...sources.values()].map((s) => ({ context: s })) : [];
    const correlationIds = [...new Set(events.flatMap((e) => ('metadata' in e ? [e.metadata.correlationId] : [])))];
    const span = this.tracer.startSpan(
      name,
      {
        kind: SpanKind.CONSUMER,
        startTime: startedAt,
        links,
        attributes: { ...attributes, 'l2c.events': events.length, ...(correlationIds.length > 0 && { 'l2c.correlation_ids': correlationIds.slice(0, 20) }) },
      },
      parent,
    );
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: failed });
    span.end(endedAt);
  }

  async close(): Promise<void> {
    try {
      await this.provider.shutdown();
    } finally {
      // The next app in this process (tests) may register its own provider.
      trace.disable();
      context.disable();
      propagation.disable();
    }
  }
}

/** Tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise none, at no cost. */
export const openTracing = (settings: ObservabilitySettings): Tracing => {
  if (!settings.otlpEndpoint) return new NoTracing();
  // The standard variable is the collector's base URL; traces go to its /v1/traces.
  const url = `${settings.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.otelServiceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  provider.register();
  return new OtlpTracing(provider);
};
