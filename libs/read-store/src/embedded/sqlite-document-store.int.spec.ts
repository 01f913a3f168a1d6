import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { InvalidQueryError, ReadStoreUnavailableError } from '../document-store.port';
import { documentStoreContract } from '../testing/document-store.contract';
import { SqliteDocumentStore, toReadStoreError } from './sqlite-document-store';

const tempDirs: string[] = [];
const tempFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'read-store-'));
  tempDirs.push(dir);
  return join(dir, 'read-models.sqlite3');
};
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

documentStoreContract('SQLite adapter', async () => {
  const store = new SqliteDocumentStore({ file: tempFile() });
  return { store, cleanup: () => store.close() };
});

describe('SQLite document store specifics', () => {
  let file: string;
  let store: SqliteDocumentStore;
  beforeEach(() => {
    file = tempFile();
    store = new SqliteDocumentStore({ file });
  });
  afterEach(async () => {
    await store.close();
  });

  it('opens the file in WAL mode with synchronous=NORMAL (derived data: a power loss only rolls back whole batches with their checkpoints)', () => {
    expect(store.pragma('journal_mode')).toBe('wal');
    expect(store.pragma('synchronous')).toBe(1);
    expect(store.pragma('busy_timeout')).toBeGreaterThan(0);
  });

  it('leaves no byte of an overwritten or deleted document in the file, its WAL or free pages once it forgets them', async () => {
    const canary = `CANARY-${Math.random().toString(36).slice(2)}`;
    const holding = () => readdirSync(dirname(file)).filter((name) => readFileSync(join(dirname(file), name)).includes(Buffer.from(canary)));
    const docs = Array.from({ length: 400 }, (_, i) => ({ _id: `l${i}`, name: `${canary} ${i}`, stage: 'D', searchText: `${canary.toLowerCase()} ${i}` }));
    await store.ensureIndexes('pipeline@1', [{ fields: [{ field: 'searchText' }] }, { fields: [{ field: 'stage' }] }]);
    await store.commit('cp', 1, docs.map((doc) => ({ collection: 'pipeline@1', id: doc._id, doc })));
    await store.forgetOverwritten();
    expect(holding()).toEqual(['read-models.sqlite3']);

    // Half scrubbed in place (the indexed search text too), half deleted.
    await store.commit('cp', 2, docs.map((doc, i) => ({ collection: 'pipeline@1', id: doc._id, doc: i % 2 ? null : { ...doc, name: '[erased]', searchText: '' } })));
    expect(holding().length).toBeGreaterThan(0);
    await store.forgetOverwritten();
    expect(holding()).toEqual([]);
    expect(await store.get('pipeline@1', 'l0')).toEqual({ _id: 'l0', name: '[erased]', stage: 'D', searchText: '' });
  });

  it('keeps documents, checkpoints and array semantics across close and reopen', async () => {
    await store.commit('leads', 42, [
      { collection: 'leads@1', id: 'a', doc: { _id: 'a', tags: ['vip'], name: '王芳' } },
      { collection: 'leads@1', id: 'b', doc: { _id: 'b', tags: 'vip' } },
    ]);
    await store.close();

    store = new SqliteDocumentStore({ file });
    expect(await store.checkpoint('leads')).toBe(42);
    expect(await store.get('leads@1', 'a')).toEqual({ _id: 'a', tags: ['vip'], name: '王芳' });
    expect((await store.find('leads@1', { filter: { tags: 'vip' } })).items.map((d) => d._id)).toEqual(['a', 'b']);
    expect(await store.commit('leads', 42, [])).toBe(false);
  });

  it('serves an indexed equality filter with a sort, and the next page, from the index', async () => {
    const docs = Array.from({ length: 300 }, (_, i) => ({ _id: `l${i}`, stage: ['A', 'B', 'C'][i % 3], updatedAt: `2024-01-${String((i % 28) + 1).padStart(2, '0')}`, owner: { id: `u${i % 7}` } }));
    await store.commit('cp', 1, docs.map((doc) => ({ collection: 'pipeline@1', id: doc._id, doc })));
    await store.ensureIndexes('pipeline@1', [
      { fields: [{ field: 'stage' }, { field: 'updatedAt', direction: 'desc' }] },
      { fields: [{ field: 'owner.id' }, { field: 'stage' }] },
    ]);

    const first = { filter: { stage: 'B' }, sort: { field: 'updatedAt', direction: 'desc' as const }, limit: 10 };
    const plan = store.explain('pipeline@1', first).join('\n');
    expect(plan).toMatch(/USING INDEX pipeline@1#stage,updatedAt/);
    expect(plan).not.toMatch(/TEMP B-TREE/); // the index gives the order, ties by id included

    const page = await store.find('pipeline@1', first);
    const next = store.explain('pipeline@1', { ...first, cursor: page.nextCursor! }).join('\n');
    expect(next).toMatch(/USING INDEX pipeline@1#stage,updatedAt \(<expr>=\? AND <expr><\?\)/);
    expect(next).not.toMatch(/TEMP B-TREE/);

    const nested = store.explain('pipeline@1', { filter: { 'owner.id': 'u3', stage: { $in: ['A', 'C'] } } }).join('\n');
    expect(nested).toMatch(/USING INDEX pipeline@1#owner.id,stage \(<expr>=\? AND <expr>=\?\)/);
  });

  it('uses element-wise matching only for paths that have held an array', async () => {
    await store.commit('cp', 1, [{ collection: 'c', id: 'a', doc: { _id: 'a', tag: 'x', list: ['x'] } }]);
    await store.ensureIndexes('c', [{ fields: [{ field: 'tag' }] }, { fields: [{ field: 'list' }] }]);
    expect(store.explain('c', { filter: { tag: 'x' } }).join('\n')).toMatch(/USING INDEX/);
    expect(store.explain('c', { filter: { list: 'x' } }).join('\n')).toMatch(/SCAN c/);

    // A path becomes an array path as soon as an array is written to it, by any process.
    const other = new SqliteDocumentStore({ file });
    await other.commit('cp', 2, [{ collection: 'c', id: 'b', doc: { _id: 'b', tag: ['y', 'x'] } }]);
    await other.close();
    expect((await store.find('c', { filter: { tag: 'x' } })).items.map((d) => d._id)).toEqual(['a', 'b']);
    expect((await store.find('c', { filter: { tag: { $ne: 'x' } } })).items.map((d) => d._id)).toEqual([]);
  });

  it('writes nothing of a commit whose write fails half-way, and keeps the checkpoint', async () => {
    await store.commit('cp', 1, [{ collection: 'c', id: 'keep', doc: { _id: 'keep', v: 1 } }]);
    const raw = new Database(file);
    raw.exec(`CREATE TRIGGER boom BEFORE INSERT ON "c" WHEN json_extract(NEW.doc, '$.boom') BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    raw.close();

    const failing = store.commit('cp', 2, [
      { collection: 'c', id: 'keep', doc: { _id: 'keep', v: 2 } },
      { collection: 'other', id: 'x', doc: { _id: 'x', list: [1] } },
      { collection: 'c', id: 'bad', doc: { _id: 'bad', boom: true } },
    ]);
    await expect(failing).rejects.toThrow(ReadStoreUnavailableError);
    await expect(failing).rejects.toThrow(/boom/);

    expect(await store.get('c', 'keep')).toEqual({ _id: 'keep', v: 1 });
    expect(await store.get('other', 'x')).toBeNull();
    expect(await store.checkpoint('cp')).toBe(1);
    // The rolled-back array path is registered by the next successful commit.
    await store.commit('cp', 3, [{ collection: 'other', id: 'y', doc: { _id: 'y', list: [1, 2] } }]);
    expect((await store.find('other', { filter: { list: 2 } })).items.map((d) => d._id)).toEqual(['y']);
  });

  it('refuses a document that cannot be stored as JSON before writing anything', async () => {
    const commit = store.commit('cp', 1, [
      { collection: 'c', id: 'a', doc: { _id: 'a' } },
      { collection: 'c', id: 'b', doc: { _id: 'b', n: BigInt(1) } },
    ]);
    await expect(commit).rejects.toBeInstanceOf(InvalidQueryError);
    expect(await store.get('c', 'a')).toBeNull();
    expect(await store.checkpoint('cp')).toBe(0);
  });

  it('answers reads of a collection another process dropped as empty, and recreates it on write', async () => {
    await store.commit('cp', 1, [{ collection: 'c', id: 'a', doc: { _id: 'a', k: 1 } }]);
    expect(await store.count('c', { k: 1 })).toBe(1); // statements now cached
    const other = new SqliteDocumentStore({ file });
    await other.dropCollection('c');
    await other.close();

    expect(await store.count('c', { k: 1 })).toBe(0);
    expect(await store.get('c', 'a')).toBeNull();
    await store.commit('cp', 2, [{ collection: 'c', id: 'b', doc: { _id: 'b', k: 1 } }]);
    expect((await store.find('c', { filter: { k: 1 } })).items).toEqual([{ _id: 'b', k: 1 }]);
  });

  it('treats collection names as data, never as SQL', async () => {
    const name = 'pipeline@3.v-2_x';
    await store.commit('cp', 1, [{ collection: name, id: 'a', doc: { _id: 'a' } }]);
    await store.ensureIndexes(name, [{ fields: [{ field: 'x-y' }, { field: 'a.b_c' }] }]);
    expect(await store.get(name, 'a')).toEqual({ _id: 'a' });
    await expect(store.get('c"; DROP TABLE _checkpoints; --', 'a')).rejects.toBeInstanceOf(InvalidQueryError);
    expect(await store.checkpoint('cp')).toBe(1);
  });

  it('reports a closed store as unavailable', async () => {
    await store.close();
    await expect(store.get('c', 'a')).rejects.toThrow(new ReadStoreUnavailableError('read store is closed'));
    await expect(store.commit('cp', 1, [])).rejects.toBeInstanceOf(ReadStoreUnavailableError);
    await expect(store.ping()).rejects.toBeInstanceOf(ReadStoreUnavailableError);
  });

  it('reports a file it cannot open as ReadStoreUnavailableError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'read-store-'));
    tempDirs.push(dir);
    expect(() => new SqliteDocumentStore({ file: join(dir, 'missing-dir', 'x.sqlite3') })).toThrow(
      expect.objectContaining({ name: 'ReadStoreUnavailableError', message: expect.stringMatching(/cannot be opened/) }),
    );
    const notADb = join(dir, 'garbage.sqlite3');
    writeFileSync(notADb, 'not a database, just text long enough to fill a header. '.repeat(20));
    expect(() => new SqliteDocumentStore({ file: notADb })).toThrow(ReadStoreUnavailableError);
  });

  it('maps SQLite failures to ReadStoreUnavailableError with a plain message', () => {
    const full = toReadStoreError(new Database.SqliteError('database or disk is full', 'SQLITE_FULL'), '/data/read-models.sqlite3');
    expect(full).toBeInstanceOf(ReadStoreUnavailableError);
    expect(full.message).toBe('read store disk is full [SQLITE_FULL] (/data/read-models.sqlite3)');
    expect(full).toMatchObject({ reason: 'disk_full' });
    expect(toReadStoreError(new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE'), '').message).toMatch(/I\/O error/);
    expect(toReadStoreError(new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE'), '')).toMatchObject({ reason: undefined });
    expect(toReadStoreError(new Database.SqliteError('readonly', 'SQLITE_READONLY'), '').message).toMatch(/read-only/);
    expect(toReadStoreError(new Database.SqliteError('busy', 'SQLITE_BUSY'), '').message).toMatch(/locked by another process/);
    const invalid = new InvalidQueryError('x');
    expect(toReadStoreError(invalid, '')).toBe(invalid);
  });
});
