import { ISaga } from '@nestjs/cqrs';
import { RecordedEvent } from '@app/domain/shared';
import { RequestContext } from '../shared/commands/request-context';
import { ExecuteCommand } from '../shared/commands/execute.command';

/**
 * A policy: a saga (events in, commands out, written with rxjs) fed by its own checkpointed
 * subscription to the log, never by the in-process event bus.
 */
export interface Policy {
  readonly name: string;
  readonly eventTypes: readonly string[];
  readonly saga: ISaga<RecordedEvent, ExecuteCommand>;
}

export const POLICIES = Symbol('POLICIES');

/**
 * Who a policy's command comes from. The idempotency key makes its event ids derive from the event
 * that caused it, so a redelivered event finds the events it already caused instead of adding more.
 */
export const policyContext = (policy: string, cause: RecordedEvent): RequestContext => ({
  actor: `policy:${policy}`,
  correlationId: cause.metadata.correlationId,
  causationId: cause.metadata.eventId,
  idempotencyKey: `${policy}:${cause.metadata.eventId}`,
});
