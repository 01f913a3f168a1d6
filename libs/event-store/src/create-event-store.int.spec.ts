import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, SQLITE_EVENTS_FILE } from './create-event-store';
import { PERSONAL_DATA_HASH_KEY_FILE } from './personal-data/lookup-hasher';
import { PersonalDataEventStore } from './personal-data/personal-data-event-store';
import { SQLITE_SUBJECT_KEYS_FILE } from './personal-data/sqlite-subject-key-store';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

describe('createEventStore', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'event-store-factory-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('opens SQLite at <dataDir>/events.sqlite3 when no URL is given, creating the directory, with the subject keys beside it', async () => {
    const dataDir = join(root, 'nested', 'data');
    const store = await createEventStore({ dataDir });
    expect(store).toBeInstanceOf(PersonalDataEventStore);
    expect(store.inner).toBeInstanceOf(SqliteEventStore);
    expect(existsSync(join(dataDir, SQLITE_EVENTS_FILE))).toBe(true);
    expect(existsSync(join(dataDir, SQLITE_SUBJECT_KEYS_FILE))).toBe(true);
    expect(existsSync(join(dataDir, PERSONAL_DATA_HASH_KEY_FILE))).toBe(true);
    await store.close();
  });

  it('fails with one clear line when DATA_DIR cannot be created or written', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    const dataDir = join(file, 'data');
    await expect(createEventStore({ dataDir })).rejects.toThrow(new RegExp(`^DATA_DIR ${dataDir} is not writable: [^\\n]+$`));
  });

  it('picks EventStoreDB when a URL is given, without connecting (the subject keys stay embedded without MONGODB_URL)', async () => {
    const store = await createEventStore({ eventStoreUrl: 'esdb://localhost:2113?tls=false', dataDir: join(root, 'keys') });
    expect(store.inner).toBeInstanceOf(EventStoreDbEventStore);
    expect(existsSync(join(root, 'keys', SQLITE_EVENTS_FILE))).toBe(false);
    expect(existsSync(join(root, 'keys', SQLITE_SUBJECT_KEYS_FILE))).toBe(true);
    await store.close();
  });

  it('uses PERSONAL_DATA_HASH_KEY when given, writing no key file', async () => {
    const store = await createEventStore({ dataDir: root, personalDataHashKey: Buffer.alloc(32, 3).toString('base64') });
    expect(existsSync(join(root, PERSONAL_DATA_HASH_KEY_FILE))).toBe(false);
    await store.close();
  });

  it('fails with one line naming MONGODB_URL when the subject key store cannot be reached, and leaves the log closed', async () => {
    await expect(createEventStore({ dataDir: root, mongodbUrl: 'mongodb://host:notaport' })).rejects.toThrow(/^MONGODB_URL: cannot use the MongoDB subject key store: [^\n]+$/);
  });

  it.each(['esdb://', 'http://localhost:2113', 'esdb://host:notaport', 'esdb://host:2113?tls=maybe'])(
    'fails with one clear line for a malformed EVENTSTORE_URL: %s',
    async (eventStoreUrl) => {
      await expect(createEventStore({ eventStoreUrl, dataDir: root })).rejects.toThrow(
        /^EVENTSTORE_URL is not a valid EventStoreDB connection string: [^\n]+$/,
      );
    },
  );
});
