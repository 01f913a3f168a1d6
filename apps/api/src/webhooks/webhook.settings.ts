import { ConfigError, defineSettings } from '@app/config';
import { AllowedTarget, parseAllowedTarget } from './webhook-target-rules';

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
  /** Receivers allowed although internal (on-premises): host names, IP addresses and CIDR ranges. */
  readonly webhookAllowedTargets: readonly AllowedTarget[];
}

export const WEBHOOK_SETTINGS = defineSettings<WebhookSettings>('webhooks', (env) => {
  const settings: WebhookSettings = {
    webhookRetryForMs: env.integer('WEBHOOK_RETRY_FOR_MS', 24 * 3_600_000, 0, 30 * 24 * 3_600_000),
    webhookTimeoutMs: env.integer('WEBHOOK_TIMEOUT_MS', 10_000, 10, 300_000),
    webhookBackoffMinMs: env.integer('WEBHOOK_BACKOFF_MIN_MS', 1_000, 1, 3_600_000),
    webhookBackoffMaxMs: env.integer('WEBHOOK_BACKOFF_MAX_MS', 3_600_000, 1, 24 * 3_600_000),
    webhookSecretKey: env.base64Key('WEBHOOK_SECRET_KEY', 32),
    webhookAllowedTargets: (env.optional('WEBHOOK_ALLOWED_TARGETS') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry) => {
        const target = parseAllowedTarget(entry);
        if (!target) throw new ConfigError(`WEBHOOK_ALLOWED_TARGETS must list host names, IP addresses or CIDR ranges (hooks.internal.example, 10.0.0.5, 10.20.0.0/16, fd12::/64), got "${entry}"`);
        return target;
      }),
  };
  if (settings.webhookBackoffMinMs > settings.webhookBackoffMaxMs) {
    throw new ConfigError(`WEBHOOK_BACKOFF_MIN_MS (${settings.webhookBackoffMinMs}) must not exceed WEBHOOK_BACKOFF_MAX_MS (${settings.webhookBackoffMaxMs})`);
  }
  return settings;
});
