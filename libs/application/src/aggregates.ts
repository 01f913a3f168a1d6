import { apiKeyDecider } from '@app/domain/api-key';
import { complaintDecider } from '@app/domain/complaint';
import { customerDecider } from '@app/domain/customer';
import { leadDecider } from '@app/domain/lead';
import { subjectDecider } from '@app/domain/personal-data';
import { webhookDecider } from '@app/domain/webhook';
import { Command, Decider, DomainEvent, fold, RecordedEvent, StreamCategory } from '@app/domain/shared';
import { upcastEvent } from '@app/domain';

/** Who a record belongs to: what record-level access is decided on. */
export interface Ownership {
  readonly ownerId: string;
  readonly teamId: string;
}

/** One aggregate as the write path knows it: its decider and what the application may do with its state. */
export interface AggregateDefinition<C extends Command, S, E extends DomainEvent> {
  readonly decider: Decider<C, S, E>;
  /**
   * False when the folded state holds no personal data: commands then fold the stream with its personal
   * texts still sealed and keep the state in memory (aggregates.unit.spec.ts folds the demo history both
   * ways and compares). True keeps it out of every cache, so an erasure leaves no copy behind.
   */
  readonly stateHoldsPersonalData: boolean;
  /** The owner and team of an existing record, for records that have them (leads, customers). */
  ownership?(state: S): Ownership | undefined;
}

const define = <C extends Command, S, E extends DomainEvent>(definition: AggregateDefinition<C, S, E>) => definition;

/** The aggregates, each one stream per instance: `<category>-<id>`. */
export const AGGREGATES = {
  lead: define({
    decider: leadDecider,
    stateHoldsPersonalData: false,
    ownership: (s) => (s.exists ? { ownerId: s.ownerId, teamId: s.teamId } : undefined),
  }),
  /** The customer's file keeps its name and contacts (see docs/customer-aggregate-split.md). */
  customer: define({
    decider: customerDecider,
    stateHoldsPersonalData: true,
    ownership: (s) => (s.exists ? { ownerId: s.ownerId, teamId: s.teamId } : undefined),
  }),
  complaint: define({ decider: complaintDecider, stateHoldsPersonalData: false }),
  /** The feeds' subscriptions. */
  webhook: define({ decider: webhookDecider, stateHoldsPersonalData: false }),
  /** Credentials of services. */
  apikey: define({ decider: apiKeyDecider, stateHoldsPersonalData: false }),
  /** A data subject: the erasure of their personal data; a short stream, read rarely. */
  subject: define({ decider: subjectDecider, stateHoldsPersonalData: true }),
} satisfies { readonly [A in StreamCategory]: AggregateDefinition<never, unknown, DomainEvent> };

type Registry = typeof AGGREGATES;
export type AggregateName = keyof Registry;
export const AGGREGATE_NAMES = Object.keys(AGGREGATES) as AggregateName[];

export type CommandOf<A extends AggregateName> = Parameters<Registry[A]['decider']['decide']>[0];
export type StateOf<A extends AggregateName> = Registry[A]['decider']['initialState'];
export type EventOf<A extends AggregateName> = Parameters<Registry[A]['decider']['evolve']>[1];
export type CommandTypeOf<A extends AggregateName> = CommandOf<A>['type'];
/** The data of command `T` of aggregate `A`. */
export type CommandDataOf<A extends AggregateName, T extends CommandTypeOf<A>> = Extract<CommandOf<A>, { readonly type: T }>['data'];

/** The registry as the compiler can index it with a type parameter: `definitionOf(a)` is typed by `a`. */
type Definitions = { readonly [A in AggregateName]: AggregateDefinition<CommandOf<A>, StateOf<A>, EventOf<A>> };
const DEFINITIONS: Definitions = AGGREGATES;

/**
 * A stream's events as its aggregate's events, upcast to their current versions. The one place the
 * untyped log meets the typed deciders: a stream holds only what its own decider appended.
 */
export const eventsOf = <A extends AggregateName>(_aggregate: A, events: readonly RecordedEvent[]): (RecordedEvent & EventOf<A>)[] =>
  events.map((event) => upcastEvent(event) as RecordedEvent & EventOf<A>);

export const definitionOf = <A extends AggregateName>(aggregate: A): Definitions[A] => DEFINITIONS[aggregate];

/** Who a record belongs to as it stands (undefined: it does not exist, or has no owner). */
export const ownershipOf = <A extends AggregateName>(aggregate: A, state: StateOf<A>): Ownership | undefined => definitionOf(aggregate).ownership?.(state);

/** A record's state after these events of its stream (e.g. as it stood at a past time). */
export const stateOf = <A extends AggregateName>(aggregate: A, events: readonly RecordedEvent[]): StateOf<A> => fold(definitionOf(aggregate).decider, eventsOf(aggregate, events));

export { upcastEvent };
