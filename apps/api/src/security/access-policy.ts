import { Injectable } from '@nestjs/common';
import { AccessVerdict, CommandAccess } from '@app/application/access';
import { AggregateName, CommandOf, definitionOf, StateOf } from '@app/application/aggregates';
import { randomUUID } from 'node:crypto';
import { deterministicUuid, DomainError, forbidden } from '@app/domain/shared';
import { WriteContext } from '@app/application/write-context';
import { ApiProblem } from '../shared/http/api-problem';
import { Principal } from '@app/application/principal';
import { NOT_FOUND_CODE } from '../shared/http/problem-codes';

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

/** Fields of a command's data that say who a record belongs to; only some callers may set them, and only to some values. */
const OWNER_FIELDS = ['ownerId', 'toOwnerId'] as const;
const TEAM_FIELDS = ['teamId', 'toTeamId'] as const;
/** Who handles a complaint: a service agent may take a complaint, not hand it to someone else. */
const HANDLER_FIELDS = ['handlerId'] as const;

/** What of a complaint decides who may see its customer's contacts. */
export interface Handling {
  readonly handlerId: string | null;
  readonly handlerAssignedBy: string | null;
}

/**
 * Does this complaint open its customer's contacts to the caller? Only when someone else made them its
 * handler: naming oneself handler (which a service agent may do) grants nothing, so nobody widens their
 * own access with a complaint they log or acknowledge.
 */
export const assignedToHandle = (caller: Principal, complaint: Handling): boolean =>
  caller.role === 'service_agent' && complaint.handlerId === caller.id && complaint.handlerAssignedBy !== null && complaint.handlerAssignedBy !== caller.id;

/**
 * Mass assignment: a rep cannot hand a lead to someone else or put it in another team through the
 * body, and a manager cannot move one out of their team. The refusal (403) names the fields.
 */
export const assignmentRefusal = (caller: Principal, data: Readonly<Record<string, unknown>>): DomainError | undefined => {
  if (caller.role === 'admin') return undefined;
  const refused: string[] = [];
  for (const field of OWNER_FIELDS) {
    if (data[field] !== undefined && caller.role === 'sales_rep' && data[field] !== caller.id) refused.push(field);
  }
  for (const field of HANDLER_FIELDS) {
    if (data[field] !== undefined && caller.role === 'service_agent' && data[field] !== caller.id) refused.push(field);
  }
  for (const field of TEAM_FIELDS) {
    if (data[field] !== undefined && (caller.role === 'sales_rep' || caller.role === 'sales_manager') && data[field] !== caller.team) refused.push(field);
  }
  if (!refused.length) return undefined;
  const scope =
    caller.role === 'sales_rep'
      ? 'records you create are yours and your team’s'
      : caller.role === 'service_agent'
        ? 'you may take a complaint yourself; an admin assigns it to someone else'
        : 'records stay within your team';
  return forbidden('FORBIDDEN', `The role ${caller.role} may not set ${refused.join(', ')} to that value: ${scope}.`, {
    errors: refused.map((field) => ({ field, messages: ['not yours to assign'] })),
  });
};

/**
 * A record the caller may not see answers exactly like one that does not exist (the queries' own
 * not-found answer, word for word): its existence must not leak.
 */
export const notVisible = (kind: 'lead' | 'customer' | 'complaint', id: string): ApiProblem =>
  ApiProblem.notFound(NOT_FOUND_CODE[kind], `No ${kind} with id ${id}`);

/**
 * Every command from a caller passes here (the write path's CommandAccess), on the state it is decided
 * on: may the caller change this lead or customer? A record they may not touch is out of scope (the
 * write path then answers with the decider's own not-found, word for word); on one they may, the data
 * may not assign it outside the caller's scope.
 */
@Injectable()
export class CommandAccessPolicy extends CommandAccess {
  verdict<A extends AggregateName>(caller: Principal, aggregate: A, state: StateOf<A>, command: CommandOf<A>): AccessVerdict {
    const ownership = definitionOf(aggregate).ownership;
    const data = command.data as Readonly<Record<string, unknown>>;
    if (!ownership) return assignmentRefusal(caller, data) ?? 'allowed';
    const owner = ownership(state);
    // A record out of scope is answered as absent before anything about the data is said.
    if (owner && !ownsOrManages(caller, owner)) return 'out_of_scope';
    return assignmentRefusal(caller, data) ?? 'allowed';
  }
}

/**
 * The id of a lead or customer about to be created. An id chosen by the caller would tell a caller who
 * sees only some records whether an id they cannot see is taken (409 where a read says 404): only callers
 * who see every record (admins) may choose one; everyone else gets a server-made id, 403 naming `id`
 * otherwise. With an `Idempotency-Key` the id is derived from the caller and the key, so an importer's
 * retry, however late, lands on the record it created and gets its first answer back.
 */
export const newRecordId = (ctx: WriteContext, kind: 'lead' | 'customer', chosen: string | undefined): string => {
  if (chosen !== undefined) {
    if (ctx.principal && ownershipFilter(ctx.principal) !== undefined) {
      throw forbidden('FORBIDDEN', `The role ${ctx.principal.role} may not choose the id of a new ${kind}: leave it out (send an Idempotency-Key to retry safely).`, {
        errors: [{ field: 'id', messages: ['chosen by the server for your role'] }],
      });
    }
    return chosen;
  }
  return ctx.idempotencyKey ? deterministicUuid(ctx.actor, ctx.idempotencyKey, kind) : randomUUID();
};
