import { join } from 'node:path';
import { EventStore, createEventStore } from '@app/event-store';
import { AppConfig, ConfigError, ensureWritableDir } from './config/app-config';
import { IdempotencyStore } from './shared/idempotency/idempotency.store';
import { MongoIdempotencyStore } from './shared/idempotency/mongo-idempotency.store';
import { SqliteIdempotencyStore } from './shared/idempotency/sqlite-idempotency.store';

export interface Adapters {
  readonly eventStore: EventStore;
  readonly idempotency: IdempotencyStore;
}

const STARTUP_PING_MS = 10_000;

const withTimeout = <T>(promise: Promise<T>, ms: number, message: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });

/**
 * Opens the adapters the configuration asks for, before Nest starts, so that a wrong URL or an
 * unwritable DATA_DIR stops the process with one clear line instead of a framework stack trace.
 */
export const openAdapters = async (config: AppConfig): Promise<Adapters> => {
  ensureWritableDir(config.dataDir);
  let eventStore: EventStore;
  try {
    eventStore = await createEventStore({ eventStoreUrl: config.eventStoreUrl, dataDir: config.dataDir });
    await withTimeout(eventStore.ping(), STARTUP_PING_MS, `no answer within ${STARTUP_PING_MS / 1000} s`);
  } catch (error) {
    const where = config.eventStoreUrl ? `EVENTSTORE_URL ${config.eventStoreUrl}` : `the event log in ${config.dataDir}`;
    throw new ConfigError(`${where} cannot be used: ${(error as Error).message.split('\n')[0]}`);
  }
  try {
    const idempotency = config.mongodbUrl
      ? await MongoIdempotencyStore.connect(config.mongodbUrl, config.idempotencyTtlHours)
      : new SqliteIdempotencyStore(join(config.dataDir, 'idempotency.sqlite3'));
    return { eventStore, idempotency };
  } catch (error) {
    await eventStore.close();
    const where = config.mongodbUrl ? `MONGODB_URL ${config.mongodbUrl}` : `DATA_DIR ${config.dataDir}`;
    throw new ConfigError(`${where} cannot be used: ${(error as Error).message.split('\n')[0]}`);
  }
};
