import type { Socket } from 'node:net';
import { problem } from './problem-details.filter';

/**
 * Errors Node raises before a request reaches the application (a client too slow to send its
 * request, headers too large, malformed HTTP), answered as problem details like every other error
 * instead of Fastify's own JSON shape. The connection is closed afterwards: its framing is unknown.
 */
export const clientErrorHandler = (error: Error & { code?: string }, socket: Socket): void => {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'REQUEST_TIMEOUT', 'The request was not received in full within REQUEST_TIMEOUT_MS; send it again.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large.']
        : [400, 'MALFORMED_REQUEST', 'The request is not valid HTTP.'];
  const body = JSON.stringify(problem(status, code, detail));
  if (socket.writable) {
    const title = problem(status, code, detail).title;
    socket.write(`HTTP/1.1 ${status} ${title}\r\nConnection: close\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  socket.destroy();
};
