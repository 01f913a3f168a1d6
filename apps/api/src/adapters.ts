import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore, PersonalDataVault, createEventStore } from '@app/event-store';
import { DocumentStore, createDocumentStore } from '@app/read-store';
import { acquireProjectorLock, ProjectorLock, ProjectorLockHeldError } from '@app/projection-engine';
import { ConfigError } from '@app/config';
import { AppConfig } from './api-config';
import { IdempotencyStore } from './shared/idempotency/idempotency.store';
import { MongoIdempotencyStore } from './shared/idempotency/mongo-idempotency.store';
import { SqliteIdempotencyStore } from './shared/idempotency/sqlite-idempotency.store';
import { HostResolver, systemHostResolver } from './webhooks/webhook-targets';

export interface Adapters {
  readonly eventStore: EventStore;
  readonly documents: DocumentStore;
  readonly idempotency: IdempotencyStore;
  /** The data subjects' keys and lookups (the event store encrypts with it; erasure and contact search use it). */
  readonly personalData: PersonalDataVault;
  /** Ownership of the embedded read models (none with MongoDB); released when the app stops. */
  readonly projectorLock?: ProjectorLock;
  /** Answers host names (webhook targets): the system's resolver; a test may answer as its case needs. */
  readonly hostResolver: HostResolver;
}

const STARTUP_PING_MS = 10_000;

const withTimeout = <T>(promise: Promise<T>, ms: number, message: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });

const openSqliteIdempotency = (dataDir: string): SqliteIdempotencyStore => {
  mkdirSync(dataDir, { recursive: true });
  return new SqliteIdempotencyStore(join(dataDir, 'idempotency.sqlite3'));
};

/**
 * Opens the adapters the configuration asks for, before Nest starts, so that a wrong URL or an
 * unwritable DATA_DIR stops the process with one clear line instead of a framework stack trace.
 */
export const openAdapters = async (config: AppConfig): Promise<Adapters> => {
  const projectorLock = takeProjectorLock(config);
  try {
    return { ...(await openStores(config)), projectorLock, hostResolver: systemHostResolver };
  } catch (error) {
    projectorLock?.release();
    throw error;
  }
};

/** Exactly one projector owns the embedded read models: this API, or an admin command, never both. */
const takeProjectorLock = (config: AppConfig): ProjectorLock | undefined => {
  if (config.mongodbUrl) return undefined;
  try {
    return acquireProjectorLock(config.dataDir);
  } catch (error) {
    if (error instanceof ProjectorLockHeldError) {
      throw new ConfigError(`the read models in DATA_DIR ${config.dataDir} are in use by ${error.pid ? `pid ${error.pid}` : 'another process'} (an admin command or another API); stop it first`);
    }
    throw new ConfigError(`DATA_DIR ${config.dataDir} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
};

const openStores = async (config: AppConfig): Promise<Omit<Adapters, 'projectorLock' | 'hostResolver'>> => {
  let eventStore: EventStore;
  let personalData: PersonalDataVault;
  try {
    // The factory validates the URL or DATA_DIR and names the setting in its one-line message.
    const protectedLog = await createEventStore(config);
    eventStore = protectedLog;
    personalData = protectedLog.personalData;
  } catch (error) {
    throw new ConfigError((error as Error).message.split('\n')[0]);
  }
  try {
    await withTimeout(eventStore.ping(), STARTUP_PING_MS, `no answer within ${STARTUP_PING_MS / 1000} s`);
  } catch (error) {
    // Deliberately ignored: a failure to close a log that does not answer; the start fails with the reason it does not (below).
    await eventStore.close().catch(() => undefined);
    const where = config.eventStoreUrl ? `EVENTSTORE_URL ${config.eventStoreUrl}` : `the event log in ${config.dataDir}`;
    throw new ConfigError(`${where} does not answer: ${(error as Error).message.split('\n')[0]}`);
  }
  let documents: DocumentStore;
  try {
    // The factory names MONGODB_URL or DATA_DIR in its one-line message.
    documents = await createDocumentStore({ mongodbUrl: config.mongodbUrl, dataDir: config.dataDir });
  } catch (error) {
    await eventStore.close();
    throw new ConfigError((error as Error).message.split('\n')[0]);
  }
  try {
    const idempotency = config.mongodbUrl
      ? await MongoIdempotencyStore.connect(config.mongodbUrl, config.idempotencyTtlHours)
      : openSqliteIdempotency(config.dataDir);
    return { eventStore, documents, idempotency, personalData };
  } catch (error) {
    // Deliberately ignored: failures to close the stores just opened, which would hide why the start fails (the error thrown below).
    await Promise.allSettled([eventStore.close(), documents.close()]);
    const where = config.mongodbUrl ? `MONGODB_URL ${config.mongodbUrl}` : `DATA_DIR ${config.dataDir}`;
    throw new ConfigError(`${where} cannot be used: ${(error as Error).message.split('\n')[0]}`);
  }
};
