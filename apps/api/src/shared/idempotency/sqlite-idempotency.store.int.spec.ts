import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteIdempotencyStore } from './sqlite-idempotency.store';
import { idempotencyStoreContract } from './testing/idempotency-store.contract';

describe('SQLite idempotency store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'l2c-idem-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  idempotencyStoreContract(async () => new SqliteIdempotencyStore(join(dir, 'idempotency.sqlite3')));

  /** Every file of the store (database, WAL, shared memory) that holds `text`. */
  const filesHolding = (storeDir: string, text: string): string[] =>
    readdirSync(storeDir).filter((name) => readFileSync(join(storeDir, name)).includes(Buffer.from(text, 'utf8')));

  it('leaves no byte of a forgotten answer in the database, its WAL or free pages', async () => {
    const storeDir = mkdtempSync(join(dir, 'scrub-'));
    const store = new SqliteIdempotencyStore(join(storeDir, 'idempotency.sqlite3'));
    const canary = `CANARY-${Math.random().toString(36).slice(2)}`;
    const now = '2026-11-20T10:00:00.000Z';
    try {
      // Enough records to span many pages, so the forgotten ones free whole pages as well as cells.
      for (let i = 0; i < 300; i++) {
        await store.reserve('rep-1', `k-${i}`, `fp-${i}`, now);
        const erased = i % 3 === 0;
        await store.complete('rep-1', `k-${i}`, { status: 201, body: { id: `lead-${i}`, note: erased ? `${canary}-${i}` : 'kept' } }, erased ? 'lead-erased' : `lead-${i}`);
      }
      expect(filesHolding(storeDir, canary).length).toBeGreaterThan(0);

      expect(await store.forgetStreams(['lead-erased'])).toBe(100);

      expect(filesHolding(storeDir, canary)).toEqual([]);
      expect((await store.reserve('rep-1', 'k-1', 'fp-1', now)).reserved).toBe(false);
    } finally {
      await store.close();
    }
    // Closed too: nothing written back on close brings it back.
    expect(filesHolding(storeDir, canary)).toEqual([]);
  });

  it('opens a file written before answers named their stream, keeping its records', async () => {
    const file = join(mkdtempSync(join(dir, 'old-')), 'idempotency.sqlite3');
    const old = new Database(file);
    old.exec(`CREATE TABLE idempotency (scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
      status INTEGER, body TEXT, created_at TEXT NOT NULL, PRIMARY KEY (scope, key)) WITHOUT ROWID`);
    old.prepare('INSERT INTO idempotency VALUES (?, ?, ?, ?, ?, ?)').run('rep-1', 'k', 'fp', 201, '{"id":"a"}', '2026-01-01T00:00:00.000Z');
    old.close();
    const store = new SqliteIdempotencyStore(file);
    try {
      expect(await store.reserve('rep-1', 'k', 'fp', '2026-01-01T00:00:01.000Z')).toMatchObject({ reserved: false, record: { response: { status: 201, body: { id: 'a' } } } });
      await store.reserve('rep-1', 'k2', 'fp', '2026-01-01T00:00:01.000Z');
      await store.complete('rep-1', 'k2', { status: 200, body: null }, 'lead-a');
      expect(await store.forgetStreams(['lead-a'])).toBe(1);
    } finally {
      await store.close();
    }
  });
});
