import { ConfigError } from '@app/config';
import { loadConfig } from './api-config';

const SECRET = 's'.repeat(32);
const ISSUER = 'https://id.example.test/';
const AUDIENCE = 'lead-to-customer';

/** The ConfigError loadConfig throws for `env`; fails when it accepts it. */
const refusal = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig({ DATA_DIR: '/tmp/unused', ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('\n');
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
};

describe('loadConfig: authentication settings', () => {
  describe('bearer JWTs (AUTH_*)', () => {
    it('are off when neither AUTH_JWT_SECRET nor AUTH_JWKS_URL is set (API keys only)', () => {
      expect(loadConfig({ DATA_DIR: '/tmp/unused' }).jwt).toBeUndefined();
      expect(loadConfig({ DATA_DIR: '/tmp/unused', AUTH_JWT_SECRET: '', AUTH_JWKS_URL: '  ' }).jwt).toBeUndefined();
    });

    it('with a shared secret: issuer, audience and the default claim names', () => {
      expect(loadConfig({ AUTH_JWT_SECRET: SECRET, AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE }).jwt).toEqual({
        secret: SECRET,
        jwksUrl: undefined,
        issuer: ISSUER,
        audience: AUDIENCE,
        userClaim: 'sub',
        roleClaim: 'role',
        teamClaim: 'team',
      });
    });

    it('with a JWKS URL (http or https) and custom claim names', () => {
      const jwt = loadConfig({
        AUTH_JWKS_URL: 'https://id.example.test/.well-known/jwks.json',
        AUTH_JWT_ISSUER: ISSUER,
        AUTH_JWT_AUDIENCE: AUDIENCE,
        AUTH_USER_CLAIM: 'uid',
        AUTH_ROLE_CLAIM: 'https://crm.example.test/role',
        AUTH_TEAM_CLAIM: 'grp',
      }).jwt;
      expect(jwt).toEqual({
        secret: undefined,
        jwksUrl: 'https://id.example.test/.well-known/jwks.json',
        issuer: ISSUER,
        audience: AUDIENCE,
        userClaim: 'uid',
        roleClaim: 'https://crm.example.test/role',
        teamClaim: 'grp',
      });
      expect(loadConfig({ AUTH_JWKS_URL: 'http://127.0.0.1:8080/jwks', AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE }).jwt?.jwksUrl).toBe('http://127.0.0.1:8080/jwks');
    });

    it('a secret and a JWKS URL together are refused', () => {
      const error = refusal({ AUTH_JWT_SECRET: SECRET, AUTH_JWKS_URL: 'https://id.example.test/jwks', AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE });
      expect(error.message).toMatch(/AUTH_JWT_SECRET.*AUTH_JWKS_URL.*not both/);
    });

    it('a secret shorter than 32 bytes is refused, without repeating it', () => {
      const short = 'x'.repeat(31);
      const error = refusal({ AUTH_JWT_SECRET: short, AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE });
      expect(error.message).toMatch(/^AUTH_JWT_SECRET .*32 bytes/);
      expect(error.message).not.toContain(short);
      // Bytes, not characters: 11 three-byte characters are 33 bytes.
      expect(loadConfig({ AUTH_JWT_SECRET: '密'.repeat(11), AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE }).jwt?.secret).toBe('密'.repeat(11));
    });

    it.each<[string, Record<string, string>]>([
      ['a missing issuer', { AUTH_JWT_SECRET: SECRET, AUTH_JWT_AUDIENCE: AUDIENCE }],
      ['a missing audience', { AUTH_JWT_SECRET: SECRET, AUTH_JWT_ISSUER: ISSUER }],
      ['a blank issuer', { AUTH_JWKS_URL: 'https://id.example.test/jwks', AUTH_JWT_ISSUER: ' ', AUTH_JWT_AUDIENCE: AUDIENCE }],
    ])('%s is refused: tokens are always checked against both issuer and audience', (_label, env) => {
      expect(refusal(env).message).toMatch(/^AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE are required/);
    });

    it('an issuer or audience without a secret or JWKS URL is refused (tokens would silently not be accepted)', () => {
      expect(refusal({ AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE }).message).toMatch(/AUTH_JWT_SECRET nor AUTH_JWKS_URL/);
    });

    it.each(['ftp://id.example.test/jwks', 'not a url', 'file:///etc/jwks.json'])('AUTH_JWKS_URL %s is refused', (value) => {
      expect(refusal({ AUTH_JWKS_URL: value, AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE }).message).toMatch(/^AUTH_JWKS_URL /);
    });
  });

  describe('BOOTSTRAP_ADMIN_KEY', () => {
    it('unset, empty or blank: none (a first start prints one)', () => {
      expect(loadConfig({ DATA_DIR: '/tmp/unused' }).bootstrapAdminKey).toBeUndefined();
      expect(loadConfig({ DATA_DIR: '/tmp/unused', BOOTSTRAP_ADMIN_KEY: '' }).bootstrapAdminKey).toBeUndefined();
      expect(loadConfig({ DATA_DIR: '/tmp/unused', BOOTSTRAP_ADMIN_KEY: '   ' }).bootstrapAdminKey).toBeUndefined();
    });

    it('32 to 256 printable characters are kept as given (surrounding blanks trimmed)', () => {
      const key = 'Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFi+/=';
      expect(loadConfig({ BOOTSTRAP_ADMIN_KEY: ` ${key}\n` }).bootstrapAdminKey).toBe(key);
      expect(loadConfig({ BOOTSTRAP_ADMIN_KEY: 'k'.repeat(32) }).bootstrapAdminKey).toBe('k'.repeat(32));
      expect(loadConfig({ BOOTSTRAP_ADMIN_KEY: 'k'.repeat(256) }).bootstrapAdminKey).toBe('k'.repeat(256));
    });

    it.each([
      ['too short', 'k'.repeat(31)],
      ['too long', 'k'.repeat(257)],
      ['with a space inside', `${'k'.repeat(20)} ${'k'.repeat(20)}`],
      ['with a non-ASCII character', `${'k'.repeat(32)}é`],
    ])('%s is refused, without repeating it', (_label, key) => {
      const error = refusal({ BOOTSTRAP_ADMIN_KEY: key });
      expect(error.message).toMatch(/^BOOTSTRAP_ADMIN_KEY must be 32 to 256 printable characters/);
      expect(error.message).not.toContain(key);
    });
  });
});
