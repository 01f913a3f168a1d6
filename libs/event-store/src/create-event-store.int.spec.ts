import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, SQLITE_EVENTS_FILE } from './create-event-store';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

describe('createEventStore', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'event-store-factory-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('opens SQLite at <dataDir>/events.sqlite3 when no URL is given, creating the directory', async () => {
    const dataDir = join(root, 'nested', 'data');
    const store = await createEventStore({ dataDir });
    expect(store).toBeInstanceOf(SqliteEventStore);
    expect(existsSync(join(dataDir, SQLITE_EVENTS_FILE))).toBe(true);
    await store.close();
  });

  it('fails with one clear line when DATA_DIR cannot be created or written', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    const dataDir = join(file, 'data');
    await expect(createEventStore({ dataDir })).rejects.toThrow(new RegExp(`^DATA_DIR ${dataDir} is not writable: [^\\n]+$`));
  });

  it('picks EventStoreDB when a URL is given, without connecting', async () => {
    const store = await createEventStore({ eventStoreUrl: 'esdb://localhost:2113?tls=false', dataDir: join(root, 'unused') });
    expect(store).toBeInstanceOf(EventStoreDbEventStore);
    expect(existsSync(join(root, 'unused'))).toBe(false);
    await store.close();
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
