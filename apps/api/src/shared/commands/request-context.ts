import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiProblem } from '../http/api-problem';
import type { AuthenticatedRequest } from '../../security/access.decorators';
import type { CommandOptions, WriteContext } from '@app/application/write-context';

/** A request's write context, with the revision of its `If-Match` header when the caller made the command conditional. */
export interface RequestContext extends WriteContext {
  readonly ifMatch?: number;
}

/** If-Match and `expectedRevision` mean the same; both given and different is a contradiction. */
export const expectedRevisionOf = (options: CommandOptions | undefined, ctx: RequestContext): number | undefined => {
  const inBody = options?.expectedRevision;
  if (ctx.ifMatch !== undefined && inBody !== undefined && ctx.ifMatch !== inBody) {
    throw ApiProblem.badRequest('If-Match and expectedRevision disagree', [{ field: 'expectedRevision', messages: [`must equal If-Match (${ctx.ifMatch}) when both are given`] }]);
  }
  return ctx.ifMatch ?? inBody;
};

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
};

const ID_PATTERN = /^[A-Za-z0-9._:@-]{1,200}$/;

/** `If-Match: 3`, `"3"` or `W/"3"` → 3. */
const parseIfMatch = (raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined;
  // Quotes must balance: `"3` or `W/3` is a malformed entity tag, not revision 3.
  const match = /^(?:(?:W\/)?"(\d{1,15})"|(\d{1,15}))$/.exec(raw);
  if (!match) throw ApiProblem.badRequest('If-Match must be a revision number, e.g. If-Match: "3"', [{ field: 'If-Match', messages: ['must be a revision number'] }]);
  return Number(match[1] ?? match[2]);
};

export const readRequestContext = (request: FastifyRequest): RequestContext => {
  // The authenticated caller, never a header the caller could set to be someone else.
  const principal = (request as AuthenticatedRequest).principal;
  const actor = principal?.id ?? 'anonymous';
  const correlationId = header(request, 'x-correlation-id') ?? String(request.id);
  const idempotencyKey = header(request, 'idempotency-key');
  const invalid = [
    ['X-Correlation-Id', correlationId],
    ['Idempotency-Key', idempotencyKey],
  ].filter(([, value]) => value !== undefined && !ID_PATTERN.test(value));
  if (invalid.length) {
    throw ApiProblem.badRequest(
      'Invalid request headers',
      invalid.map(([field]) => ({ field: field as string, messages: ['must be 1-200 characters of letters, digits and ._:@-'] })),
    );
  }
  return { actor, principal, correlationId, causationId: String(request.id), idempotencyKey, ifMatch: parseIfMatch(header(request, 'if-match')) };
};

/** Controller parameter: `@Ctx() ctx: RequestContext`. */
export const Ctx = createParamDecorator((_: unknown, context: ExecutionContext) => readRequestContext(context.switchToHttp().getRequest()));
