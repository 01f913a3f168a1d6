import { resolve } from 'node:path';

/**
 * Every setting the API reads, from the environment, validated once at start. A bad value is a
 * `ConfigError` whose message is one line that names the variable; `main.ts` prints it and exits.
 */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly eventStoreUrl?: string;
  readonly mongodbUrl?: string;
  /** Largest accepted request body, in bytes; larger bodies are answered 413. */
  readonly bodyLimitBytes: number;
  /** How long an Idempotency-Key is remembered. */
  readonly idempotencyTtlHours: number;
  /** How often a command without If-Match is re-decided on fresh state after a conflict. */
  readonly commandConflictRetries: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** How long a query with minPosition waits for its read models before answering 503. */
  readonly readWaitTimeoutMs: number;
  /** Events per projection batch (one read-model transaction each). */
  readonly projectionBatchSize: number;
  /** Owed to a referrer when the lead they referred is won. */
  readonly referralRewardAmount: number;
  /** How often overdue safety-complaint deadlines are looked for. */
  readonly deadlineScanIntervalMs: number;
  /** Requests handled at once; more are answered 503 OVERLOADED at once (health checks exempt). */
  readonly maxInFlight: number;
  /** How long a client may take to send a whole request (headers and body); slower ones are answered 408 and closed. */
  readonly requestTimeoutMs: number;
  /** A comment line on every open event stream (SSE) this often, so proxies and clients see it is alive. */
  readonly sseHeartbeatMs: number;
  /** Unsent output an event stream may hold; past it the stream waits for its client to read. */
  readonly sseMaxBufferBytes: number;
  /** A stream whose output stays past sseMaxBufferBytes this long is ended (the client resumes with Last-Event-ID). */
  readonly sseStallTimeoutMs: number;
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

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const APP_CONFIG = Symbol('APP_CONFIG');

type Env = Readonly<Record<string, string | undefined>>;

const integer = (env: Env, name: string, fallback: number, min: number, max: number): number => {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
};

const optional = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value ? value : undefined;
};

const url = (env: Env, name: string, schemes: readonly string[]): string | undefined => {
  const value = optional(env, name);
  if (value === undefined) return undefined;
  let scheme: string;
  try {
    scheme = new URL(value).protocol.replace(/:$/, '');
  } catch {
    throw new ConfigError(`${name} is not a valid URL: "${value}" (expected ${schemes.map((s) => `${s}://…`).join(' or ')})`);
  }
  if (!schemes.includes(scheme)) {
    throw new ConfigError(`${name} must start with ${schemes.map((s) => `${s}://`).join(' or ')}, got "${value}"`);
  }
  return value;
};

/** A key of exactly `bytes` bytes, base64-encoded (e.g. `openssl rand -base64 32`). */
const base64Key = (env: Env, name: string, bytes: number): string | undefined => {
  const value = optional(env, name);
  if (value === undefined) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || Buffer.from(value, 'base64').length !== bytes) {
    throw new ConfigError(`${name} must be ${bytes} bytes in base64 (e.g. from \`openssl rand -base64 ${bytes}\`)`);
  }
  return value;
};

/** From least to most verbose; each level includes the ones before it. */
export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

export const loadConfig = (env: Env = process.env): AppConfig => {
  const logLevel = (optional(env, 'LOG_LEVEL') ?? 'log') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const config: AppConfig = {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: optional(env, 'HOST') ?? '0.0.0.0',
    dataDir: resolve(optional(env, 'DATA_DIR') ?? './data'),
    eventStoreUrl: url(env, 'EVENTSTORE_URL', ['esdb', 'esdb+discover']),
    mongodbUrl: url(env, 'MONGODB_URL', ['mongodb', 'mongodb+srv']),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
    idempotencyTtlHours: integer(env, 'IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 365),
    commandConflictRetries: integer(env, 'COMMAND_CONFLICT_RETRIES', 3, 0, 20),
    logLevel,
    readWaitTimeoutMs: integer(env, 'READ_WAIT_TIMEOUT_MS', 5_000, 0, 120_000),
    projectionBatchSize: integer(env, 'PROJECTION_BATCH_SIZE', 2_000, 1, 10_000),
    referralRewardAmount: integer(env, 'REFERRAL_REWARD_AMOUNT', 25, 1, 1_000_000),
    deadlineScanIntervalMs: integer(env, 'DEADLINE_SCAN_INTERVAL_MS', 60_000, 50, 24 * 3_600_000),
    maxInFlight: integer(env, 'MAX_IN_FLIGHT', 256, 1, 100_000),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
    sseHeartbeatMs: integer(env, 'SSE_HEARTBEAT_MS', 15_000, 10, 3_600_000),
    // At least 64 KiB: above a socket's own high-water mark, so a full buffer always ends in a 'drain'.
    sseMaxBufferBytes: integer(env, 'SSE_MAX_BUFFER_BYTES', 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
    sseStallTimeoutMs: integer(env, 'SSE_STALL_TIMEOUT_MS', 30_000, 10, 3_600_000),
    webhookRetryForMs: integer(env, 'WEBHOOK_RETRY_FOR_MS', 24 * 3_600_000, 0, 30 * 24 * 3_600_000),
    webhookTimeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 10, 300_000),
    webhookBackoffMinMs: integer(env, 'WEBHOOK_BACKOFF_MIN_MS', 1_000, 1, 3_600_000),
    webhookBackoffMaxMs: integer(env, 'WEBHOOK_BACKOFF_MAX_MS', 3_600_000, 1, 24 * 3_600_000),
    webhookSecretKey: base64Key(env, 'WEBHOOK_SECRET_KEY', 32),
  };
  if (config.webhookBackoffMinMs > config.webhookBackoffMaxMs) {
    throw new ConfigError(`WEBHOOK_BACKOFF_MIN_MS (${config.webhookBackoffMinMs}) must not exceed WEBHOOK_BACKOFF_MAX_MS (${config.webhookBackoffMaxMs})`);
  }
  return config;
};
