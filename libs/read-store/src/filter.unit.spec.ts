import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { Filter, InvalidCursorError, InvalidQueryError, Sort } from './document-store.port';
import { decodeCursor, encodeCursor, validateFieldPath, validateFilter, validateFindOptions } from './filter';

// The filter language is the boundary that keeps caller input from becoming database operators:
// whatever it accepts has a fixed shape, everything else is InvalidQueryError (a 400 at the API).
const SEED = 20_251_123;

const rejects = (filter: unknown): void => expect(() => validateFilter(filter as Filter)).toThrow(InvalidQueryError);

describe('validateFilter', () => {
  it.each([
    ['$where at the top', { $where: 'sleep(1000)' }],
    ['$regex as a condition', { name: { $regex: '.*' } }],
    ['$options as a condition', { name: { $options: 'i' } }],
    ['$not', { name: { $not: { $eq: 'x' } } }],
    ['$elemMatch', { tags: { $elemMatch: { $gt: '' } } }],
    ['$expr', { $expr: { $gt: ['$a', '$b'] } }],
    ['$text', { $text: { $search: 'x' } }],
    ['$function', { $function: { body: 'return true', args: [], lang: 'js' } }],
    ['$jsonSchema', { $jsonSchema: {} }],
    ['an operator object where a value is expected', { ownerId: { $gt: { $ne: null } } }],
    ['an operator object inside $in', { ownerId: { $in: [{ $gt: '' }] } }],
    ['an operator object inside $eq', { ownerId: { $eq: { $ne: 1 } } }],
    ['an operator object inside $or', { $or: [{ ownerId: { $where: '1' } }] }],
    ['a nested object as a value', { owner: { id: 'x' } }],
    ['a RegExp as a value', { name: /.*/ }],
    ['a RegExp in $contains', { name: { $contains: /.*/ } }],
    ['a Date as a value', { at: new Date(0) }],
    ['an operator in a field path', { 'a.$gt': 1 }],
    ['__proto__ as a field (own key from JSON.parse)', JSON.parse('{"__proto__": "x"}')],
    ['__proto__ with an operator (own key from JSON.parse)', JSON.parse('{"__proto__": {"$gt": ""}}')],
    ['constructor.prototype as a field path', { 'constructor.prototype': 'x' }],
    ['a prototype segment deeper in a path', { 'a.__proto__.b': 1 }],
  ])('refuses %s', (_title, filter) => rejects(filter));

  it('keeps strings that look like operators, patterns or JSON as literal values', () => {
    for (const text of ['$where', '$ne', '.*', '^admin', '{"$gt": ""}', 'a[$gt]=']) {
      expect(validateFilter({ ownerId: text })).toEqual([{ kind: 'eq', field: 'ownerId', value: text }]);
      expect(validateFilter({ name: { $contains: text } })).toEqual([{ kind: 'contains', field: 'name', value: text }]);
    }
  });

  it('accepts objects without a prototype (what a query-string parser may produce)', () => {
    const filter = Object.assign(Object.create(null) as Record<string, unknown>, { stage: 'A' });
    expect(validateFilter(filter as Filter)).toEqual([{ kind: 'eq', field: 'stage', value: 'A' }]);
  });

  it('refuses prototype names as sort fields', () => {
    for (const field of ['__proto__', 'constructor', 'a.prototype']) {
      expect(() => validateFieldPath(field)).toThrow(InvalidQueryError);
      expect(() => validateFindOptions({ sort: { field, direction: 'asc' } })).toThrow(InvalidQueryError);
    }
  });

  // Anything at all: a clause list or InvalidQueryError, never another error and never a clause
  // that carries an object where a value belongs.
  const key = fc.oneof(
    fc.constantFrom('$where', '$regex', '$options', '$ne', '$gt', '$in', '$or', '$and', '$expr', '$not', '$eq', '$exists', '$contains', '__proto__', 'constructor', 'a', 'b.c', 'a.$gt', 'tags.0', ''),
    fc.string({ maxLength: 8 }),
  );
  const leaf = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constantFrom('.*', '$where', '{"$gt":""}'));
  const { node } = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
  }));
  const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

  it('maps arbitrary input to well-typed clauses or InvalidQueryError (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(key, node, { maxKeys: 4 }), (filter) => {
        let clauses;
        try {
          clauses = validateFilter(filter as Filter);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidQueryError);
          return;
        }
        const check = (c: (typeof clauses)[number]): void => {
          if (c.kind === 'or') return c.anyOf.forEach((all) => all.forEach(check));
          expect(() => validateFieldPath(c.field)).not.toThrow();
          if (c.kind === 'in') expect(c.values.every(scalar)).toBe(true);
          else expect(scalar(c.value)).toBe(true);
        };
        clauses.forEach(check);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});

describe('cursors', () => {
  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const BY_AT: Sort = { field: 'at', direction: 'asc' };
  /** Any JSON text behind a correct checksum: what someone who read the store's code could make. */
  const checksummedText = (json: string) => {
    const payload = Buffer.from(json).toString('base64url');
    return `${payload}.${createHash('sha256').update(`read-store cursor v1:${payload}`).digest('base64url').slice(0, 16)}`;
  };
  const checksummed = (value: unknown) => checksummedText(JSON.stringify(value));

  it('round-trip what encodeCursor writes, for the order it was issued for', () => {
    for (const value of ['2026-01-01', 42, -1.5, true, null, '$where', '.*']) {
      expect(decodeCursor(encodeCursor(BY_AT, value, 'id-1'))).toEqual({ value, id: 'id-1' });
      expect(decodeCursor(encodeCursor(BY_AT, value, 'id-1'), BY_AT)).toEqual({ value, id: 'id-1' });
    }
  });

  it('refuse a cursor of another order or list, an altered one, and made-up ones', () => {
    const issued = encodeCursor(BY_AT, '2026-01-01', 'lead-1');
    for (const sort of [{ field: 'at', direction: 'desc' }, { field: 'registeredAt', direction: 'asc' }] as Sort[]) {
      expect(() => decodeCursor(issued, sort)).toThrow(InvalidCursorError);
      expect(() => validateFindOptions({ sort, cursor: issued })).toThrow(InvalidCursorError);
    }
    const [payload, checksum] = issued.split('.');
    const altered = cursorOf(['at', 'asc', '2099-01-01', 'lead-1']);
    for (const forged of [`${altered}.${checksum}`, payload, `${payload}.`, `${payload}.${checksum}.x`, 'WyJ4IiwieSJd', '1e9', cursorOf(['at', 'asc', 'x', 'y'])]) {
      expect(() => decodeCursor(forged)).toThrow(InvalidCursorError);
    }
    expect(decodeCursor(checksummed(['at', 'asc', 'x', 'y']), BY_AT)).toEqual({ value: 'x', id: 'y' });
  });

  it.each([
    ['not base64 JSON', 'not a cursor'],
    ['an operator object as the value', checksummed(['at', 'asc', { $gt: '' }, 'x'])],
    ['an array as the value', checksummed(['at', 'asc', ['a'], 'x'])],
    ['an object as the id', checksummed(['at', 'asc', 'a', { $ne: null }])],
    ['an operator object as the field', checksummed([{ $where: '1' }, 'asc', 'a', 'x'])],
    ['another direction', checksummed(['at', 'up', 'a', 'x'])],
    ['Infinity (1e999 in JSON)', checksummedText('["at","asc",1e999,"x"]')],
    ['three elements', checksummed(['a', 'x', 'y'])],
    ['an object', checksummed({ value: 'a', id: 'x' })],
    ['__proto__', checksummedText('{"__proto__":{"$gt":""}}')],
  ])('refuse %s', (_title, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(InvalidQueryError);
    expect(() => validateFindOptions({ cursor })).toThrow(InvalidQueryError);
  });

  it('decode any string to a scalar and a string id, or refuse it (property)', () => {
    const cursors = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url')),
      fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 })).map(cursorOf),
    );
    fc.assert(
      fc.property(cursors, (cursor) => {
        try {
          const { value, id } = decodeCursor(cursor);
          expect(typeof id).toBe('string');
          expect(scalarOrFinite(value)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidQueryError);
        }
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

const scalarOrFinite = (v: unknown): boolean => v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
