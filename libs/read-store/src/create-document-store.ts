import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentStore } from './document-store.port';
import { SqliteDocumentStore } from './embedded/sqlite-document-store';
import { MongoDocumentStore } from './mongodb/mongo-document-store';

export interface DocumentStoreConfig {
  /** `mongodb://…` (a replica set: commits are transactions). Unset: the embedded SQLite store under dataDir. */
  readonly mongodbUrl?: string;
  readonly dataDir: string;
}

export const SQLITE_READ_MODELS_FILE = 'read-models.sqlite3';

/** Picks the adapter from configuration; misconfiguration fails here with one line naming the setting. */
export async function createDocumentStore(config: DocumentStoreConfig): Promise<DocumentStore> {
  if (config.mongodbUrl) {
    try {
      return await MongoDocumentStore.connect(config.mongodbUrl);
    } catch (error) {
      throw new Error(`MONGODB_URL: cannot use the MongoDB read store: ${firstLine(error)}`);
    }
  }
  try {
    mkdirSync(config.dataDir, { recursive: true });
    accessSync(config.dataDir, constants.W_OK);
    return new SqliteDocumentStore({ file: join(config.dataDir, SQLITE_READ_MODELS_FILE) });
  } catch (error) {
    throw new Error(`DATA_DIR ${config.dataDir}: cannot open the read store: ${firstLine(error)}`);
  }
}

const firstLine = (error: unknown): string => String((error as Error)?.message ?? error).split('\n')[0];
