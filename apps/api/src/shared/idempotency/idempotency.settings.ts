import { defineSettings } from '@app/config';

export interface IdempotencySettings {
  /** How long an Idempotency-Key is remembered. */
  readonly idempotencyTtlHours: number;
}

export const IDEMPOTENCY_SETTINGS = defineSettings<IdempotencySettings>('idempotency', (env) => ({
  idempotencyTtlHours: env.integer('IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 365),
}));
