import type { FastifyInstance } from 'fastify';
import { ApiProblem } from './api-problem';

/** Far deeper than any request this API takes (an order's items are three levels down). */
export const MAX_BODY_DEPTH = 32;

/**
 * Where `value` nests deeper than `max` levels: the top-level field it happens under (`body` when the
 * body itself is a list), or undefined. Iterative: a hostile body cannot exhaust the stack here.
 */
export const tooDeep = (value: unknown, max: number): string | undefined => {
  const pending: [unknown, number, string][] = [[value, 0, 'body']];
  while (pending.length) {
    const [node, depth, field] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return field;
    for (const [key, child] of Object.entries(node)) pending.push([child, depth + 1, depth === 0 && !Array.isArray(node) ? key : field]);
  }
  return undefined;
};

/**
 * A JSON body nested thousands of levels deep parses fine, and then overflows the stack of every
 * recursive step after it (class-transformer, validation, the idempotency fingerprint): a 500 for a
 * 256 KiB request. It is refused as soon as it is parsed, before any of them, with a 400.
 */
export const registerBodyDepthLimit = (fastify: FastifyInstance, max = MAX_BODY_DEPTH): void => {
  fastify.addHook('preValidation', (request, _reply, done) => {
    const field = tooDeep(request.body, max);
    if (field === undefined) return done();
    done(ApiProblem.badRequest(`The body is nested more than ${max} levels deep`, [{ field, messages: [`must not nest more than ${max} levels deep`] }]));
  });
};
