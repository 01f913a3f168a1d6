import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Observability } from '../../apps/api/src/observability/observability';
import { uid } from '../support/e2e';
import { personLead } from '../support/fixtures';
import { startTestApp, TEST_ADMIN_KEY, TestApp } from '../support/test-app';
import { killAllApis, startApi } from '../reliability/support/api-process';
import { LOCAL_RECEIVERS, WebhookReceiver } from '../support/webhook-receiver';

const FAST_WEBHOOKS = { WEBHOOK_BACKOFF_MIN_MS: '20', WEBHOOK_BACKOFF_MAX_MS: '100', WEBHOOK_TIMEOUT_MS: '1000' };

/** The value of one sample of a Prometheus text exposition, or undefined when it is absent. */
const sample = (text: string, name: string, labels: Record<string, string> = {}): number | undefined => {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const found = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!found) continue;
    const has = Object.entries(labels).every(([k, v]) => (found[1] ?? '').includes(`${k}="${v}"`));
    if (has) return Number(found[2]);
  }
  return undefined;
};

describe('Metrics: GET /metrics on its own port, scraped over HTTP', () => {
  let t: TestApp;
  let url: string;
  const receiver = new WebhookReceiver();
  const scrape = async () => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_PORT: '0', RATE_LIMIT_PER_MINUTE: '40', ...FAST_WEBHOOKS, ...LOCAL_RECEIVERS } });
    url = t.app.get(Observability).metricsServer!.url;
  });
  afterAll(async () => {
    await t?.destroy();
    await receiver.stop();
  });

  it('listens on loopback only by default, and not on the API port', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await t.anonymous.get('/metrics')).status).toBe(404);
    expect((await fetch(url.replace('/metrics', '/other'))).status).toBe(404);
  });

  it('counts requests by route pattern and status, commands by outcome, appends, applies and deliveries', async () => {
    await t.http.post('/webhooks').send({ url: await receiver.start() }).expect(201);
    const id = uid('lead');
    const created = await t.http.post('/leads').send(personLead({ id })).expect(201);
    const again = await t.http.post('/leads').send(personLead({ id }));
    expect(again.status).toBe(409);
    await t.http.get(`/leads/${id}`).query({ minPosition: created.body.position }).expect(200);
    const deadline = Date.now() + 10_000;
    while (receiver.acknowledged().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

    const text = await scrape();
    expect(sample(text, 'l2c_http_request_duration_seconds_count', { method: 'POST', route: '/leads', status: '201' })).toBe(1);
    expect(sample(text, 'l2c_http_request_duration_seconds_count', { method: 'GET', route: '/leads/:id', status: '200' })).toBe(1);
    // The route pattern, never the URL: no series names a record.
    expect(text).not.toContain(id);
    expect(sample(text, 'l2c_commands_total', { aggregate: 'lead', command: 'CaptureLead', outcome: 'accepted' })).toBe(1);
    expect(sample(text, 'l2c_commands_total', { aggregate: 'lead', command: 'CaptureLead', outcome: 'refused', code: again.body.code })).toBe(1);
    expect(sample(text, 'l2c_event_store_appends_total', { outcome: 'appended' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'l2c_event_store_events_appended_total')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'l2c_event_store_commit_batch_size_count')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'l2c_projection_events_applied_total', { projection: 'pipeline' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'l2c_projection_behind', { projection: 'pipeline' })).toBe(0);
    expect(sample(text, 'l2c_projection_state', { projection: 'pipeline', state: 'live' })).toBe(1);
    expect(sample(text, 'l2c_webhook_attempts_total', { outcome: 'delivered' })).toBe(1);
    expect(sample(text, 'l2c_webhook_delivery_latency_seconds_count')).toBe(1);
    expect(sample(text, 'l2c_webhook_parked')).toBe(0);
    expect(sample(text, 'l2c_webhook_backlog', { status: 'pending' })).toBe(0);
    expect(sample(text, 'l2c_sse_connections')).toBe(0);
    // prom-client's process metrics: event-loop lag and memory.
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts the requests the rate limit refuses', async () => {
    let refused = 0;
    for (let i = 0; i < 45 && refused === 0; i++) if ((await t.http.get('/me')).status === 429) refused++;
    expect(refused).toBe(1);
    expect(sample(await scrape(), 'l2c_http_refusals_total', { code: 'RATE_LIMITED' })).toBe(1);
  });
});

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  links?: { traceId: string; spanId: string }[];
  attributes: { key: string; value: Record<string, unknown> }[];
}

/** A collector as small as can be: accepts OTLP/HTTP JSON on /v1/traces and keeps the spans. */
const startCollector = async (): Promise<{ server: Server; endpoint: string; spans: OtlpSpan[]; contentTypes: string[] }> => {
  const spans: OtlpSpan[] = [];
  const contentTypes: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      contentTypes.push(String(request.headers['content-type']));
      if (request.url === '/v1/traces') {
        const payload = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const resource of payload.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, contentTypes };
};

describe('Traces and logs of the API process (npm start)', () => {
  afterAll(killAllApis);

  it('threads one trace from the request through the command and its append to every read model that applied it and the webhook delivery; logs JSON lines with the request ids and actor', async () => {
    const collector = await startCollector();
    const receiver = new WebhookReceiver();
    const dataDir = mkdtempSync(join(tmpdir(), 'l2c-traces-'));
    const api = await startApi({ DATA_DIR: dataDir, LOG_LEVEL: 'debug', OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint, OTEL_SERVICE_NAME: 'l2c-test', ...FAST_WEBHOOKS, ...LOCAL_RECEIVERS });
    const base = `http://127.0.0.1:${api.port}`;
    const headers = { 'content-type': 'application/json', 'x-api-key': TEST_ADMIN_KEY };
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    try {
      const hook = await fetch(`${base}/webhooks`, { method: 'POST', headers, body: JSON.stringify({ url: await receiver.start() }) });
      expect(hook.status).toBe(201);
      const id = uid('lead');
      const created = await fetch(`${base}/leads`, {
        method: 'POST',
        headers: { ...headers, traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'x-correlation-id': 'corr-observability-1' },
        body: JSON.stringify(personLead({ id })),
      });
      expect(created.status).toBe(201);
      const { position } = (await created.json()) as { position: number };
      expect((await fetch(`${base}/leads/${id}?minPosition=${position}`, { headers })).status).toBe(200);
      const deadline = Date.now() + 10_000;
      while (receiver.acknowledged().length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      // SIGTERM: the process sends what it has buffered before it exits.
      expect(await api.stop()).toBe(0);
      await receiver.stop();
      collector.server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }

    expect(collector.contentTypes).toContain('application/json');
    const inTrace = collector.spans.filter((s) => s.traceId === traceId);
    const named = (name: string) => inTrace.filter((s) => s.name === name);
    const [request] = named('POST /leads');
    expect(request?.parentSpanId).toBe('00f067aa0ba902b7');
    const [command] = named('command lead.CaptureLead');
    expect(command?.parentSpanId).toBe(request.spanId);
    const attribute = (span: OtlpSpan, key: string) => span.attributes.find((a) => a.key === key)?.value;
    expect(attribute(command, 'l2c.correlation_id')).toEqual({ stringValue: 'corr-observability-1' });
    const [append] = named('event-store.append');
    expect(append?.parentSpanId).toBe(command.spanId);
    const applies = inTrace.filter((s) => s.name.startsWith('projection.apply '));
    expect(applies.map((s) => s.name)).toContain('projection.apply pipeline');
    for (const apply of applies) expect(apply.parentSpanId).toBe(append.spanId);
    const [delivery] = named('webhook.deliver');
    expect(delivery?.parentSpanId).toBe(append.spanId);

    // Logs: one JSON object per line (stdout is not a terminal here); the route table at debug level.
    const lines = api
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.some((l) => l.context === 'RouterExplorer' && l.level === 20)).toBe(true);
    const handled = lines.find((l) => l.msg === 'request handled' && l.route === '/leads' && l.method === 'POST');
    expect(handled).toMatchObject({ level: 20, status: 201, correlationId: 'corr-observability-1', actor: expect.any(String), requestId: expect.any(String) });
  }, 60_000);
});
