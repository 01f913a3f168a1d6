import { Command } from '@app/domain/shared';
import { AggregateName, CommandDataOf, CommandOf, CommandTypeOf } from './aggregates';
import { Clock } from './clock';
import { ExecuteRequest } from './command-executor';
import { CommandOptions, WriteContext } from './write-context';

/** A command as a caller asks for it: its type and data. Time and actor are added by the write path. */
export type CommandIntent<A extends AggregateName> = CommandOf<A> extends infer C ? (C extends Command ? { readonly type: C['type']; readonly data: C['data'] } : never) : never;

/** One command on one record, as any caller (a route, a policy, an import row) asks for it. */
export interface CommandRequest<A extends AggregateName = AggregateName> {
  readonly aggregate: A;
  readonly id: string;
  readonly command: CommandIntent<A>;
  readonly options?: CommandOptions;
}

/** Values a route takes from its path besides the record's id (`:rewardId`). */
export type PathValues = Readonly<Record<string, string>>;

/** Optional fields the body left out stay out of the data (and so out of the event), as if never named. */
const withoutUndefined = <D>(data: D): D => Object.fromEntries(Object.entries(data as object).filter(([, value]) => value !== undefined)) as D;

/** Fields of the command's data the request body must carry: all but those the mapping fills itself (the record's id from the path…). */
type Uncovered<Data, Body, NotFromBody extends PropertyKey> = Exclude<keyof Data, keyof Body | NotFromBody>;
/** Compiles only when the body declares every such field; otherwise names the missing ones. */
type CoveredBy<Data, Body, NotFromBody extends PropertyKey> = [Uncovered<Data, Body, NotFromBody>] extends [never] ? unknown : { readonly requestBodyLacks: Uncovered<Data, Body, NotFromBody> };

export interface RequestMapping<A extends AggregateName, T extends CommandTypeOf<A>, Body, NotFromBody extends keyof CommandDataOf<A, T>> {
  readonly aggregate: A;
  readonly type: T;
  /** Fields of the data that do not come from the body (the record's id, a value from the path). */
  readonly notFromBody: readonly NotFromBody[];
  /** The body (and values from the path besides the id) as the command's data: a field renamed or added on either side fails to compile. */
  readonly data: (id: string, body: Body, path: PathValues) => CommandDataOf<A, T>;
}

/**
 * A use case's typed mapping from its request body to its command. The compiler holds the two
 * together: the data must be the command's (a renamed field is an error), and every field of the
 * command's data must be declared by the body or listed in `notFromBody` (a field added to the command
 * without its request field is an error).
 */
export const requestMapping = <Body extends CommandOptions, A extends AggregateName, T extends CommandTypeOf<A>, NotFromBody extends keyof CommandDataOf<A, T> = never>(
  body: new () => Body,
  mapping: RequestMapping<A, T, Body, NotFromBody> & CoveredBy<CommandDataOf<A, T>, Body, NotFromBody>,
): RequestToCommand<Body, A> => {
  const toCommand = (id: string, request: Body, path: PathValues = {}): CommandRequest<A> => ({
    aggregate: mapping.aggregate,
    id,
    // The pair is checked above; the compiler cannot carry T's correlation into the generic union.
    command: { type: mapping.type, data: withoutUndefined(mapping.data(id, request, path)) } as CommandIntent<A>,
    options: { occurredAt: request.occurredAt, expectedRevision: request.expectedRevision },
  });
  return Object.assign(toCommand, { body, aggregate: mapping.aggregate, type: mapping.type });
};

/** A use case's mapping, with what an importer needs to know about it: its body's class (validated like an HTTP request), its aggregate and command type. */
export type RequestToCommand<Body, A extends AggregateName = AggregateName> = ((id: string, body: Body, path?: PathValues) => CommandRequest<A>) & {
  readonly body: new () => Body;
  readonly aggregate: A;
  readonly type: CommandTypeOf<A>;
};

/** Turns a request into what the executor runs: one place for business time, handling time and actor. */
export class CommandFactory {
  constructor(private readonly clock: Clock) {}

  create<A extends AggregateName>(request: CommandRequest<A>, ctx: WriteContext, expectedRevision = request.options?.expectedRevision): ExecuteRequest<A> {
    const now = this.clock.now();
    const occurredAt = request.options?.occurredAt;
    const context = { occurredAt: occurredAt ? new Date(occurredAt).toISOString() : now, now, actor: ctx.actor };
    // An intent of A plus its context is a command of A; the compiler cannot see through the generic union.
    const intent: { readonly type: string; readonly data: unknown } = request.command;
    const command = { type: intent.type, data: intent.data, context } as CommandOf<A>;
    return { aggregate: request.aggregate, id: request.id, command, ctx, expectedRevision };
  }
}
