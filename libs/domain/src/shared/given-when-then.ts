import { Command, Decider, Decision, fold } from './decider';
import { DomainEvent } from './event';

/**
 * Given/when/then for deciders: given past events, when a command is decided, then these events
 * (or this refusal). Pure, so specs need no test doubles.
 */
export const decideGiven = <C extends Command, S, E extends DomainEvent>(
  decider: Decider<C, S, E>,
  given: readonly E[],
  when: C,
): Decision<E> => decider.decide(when, fold(decider, given));
