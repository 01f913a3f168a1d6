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

/** From least to most verbose; each level includes the ones before it. */
export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

export const loadConfig = (env: Env = process.env): AppConfig => {
  const logLevel = (optional(env, 'LOG_LEVEL') ?? 'log') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  return {
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
    projectionBatchSize: integer(env, 'PROJECTION_BATCH_SIZE', 500, 1, 10_000),
    referralRewardAmount: integer(env, 'REFERRAL_REWARD_AMOUNT', 25, 1, 1_000_000),
    deadlineScanIntervalMs: integer(env, 'DEADLINE_SCAN_INTERVAL_MS', 60_000, 50, 24 * 3_600_000),
  };
};
