import { AppConfig, loadConfig } from '@app/config';
import { createEventStore, EventStore } from '@app/event-store';
import { CliIo } from './cli-command';

/** The same settings as the API (DATA_DIR, EVENTSTORE_URL, MONGODB_URL...), from the command's environment. */
export const cliConfig = (io: CliIo): AppConfig => loadConfig(io.env);

/** Opens the configured event log for the duration of `use`, and always closes it. */
export const withEventStore = async <T>(config: AppConfig, use: (store: EventStore) => Promise<T>): Promise<T> => {
  const store = await createEventStore(config);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
};
