import { readSettings, SettingsOf, STORE_SETTINGS } from '@app/config';
import { APPLICATION_SETTINGS } from '@app/application/application.settings';
import { POLICY_SETTINGS } from '@app/application/policy.settings';
import { PROJECTION_SETTINGS } from '@app/projection-engine/projection.settings';
import { FEED_SETTINGS } from './events/feed.settings';
import { READ_SETTINGS } from './read-models/read.settings';
import { SECURITY_SETTINGS } from './security/security.settings';
import { HTTP_SETTINGS } from './shared/http/http.settings';
import { IDEMPOTENCY_SETTINGS } from './shared/idempotency/idempotency.settings';
import { OBSERVABILITY_SETTINGS } from './observability/observability.settings';
import { WEBHOOK_SETTINGS } from './webhooks/webhook.settings';

/** Every module's settings the API reads; each is declared and validated by its module. */
export const API_SETTINGS = [
  STORE_SETTINGS,
  APPLICATION_SETTINGS,
  PROJECTION_SETTINGS,
  HTTP_SETTINGS,
  SECURITY_SETTINGS,
  IDEMPOTENCY_SETTINGS,
  READ_SETTINGS,
  POLICY_SETTINGS,
  FEED_SETTINGS,
  WEBHOOK_SETTINGS,
  OBSERVABILITY_SETTINGS,
] as const;

/** What the API's start reads: every module's settings, checked at once before anything opens. */
export type AppConfig = SettingsOf<typeof API_SETTINGS>;

/** A bad value is a `ConfigError` whose message is one line that names the variable; `main.ts` prints it and exits. */
export const loadConfig = (env: Readonly<Record<string, string | undefined>> = process.env): AppConfig => readSettings(API_SETTINGS, env);

/**
 * One provider per module's settings. Each token carries the object read at start, typed as that
 * module's settings only: a module injects its own token and sees nothing else.
 */
export const settingsProviders = (config: AppConfig) => API_SETTINGS.map((settings) => ({ provide: settings.token, useValue: config }));
