import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteIdempotencyStore } from './sqlite-idempotency.store';
import { idempotencyStoreContract } from './testing/idempotency-store.contract';

describe('SQLite idempotency store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'l2c-idem-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  idempotencyStoreContract(async () => new SqliteIdempotencyStore(join(dir, 'idempotency.sqlite3')));
});
