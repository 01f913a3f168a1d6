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
  /** Events whose streams' folded states commands keep in memory (leads, complaints, webhooks, API keys); 0: every command reads its whole stream. */
  readonly stateCacheEvents: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** How long a query with minPosition waits for its read models before answering 503. */
  readonly readWaitTimeoutMs: number;
  /** Events per projection batch (one read-model transaction each). */
  readonly projectionBatchSize: number;
  /** Owed to a referrer when the lead they referred is won. */
  readonly referralRewardAmount: number;
  /** How often overdue safety-complaint deadlines, and leads due for erasure after a consent withdrawal, are looked for. */
  readonly deadlineScanIntervalMs: number;
  /** Days a lead's personal data is kept after it withdrew its last consent; then it is erased. */
  readonly consentRetentionDays: number;
  /** Requests handled at once; more are answered 503 OVERLOADED at once (health checks exempt). */
  readonly maxInFlight: number;
  /** How long a client may take to send a whole request (headers and body); slower ones are answered 408 and closed. */
  readonly requestTimeoutMs: number;
  /** Requests one caller (authenticated user or key, else client IP) may make in any minute; 0: no limit. At most 10 000: the window keeps a timestamp per request. */
  readonly rateLimitPerMinute: number;
  /** Failed authentications one client address may have in a minute before its credentialed requests get 429; 0: no limit. */
  readonly authFailuresPerMinute: number;
  /** Browser origins allowed to call the API cross-origin (exact `scheme://host[:port]`); empty: no CORS headers at all. */
  readonly corsOrigins: readonly string[];
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
  /** Bearer JWTs from the company's identity provider; unset (no secret and no JWKS URL): only API keys. */
  readonly jwt?: JwtConfig;
  /** An admin API key given by the environment (automation); never stored. */
  readonly bootstrapAdminKey?: string;
  /** 32 bytes, base64: seals webhook secrets in the log. Unset: a key file generated once in DATA_DIR. */
  readonly webhookSecretKey?: string;
  /** 32 bytes, base64: keys the hashes (HMAC-SHA256) phones and e-mails are looked up by. Unset: a key file generated once in DATA_DIR. */
  readonly personalDataHashKey?: string;
}

export interface JwtConfig {
  /** HMAC secret (HS256/384/512); or */
  readonly secret?: string;
  /** the identity provider's JSON Web Key Set (RS*, PS*, ES*, EdDSA). */
  readonly jwksUrl?: string;
  readonly issuer: string;
  readonly audience: string;
  /** Claims that hold the user id, the role and the team. */
  readonly userClaim: string;
  readonly roleClaim: string;
  readonly teamClaim: string;
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

/** The URL parser's one refusal: a string that is not a URL. */
const isInvalidUrl = (error: unknown): boolean => (error as NodeJS.ErrnoException)?.code === 'ERR_INVALID_URL';

const url = (env: Env, name: string, schemes: readonly string[]): string | undefined => {
  const value = optional(env, name);
  if (value === undefined) return undefined;
  let scheme: string;
  try {
    scheme = new URL(value).protocol.replace(/:$/, '');
  } catch (error) {
    if (!isInvalidUrl(error)) throw error;
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

const jwtConfig = (env: Env): JwtConfig | undefined => {
  const secret = optional(env, 'AUTH_JWT_SECRET');
  const jwksUrl = url(env, 'AUTH_JWKS_URL', ['https', 'http']);
  const issuer = optional(env, 'AUTH_JWT_ISSUER');
  const audience = optional(env, 'AUTH_JWT_AUDIENCE');
  if (!secret && !jwksUrl) {
    if (issuer || audience) throw new ConfigError('AUTH_JWT_ISSUER/AUTH_JWT_AUDIENCE are set but neither AUTH_JWT_SECRET nor AUTH_JWKS_URL is: set one to accept bearer tokens');
    return undefined;
  }
  if (secret && jwksUrl) throw new ConfigError('set either AUTH_JWT_SECRET (shared secret) or AUTH_JWKS_URL (identity provider keys), not both');
  // A short HMAC secret can be brute-forced from any token it signed.
  if (secret && Buffer.byteLength(secret) < 32) throw new ConfigError('AUTH_JWT_SECRET must be at least 32 bytes long');
  if (!issuer || !audience) throw new ConfigError('AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE are required when bearer tokens are accepted (tokens are checked against both)');
  return {
    secret,
    jwksUrl,
    issuer,
    audience,
    userClaim: optional(env, 'AUTH_USER_CLAIM') ?? 'sub',
    roleClaim: optional(env, 'AUTH_ROLE_CLAIM') ?? 'role',
    teamClaim: optional(env, 'AUTH_TEAM_CLAIM') ?? 'team',
  };
};

const bootstrapAdminKey = (env: Env): string | undefined => {
  const key = optional(env, 'BOOTSTRAP_ADMIN_KEY');
  if (key !== undefined && (key.length < 32 || key.length > 256 || !/^[\x21-\x7e]+$/.test(key))) {
    throw new ConfigError('BOOTSTRAP_ADMIN_KEY must be 32 to 256 printable characters without spaces (e.g. from `openssl rand -base64 32`)');
  }
  return key;
};

/** `CORS_ORIGINS`: comma-separated exact origins; a path, a wildcard or a trailing slash would never match a browser's Origin header. */
const origins = (env: Env, name: string): string[] => {
  const list = (optional(env, name) ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of list) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch (error) {
      // Not a URL at all: refused below with the other malformed origins.
      if (!isInvalidUrl(error)) throw error;
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin || origin.includes('*')) {
      throw new ConfigError(`${name} must list exact origins such as https://app.example.com (scheme, host, optional port; no path, no wildcard), got "${origin}"`);
    }
  }
  return [...new Set(list)];
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
    stateCacheEvents: integer(env, 'STATE_CACHE_EVENTS', 100_000, 0, 10_000_000),
    logLevel,
    readWaitTimeoutMs: integer(env, 'READ_WAIT_TIMEOUT_MS', 5_000, 0, 120_000),
    projectionBatchSize: integer(env, 'PROJECTION_BATCH_SIZE', 2_000, 1, 10_000),
    referralRewardAmount: integer(env, 'REFERRAL_REWARD_AMOUNT', 25, 1, 1_000_000),
    deadlineScanIntervalMs: integer(env, 'DEADLINE_SCAN_INTERVAL_MS', 60_000, 50, 24 * 3_600_000),
    consentRetentionDays: integer(env, 'CONSENT_RETENTION_DAYS', 30, 0, 3_650),
    maxInFlight: integer(env, 'MAX_IN_FLIGHT', 256, 1, 100_000),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 0, 10_000),
    authFailuresPerMinute: integer(env, 'AUTH_FAILURES_PER_MINUTE', 30, 0, 10_000),
    corsOrigins: origins(env, 'CORS_ORIGINS'),
    sseHeartbeatMs: integer(env, 'SSE_HEARTBEAT_MS', 15_000, 10, 3_600_000),
    // At least 64 KiB: above a socket's own high-water mark, so a full buffer always ends in a 'drain'.
    sseMaxBufferBytes: integer(env, 'SSE_MAX_BUFFER_BYTES', 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
    sseStallTimeoutMs: integer(env, 'SSE_STALL_TIMEOUT_MS', 30_000, 10, 3_600_000),
    webhookRetryForMs: integer(env, 'WEBHOOK_RETRY_FOR_MS', 24 * 3_600_000, 0, 30 * 24 * 3_600_000),
    webhookTimeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 10, 300_000),
    webhookBackoffMinMs: integer(env, 'WEBHOOK_BACKOFF_MIN_MS', 1_000, 1, 3_600_000),
    webhookBackoffMaxMs: integer(env, 'WEBHOOK_BACKOFF_MAX_MS', 3_600_000, 1, 24 * 3_600_000),
    webhookSecretKey: base64Key(env, 'WEBHOOK_SECRET_KEY', 32),
    personalDataHashKey: base64Key(env, 'PERSONAL_DATA_HASH_KEY', 32),
    jwt: jwtConfig(env),
    bootstrapAdminKey: bootstrapAdminKey(env),
  };
  if (config.webhookBackoffMinMs > config.webhookBackoffMaxMs) {
    throw new ConfigError(`WEBHOOK_BACKOFF_MIN_MS (${config.webhookBackoffMinMs}) must not exceed WEBHOOK_BACKOFF_MAX_MS (${config.webhookBackoffMaxMs})`);
  }
  return config;
};
