import { readSettings, SettingsOf, STORE_SETTINGS, StoreSettings } from '@app/config';
import { APPLICATION_SETTINGS } from '@app/application/application.settings';
import { POLICY_SETTINGS } from '@app/application/policy.settings';
import { PROJECTION_SETTINGS } from '@app/projection-engine/projection.settings';
import { createEventStore, EventStore } from '@app/event-store';
import { CliIo } from './cli-command';

/** The same settings as the API (DATA_DIR, EVENTSTORE_URL, MONGODB_URL...), from the command's environment. */
/** What the command line reads: where the stores are, the write path's and the read models' settings, and the policies' reward (the demo history pays it). */
export const CLI_SETTINGS = [STORE_SETTINGS, APPLICATION_SETTINGS, PROJECTION_SETTINGS, POLICY_SETTINGS] as const;
export type CliConfig = SettingsOf<typeof CLI_SETTINGS>;
export const loadCliConfig = (env: Readonly<Record<string, string | undefined>>): CliConfig => readSettings(CLI_SETTINGS, env);
export const cliConfig = (io: CliIo): CliConfig => loadCliConfig(io.env);

/** Opens the configured event log for the duration of `use`, and always closes it. */
export const withEventStore = async <T>(config: StoreSettings, use: (store: EventStore) => Promise<T>): Promise<T> => {
  const store = await createEventStore(config);
  try {
    return await use(store);
  } finally {
    await store.close();
  }
};
