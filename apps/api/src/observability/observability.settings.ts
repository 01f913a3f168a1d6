import { ConfigError, defineSettings } from '@app/config';

/** Where metrics are served and traces sent; both are off unless configured. */
export interface ObservabilitySettings {
  /** Port of the Prometheus endpoint (`GET /metrics`), apart from the API's; undefined: no endpoint. 0: any free port. */
  readonly metricsPort?: number;
  /** Interface the metrics endpoint listens on; loopback unless an operator opens it. */
  readonly metricsHost: string;
  /** OTLP/HTTP collector (the standard OTEL_EXPORTER_OTLP_ENDPOINT); undefined: no tracing at all. */
  readonly otlpEndpoint?: string;
  /** `service.name` of the spans (the standard OTEL_SERVICE_NAME). */
  readonly otelServiceName: string;
}

export const OBSERVABILITY_SETTINGS = defineSettings<ObservabilitySettings>('observability', (env) => {
  const port = env.optional('METRICS_PORT');
  const metricsPort = port === undefined ? undefined : env.integer('METRICS_PORT', 0, 0, 65535);
  const metricsHost = env.optional('METRICS_HOST') ?? '127.0.0.1';
  if (port === undefined && env.optional('METRICS_HOST')) throw new ConfigError('METRICS_HOST is set but METRICS_PORT is not: set METRICS_PORT to serve /metrics');
  return {
    metricsPort,
    metricsHost,
    otlpEndpoint: env.url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http', 'https']),
    otelServiceName: env.optional('OTEL_SERVICE_NAME') ?? 'lead-to-customer-api',
  };
});
