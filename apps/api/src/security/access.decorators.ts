import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Principal, Role } from '@app/application/principal';

export const PUBLIC_ROUTE = 'security:public';
export const ALLOWED_ROLES = 'security:allowed-roles';

/** Reachable without credentials (health probes, API docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The roles that may call a route; every other authenticated caller gets 403. Which records a
 * caller of an allowed role may touch (own, team, all) is checked by the access policy.
 * Every route declares either `@Allow(...)` or `@Public()`: a route with neither is refused (fail closed).
 */
export const Allow = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ALLOWED_ROLES, roles),
    ApiSecurity('api-key'),
    ApiSecurity('bearer'),
    ApiUnauthorizedResponse({ description: 'Missing or invalid credentials (application/problem+json)' }),
    ApiForbiddenResponse({ description: `Allowed roles: ${roles.join(', ')} (application/problem+json)` }),
  );

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** Controller parameter: the authenticated caller (`@Caller() caller: Principal`). */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  // The guard runs before every handler that is not @Public(); a handler asking for a caller on a public route is a bug.
  if (!principal) throw new Error('@Caller() used on a route without authentication');
  return principal;
});
