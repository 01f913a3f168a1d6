import type { FastifyInstance } from 'fastify';
import { problem } from './problem-details.filter';

/**
 * Not counted: probes must answer while the API sheds load (or an orchestrator would restart a busy
 * but healthy process), and a Server-Sent Events stream stays open for hours without doing work
 * (it has its own limit on buffered output).
 */
const EXEMPT = /^\/(health|events\/stream)(\/|\?|$)/;

/**
 * Load shedding: at most `max` requests are handled at once; the next one is answered
 * `503 OVERLOADED` with Retry-After straight away, before its body is read, instead of waiting in
 * a queue that grows without bound (memory, and latencies past every client's timeout).
 */
export const registerInFlightLimiter = (fastify: FastifyInstance, max: number): void => {
  let inFlight = 0;
  fastify.addHook('onRequest', (request, reply, done) => {
    if (EXEMPT.test(request.url)) return done();
    if (inFlight >= max) {
      const body = { ...problem('OVERLOADED', `The API is handling ${max} requests already; retry shortly.`), instance: request.url };
      void reply.status(503).header('Retry-After', '1').header('content-type', 'application/problem+json; charset=utf-8').send(body);
      return;
    }
    inFlight++;
    // 'close' fires once per response: when it has been sent, or when the client went away before.
    reply.raw.once('close', () => inFlight--);
    done();
  });
};
