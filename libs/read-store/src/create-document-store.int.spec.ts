import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocumentStore, SQLITE_READ_MODELS_FILE } from './create-document-store';
import { SqliteDocumentStore } from './embedded/sqlite-document-store';

describe('createDocumentStore', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'read-store-factory-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('opens SQLite at <dataDir>/read-models.sqlite3 when no URL is given, creating the directory', async () => {
    const dataDir = join(root, 'nested', 'data');
    const store = await createDocumentStore({ dataDir });
    expect(store).toBeInstanceOf(SqliteDocumentStore);
    expect(existsSync(join(dataDir, SQLITE_READ_MODELS_FILE))).toBe(true);
    await store.close();
  });

  it('fails with one line naming DATA_DIR when it cannot be created', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    const dataDir = join(file, 'data');
    await expect(createDocumentStore({ dataDir })).rejects.toThrow(new RegExp(`^DATA_DIR ${dataDir}: cannot open the read store: [^\\n]+$`));
  });

  it.each(['http://localhost:27017', 'mongodb://', 'mongodb://host:notaport'])(
    'fails with one line naming MONGODB_URL for a malformed URL: %s',
    async (mongodbUrl) => {
      await expect(createDocumentStore({ mongodbUrl, dataDir: root })).rejects.toThrow(/^MONGODB_URL: cannot use the MongoDB read store: [^\n]+$/);
    },
  );
});
