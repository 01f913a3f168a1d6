import { randomUUID } from 'node:crypto';
import { Command, DomainError, DomainEvent, RecordedEvent, deterministicUuid, fold, isRefusal, notFound, streamName } from '@app/domain/shared';
import { EventStore, NewEvent, WrongExpectedRevisionError } from '@app/event-store';
import { ApplicationSettings } from './application.settings';
import { AccessVerdict, CommandAccess, UnrestrictedAccess } from './access';
import { CommandObserver, UnobservedCommands } from './command-observer';
import { AggregateName, CommandOf, definitionOf, eventsOf, StateOf } from './aggregates';
import { LoadedState, StateCache } from './state-cache';
import { WriteContext } from './write-context';

export interface CommandOutcome<S = unknown> {
  readonly id: string;
  /** Revision of the stream's last event after the command (-1: the stream does not exist). */
  readonly revision: number;
  /** Global position of that event: pass it as `minPosition` to read your own write. */
  readonly position: number;
  /** Events this command appended (empty when it changed nothing). */
  readonly events: readonly NewEvent[];
  readonly state: S;
}

/** A record as read from its stream: every event, its state, and where its stream stands. */
export interface LoadedRecord<S = unknown> {
  readonly events: readonly RecordedEvent[];
  readonly state: S;
  /** Revision of the stream's last event (-1: the stream does not exist). */
  readonly revision: number;
  /** Global position of that event (0: none). */
  readonly position: number;
}

export interface ExecuteRequest<A extends AggregateName = AggregateName> {
  readonly aggregate: A;
  readonly id: string;
  readonly command: CommandOf<A>;
  readonly ctx: WriteContext;
  /** The caller's view of the stream (If-Match or `expectedRevision`): a mismatch is a conflict, never retried. */
  readonly expectedRevision?: number;
}

/**
 * The one write path: load the stream, fold it, let the pure decider decide, append with the
 * revision the decision was made on. A conflict is retried only by deciding again on fresh state,
 * and only when the caller did not pin a revision.
 */
/**
 * A command that arrives as data (a planned demo history, a row of an import): its type is known only
 * at run time. The decider refuses a type it does not know (UNKNOWN_COMMAND), so nothing is appended.
 */
export interface UntypedExecuteRequest extends Omit<ExecuteRequest, 'command'> {
  readonly command: Command;
}

export class CommandExecutor {
  /** Per stream: the last command queued in this process (see oneAtATime). */
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly states: StateCache;

  constructor(
    private readonly store: EventStore,
    private readonly settings: ApplicationSettings,
    private readonly access: CommandAccess = new UnrestrictedAccess(),
    private readonly observer: CommandObserver = new UnobservedCommands(),
  ) {
    this.states = new StateCache(settings.stateCacheEvents);
  }

  /** The record with its events' data, personal texts opened: for a caller that reads them. */
  async load<A extends AggregateName>(aggregate: A, id: string): Promise<LoadedRecord<StateOf<A>>> {
    const events = eventsOf(aggregate, await this.store.readStream(streamName(aggregate, id)));
    const last = events.at(-1);
    return { events, state: fold(definitionOf(aggregate).decider, events), revision: last?.revision ?? -1, position: last?.position ?? 0 };
  }

  /**
   * The record as a command decides on it: its state, revision and position, and its event ids.
   * Where the state holds no personal data, the stream is read with its personal texts sealed
   * (opening them would be most of the cost of every command), and the folded state is cached: the
   * next load reads only the events after it. Nothing personal is cached, so an erasure leaves no
   * copy behind.
   */
  async loadState<A extends AggregateName>(aggregate: A, id: string): Promise<LoadedState<StateOf<A>>> {
    const streamId = streamName(aggregate, id);
    const { decider, stateHoldsPersonalData } = definitionOf(aggregate);
    const cacheable = !stateHoldsPersonalData;
    const cached = cacheable ? this.states.get<StateOf<A>>(streamId) : undefined;
    const from = cached ? cached.revision + 1 : 0;
    const read = await this.store.readStream(streamId, { personalData: cacheable ? 'sealed' : 'revealed', ...(from > 0 && { fromRevision: from }) });
    if (read.length === 0) return cached ?? { state: decider.initialState, revision: -1, position: 0, eventIds: [] };
    if (cached && read[0].revision !== from) {
      // Not the continuation of what was cached (never expected of an append-only log): read it all.
      this.states.delete(streamId);
      return this.loadState(aggregate, id);
    }
    const events = eventsOf(aggregate, read);
    const last = events[events.length - 1];
    const loaded: LoadedState<StateOf<A>> = {
      state: fold(decider, events, cached?.state),
      revision: last.revision,
      position: last.position,
      eventIds: (cached?.eventIds ?? []).concat(events.map((e) => e.metadata.eventId)),
    };
    if (cacheable) this.states.set(streamId, loaded);
    return loaded;
  }

  async execute<A extends AggregateName>(request: ExecuteRequest<A>): Promise<CommandOutcome<StateOf<A>>> {
    const observed = { aggregate: request.aggregate, type: request.command.type, ctx: request.ctx };
    return this.observer.command(observed, () => this.oneAtATime(streamName(request.aggregate, request.id), () => this.decideAndAppend(request)));
  }

  /** A command whose type is known only at run time (see UntypedExecuteRequest). */
  executeUntyped(request: UntypedExecuteRequest): Promise<CommandOutcome> {
    return this.execute(request as ExecuteRequest);
  }

  /**
   * Commands on one stream run one after another in this process. Without this, callers that race
   * (all without If-Match) load the same revision, their appends land in one group commit, one wins
   * and every retry round repeats the race, so most of them end in a 409 they never asked for.
   * Conflicts with other processes are still retried below.
   */
  private oneAtATime<T>(streamId: string, run: () => Promise<T>): Promise<T> {
    const previous = this.inFlight.get(streamId) ?? Promise.resolve();
    const result = previous.then(run);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.set(streamId, settled);
    void settled.then(() => {
      if (this.inFlight.get(streamId) === settled) this.inFlight.delete(streamId);
    });
    return result;
  }

  private async decideAndAppend<A extends AggregateName>(request: ExecuteRequest<A>): Promise<CommandOutcome<StateOf<A>>> {
    const { aggregate, id, command, ctx, expectedRevision } = request;
    // With an Idempotency-Key the event ids are derived from it, so a retry after a crash finds its own events.
    const eventIdSeed = ctx.idempotencyKey ? `${ctx.actor}\u0000${ctx.idempotencyKey}` : undefined;
    const streamId = streamName(aggregate, id);
    const { decider } = definitionOf(aggregate);
    for (let attempt = 0; ; attempt++) {
      const { eventIds, state, revision, position } = await this.loadState(aggregate, id);
      // Commands without a principal come from the product's own policies (a won lead opens its customer file).
      const verdict: AccessVerdict = ctx.principal ? this.access.verdict(ctx.principal, aggregate, state, command) : 'allowed';
      if (verdict === 'out_of_scope') throw asIfAbsent(decider, command, state);
      if (verdict !== 'allowed') throw verdict;
      if (expectedRevision !== undefined && expectedRevision !== revision) {
        throw new WrongExpectedRevisionError(streamId, expectedRevision, revision);
      }
      const eventId = (i: number) => (eventIdSeed ? deterministicUuid(eventIdSeed, streamId, String(i)) : randomUUID());
      const replayed = eventIdSeed ? findReplay(eventIds, eventId) : undefined;
      if (replayed !== undefined) {
        return { id, revision: replayed, position: await this.positionOf(streamId, replayed, revision, position), events: [], state };
      }
      const decision = decider.decide(command, state);
      if (isRefusal(decision)) throw decision;
      if (decision.length === 0) return { id, revision, position, events: [], state };

      const recordedAt = command.context.now;
      const toAppend: NewEvent[] = decision.map((event: DomainEvent, i) => ({
        type: event.type,
        version: event.version,
        data: event.data,
        metadata: { eventId: eventId(i), occurredAt: command.context.occurredAt, recordedAt, actor: ctx.actor, correlationId: ctx.correlationId, causationId: ctx.causationId },
      }));
      try {
        const appended = await this.observer.append(streamId, toAppend, () => this.store.append(streamId, toAppend, revision < 0 ? 'no_stream' : revision));
        const newState = decision.reduce((s, e) => decider.evolve(s, e), state);
        return { id, revision: appended.revision, position: appended.position, events: toAppend, state: newState };
      } catch (error) {
        const retry = error instanceof WrongExpectedRevisionError && expectedRevision === undefined && attempt < this.settings.commandConflictRetries;
        if (!retry) throw error;
      }
    }
  }

  /** Where the event at `revision` of a stream stands in the log (a replay's answer; usually the last one, already known). */
  private async positionOf(streamId: string, revision: number, lastRevision: number, lastPosition: number): Promise<number> {
    if (revision === lastRevision) return lastPosition;
    const [event] = await this.store.readStream(streamId, { fromRevision: revision, maxCount: 1, personalData: 'sealed' });
    return event.position;
  }
}

/**
 * The answer to a command on a record the caller may not see: what it would get if the record did not
 * exist (the decider's not-found), or, for a command that would create it, what anyone creating an
 * existing record gets (already exists). No revision, owner or state leaks.
 */
const asIfAbsent = <C extends Command, S>(decider: { readonly initialState: S; decide(command: C, state: S): readonly DomainEvent[] | DomainError }, command: C, state: S): DomainError => {
  const absent = decider.decide(command, decider.initialState);
  if (isRefusal(absent)) return absent;
  const present = decider.decide(command, state);
  return isRefusal(present) ? present : notFound('RECORD_NOT_FOUND', 'No such record.');
};

/** A retried request whose events are already in the stream gets the original result back: the revision of its last event. */
const findReplay = (eventIds: readonly string[], eventId: (i: number) => string): number | undefined => {
  const start = eventIds.indexOf(eventId(0));
  if (start < 0) return undefined;
  let last = start;
  while (last + 1 < eventIds.length && eventIds[last + 1] === eventId(last + 1 - start)) last++;
  return last;
};
