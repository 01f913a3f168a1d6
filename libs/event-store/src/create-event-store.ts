import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { LookupHasher } from './personal-data/lookup-hasher';
import { MongoSubjectKeyStore } from './personal-data/mongo-subject-key-store';
import { PersonalDataEventStore } from './personal-data/personal-data-event-store';
import { PersonalDataVault } from './personal-data/personal-data-vault';
import { SQLITE_SUBJECT_KEYS_FILE, SqliteSubjectKeyStore } from './personal-data/sqlite-subject-key-store';
import { SubjectKeyStore } from './personal-data/subject-key-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

export interface EventStoreConfig {
  /** `esdb://…`: EventStoreDB. Unset: the embedded SQLite log under dataDir. */
  readonly eventStoreUrl?: string;
  readonly dataDir: string;
  /** `mongodb://…`: the data subjects' keys in MongoDB. Unset: a SQLite file of their own under dataDir. */
  readonly mongodbUrl?: string;
  /** 32 bytes, base64: keys the lookup hashes of phones and e-mails. Unset: a key file in dataDir. */
  readonly personalDataHashKey?: string;
  /** Test only: the embedded log's positions with large irregular gaps (see SqliteEventStoreOptions.sparsePositions). */
  readonly sparsePositions?: boolean;
}

export const SQLITE_EVENTS_FILE = 'events.sqlite3';

/**
 * Picks the adapter from configuration and puts personal-data protection around it (so nothing
 * opened here reads ciphertext or writes personal data in the clear); misconfiguration fails here
 * with one line naming the setting.
 */
export async function createEventStore(config: EventStoreConfig): Promise<PersonalDataEventStore> {
  const log = openLog(config);
  try {
    const keys: SubjectKeyStore = config.mongodbUrl ? await connectMongoKeys(config.mongodbUrl) : openSqliteKeys(config.dataDir);
    return new PersonalDataEventStore(log, new PersonalDataVault(keys, LookupHasher.fromConfig(config)));
  } catch (error) {
    // Deliberately ignored: a failure to close the log just opened, which would hide the reason it is closed (the error thrown below).
    await log.close().catch(() => undefined);
    throw error;
  }
}

/**
 * The embedded log of a DATA_DIR with its embedded keys, opened at once: for tools and tests that
 * read a DATA_DIR while the API may run (SQLite WAL allows a second process).
 */
export const openEmbeddedEventStore = (dataDir: string, personalDataHashKey?: string): PersonalDataEventStore => {
  const log = openLog({ dataDir });
  try {
    return new PersonalDataEventStore(log, new PersonalDataVault(openSqliteKeys(dataDir), LookupHasher.fromConfig({ dataDir, personalDataHashKey })));
  } catch (error) {
    // Deliberately ignored: a failure to close the log just opened, which would hide the reason it is closed (the error thrown below).
    log.close().catch(() => undefined);
    throw error;
  }
};

const openLog = (config: Pick<EventStoreConfig, 'eventStoreUrl' | 'dataDir' | 'sparsePositions'>): EventStore => {
  if (config.eventStoreUrl) {
    try {
      return EventStoreDbEventStore.fromConnectionString(config.eventStoreUrl);
    } catch (error) {
      throw new Error(`EVENTSTORE_URL is not a valid EventStoreDB connection string: ${firstLine(error)}`);
    }
  }
  writableDataDir(config.dataDir);
  return new SqliteEventStore({ file: join(config.dataDir, SQLITE_EVENTS_FILE), sparsePositions: config.sparsePositions });
};

const openSqliteKeys = (dataDir: string): SubjectKeyStore => {
  writableDataDir(dataDir);
  try {
    return new SqliteSubjectKeyStore(join(dataDir, SQLITE_SUBJECT_KEYS_FILE));
  } catch (error) {
    throw new Error(`DATA_DIR ${dataDir}: cannot open the subject key store: ${firstLine(error)}`);
  }
};

const writableDataDir = (dataDir: string): void => {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    throw new Error(`DATA_DIR ${dataDir} is not writable: ${firstLine(error)}`);
  }
};

const connectMongoKeys = async (url: string): Promise<SubjectKeyStore> => {
  try {
    return await MongoSubjectKeyStore.connect(url);
  } catch (error) {
    throw new Error(`MONGODB_URL: cannot use the MongoDB subject key store: ${firstLine(error)}`);
  }
};

const firstLine = (error: unknown): string => String((error as Error)?.message ?? error).split('\n')[0];
