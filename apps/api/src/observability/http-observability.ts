import { context, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '../security/access.decorators';
import { requestScope } from './logger';
import type { ApiMetrics } from './metrics';
import type { Tracing } from './tracing';
import type { JsonLogger } from './logger';

/** What a request carries from its first hook to its last. */
interface Observed {
  readonly startedAt: bigint;
  readonly span?: Span;
  /** The trace context the handler runs in (re-entered after the body is read: see preHandler). */
  readonly traceContext?: ReturnType<typeof context.active>;
}
const OBSERVED = Symbol('observed');
type ObservedRequest = FastifyRequest & { [OBSERVED]?: Observed };

/** Codes of the refusals that protect the API; their answers are problem+json with this code. */
const REFUSALS = /"code":"(RATE_LIMITED|TOO_MANY_FAILED_AUTHENTICATIONS|OVERLOADED)"/;

/** The route pattern (`/leads/:id`), never the URL: an id in a label would make a series per record. */
const routeOf = (request: FastifyRequest): string => request.routeOptions?.url ?? 'unmatched';

/**
 * Per request: its latency by route pattern and status, the refusals of the limiters, a server span
 * (continuing the caller's `traceparent`), and the scope that puts its ids and actor on every log
 * line. Registered first, so the load shedder's and the limits' answers are counted too.
 */
export const registerHttpObservability = (fastify: FastifyInstance, metrics: ApiMetrics, tracing: Tracing, logger: JsonLogger): void => {
  fastify.addHook('onRequest', (request: ObservedRequest, _reply, done) => {
    let observed: Observed = { startedAt: process.hrtime.bigint() };
    if (tracing.enabled) {
      const parent = propagation.extract(ROOT_CONTEXT, request.headers);
      const span = tracing.tracer.startSpan(
        `${request.method} ${routeOf(request)}`,
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': routeOf(request), 'url.path': request.url.split('?')[0], 'l2c.request_id': String(request.id) } },
        parent,
      );
      observed = { ...observed, span, traceContext: trace.setSpan(parent, span) };
    }
    request[OBSERVED] = observed;
    requestScope.run(request as AuthenticatedRequest, () => (observed.traceContext ? context.with(observed.traceContext, done) : done()));
  });

  // The body is read on the socket's own callbacks, outside the scope entered above: enter it again
  // right before the handler (where Nest runs guards, interceptors and the command).
  fastify.addHook('preHandler', (request: ObservedRequest, _reply, done) => {
    const observed = request[OBSERVED];
    requestScope.run(request as AuthenticatedRequest, () => (observed?.traceContext ? context.with(observed.traceContext, done) : done()));
  });

  fastify.addHook('onSend', (request: ObservedRequest, reply: FastifyReply, payload, done) => {
    if ((reply.statusCode === 429 || reply.statusCode === 503) && typeof payload === 'string') {
      const refusal = REFUSALS.exec(payload);
      if (refusal) metrics.refusals.inc({ code: refusal[1] });
    }
    done(null, payload);
  });

  fastify.addHook('onResponse', (request: ObservedRequest, reply, done) => {
    const observed = request[OBSERVED];
    if (!observed) return done();
    const seconds = Number(process.hrtime.bigint() - observed.startedAt) / 1e9;
    const route = routeOf(request);
    const status = reply.statusCode;
    metrics.httpDuration.observe({ method: request.method, route, status: String(status) }, seconds);
    if (observed.span) {
      const principal = (request as AuthenticatedRequest).principal;
      observed.span.setAttributes({ 'http.response.status_code': status, ...(principal && { 'enduser.id': principal.id }) });
      if (status >= 500) observed.span.setStatus({ code: SpanStatusCode.ERROR });
      observed.span.end();
    }
    requestScope.run(request as AuthenticatedRequest, () =>
      logger.pino.debug({ context: 'HTTP', method: request.method, route, status, ms: Math.round(seconds * 1000) }, 'request handled'),
    );
    done();
  });
};
