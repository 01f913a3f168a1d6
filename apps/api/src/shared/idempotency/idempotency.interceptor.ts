import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, mergeMap, Observable, of } from 'rxjs';
import { Clock } from '@app/application/clock';
import { readRequestContext } from '../commands/request-context';
import { ApiProblem } from '../http/api-problem';
import { IDEMPOTENCY_STORE, IdempotencyStore } from './idempotency.store';
import { SHOWN_ONCE } from './shown-once.decorator';

/** A pending record older than this belongs to a request that died; a retry may take it over. */
const ABANDONED_AFTER_MS = 30_000;

const canonical = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(canonical).join(',')}]`
    : value && typeof value === 'object'
      ? `{${Object.keys(value)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(value ?? null);

/** Routes whose commands write a person's records (`/leads/...` writes `lead-<id>`): their answers are forgotten when the person is erased. */
const PERSONAL_STREAM_CATEGORIES: Readonly<Record<string, string>> = { leads: 'lead', customers: 'customer', complaints: 'complaint' };

/** The stream a command wrote: the route's record (`:id`), or the one a creation (201) answered with (`{ id }`). */
const streamOf = (context: ExecutionContext, request: FastifyRequest, status: number, body: unknown): string | undefined => {
  const category = PERSONAL_STREAM_CATEGORIES[String(Reflect.getMetadata(PATH_METADATA, context.getClass())).replace(/^\/+/, '')];
  const created = status === 201 && body && typeof body === 'object' ? (body as { id?: unknown }).id : undefined;
  const id = (request.params as Record<string, string> | undefined)?.id ?? created;
  return category && typeof id === 'string' ? `${category}-${id}` : undefined;
};

/**
 * `Idempotency-Key` on command routes: the first successful answer is remembered and returned to
 * every retry with the same key and body; the same key with another body is refused (422).
 * Failed requests are forgotten, so they can be retried. Event ids are derived from the key too
 * (see CommandExecutor), which covers a crash between the append and remembering the answer.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.method !== 'POST') return next.handle();
    const { actor, idempotencyKey } = readRequestContext(request);
    if (!idempotencyKey) return next.handle();

    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const status: number = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
    const fingerprint = createHash('sha256').update(`${request.method} ${request.url}\n${canonical(request.body)}`).digest('hex');
    const now = this.clock.now();

    return from(this.store.reserve(actor, idempotencyKey, fingerprint, now)).pipe(
      mergeMap((reservation) => {
        if (!reservation.reserved) {
          const { record } = reservation;
          if (record.fingerprint !== fingerprint) {
            throw ApiProblem.unprocessable('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request; use a new key for a new request.');
          }
          if (record.response) {
            void reply.header('Idempotent-Replayed', 'true');
            return of(record.response.body);
          }
          if (Date.parse(now) - Date.parse(record.createdAt) < ABANDONED_AFTER_MS) {
            throw ApiProblem.conflict('IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still being processed; retry later.');
          }
        }
        const stream = (body: unknown) => streamOf(context, request, status, body);
        return from(this.run(next, actor, idempotencyKey, status, Reflect.getMetadata(SHOWN_ONCE, context.getHandler()) ?? [], stream));
      }),
    );
  }

  private async run(next: CallHandler, actor: string, key: string, status: number, shownOnce: readonly string[], streamOf: (body: unknown) => string | undefined): Promise<unknown> {
    let body: unknown;
    try {
      body = await new Promise((resolve, reject) => next.handle().subscribe({ next: resolve, error: reject }));
    } catch (error) {
      // If the key cannot be released (the store is failing too), it stays reserved until abandoned;
      // the caller still gets the command's own error, not the store's.
      await this.store.release(actor, key).catch((failure: Error) => this.logger.warn(`could not release Idempotency-Key ${key}: ${failure.message}`));
      throw error;
    }
    const remembered = shownOnce.length && body && typeof body === 'object' ? { ...body, ...Object.fromEntries(shownOnce.map((field) => [field, null])) } : body;
    // The command is done and its events are durable: that stays the answer even if it cannot be
    // remembered; a retry finds the events by their key-derived ids once the reservation is abandoned.
    await this.store.complete(actor, key, { status, body: remembered }, streamOf(body)).catch((failure: Error) => this.logger.warn(`could not remember the answer for Idempotency-Key ${key}: ${failure.message}`));
    return body;
  }
}
