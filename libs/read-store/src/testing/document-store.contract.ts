import { randomUUID } from 'node:crypto';
import { Document, DocumentStore, DocumentWrite, Filter, FindOptions, InvalidQueryError, Sort } from '../document-store.port';

/**
 * The one behaviour both read-store adapters must have. Every test uses its own collections and
 * checkpoint names (random suffix), so the suite can run against a shared MongoDB.
 */
export function documentStoreContract(
  name: string,
  create: () => Promise<{ store: DocumentStore; cleanup(): Promise<void> }>,
): void {
  describe(`${name}: document store contract`, () => {
    let store: DocumentStore;
    let cleanup: () => Promise<void>;
    const created: string[] = [];
    /** A fresh collection name, dropped after the suite. */
    const collection = (prefix: string): string => {
      const unique = `${prefix}-${uid()}`;
      created.push(unique);
      return unique;
    };
    /** Writes documents through a commit on a checkpoint of their own. */
    const put = async (coll: string, docs: readonly Document[]): Promise<void> => {
      expect(await store.commit(`put-${uid()}`, 1, docs.map((doc) => ({ collection: coll, id: doc._id, doc })))).toBe(true);
    };

    beforeAll(async () => {
      ({ store, cleanup } = await create());
    });
    afterAll(async () => {
      if (store) for (const c of created) await store.dropCollection(c);
      await cleanup?.();
    });

    describe('commit, get and getMany', () => {
      it('round-trips nested objects, arrays, booleans, nulls, numbers and unicode text', async () => {
        const c = collection('rt');
        const doc = {
          _id: 'lead-1',
          name: 'Zoë 李雷',
          note: '客户很满意，下周签约。',
          score: 12.5,
          count: 0,
          active: true,
          archived: false,
          closedAt: null,
          tags: ['vip', '重点', 1, true, null],
          owner: { id: 'u1', team: { id: 't1', names: ['销售一部'] } },
          history: [{ stage: 'D', at: '2024-01-01T00:00:00.000Z' }, { stage: 'C', at: '2024-02-01T00:00:00.000Z' }],
        };
        await put(c, [doc, { _id: 'lead-2', name: 'Bob' }]);

        expect(await store.get(c, 'lead-1')).toEqual(doc);
        expect(await store.get(c, 'missing')).toBeNull();
        const many = await store.getMany(c, ['lead-2', 'missing', 'lead-1', 'lead-2']);
        expect([...many.keys()].sort()).toEqual(['lead-1', 'lead-2']);
        expect(many.get('lead-1')).toEqual(doc);
        expect(many.get('lead-2')).toEqual({ _id: 'lead-2', name: 'Bob' });
        expect((await store.getMany(c, [])).size).toBe(0);
      });

      it('answers an unknown collection as empty', async () => {
        const c = collection('none');
        expect(await store.get(c, 'x')).toBeNull();
        expect((await store.getMany(c, ['x'])).size).toBe(0);
        expect(await store.find(c, { filter: { a: 1 }, sort: { field: 'a', direction: 'desc' }, limit: 5 })).toEqual({ items: [], nextCursor: null });
        expect(await store.count(c)).toBe(0);
        expect(await collect(store.scan(c))).toEqual([]);
      });

      it('replaces a whole document, deletes one written as null, and applies a batch in order', async () => {
        const c = collection('upd');
        await put(c, [{ _id: 'a', x: 1, y: 2 }, { _id: 'b', x: 1 }]);
        const writes: DocumentWrite[] = [
          { collection: c, id: 'a', doc: { _id: 'a', x: 3 } },
          { collection: c, id: 'b', doc: null },
          { collection: c, id: 'c', doc: { _id: 'c', v: 1 } },
          { collection: c, id: 'c', doc: { _id: 'c', v: 2 } },
          { collection: c, id: 'd', doc: { _id: 'd' } },
          { collection: c, id: 'd', doc: null },
          { collection: c, id: 'never', doc: null },
        ];
        expect(await store.commit(`upd-${uid()}`, 1, writes)).toBe(true);

        expect(await store.get(c, 'a')).toEqual({ _id: 'a', x: 3 });
        expect(await store.get(c, 'b')).toBeNull();
        expect(await store.get(c, 'c')).toEqual({ _id: 'c', v: 2 });
        expect(await store.get(c, 'd')).toBeNull();
        expect(await store.count(c)).toBe(2);
      });

      it('writes to several collections in one commit', async () => {
        const [c1, c2] = [collection('multi'), collection('multi')];
        const cp = `multi-${uid()}`;
        await store.commit(cp, 7, [
          { collection: c1, id: 'a', doc: { _id: 'a' } },
          { collection: c2, id: 'b', doc: { _id: 'b' } },
        ]);
        expect(await store.get(c1, 'a')).toEqual({ _id: 'a' });
        expect(await store.get(c2, 'b')).toEqual({ _id: 'b' });
        expect(await store.checkpoint(cp)).toBe(7);
      });

      it('refuses a write whose document _id is not its id, writing nothing', async () => {
        const c = collection('badid');
        const cp = `badid-${uid()}`;
        await expect(
          store.commit(cp, 1, [
            { collection: c, id: 'a', doc: { _id: 'a' } },
            { collection: c, id: 'b', doc: { _id: 'other' } },
          ]),
        ).rejects.toBeInstanceOf(InvalidQueryError);
        expect(await store.get(c, 'a')).toBeNull();
        expect(await store.checkpoint(cp)).toBe(0);
      });
    });

    describe('checkpoint', () => {
      it('is 0 until set, and a batch not beyond it is ignored and writes nothing', async () => {
        const c = collection('cp');
        const cp = `cp-${uid()}`;
        expect(await store.checkpoint(cp)).toBe(0);

        expect(await store.commit(cp, 5, [{ collection: c, id: 'a', doc: { _id: 'a', v: 1 } }])).toBe(true);
        expect(await store.checkpoint(cp)).toBe(5);

        // A redelivered batch (same position) and a stale one (lower) are no-ops.
        expect(await store.commit(cp, 5, [{ collection: c, id: 'a', doc: { _id: 'a', v: 2 } }])).toBe(false);
        expect(await store.commit(cp, 3, [
          { collection: c, id: 'a', doc: null },
          { collection: c, id: 'b', doc: { _id: 'b' } },
        ])).toBe(false);
        expect(await store.get(c, 'a')).toEqual({ _id: 'a', v: 1 });
        expect(await store.get(c, 'b')).toBeNull();
        expect(await store.checkpoint(cp)).toBe(5);

        expect(await store.commit(cp, 6, [{ collection: c, id: 'a', doc: { _id: 'a', v: 3 } }])).toBe(true);
        expect(await store.get(c, 'a')).toEqual({ _id: 'a', v: 3 });
        // A batch with no documents still moves the checkpoint.
        expect(await store.commit(cp, 9, [])).toBe(true);
        expect(await store.checkpoint(cp)).toBe(9);
      });

      it('keeps checkpoints apart and deletes one', async () => {
        const [a, b] = [`cpa-${uid()}`, `cpb-${uid()}`];
        await store.commit(a, 10, []);
        await store.commit(b, 20, []);
        await store.deleteCheckpoint(a);
        expect(await store.checkpoint(a)).toBe(0);
        expect(await store.checkpoint(b)).toBe(20);
        await store.deleteCheckpoint(`never-${uid()}`);
      });

      it('applies exactly one of two concurrent commits at the same position', async () => {
        const c = collection('race');
        const cp = `race-${uid()}`;
        const results = await Promise.all([
          store.commit(cp, 1, [{ collection: c, id: 'x', doc: { _id: 'x', by: 'first' } }]),
          store.commit(cp, 1, [{ collection: c, id: 'x', doc: { _id: 'x', by: 'second' } }, { collection: c, id: 'y', doc: { _id: 'y' } }]),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results[0] ? 'first' : 'second';
        expect(await store.get(c, 'x')).toEqual({ _id: 'x', by: winner });
        expect(await store.count(c)).toBe(winner === 'first' ? 1 : 2);
      });
    });

    describe('filters', () => {
      // One data set, every operator; results are ids in id order (the default sort).
      const people: Document[] = [
        { _id: 'a', name: 'Ann Lee', stage: 'D', score: 10, tags: ['vip', 'new'], flag: true, answer: true, owner: { id: 'u1', team: 't1' }, closedAt: '2024-01-15T10:00:00.000Z', note: '100% sure_thing' },
        { _id: 'b', name: 'Bob', stage: 'C', score: 20, tags: ['new'], flag: false, answer: 1, owner: { id: 'u2', team: 't1' }, closedAt: null, note: 'a.*b literal' },
        { _id: 'c', name: '李雷', stage: 'B', score: 30, tags: [], flag: true, answer: 0, owner: { id: 'u1', team: 't2' }, note: 'plain' },
        { _id: 'd', name: 'dora', stage: 'A', score: 5.5, tags: ['vip'], answer: false, owner: { id: 'u3' }, closedAt: '2024-03-01T00:00:00.000Z', note: '50% off' },
        { _id: 'e', name: 'Eve', stage: 'won', score: 0, flag: false, answer: '1', owner: null, closedAt: '2023-12-31T23:59:59.999Z', note: 'ANN' },
        { _id: 'f', name: 'Frank', stage: 'lost', score: 'high', tags: ['lost', 'VIP-2'], owner: { id: 'u2', team: 't2' }, closedAt: '2024-01-31T00:00:00.000Z', note: 'a%b_c' },
      ];
      let c: string;
      beforeAll(async () => {
        c = collection('filters');
        await put(c, people);
      });

      const cases: readonly (readonly [string, Filter, readonly string[]])[] = [
        ['no filter', {}, ['a', 'b', 'c', 'd', 'e', 'f']],
        ['bare scalar', { stage: 'C' }, ['b']],
        ['$eq', { stage: { $eq: 'C' } }, ['b']],
        ['by _id', { _id: 'd' }, ['d']],
        ['undefined fields are ignored', { stage: undefined, score: { $gt: 25, $lt: undefined } }, ['c']],
        ['dotted path', { 'owner.id': 'u1' }, ['a', 'c']],
        ['dotted path, two fields', { 'owner.team': 't1', 'owner.id': 'u2' }, ['b']],
        ['array contains', { tags: 'vip' }, ['a', 'd']],
        ['array contains via $eq', { tags: { $eq: 'new' } }, ['a', 'b']],
        ['$in on an array', { tags: { $in: ['new', 'nothing'] } }, ['a', 'b']],
        ['$in on scalars', { stage: { $in: ['A', 'B', 'zzz'] } }, ['c', 'd']],
        ['$in with null matches missing and null', { closedAt: { $in: [null, '2024-03-01T00:00:00.000Z'] } }, ['b', 'c', 'd']],
        ['empty $in matches nothing', { stage: { $in: [] } }, []],
        ['$ne on a scalar (missing counts as different)', { 'owner.team': { $ne: 't1' } }, ['c', 'd', 'e', 'f']],
        ['$ne on an array: no element equals', { tags: { $ne: 'vip' } }, ['b', 'c', 'e', 'f']],
        ['boolean true', { flag: true }, ['a', 'c']],
        ['boolean false', { flag: false }, ['b', 'e']],
        ['$ne true includes missing', { flag: { $ne: true } }, ['b', 'd', 'e', 'f']],
        ['true is not 1', { answer: true }, ['a']],
        ['1 is not true nor "1"', { answer: 1 }, ['b']],
        ['0 is not false', { answer: 0 }, ['c']],
        ['false is not 0', { answer: false }, ['d']],
        ['"1" is not 1', { answer: '1' }, ['e']],
        ['$in mixing booleans and numbers', { answer: { $in: [true, 0] } }, ['a', 'c']],
        ['a number range never matches booleans or strings', { answer: { $gte: 0 } }, ['b', 'c']],
        ['number range', { score: { $gt: 5, $lte: 20 } }, ['a', 'b', 'd']],
        ['number range from 0', { score: { $gte: 0, $lt: 5.5 } }, ['e']],
        ['a number range never matches strings', { score: { $gt: -1 } }, ['a', 'b', 'c', 'd', 'e']],
        ['a string range never matches numbers', { score: { $gte: 'a' } }, ['f']],
        ['a string range below never matches numbers', { score: { $lt: 'zzz' } }, ['f']],
        ['ISO date range', { closedAt: { $gte: '2024-01-01', $lt: '2024-02-01' } }, ['a', 'f']],
        ['ISO date upper bound skips null and missing', { closedAt: { $lt: '2024-01-01' } }, ['e']],
        ['null matches missing and null', { closedAt: null }, ['b', 'c']],
        ['$eq null', { closedAt: { $eq: null } }, ['b', 'c']],
        ['$ne null', { closedAt: { $ne: null } }, ['a', 'd', 'e', 'f']],
        ['$exists false: missing or null', { closedAt: { $exists: false } }, ['b', 'c']],
        ['$exists true: present and not null', { closedAt: { $exists: true } }, ['a', 'd', 'e', 'f']],
        ['$exists on a nested path under null', { 'owner.team': { $exists: false } }, ['d', 'e']],
        ['null object', { owner: null }, ['e']],
        ['$contains is case-insensitive', { name: { $contains: 'ann' } }, ['a']],
        ['$contains across words', { note: { $contains: '0% SURE' } }, ['a']],
        ['$contains upper-case text', { note: { $contains: 'ann' } }, ['e']],
        ['$contains "%" is literal', { note: { $contains: '%' } }, ['a', 'd', 'f']],
        ['$contains "_" is literal', { note: { $contains: '_' } }, ['a', 'f']],
        ['$contains "%b_" is literal', { note: { $contains: '%b_' } }, ['f']],
        ['$contains ".*" is literal', { note: { $contains: '.*' } }, ['b']],
        ['$contains Chinese', { name: { $contains: '李' } }, ['c']],
        ['$contains on array elements', { tags: { $contains: 'vi' } }, ['a', 'd', 'f']],
        ['$contains skips non-strings', { score: { $contains: '1' } }, []],
        ['$contains combined with a range', { name: { $contains: 'E' }, score: { $gte: 10 } }, ['a']],
        ['$or', { $or: [{ stage: 'A' }, { 'owner.team': 't2' }] }, ['c', 'd', 'f']],
        ['$or and other fields', { flag: true, $or: [{ stage: 'D' }, { stage: 'B' }, { stage: 'A' }] }, ['a', 'c']],
        ['nested $or', { $or: [{ $or: [{ stage: 'won' }, { stage: 'lost' }] }, { score: { $gte: 30 } }] }, ['c', 'e', 'f']],
        ['$or with an empty alternative matches all', { $or: [{}, { stage: 'nothing' }] }, ['a', 'b', 'c', 'd', 'e', 'f']],
        ['several operators on one field', { score: { $ne: 10, $gte: 5, $in: [10, 20, 30] } }, ['b', 'c']],
      ];

      it.each(cases)('%s', async (_title, filter, expected) => {
        const page = await store.find(c, { filter });
        expect(page.items.map((d) => d._id)).toEqual(expected);
        expect(page.nextCursor).toBeNull();
        expect(await store.count(c, filter)).toBe(expected.length);
        expect((await collect(store.scan(c, filter))).map((d) => d._id)).toEqual(expected);
      });

      it('gives the same results with indexes in place', async () => {
        await store.ensureIndexes(c, [
          { fields: [{ field: 'stage' }, { field: 'score', direction: 'desc' }] },
          { fields: [{ field: 'tags' }] },
          { fields: [{ field: 'owner.id' }, { field: 'closedAt' }] },
        ]);
        await store.ensureIndexes(c, [{ fields: [{ field: 'stage' }, { field: 'score', direction: 'desc' }] }]); // idempotent
        for (const [, filter, expected] of cases) {
          expect({ filter, ids: (await store.find(c, { filter })).items.map((d) => d._id) }).toEqual({ filter, ids: expected });
        }
      });
    });

    describe('invalid queries', () => {
      const invalid: readonly (readonly [string, unknown])[] = [
        ['$where', { $where: 'x' }],
        ['$regex', { a: { $regex: '.' } }],
        ['operator as a value', { a: { $gt: { $ne: 1 } } }],
        ['field starting with $', { $a: 1 }],
        ['$ inside a dotted path', { 'a.$b': 1 }],
        ['empty path segment', { 'a..b': 1 }],
        ['array index path', { 'tags.0': 'x' }],
        ['nested object as a value', { a: { b: 1 } }],
        ['empty condition', { a: {} }],
        ['array as a value', { a: [1] }],
        ['NaN', { a: NaN }],
        ['Infinity in a range', { a: { $lt: Infinity } }],
        ['Date object', { a: new Date(0) }],
        ['null in a range', { a: { $gt: null } }],
        ['boolean in a range', { a: { $gte: true } }],
        ['$in not an array', { a: { $in: 'x' } }],
        ['$in with an object', { a: { $in: [{ $gt: 1 }] } }],
        ['$exists not boolean', { a: { $exists: 'yes' } }],
        ['$contains not a string', { a: { $contains: 1 } }],
        ['empty $or', { $or: [] }],
        ['$or not an array', { $or: { a: 1 } }],
        ['$and', { $and: [{ a: 1 }] }],
        ['$nor', { $nor: [{ a: 1 }] }],
        ['$expr', { $expr: { $eq: ['$a', 1] } }],
        ['filter not an object', 'a = 1'],
      ];

      it.each(invalid)('rejects %s with InvalidQueryError', async (_title, filter) => {
        const c = collection('invalid');
        await put(c, [{ _id: 'a', a: 1 }]);
        const f = filter as Filter;
        await expect(store.find(c, { filter: f })).rejects.toBeInstanceOf(InvalidQueryError);
        await expect(store.count(c, f)).rejects.toBeInstanceOf(InvalidQueryError);
        await expect(collect(store.scan(c, f))).rejects.toBeInstanceOf(InvalidQueryError);
        expect(await store.count(c)).toBe(1);
      });

      it('rejects bad find options, collection names and writes', async () => {
        const c = collection('opts');
        const bad: FindOptions[] = [
          { sort: { field: '$natural', direction: 'asc' } },
          { sort: { field: 'a', direction: 'up' as Sort['direction'] } },
          { limit: 0 },
          { limit: 1.5 },
          { cursor: 'not a cursor' },
          { cursor: Buffer.from(JSON.stringify([{ $gt: 1 }, 'x'])).toString('base64url') },
        ];
        for (const options of bad) await expect(store.find(c, options)).rejects.toBeInstanceOf(InvalidQueryError);
        for (const name of ['', 'a b', 'x";DROP TABLE t;--', 'sys$', '_checkpoints', 'sqlite_master', 'system.users', 'a'.repeat(121)]) {
          await expect(store.get(name, 'x')).rejects.toBeInstanceOf(InvalidQueryError);
          await expect(store.commit(`bad-${uid()}`, 1, [{ collection: name, id: 'x', doc: { _id: 'x' } }])).rejects.toBeInstanceOf(InvalidQueryError);
        }
        await expect(store.ensureIndexes(c, [{ fields: [{ field: '$where' }] }])).rejects.toBeInstanceOf(InvalidQueryError);
        await expect(store.commit(`bad-${uid()}`, 1.5, [])).rejects.toBeInstanceOf(InvalidQueryError);
      });
    });

    describe('sort and keyset paging', () => {
      const ranked: Document[] = [
        { _id: 's1', rank: 2 },
        { _id: 's2' },
        { _id: 's3', rank: 1 },
        { _id: 's4', rank: 2 },
        { _id: 's5', rank: null },
        { _id: 's6', rank: 3 },
        { _id: 's7' },
      ];
      const ascending = ['s2', 's5', 's7', 's3', 's1', 's4', 's6'];

      it('sorts ascending with missing and null first and ties by id, descending as the exact reverse', async () => {
        const c = collection('sort');
        await put(c, ranked);
        const ids = async (direction: Sort['direction'], limit?: number) =>
          (await pageThrough(store, c, { sort: { field: 'rank', direction }, limit })).flat();

        expect(await ids('asc')).toEqual(ascending);
        expect(await ids('desc')).toEqual([...ascending].reverse());
        // Pages that start and end inside the run of missing keys, and cross into the other run.
        for (const limit of [1, 2, 3, 4]) {
          expect(await ids('asc', limit)).toEqual(ascending);
          expect(await ids('desc', limit)).toEqual([...ascending].reverse());
        }
      });

      it('sorts by _id by default, and by strings, ISO dates and nested fields', async () => {
        const c = collection('sort2');
        await put(c, [
          { _id: 'b', at: '2024-02-01T00:00:00.000Z', who: { name: 'zed' } },
          { _id: 'a', at: '2024-03-01T00:00:00.000Z', who: { name: 'amy' } },
          { _id: 'c', at: '2023-12-01T00:00:00.000Z', who: { name: 'max' } },
        ]);
        expect((await store.find(c)).items.map((d) => d._id)).toEqual(['a', 'b', 'c']);
        expect((await store.find(c, { sort: { field: '_id', direction: 'desc' } })).items.map((d) => d._id)).toEqual(['c', 'b', 'a']);
        expect((await store.find(c, { sort: { field: 'at', direction: 'desc' } })).items.map((d) => d._id)).toEqual(['a', 'b', 'c']);
        expect((await store.find(c, { sort: { field: 'who.name', direction: 'asc' } })).items.map((d) => d._id)).toEqual(['a', 'c', 'b']);
        expect(await pageThrough(store, c, { sort: { field: '_id', direction: 'desc' }, limit: 2 })).toEqual([['c', 'b'], ['a']]);
      });

      it('pages 25 documents by 7: every document exactly once, in order, last cursor null', async () => {
        const c = collection('page');
        await put(c, range(25).map((i) => ({ _id: `p${pad(i)}`, score: i % 5, kind: i % 2 === 0 ? 'even' : 'odd' })));
        await store.ensureIndexes(c, [{ fields: [{ field: 'kind' }, { field: 'score' }] }]);
        const expected = range(25)
          .map((i) => ({ id: `p${pad(i)}`, score: i % 5 }))
          .sort((x, y) => x.score - y.score || x.id.localeCompare(y.id))
          .map((x) => x.id);

        const pages = await pageThrough(store, c, { sort: { field: 'score', direction: 'asc' }, limit: 7 });
        expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 4]);
        expect(pages.flat()).toEqual(expected);

        const down = await pageThrough(store, c, { sort: { field: 'score', direction: 'desc' }, limit: 7 });
        expect(down.flat()).toEqual([...expected].reverse());

        const even = await pageThrough(store, c, { filter: { kind: 'even' }, sort: { field: 'score', direction: 'asc' }, limit: 4 });
        expect(even.flat()).toEqual(expected.filter((id) => Number(id.slice(1)) % 2 === 0));

        // An exact multiple of the limit ends with a full page and no further cursor.
        const fives = await pageThrough(store, c, { sort: { field: 'score', direction: 'asc' }, limit: 5 });
        expect(fives.map((p) => p.length)).toEqual([5, 5, 5, 5, 5]);
      });

      it('stays correct when documents are inserted before and after the cursor between pages', async () => {
        const c = collection('live');
        await put(c, range(25).map((i) => ({ _id: `p${pad(i)}`, score: i })));
        const cp = `live-${uid()}`;
        const sort: Sort = { field: 'score', direction: 'asc' };
        const seen: string[] = [];
        let page = await store.find(c, { sort, limit: 7 });
        seen.push(...page.items.map((d) => d._id));
        // Before the cursor (score -1, and a tie at the cursor's score with a smaller id): never shown.
        await store.commit(cp, 1, [
          { collection: c, id: 'early', doc: { _id: 'early', score: -1 } },
          { collection: c, id: 'p00-tie', doc: { _id: 'p00-tie', score: 6 } },
        ]);
        // After the cursor: shown in its place.
        await store.commit(cp, 2, [{ collection: c, id: 'late', doc: { _id: 'late', score: 12.5 } }]);
        while (page.nextCursor) {
          page = await store.find(c, { sort, limit: 7, cursor: page.nextCursor });
          seen.push(...page.items.map((d) => d._id));
        }
        const expected = range(25).map((i) => `p${pad(i)}`);
        expected.splice(13, 0, 'late');
        expect(seen).toEqual(expected);
      });
    });

    describe('count, scan and dropCollection', () => {
      it('counts matching documents', async () => {
        const c = collection('count');
        await put(c, range(12).map((i) => ({ _id: `c${pad(i)}`, even: i % 2 === 0 })));
        expect(await store.count(c)).toBe(12);
        expect(await store.count(c, { even: true })).toBe(6);
        expect(await store.count(c, { even: { $ne: true } })).toBe(6);
      });

      it('scans every matching document in id order across several pages', async () => {
        const c = collection('scan');
        const docs = range(1150).map((i) => ({ _id: `d${pad(i, 4)}`, i, even: i % 2 === 0 }));
        // Written out of order to show the order comes from the ids.
        await put(c, [...docs].reverse());
        const all = await collect(store.scan(c));
        expect(all.map((d) => d._id)).toEqual(docs.map((d) => d._id));
        expect(all[1149]).toEqual(docs[1149]);
        const even = await collect(store.scan(c, { even: true }));
        expect(even.map((d) => d._id)).toEqual(docs.filter((d) => d.even).map((d) => d._id));
        // Stopping early is allowed.
        for await (const doc of store.scan(c)) {
          expect(doc._id).toBe('d0000');
          break;
        }
      });

      it('drops a collection with its documents and indexes; it can be written again', async () => {
        const c = collection('drop');
        await put(c, [{ _id: 'a', k: 1 }]);
        await store.ensureIndexes(c, [{ fields: [{ field: 'k' }] }]);
        await store.dropCollection(c);
        expect(await store.get(c, 'a')).toBeNull();
        expect(await store.count(c)).toBe(0);
        expect((await store.find(c, { filter: { k: 1 } })).items).toEqual([]);
        await store.dropCollection(c); // dropping a missing collection is fine

        await put(c, [{ _id: 'b', k: 2 }]);
        expect((await store.find(c, { filter: { k: 2 } })).items).toEqual([{ _id: 'b', k: 2 }]);
      });

      it('pings', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });

      it('forgets overwritten versions without changing a document', async () => {
        const c = collection('forget');
        await put(c, [{ _id: 'a', name: 'first' }]);
        await put(c, [{ _id: 'a', name: '[erased]' }]);
        await expect(store.forgetOverwritten()).resolves.toBeUndefined();
        expect(await store.get(c, 'a')).toEqual({ _id: 'a', name: '[erased]' });
        await put(c, [{ _id: 'b', name: 'later' }]);
        expect(await store.count(c)).toBe(2);
      });
    });
  });
}

const uid = (): string => randomUUID().slice(0, 8);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Every page's ids, following nextCursor to the end. */
async function pageThrough(store: DocumentStore, collection: string, options: FindOptions): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.find(collection, { ...options, cursor });
    pages.push(page.items.map((d) => d._id));
    cursor = page.nextCursor ?? undefined;
    if (pages.length > 100) throw new Error('paging does not end');
  } while (cursor);
  return pages;
}
