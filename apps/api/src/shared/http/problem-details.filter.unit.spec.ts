import { ArgumentsHost, ForbiddenException, HttpException, Logger, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { alreadyExists, notFound, ruleViolated } from '@app/domain/shared';
import { EventStoreUnavailableError, IdempotencyMismatchError, WrongExpectedRevisionError } from '@app/event-store';
import { ReadStoreUnavailableError } from '@app/read-store';
import { IdempotencyStoreUnavailableError } from '../idempotency/idempotency.store';
import { ApiProblem } from './api-problem';
import { ProblemDetailsFilter } from './problem-details.filter';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Runs the filter as Nest does, on a request to `url`, and records what it answers. */
const answerTo = (error: unknown, url = '/leads/L-1/stage'): Answer => {
  const answer: Answer = { status: 0, headers: {}, body: {} };
  const reply = {
    raw: { destroyed: false },
    status: (status: number) => ((answer.status = status), reply),
    headers: (headers: Record<string, string>) => (Object.assign(answer.headers, headers), reply),
    header: (name: string, value: string) => ((answer.headers[name] = value), reply),
    send: (body: Record<string, unknown>) => ((answer.body = body), reply),
  };
  const request = { method: 'POST', url, raw: { destroyed: false } };
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(error, host);
  return answer;
};

describe('the problem details filter', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  it.each([
    ['ApiProblem', new ApiProblem('RATE_LIMITED', 'slow down', {}, { 'Retry-After': '7' }), 429, 'RATE_LIMITED', { 'Retry-After': '7' }],
    ['ApiProblem.badRequest', ApiProblem.badRequest('Invalid request: name', [{ field: 'name', messages: ['required'] }]), 400, 'VALIDATION_FAILED', {}],
    ['DomainError, rule violated', ruleViolated('LEAD_CLOSED', 'closed', { leadId: 'L-1' }), 422, 'LEAD_CLOSED', {}],
    ['DomainError, not found', notFound('LEAD_NOT_FOUND', 'no lead'), 404, 'LEAD_NOT_FOUND', {}],
    ['DomainError, already exists', alreadyExists('LEAD_ALREADY_EXISTS', 'exists'), 409, 'LEAD_ALREADY_EXISTS', {}],
    ['WrongExpectedRevisionError', new WrongExpectedRevisionError('lead-L-1', 2, 4), 409, 'REVISION_CONFLICT', { ETag: '"4"' }],
    ['IdempotencyMismatchError', new IdempotencyMismatchError('lead-L-1', ['e-1', 'e-2']), 409, 'EVENT_ID_CONFLICT', {}],
    ['EventStoreUnavailableError', new EventStoreUnavailableError('event log unreachable'), 503, 'EVENT_STORE_UNAVAILABLE', { 'Retry-After': '5' }],
    ['EventStoreUnavailableError, disk full', new EventStoreUnavailableError('event log disk is full', undefined, 'disk_full'), 507, 'INSUFFICIENT_STORAGE', {}],
    ['ReadStoreUnavailableError', new ReadStoreUnavailableError('read store unreachable'), 503, 'READ_STORE_UNAVAILABLE', { 'Retry-After': '5' }],
    ['ReadStoreUnavailableError, disk full', new ReadStoreUnavailableError('read store disk is full', undefined, 'disk_full'), 507, 'INSUFFICIENT_STORAGE', {}],
    ['IdempotencyStoreUnavailableError', new IdempotencyStoreUnavailableError('records unreachable'), 503, 'IDEMPOTENCY_STORE_UNAVAILABLE', { 'Retry-After': '5' }],
    ['IdempotencyStoreUnavailableError, disk full', new IdempotencyStoreUnavailableError('records disk is full', undefined, 'disk_full'), 507, 'INSUFFICIENT_STORAGE', {}],
    ['HttpException 404', new NotFoundException('Cannot GET /nowhere'), 404, 'ROUTE_NOT_FOUND', {}],
    ['HttpException 413', new PayloadTooLargeException('Request body is too large'), 413, 'PAYLOAD_TOO_LARGE', {}],
    ['HttpException 400', new HttpException('Unexpected end of JSON input', 400), 400, 'BAD_REQUEST', {}],
    ['HttpException 415', new HttpException('Unsupported Media Type: text/csv', 415), 415, 'UNSUPPORTED_MEDIA_TYPE', {}],
    ['HttpException 403', new ForbiddenException('Forbidden resource'), 403, 'FORBIDDEN', {}],
  ])('maps %s to its status and code', (_name, error, status, code, headers) => {
    const answer = answerTo(error);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ status, code, type: `/problems/${code.toLowerCase().replace(/_/g, '-')}`, title: expect.any(String), detail: expect.any(String), instance: '/leads/L-1/stage' });
    expect(answer.headers).toEqual({ ...headers, 'content-type': 'application/problem+json; charset=utf-8' });
    // Answers from 500 up are logged with the error's stack.
    expect(logged).toHaveBeenCalledTimes(status >= 500 ? 1 : 0);
  });

  it('keeps the wire format the clients know: titles, field errors, details and revisions', () => {
    expect(answerTo(ApiProblem.badRequest('Invalid request: name', [{ field: 'name', messages: ['required'] }])).body).toEqual({
      type: '/problems/validation-failed',
      title: 'Bad Request',
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'Invalid request: name',
      errors: [{ field: 'name', messages: ['required'] }],
      instance: '/leads/L-1/stage',
    });
    expect(answerTo(ruleViolated('LEAD_CLOSED', 'Lead L-1 is closed.', { leadId: 'L-1' })).body).toEqual({
      type: '/problems/lead-closed',
      title: 'Unprocessable Content',
      status: 422,
      code: 'LEAD_CLOSED',
      detail: 'Lead L-1 is closed.',
      details: { leadId: 'L-1' },
      instance: '/leads/L-1/stage',
    });
    expect(answerTo(notFound('LEAD_NOT_FOUND', 'no lead')).body).not.toHaveProperty('details');
    expect(answerTo(new WrongExpectedRevisionError('lead-L-1', 2, 4)).body).toMatchObject({ title: 'Conflict', currentRevision: 4, expectedRevision: 2 });
    expect(answerTo(new WrongExpectedRevisionError('lead-L-1', -1, -1)).headers).not.toHaveProperty('ETag');
  });

  it('answers an unknown error 500, logs it with its stack, and shows nothing of it', () => {
    const error = new Error('secret internals at /srv/app.ts:12');
    const answer = answerTo(error);
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({
      type: '/problems/internal-error',
      title: 'Internal Server Error',
      status: 500,
      code: 'INTERNAL_ERROR',
      detail: 'An unexpected error occurred; it has been logged.',
      instance: '/leads/L-1/stage',
    });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining(error.stack!));
  });

  it('answers a framework error of a status it does not expect like an unknown error', () => {
    const answer = answerTo(new HttpException('Reply was already sent', 500));
    expect(answer.body).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', detail: 'An unexpected error occurred; it has been logged.' });
    expect(logged).toHaveBeenCalledTimes(1);
  });

  it('answers a thrown non-error value 500 too', () => {
    expect(answerTo('a string').body).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
  });
});
