import 'reflect-metadata';
import { ArgumentMetadata, Type } from '@nestjs/common';
import { PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiProblem } from './api-problem';
import { createValidationPipe } from './validation';

/**
 * Every query DTO of every route (found from the controllers themselves), given what a query string
 * can become: strings and lists of strings under any key. The one validation pipe must either refuse
 * it with a 400 naming keys the caller sent, or hand the handler only declared fields holding plain
 * values: never an object, so nothing a caller writes can turn into a filter operator.
 */
const SEED = 20_251_123;

const controllerFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? controllerFiles(join(dir, entry.name)) : entry.name.endsWith('.controller.ts') ? [join(dir, entry.name)] : [],
  );

const queryDtos = (): Type[] => {
  const dtos = new Set<Type>();
  for (const file of controllerFiles(join(__dirname, '..', '..'))) {
    for (const exported of Object.values(require(file) as Record<string, unknown>)) {
      if (typeof exported !== 'function' || Reflect.getMetadata(PATH_METADATA, exported) === undefined) continue;
      for (const method of Object.getOwnPropertyNames(exported.prototype)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, exported, method) ?? {}) as Record<string, { index: number; data?: unknown }>;
        const types = (Reflect.getMetadata('design:paramtypes', exported.prototype, method) ?? []) as Type[];
        for (const [key, { index, data }] of Object.entries(args)) {
          if (Number(key.split(':')[0]) === RouteParamtypes.QUERY && data === undefined && types[index] && types[index] !== Object) dtos.add(types[index]);
        }
      }
    }
  }
  return [...dtos];
};

const declared = (dto: Type): string[] => [...new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((m) => m.propertyName))];

const hostile = fc.oneof(
  fc.constantFrom(
    '', ' ', '0', '1', '50', '-1', '1e999', '99999999999999999999', '0x10', '1.5', 'NaN', 'true', 'null', '$ne', '$where', '{"$gt":""}', '.*', '__proto__',
    'A', 'won', 'open', 'owner', 'lead-', 'LeadCaptured', 'LeadCaptured,LeadQualified', '2026-01-01', '2026-01-01T00:00:00Z', 'x'.repeat(2_000),
    Buffer.from(JSON.stringify(['2026-01-01', 'x'])).toString('base64url'),
    Buffer.from(JSON.stringify([{ $gt: '' }, 'x'])).toString('base64url'),
  ),
  fc.string({ maxLength: 20 }),
);

describe('query DTOs under hostile query strings', () => {
  const dtos = queryDtos();
  const pipe = createValidationPipe();

  it('are found from the routes', () => {
    expect(dtos.map((d) => d.name)).toEqual(expect.arrayContaining(['ListLeadsRequestDto', 'ListCustomersRequestDto', 'ListComplaintsRequestDto', 'ReadEventsRequestDto']));
  });

  it.each(dtos.map((dto) => [dto.name, dto] as const))('%s: a 400 naming the caller’s keys, or only declared plain values (property)', async (_name, dto) => {
    const fields = declared(dto);
    const key = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...fields) },
      { weight: 1, arbitrary: fc.constantFrom('$where', '__proto__', 'constructor', 'filter', `${fields[0]}[$ne]`, 'unknown') },
    );
    const value = fc.oneof({ weight: 4, arbitrary: hostile }, { weight: 1, arbitrary: fc.array(hostile, { minLength: 2, maxLength: 3 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 5 }), async (pairs) => {
        // As a query-string parser builds it: own keys on an object without a prototype.
        const query = Object.create(null) as Record<string, unknown>;
        for (const [k, v] of pairs) Object.defineProperty(query, k, { value: v, enumerable: true, writable: true, configurable: true });
        const metadata: ArgumentMetadata = { type: 'query', metatype: dto };
        let result: Record<string, unknown>;
        try {
          result = await pipe.transform(query, metadata);
        } catch (error) {
          expect(error).toBeInstanceOf(ApiProblem);
          const problem = error as ApiProblem;
          expect(problem.status).toBe(400);
          const named = ((problem.extra.errors ?? []) as { field: string }[]).map((e) => e.field.split('.')[0]);
          expect(named.every((f) => f in query)).toBe(true);
          return;
        }
        for (const [k, v] of Object.entries(result)) {
          expect(fields).toContain(k);
          const plain = (x: unknown) => x === undefined || typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x));
          expect(Array.isArray(v) ? v.every((x) => typeof x === 'string') : plain(v)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
