import type { FastifyError, FastifyReply } from 'fastify';
import type { Socket } from 'node:net';
import { problem } from './problem-details.filter';
import { ApiProblemCode } from './problem-codes';

/**
 * Errors Node raises before a request reaches the application (a client too slow to send its
 * request, headers too large, malformed HTTP), answered as problem details like every other error
 * instead of Fastify's own JSON shape. The connection is closed afterwards: its framing is unknown.
 */
export const clientErrorHandler = (error: Error & { code?: string }, socket: Socket): void => {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, detail]: [ApiProblemCode, string] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? ['REQUEST_TIMEOUT', 'The request was not received in full within REQUEST_TIMEOUT_MS; send it again.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? ['HEADERS_TOO_LARGE', 'The request headers are too large.']
        : ['MALFORMED_REQUEST', 'The request is not valid HTTP.'];
  const answer = problem(code, detail);
  const body = JSON.stringify(answer);
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${answer.status} ${answer.title}\r\nConnection: close\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  socket.destroy();
};

/**
 * Errors Fastify's router raises before any route (and so before the exception filter): a path
 * segment longer than maxParamLength, or a path that is not valid percent-encoding. Answered as
 * problem details like every other error, instead of Fastify's own JSON shape.
 */
export const frameworkErrorHandler = (error: FastifyError, _request: unknown, reply: FastifyReply): void => {
  const [code, detail]: [ApiProblemCode, string] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? ['URI_TOO_LONG', 'A segment of the request path is too long.'] : ['MALFORMED_REQUEST', 'The request path is not a valid URL.'];
  const answer = problem(code, detail);
  void reply.status(answer.status).header('content-type', 'application/problem+json; charset=utf-8').send(answer);
};
