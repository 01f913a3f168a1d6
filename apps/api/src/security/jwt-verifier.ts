import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { SECURITY_SETTINGS, SecuritySettings, JwtConfig } from './security.settings';
import { Principal, Role, ROLES } from '@app/application/principal';

export type JwtOutcome = { readonly principal: Principal } | { readonly refused: 'invalid' | 'no_role' | 'unavailable'; readonly reason: string };

const HMAC_ALGORITHMS = ['HS256', 'HS384', 'HS512'];
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** Seconds of clock difference tolerated between the identity provider and this API. */
const CLOCK_SKEW_S = 30;
/** The user id (and team) become the actor of recorded events and lines of the logs: short, printable. */
const MAX_ID_LENGTH = 200;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Verifies bearer tokens of the company's identity provider: signature, issuer, audience, and time:
 * a token must expire (`exp` required), must not be issued in the future (`iat`) nor be valid only
 * later (`nbf`), each beyond 30 s of clock skew. Its user id is at most 200 printable characters.
 */
@Injectable()
export class JwtVerifier {
  private readonly jwt?: JwtConfig;
  private readonly key?: Uint8Array | JWTVerifyGetKey;

  constructor(@Inject(SECURITY_SETTINGS.token) config: SecuritySettings) {
    this.jwt = config.jwt;
    // The remote key set is fetched on first use, cached, and fetched again when a token names an unknown key id.
    if (this.jwt) this.key = this.jwt.secret ? new TextEncoder().encode(this.jwt.secret) : createRemoteJWKSet(new URL(this.jwt.jwksUrl!));
  }

  get enabled(): boolean {
    return this.jwt !== undefined;
  }

  async verify(token: string): Promise<JwtOutcome> {
    if (!this.jwt || !this.key) return { refused: 'invalid', reason: 'bearer tokens are not accepted by this deployment (AUTH_JWT_SECRET or AUTH_JWKS_URL unset)' };
    let payload: JWTPayload;
    try {
      // An explicit algorithm list: a token cannot pick `none` or switch an asymmetric key to HMAC.
      const algorithms = this.jwt.secret ? HMAC_ALGORITHMS : ASYMMETRIC_ALGORITHMS;
      // A token without `exp` would be valid for ever.
      const options = { issuer: this.jwt.issuer, audience: this.jwt.audience, algorithms, clockTolerance: CLOCK_SKEW_S, requiredClaims: ['exp'] };
      payload = (typeof this.key === 'function' ? await jwtVerify(token, this.key, options) : await jwtVerify(token, this.key, options)).payload;
    } catch (error) {
      // The identity provider's keys could not be fetched: not the caller's fault, and worth a retry.
      if (identityProviderFailed(error)) return { refused: 'unavailable', reason: 'the identity provider keys could not be fetched' };
      return { refused: 'invalid', reason: describe(error) };
    }
    // jose checks `iat` only against a maximum age; one from the future is a badly made or forged token.
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + CLOCK_SKEW_S) return { refused: 'invalid', reason: 'the token is issued in the future' };
    const id = payload[this.jwt.userClaim];
    const role = payload[this.jwt.roleClaim];
    const team = payload[this.jwt.teamClaim];
    if (typeof id !== 'string' || id === '') return { refused: 'invalid', reason: `the token has no "${this.jwt.userClaim}" claim` };
    if (!printableId(id)) return { refused: 'invalid', reason: `the token's "${this.jwt.userClaim}" claim is longer than ${MAX_ID_LENGTH} characters or holds control characters` };
    if (typeof team === 'string' && !printableId(team)) return { refused: 'invalid', reason: `the token's "${this.jwt.teamClaim}" claim is longer than ${MAX_ID_LENGTH} characters or holds control characters` };
    if (typeof role !== 'string' || !ROLES.includes(role as Role)) return { refused: 'no_role', reason: `the token's "${this.jwt.roleClaim}" claim is not one of ${ROLES.join(', ')}` };
    return { principal: { id, role: role as Role, team: typeof team === 'string' && team ? team : undefined, via: 'jwt' } };
  }
}

const printableId = (value: string): boolean => value.length <= MAX_ID_LENGTH && !CONTROL_CHARACTERS.test(value);

/**
 * No answer (network error, timeout), an answer other than 200 or not JSON (jose throws its plain
 * JOSEError for those) or a malformed key set: the identity provider failed, not the token.
 */
const identityProviderFailed = (error: unknown): boolean =>
  !(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error.code === errors.JOSEError.code;

const describe = (error: unknown): string => {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) return error.reason === 'missing' ? `the token has no "${error.claim}" claim` : `the token's "${error.claim}" claim is not accepted`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm this deployment does not accept';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no key of the identity provider matches the token';
  return 'the token is malformed or not valid';
};
