import { defineSettings } from '@app/config';

/** From least to most verbose; each level includes the ones before it. */
export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/** How the API listens and what it accepts from a client. */
export interface HttpSettings {
  readonly port: number;
  readonly host: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Largest accepted request body, in bytes; larger bodies are answered 413. */
  readonly bodyLimitBytes: number;
  /** Requests handled at once; more are answered 503 OVERLOADED at once (health checks exempt). */
  readonly maxInFlight: number;
  /** How long a client may take to send a whole request (headers and body); slower ones are answered 408 and closed. */
  readonly requestTimeoutMs: number;
  /** Requests one caller (authenticated user or key, else client IP) may make in any minute; 0: no limit. At most 10 000: the window keeps a timestamp per request. */
  readonly rateLimitPerMinute: number;
  /** Browser origins allowed to call the API cross-origin (exact `scheme://host[:port]`); empty: no CORS headers at all. */
  readonly corsOrigins: readonly string[];
}

export const HTTP_SETTINGS = defineSettings<HttpSettings>('http', (env) => ({
  port: env.integer('PORT', 3000, 0, 65535),
  host: env.optional('HOST') ?? '0.0.0.0',
  logLevel: env.oneOf('LOG_LEVEL', LOG_LEVELS, 'log'),
  bodyLimitBytes: env.integer('BODY_LIMIT_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
  maxInFlight: env.integer('MAX_IN_FLIGHT', 256, 1, 100_000),
  requestTimeoutMs: env.integer('REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
  rateLimitPerMinute: env.integer('RATE_LIMIT_PER_MINUTE', 600, 0, 10_000),
  corsOrigins: env.origins('CORS_ORIGINS'),
}));
