import { ConfigError, defineSettings } from '@app/config';

export interface WebhookSettings {
  /** How long a webhook delivery is retried before it is parked. */
  readonly webhookRetryForMs: number;
  /** How long one delivery attempt may take. */
  readonly webhookTimeoutMs: number;
  /** First and largest wait between delivery attempts (exponential backoff with jitter in between). */
  readonly webhookBackoffMinMs: number;
  readonly webhookBackoffMaxMs: number;
  /** 32 bytes, base64: seals webhook secrets in the log. Unset: a key file generated once in DATA_DIR. */
  readonly webhookSecretKey?: string;
}

export const WEBHOOK_SETTINGS = defineSettings<WebhookSettings>('webhooks', (env) => {
  const settings: WebhookSettings = {
    webhookRetryForMs: env.integer('WEBHOOK_RETRY_FOR_MS', 24 * 3_600_000, 0, 30 * 24 * 3_600_000),
    webhookTimeoutMs: env.integer('WEBHOOK_TIMEOUT_MS', 10_000, 10, 300_000),
    webhookBackoffMinMs: env.integer('WEBHOOK_BACKOFF_MIN_MS', 1_000, 1, 3_600_000),
    webhookBackoffMaxMs: env.integer('WEBHOOK_BACKOFF_MAX_MS', 3_600_000, 1, 24 * 3_600_000),
    webhookSecretKey: env.base64Key('WEBHOOK_SECRET_KEY', 32),
  };
  if (settings.webhookBackoffMinMs > settings.webhookBackoffMaxMs) {
    throw new ConfigError(`WEBHOOK_BACKOFF_MIN_MS (${settings.webhookBackoffMinMs}) must not exceed WEBHOOK_BACKOFF_MAX_MS (${settings.webhookBackoffMaxMs})`);
  }
  return settings;
});
