import { DomainError } from '@app/domain/shared';
import { AggregateName, CommandOf, StateOf } from './aggregates';
import type { Principal } from './principal';

/**
 * The answer to "may this caller issue this command on this record as it stands": allowed; out of
 * scope (the write path then answers exactly as if the record did not exist, so its existence does not
 * leak); or a refusal in the domain's terms (e.g. an assignment outside the caller's team). Never an
 * HTTP error: the API translates refusals once, like every other.
 */
export type AccessVerdict = 'allowed' | 'out_of_scope' | DomainError;

/**
 * Record-level access for commands, asked by the write path before it decides, on the state it
 * decides on. The API's security module implements it; without a principal (the product's own
 * policies, admin tools) nothing is asked.
 */
export abstract class CommandAccess {
  abstract verdict<A extends AggregateName>(caller: Principal, aggregate: A, state: StateOf<A>, command: CommandOf<A>): AccessVerdict;
}

/** For writers that act for nobody in particular (the command line's import, the demo history, benchmarks). */
export class UnrestrictedAccess extends CommandAccess {
  verdict(): AccessVerdict {
    return 'allowed';
  }
}
