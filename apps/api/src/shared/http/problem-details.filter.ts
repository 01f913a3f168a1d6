import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError } from '@app/domain/shared';
import { EventStoreUnavailableError, IdempotencyMismatchError, InvalidPositionError, WrongExpectedRevisionError } from '@app/event-store';
import { ReadStoreUnavailableError } from '@app/read-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdempotencyStoreUnavailableError } from '../idempotency/idempotency.store';
import { ApiProblem } from './api-problem';
import { ApiProblemCode, isProblemCode, ProblemCode, ProblemStatus, statusOf } from './problem-codes';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

/** A status without a title does not compile: every status of the catalogue has one. */
const TITLES: Record<ProblemStatus, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
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

/** The body of every error answer (RFC 9457); its status follows from its code. */
export const problem = (code: ProblemCode, detail: string, extra: Record<string, unknown> = {}): ProblemDetails => {
  const status = statusOf(code);
  return { type: `/problems/${code.toLowerCase().replace(/_/g, '-')}`, title: TITLES[status], status, code, detail, ...extra };
};

/** What an error becomes: its code (and so its status), the text for the client, extensions and headers. */
export interface Translation {
  readonly code: ProblemCode;
  readonly detail: string;
  readonly extra?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

type ErrorClass<E> = abstract new (...args: never[]) => E;
interface Mapping {
  readonly type: ErrorClass<unknown>;
  readonly translate: (error: never) => Translation | undefined;
}
const on = <E>(type: ErrorClass<E>, translate: (error: E) => Translation | undefined): Mapping => ({ type, translate });

const RETRY_SOON = { 'Retry-After': '5' };

/** A store that does not answer: 503 with Retry-After; a full disk does not heal by waiting: 507, so operators and clients see it is not an outage. */
const unavailable =
  (code: ApiProblemCode) =>
  (error: Error & { readonly reason?: 'disk_full' }): Translation =>
    error.reason === 'disk_full' ? { code: 'INSUFFICIENT_STORAGE', detail: error.message } : { code, detail: error.message, headers: RETRY_SOON };

/**
 * What the framework's own errors (unknown route, body too large or malformed, wrong content type)
 * are answered with, by the status it gives them. Any other status is not expected from it and is
 * answered like an unknown error.
 */
export const FRAMEWORK_CODES: Readonly<Record<number, ProblemCode>> = {
  400: 'BAD_REQUEST',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

const fromFramework = (error: HttpException): Translation | undefined => {
  const code = FRAMEWORK_CODES[error.getStatus()];
  if (!code) return undefined;
  const response = error.getResponse();
  const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? error.message);
  return { code, detail: Array.isArray(message) ? message.join('; ') : String(message) };
};

/** One mapping per error class the API knows; the first whose class the error is an instance of applies. */
export const TRANSLATIONS: readonly Mapping[] = [
  on(ApiProblem, (error) => ({ code: error.code, detail: error.message, extra: { ...error.extra }, headers: { ...error.headers } })),
  on(DomainError, (error) => {
    // Field errors a refusal names (an assignment out of scope) stand where a 400's do, so clients read them in one place.
    const { errors, ...details } = error.details;
    return { code: error.code, detail: error.message, extra: { ...(errors !== undefined && { errors }), ...(Object.keys(details).length && { details }) } };
  }),
  on(WrongExpectedRevisionError, (error) => ({
    code: 'REVISION_CONFLICT',
    detail: `The record was changed meanwhile: it is at revision ${error.actual}, the request expected ${error.expected}. Reload and retry.`,
    extra: { currentRevision: error.actual, expectedRevision: error.expected },
    headers: error.actual >= 0 ? { ETag: `"${error.actual}"` } : undefined,
  })),
  on(IdempotencyMismatchError, (error) => ({ code: 'EVENT_ID_CONFLICT', detail: error.message })),
  // A cursor a client made up (`after`, Last-Event-ID) that the log cannot read from: the client's mistake, not a 500.
  on(InvalidPositionError, (error) => ({ code: 'VALIDATION_FAILED', detail: error.message })),
  on(EventStoreUnavailableError, unavailable('EVENT_STORE_UNAVAILABLE')),
  on(ReadStoreUnavailableError, unavailable('READ_STORE_UNAVAILABLE')),
  on(IdempotencyStoreUnavailableError, unavailable('IDEMPOTENCY_STORE_UNAVAILABLE')),
  on(HttpException, fromFramework),
];

const UNKNOWN: Translation = { code: 'INTERNAL_ERROR', detail: 'An unexpected error occurred; it has been logged.' };

/** Translates every error once, in one place; an error no mapping knows is a 500 whose body tells nothing of it. */
export const translate = (error: unknown): Translation => {
  const mapping = TRANSLATIONS.find(({ type }) => error instanceof type);
  const translation = mapping && (mapping.translate as (error: unknown) => Translation | undefined)(error);
  // Only a cast can carry a code outside the catalogues this far: answered, and logged, as the bug it is.
  return translation && isProblemCode(translation.code) ? translation : UNKNOWN;
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
    const { code, detail, extra, headers } = translate(error);
    const body = problem(code, detail, extra);
    if (body.status >= 500) this.logger.error(`${request.method} ${request.url}: ${(error as Error)?.stack ?? String(error)}`);
    body.instance = request.url;
    void reply.status(body.status).headers(headers ?? {}).header('content-type', 'application/problem+json; charset=utf-8').send(body);
  }
}
