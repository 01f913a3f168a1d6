import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '@app/domain/shared';
import { EventStoreUnavailableError, IdempotencyMismatchError, WrongExpectedRevisionError } from '@app/event-store';
import { ReadStoreUnavailableError } from '@app/read-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdempotencyStoreUnavailableError } from '../idempotency/idempotency.store';
import { ApiProblem } from './api-problem';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};

const DOMAIN_STATUS = { rule_violated: 422, not_found: 404, already_exists: 409, forbidden: 403 } as const;

export const problem = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}): ProblemDetails => ({
  type: `/problems/${code.toLowerCase().replace(/_/g, '-')}`,
  title: TITLES[status] ?? 'Error',
  status,
  code,
  detail,
  ...extra,
});

/** Translates every error once, in one place, into RFC 9457 problem details. */
const toProblem = (error: unknown): { body: ProblemDetails; headers: Record<string, string> } => {
  if (error instanceof ApiProblem) return { body: problem(error.status, error.code, error.message, { ...error.extra }), headers: { ...error.headers } };
  if (error instanceof DomainError) {
    return { body: problem(DOMAIN_STATUS[error.kind], error.code, error.message, Object.keys(error.details).length ? { details: error.details } : {}), headers: {} };
  }
  if (error instanceof WrongExpectedRevisionError) {
    return {
      body: problem(409, 'REVISION_CONFLICT', `The record was changed meanwhile: it is at revision ${error.actual}, the request expected ${error.expected}. Reload and retry.`, {
        currentRevision: error.actual,
        expectedRevision: error.expected,
      }),
      headers: error.actual >= 0 ? { ETag: `"${error.actual}"` } : {},
    };
  }
  if (error instanceof IdempotencyMismatchError) {
    return { body: problem(409, 'EVENT_ID_CONFLICT', error.message), headers: {} };
  }
  // A full disk does not heal by waiting: 507, so operators and clients see it is not an outage.
  if ((error instanceof EventStoreUnavailableError || error instanceof ReadStoreUnavailableError || error instanceof IdempotencyStoreUnavailableError) && error.reason === 'disk_full') {
    return { body: problem(507, 'INSUFFICIENT_STORAGE', error.message), headers: {} };
  }
  if (error instanceof IdempotencyStoreUnavailableError) {
    return { body: problem(503, 'IDEMPOTENCY_STORE_UNAVAILABLE', error.message), headers: { 'Retry-After': '5' } };
  }
  if (error instanceof EventStoreUnavailableError) {
    return { body: problem(503, 'EVENT_STORE_UNAVAILABLE', error.message), headers: { 'Retry-After': '5' } };
  }
  if (error instanceof ReadStoreUnavailableError) {
    return { body: problem(503, 'READ_STORE_UNAVAILABLE', error.message), headers: { 'Retry-After': '5' } };
  }
  // Nest turns fastify's own errors (body too large, malformed JSON, wrong content type) into these.
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? error.message);
    const code = status === 404 ? 'ROUTE_NOT_FOUND' : (TITLES[status] ?? 'ERROR').toUpperCase().replace(/ /g, '_');
    return { body: problem(status, code, Array.isArray(message) ? message.join('; ') : String(message)), headers: {} };
  }
  return { body: problem(500, 'INTERNAL_ERROR', 'An unexpected error occurred; it has been logged.'), headers: {} };
};

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    // The client went away mid-request (or was cut off for being too slow): nobody to answer, nothing went wrong here.
    if (request.raw.destroyed && reply.raw.destroyed) {
      this.logger.debug(`${request.method} ${request.url}: the client closed the connection before the request was complete`);
      return;
    }
    const { body, headers } = toProblem(error);
    if (body.status >= 500) this.logger.error(`${request.method} ${request.url}: ${(error as Error)?.stack ?? String(error)}`);
    body.instance = request.url;
    void reply.status(body.status).headers(headers).header('content-type', 'application/problem+json; charset=utf-8').send(body);
  }
}
