import { validateFilter, validateFindOptions, encodeCursor } from '../filter';
import { escapeRegExp, segmentQuery, toMongoFilter, toReadStoreError } from './mongo-document-store';
import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { ReadStoreUnavailableError } from '../document-store.port';

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
    const plan = validateFindOptions({ filter: { stage: 'A' }, sort: { field: 'at', direction: 'desc' }, limit: 5, cursor: encodeCursor('2024', 'x') });
    expect(plan.segments.map((s) => segmentQuery(plan, s))).toEqual([
      {
        filter: { $and: [{ stage: { $eq: 'A' } }, { at: { $lte: '2024' }, $or: [{ at: { $lt: '2024' } }, { _id: { $lt: 'x' } }] }] },
        sort: { at: -1, _id: -1 },
      },
      { filter: { $and: [{ stage: { $eq: 'A' } }, { at: null }] }, sort: { _id: -1 } },
    ]);
    const afterNull = validateFindOptions({ sort: { field: 'at', direction: 'asc' }, cursor: encodeCursor(null, 'x') });
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
