import { DomainError } from './domain-error';
import { DomainEvent } from './event';

/**
 * What a command knows about its own circumstances. Time comes in here (deciders never read a
 * clock): `occurredAt` is the business time of the command, `now` the time the system handles it.
 */
export interface CommandContext {
  readonly occurredAt: string;
  readonly now: string;
  readonly actor: string;
}

export interface Command<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
  readonly context: CommandContext;
}

/** A decision is either the events to append (possibly none) or the reason the command is refused. */
export type Decision<E extends DomainEvent> = readonly E[] | DomainError;

export interface Decider<C extends Command, S, E extends DomainEvent> {
  readonly initialState: S;
  decide(command: C, state: S): Decision<E>;
  evolve(state: S, event: E): S;
}

export const isRefusal = <E extends DomainEvent>(decision: Decision<E>): decision is DomainError =>
  decision instanceof DomainError;

/** Folds events into state. One implementation, used by the app, the specs and the CLI. */
export const fold = <S, E extends DomainEvent>(
  decider: Pick<Decider<Command, S, E>, 'initialState' | 'evolve'>,
  events: Iterable<E>,
  from: S = decider.initialState,
): S => {
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
};
