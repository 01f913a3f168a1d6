import { ApiProblem } from '../shared/http/api-problem';
import { NOT_FOUND_CODE } from '../shared/http/problem-codes';
import { Principal } from './principal';

/** Who a lead or customer belongs to. */
export interface Ownership {
  readonly ownerId?: string | null;
  readonly teamId?: string | null;
}

/**
 * Which records a caller may see and change, given their role (DOMAIN §7: a rep sees their own
 * customers, a manager their team's). The route's roles are checked by the guard before; these are
 * the record-level rules, pure, used by the write path and by every query.
 */

/** Leads and customers: reps their own, managers their team's; the roles that see everything see everything. */
export const ownsOrManages = (caller: Principal, record: Ownership): boolean => {
  switch (caller.role) {
    case 'admin':
    case 'auditor':
    case 'analyst':
      return true;
    case 'sales_manager':
      return caller.team !== undefined && record.teamId === caller.team;
    case 'sales_rep':
      return record.ownerId === caller.id;
    default:
      return false;
  }
};

/** The filter a list of leads or customers gets for this caller (undefined: no restriction). */
export const ownershipFilter = (caller: Principal): { ownerId: string } | { teamId: string } | { none: true } | undefined => {
  switch (caller.role) {
    case 'admin':
    case 'auditor':
    case 'analyst':
      return undefined;
    case 'sales_manager':
      return caller.team !== undefined ? { teamId: caller.team } : { none: true };
    case 'sales_rep':
      return { ownerId: caller.id };
    default:
      return { none: true };
  }
};

/** Fields of a command body that say who a record belongs to; only some callers may set them, and only to some values. */
const OWNER_FIELDS = ['ownerId', 'toOwnerId'] as const;
const TEAM_FIELDS = ['teamId', 'toTeamId'] as const;

/**
 * Mass assignment: a rep cannot hand a lead to someone else or put it in another team through the
 * body, and a manager cannot move one out of their team. 403 names the field.
 */
export const assertMayAssign = (caller: Principal, data: Readonly<Record<string, unknown>>): void => {
  if (caller.role === 'admin') return;
  const refused: string[] = [];
  for (const field of OWNER_FIELDS) {
    if (data[field] !== undefined && caller.role === 'sales_rep' && data[field] !== caller.id) refused.push(field);
  }
  for (const field of TEAM_FIELDS) {
    if (data[field] !== undefined && (caller.role === 'sales_rep' || caller.role === 'sales_manager') && data[field] !== caller.team) refused.push(field);
  }
  if (refused.length) {
    throw new ApiProblem('FORBIDDEN', `The role ${caller.role} may not set ${refused.join(', ')} to that value: ${caller.role === 'sales_rep' ? 'records you create are yours and your team’s' : 'records stay within your team'}.`, {
      errors: refused.map((field) => ({ field, messages: ['not yours to assign'] })),
    });
  }
};

/**
 * A record the caller may not see answers exactly like one that does not exist (the queries' own
 * not-found answer, word for word): its existence must not leak.
 */
export const notVisible = (kind: 'lead' | 'customer' | 'complaint', id: string): ApiProblem =>
  ApiProblem.notFound(NOT_FOUND_CODE[kind], `No ${kind} with id ${id}`);

/**
 * Every command from a caller passes here, on the state it is decided on: may the caller change this
 * lead or customer? A record they may not touch is decided as if it did not exist (the write path
 * does that, so the answer is the decider's own not-found, word for word); on one they may, the body
 * may not assign it outside the caller's scope (403).
 */
export const mayChange = (caller: Principal, aggregate: string, state: unknown, data: unknown): boolean => {
  if (aggregate !== 'lead' && aggregate !== 'customer') return true;
  const record = state as { readonly exists: boolean } & Ownership;
  // A record out of scope is answered as absent before anything about the body is said.
  if (record.exists && !ownsOrManages(caller, record)) return false;
  assertMayAssign(caller, (data ?? {}) as Record<string, unknown>);
  return true;
};
