import { defineSettings } from '@app/config';

export interface ReadSettings {
  /** How long a query with minPosition waits for its read models before answering 503. */
  readonly readWaitTimeoutMs: number;
}

export const READ_SETTINGS = defineSettings<ReadSettings>('reads', (env) => ({
  readWaitTimeoutMs: env.integer('READ_WAIT_TIMEOUT_MS', 5_000, 0, 120_000),
}));
