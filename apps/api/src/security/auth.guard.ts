import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiProblem } from '../shared/http/api-problem';
import { ALLOWED_ROLES, AuthenticatedRequest, PUBLIC_ROUTE } from './access.decorators';
import { ApiKeys } from './api-keys';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { JwtVerifier } from './jwt-verifier';
import { Principal, Role } from '@app/application/principal';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer, ApiKey header="X-API-Key"' };

const unauthenticated = (detail: string) => new ApiProblem('UNAUTHENTICATED', detail, {}, CHALLENGE);

/**
 * Runs before every route: who is calling (X-API-Key or a bearer JWT), then whether their role may
 * call this route at all. Which records they may touch is the access policy's question, asked by the
 * handlers with the record at hand.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeys,
    private readonly jwt: JwtVerifier,
    private readonly failures: FailedAuthLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const wait = this.failures.retryAfter(request.ip);
    if (wait !== undefined) {
      throw new ApiProblem('TOO_MANY_FAILED_AUTHENTICATIONS', `Too many failed authentications from this address; retry in ${wait} s.`, {}, { 'Retry-After': String(wait) });
    }
    let principal: Principal;
    try {
      principal = await this.authenticate(request);
    } catch (error) {
      // Only presented credentials that were refused count: a request without any, or an identity provider that cannot be reached (503), is not a guess.
      const presented = request.headers['x-api-key'] !== undefined || request.headers.authorization !== undefined;
      if (presented && error instanceof ApiProblem && error.status === 401) this.failures.recordFailure(request.ip);
      throw error;
    }
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    // Fail closed: a route nobody declared rights for is open to nobody.
    if (!allowed?.includes(principal.role)) {
      throw new ApiProblem('FORBIDDEN', `The role ${principal.role} may not ${request.method} ${request.routeOptions.url ?? request.url}.`);
    }
    return true;
  }

  private async authenticate(request: AuthenticatedRequest): Promise<Principal> {
    const apiKey = single(request.headers['x-api-key']);
    const authorization = single(request.headers.authorization);
    if (apiKey !== undefined && authorization !== undefined) throw unauthenticated('Send either X-API-Key or Authorization, not both.');
    if (apiKey !== undefined) {
      const principal = await this.apiKeys.authenticate(apiKey);
      if (!principal) throw unauthenticated('The API key is unknown, revoked or malformed.');
      return principal;
    }
    if (authorization !== undefined) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!bearer) throw unauthenticated('Authorization must be "Bearer <token>".');
      const outcome = await this.jwt.verify(bearer[1]);
      if ('principal' in outcome) return outcome.principal;
      if (outcome.refused === 'unavailable') throw new ApiProblem('IDENTITY_PROVIDER_UNAVAILABLE', `The token cannot be checked now: ${outcome.reason}.`, {}, { 'Retry-After': '5' });
      if (outcome.refused === 'no_role') throw new ApiProblem('FORBIDDEN', `The token is valid but gives no role of this API: ${outcome.reason}.`);
      throw unauthenticated(`The bearer token is not accepted: ${outcome.reason}.`);
    }
    throw unauthenticated('Credentials required: an X-API-Key header or an Authorization: Bearer token.');
  }
}

/** A header sent twice is ambiguous: treated as absent would be wrong, so the first value counts only when there is one. */
const single = (value: string | string[] | undefined): string | undefined => {
  if (Array.isArray(value)) throw unauthenticated('A credential header was sent more than once.');
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};
