import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreUnavailableError } from '../event-store.errors';
import { subjectKeyStoreContract } from '../testing/subject-key-store.contract';
import { SQLITE_SUBJECT_KEYS_FILE, SqliteSubjectKeyStore } from './sqlite-subject-key-store';

const dirs: string[] = [];
const tempFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'l2c-subject-keys-'));
  dirs.push(dir);
  return join(dir, SQLITE_SUBJECT_KEYS_FILE);
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

subjectKeyStoreContract('SQLite adapter', async () => {
  const store = new SqliteSubjectKeyStore(tempFile());
  return { store, cleanup: () => store.close() };
});

describe('SQLite subject key store specifics', () => {
  it('opens its own file in WAL mode, synchronous=FULL, with secure_delete', async () => {
    const store = new SqliteSubjectKeyStore(tempFile());
    expect(store.pragma('journal_mode')).toBe('wal');
    expect(store.pragma('synchronous')).toBe(2);
    expect(store.pragma('secure_delete')).toBe(1);
    await store.close();
  });

  it('an erased key is in neither the database file nor its WAL, also while the file stays open', async () => {
    const file = tempFile();
    const store = new SqliteSubjectKeyStore(file);
    const keys = await Promise.all(Array.from({ length: 20 }, (_, i) => store.keyFor(`s-${i}`, { streamId: `lead-s-${i}`, lookups: [] })));
    const erased = keys[7]!;
    const kept = keys[8]!;
    const bytes = () => Buffer.concat([readFileSync(file), readFileSync(`${file}-wal`, { flag: 'a+' })]);
    expect(bytes().includes(erased)).toBe(true);

    await store.erase('s-7', '2025-06-01T09:00:00.000Z');
    expect(bytes().includes(erased)).toBe(false);
    expect(bytes().includes(kept)).toBe(true);
    await store.close();
    expect(readFileSync(file).includes(erased)).toBe(false);
  });

  it('commits the keys asked for in one turn in one transaction (one fsync), each subject with its own key', async () => {
    const walFrames = (file: string) => (statSync(`${file}-wal`).size - 32) / (24 + 4096);
    const together = tempFile();
    const store = new SqliteSubjectKeyStore(together);
    const before = walFrames(together);
    const keys = await Promise.all(Array.from({ length: 50 }, (_, i) => store.keyFor(i % 10 === 9 ? 's-0' : `s-${i}`, { streamId: `lead-s-${i}`, lookups: [`phone:${i}`] })));
    const framesTogether = walFrames(together) - before;
    expect(new Set(keys.map((k) => k!.toString('hex'))).size).toBe(45);
    expect(keys[9]).toEqual(keys[0]);
    expect(await store.keysOf(['s-0', 's-1'])).toEqual(new Map([['s-0', keys[0]], ['s-1', keys[1]]]));
    await store.close();

    const apart = tempFile();
    const sequential = new SqliteSubjectKeyStore(apart);
    const start = walFrames(apart);
    for (let i = 0; i < 50; i++) await sequential.keyFor(`s-${i}`, { streamId: `lead-s-${i}`, lookups: [`phone:${i}`] });
    const framesApart = walFrames(apart) - start;
    await sequential.close();
    // Every transaction appends at least one frame (its commit) to the WAL.
    expect(framesApart).toBeGreaterThanOrEqual(50);
    expect(framesTogether).toBeLessThan(framesApart / 5);
  });

  it('a file that cannot be opened is EventStoreUnavailableError naming the key store', () => {
    expect(() => new SqliteSubjectKeyStore(join(tempFile(), 'no', 'such', 'dir', 'keys.sqlite3'))).toThrow(EventStoreUnavailableError);
  });
});
