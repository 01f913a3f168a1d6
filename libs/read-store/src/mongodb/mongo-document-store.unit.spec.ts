import fc from 'fast-check';
import { validateFilter, validateFindOptions, encodeCursor } from '../filter';
import { escapeRegExp, segmentQuery, toMongoFilter, toReadStoreError } from './mongo-document-store';
import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { Filter, ReadStoreUnavailableError } from '../document-store.port';

// The MongoDB contract run needs a server (MONGODB_URL); these pin the translation it relies on.
describe('MongoDB query translation', () => {
  it('translates each clause to the operator with the same meaning', () => {
    expect(toMongoFilter(validateFilter({}))).toEqual({});
    expect(toMongoFilter(validateFilter({ stage: 'A' }))).toEqual({ stage: { $eq: 'A' } });
    expect(toMongoFilter(validateFilter({ 'owner.id': { $in: ['u1', null] }, n: { $gte: 1, $lt: 5 } }))).toEqual({
      $and: [{ 'owner.id': { $in: ['u1', null] } }, { n: { $gte: 1 } }, { n: { $lt: 5 } }],
    });
    // The port's $exists is "present and not null", which MongoDB spells with null equality.
    expect(toMongoFilter(validateFilter({ a: { $exists: true }, b: { $exists: false } }))).toEqual({
      $and: [{ a: { $ne: null } }, { b: { $eq: null } }],
    });
    expect(toMongoFilter(validateFilter({ $or: [{ a: 1 }, {}] }))).toEqual({ $or: [{ a: { $eq: 1 } }, {}] });
  });

  it('turns $contains into a case-insensitive regex of the escaped literal', () => {
    expect(toMongoFilter(validateFilter({ note: { $contains: 'a.*b' } }))).toEqual({ note: { $regex: 'a\\.\\*b', $options: 'i' } });
    for (const text of ['100%', 'sure_thing', '.*', '(a|b)+?', '[x]{2}^$\\', '李雷']) {
      const regex = new RegExp(escapeRegExp(text), 'i');
      expect(regex.test(`xx${text.toUpperCase()}yy`)).toBe(true);
      expect(regex.test('something else entirely')).toBe(false);
    }
  });

  it('builds keyset segments bounded by an inclusive range with ties by _id', () => {
    const plan = validateFindOptions({ filter: { stage: 'A' }, sort: { field: 'at', direction: 'desc' }, limit: 5, cursor: encodeCursor({ field: 'at', direction: 'desc' }, '2024', 'x') });
    expect(plan.segments.map((s) => segmentQuery(plan, s))).toEqual([
      {
        filter: { $and: [{ stage: { $eq: 'A' } }, { at: { $lte: '2024' }, $or: [{ at: { $lt: '2024' } }, { _id: { $lt: 'x' } }] }] },
        sort: { at: -1, _id: -1 },
      },
      { filter: { $and: [{ stage: { $eq: 'A' } }, { at: null }] }, sort: { _id: -1 } },
    ]);
    const afterNull = validateFindOptions({ sort: { field: 'at', direction: 'asc' }, cursor: encodeCursor({ field: 'at', direction: 'asc' }, null, 'x') });
    expect(afterNull.segments.map((s) => segmentQuery(afterNull, s))).toEqual([
      { filter: { at: null, _id: { $gt: 'x' } }, sort: { _id: 1 } },
      { filter: { at: { $ne: null } }, sort: { at: 1, _id: 1 } },
    ]);
  });

  it('maps connection failures to ReadStoreUnavailableError and lets other errors through', () => {
    const down = toReadStoreError(new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017'));
    expect(down).toBeInstanceOf(ReadStoreUnavailableError);
    expect(down.message).toBe('read store (MongoDB) is unreachable: connect ECONNREFUSED 127.0.0.1:27017');
    expect(toReadStoreError(Object.create(MongoServerSelectionError.prototype, { message: { value: 'timed out' } }))).toBeInstanceOf(
      ReadStoreUnavailableError,
    );
    const bug = new TypeError('x');
    expect(toReadStoreError(bug)).toBe(bug);
  });
});

// What reaches MongoDB from a filter whose every string is hostile: only the operators the adapter
// writes itself, strings only as operands, and a regex only as the escaped literal of a $contains.
describe('MongoDB queries from hostile strings', () => {
  const OPERATORS = new Set(['$and', '$or', '$eq', '$ne', '$in', '$gt', '$gte', '$lt', '$lte', '$regex', '$options']);
  const hostile = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 10 }),
    fc.constantFrom('$where', '$ne', '.*', '^', '(a+)+$', '{"$gt":""}', "'; return true; var x='", '\\', '[', '$regex', 'this.password'),
  );
  const value = fc.oneof(hostile, fc.integer(), fc.boolean(), fc.constant(null));
  const field = fc.constantFrom('stage', 'owner.id', 'searchText');
  const condition = fc.oneof(
    value,
    fc.record({ $eq: value }),
    fc.record({ $ne: value, $gt: fc.oneof(hostile, fc.integer()), $lte: fc.oneof(hostile, fc.integer()) }, { requiredKeys: ['$ne'] }),
    fc.record({ $in: fc.array(value, { maxLength: 4 }) }),
    fc.record({ $contains: hostile }),
  );
  const base = fc.dictionary(field, condition, { maxKeys: 3 });
  const filter = fc.oneof(base, base.chain((f) => fc.array(base, { minLength: 1, maxLength: 3 }).map(($or) => ({ ...f, $or }))));

  const literalPattern = (pattern: string) => escapeRegExp(pattern.replace(/\\(.)/gs, '$1')) === pattern;

  /** What is wrong with a query (empty when nothing is). */
  const problems = (node: unknown, found: string[] = []): string[] => {
    if (Array.isArray(node)) node.forEach((n) => problems(n, found));
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return found;
    const scalar = (v: unknown) => v === null || typeof v !== 'object';
    for (const [key, operand] of Object.entries(node)) {
      const where = `${key}: ${JSON.stringify(operand)}`;
      if (!key.startsWith('$')) {
        if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(key)) found.push(`field ${where}`);
        // A field holds a condition (or null: the adapter's own match of missing keys), never a caller's value.
        if (operand !== null && (typeof operand !== 'object' || !Object.keys(operand).every((k) => k.startsWith('$')))) found.push(`value instead of a condition ${where}`);
      } else if (!OPERATORS.has(key)) found.push(`operator ${where}`);
      else if (key === '$regex' && !literalPattern(operand as string)) found.push(`pattern ${where}`);
      else if (key === '$options' && operand !== 'i') found.push(`options ${where}`);
      else if (['$eq', '$ne', '$gt', '$gte', '$lt', '$lte'].includes(key) && !scalar(operand)) found.push(`operand ${where}`);
      else if (key === '$in' && !(operand as unknown[]).every(scalar)) found.push(`operand ${where}`);
      problems(operand, found);
    }
    return found;
  };

  it('are made only of the adapter\'s own operators, with hostile strings as literal operands (property)', () => {
    fc.assert(
      fc.property(filter, (f) => {
        const query = toMongoFilter(validateFilter(f as Filter));
        // The same for every segment of a keyset page resumed at a hostile cursor.
        const plan = validateFindOptions({ filter: f as Filter, sort: { field: 'stage', direction: 'asc' }, limit: 5, cursor: encodeCursor({ field: 'stage', direction: 'asc' }, '$where', '{"$gt":""}') });
        expect(problems([query, ...plan.segments.map((s) => segmentQuery(plan, s).filter)])).toEqual([]);
      }),
      { seed: 20_251_123, numRuns: 1500 },
    );
  });
});
