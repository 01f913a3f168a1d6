import { defineSettings } from '@app/config';

/** What the write path is configured by. */
export interface ApplicationSettings {
  /** How often a command without an expected revision is decided again on fresh state after a concurrent change. */
  readonly commandConflictRetries: number;
  /** Events' worth of folded states kept in memory (leads, complaints, webhooks, API keys); 0: every command reads its whole stream. */
  readonly stateCacheEvents: number;
}

export const APPLICATION_SETTINGS = defineSettings<ApplicationSettings>('application', (env) => ({
  commandConflictRetries: env.integer('COMMAND_CONFLICT_RETRIES', 3, 0, 20),
  stateCacheEvents: env.integer('STATE_CACHE_EVENTS', 100_000, 0, 10_000_000),
}));
