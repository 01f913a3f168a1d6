import { ConfigError, defineSettings, EnvReader } from '@app/config';

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

/** Who may call: bearer tokens of the company's identity provider, a bootstrap key, and the limit on refused credentials. */
export interface SecuritySettings {
  /** Bearer JWTs from the company's identity provider; unset (no secret and no JWKS URL): only API keys. */
  readonly jwt?: JwtConfig;
  /** An admin API key given by the environment (automation); never stored. */
  readonly bootstrapAdminKey?: string;
  /** Failed authentications one client address may have in a minute before its credentialed requests get 429; 0: no limit. */
  readonly authFailuresPerMinute: number;
}

const jwtConfig = (env: EnvReader): JwtConfig | undefined => {
  const secret = env.optional('AUTH_JWT_SECRET');
  const jwksUrl = env.url('AUTH_JWKS_URL', ['https', 'http']);
  const issuer = env.optional('AUTH_JWT_ISSUER');
  const audience = env.optional('AUTH_JWT_AUDIENCE');
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
    userClaim: env.optional('AUTH_USER_CLAIM') ?? 'sub',
    roleClaim: env.optional('AUTH_ROLE_CLAIM') ?? 'role',
    teamClaim: env.optional('AUTH_TEAM_CLAIM') ?? 'team',
  };
};

const bootstrapAdminKey = (env: EnvReader): string | undefined => {
  const key = env.optional('BOOTSTRAP_ADMIN_KEY');
  if (key !== undefined && (key.length < 32 || key.length > 256 || !/^[\x21-\x7e]+$/.test(key))) {
    throw new ConfigError('BOOTSTRAP_ADMIN_KEY must be 32 to 256 printable characters without spaces (e.g. from `openssl rand -base64 32`)');
  }
  return key;
};

export const SECURITY_SETTINGS = defineSettings<SecuritySettings>('security', (env) => ({
  jwt: jwtConfig(env),
  bootstrapAdminKey: bootstrapAdminKey(env),
  authFailuresPerMinute: env.integer('AUTH_FAILURES_PER_MINUTE', 30, 0, 10_000),
}));
