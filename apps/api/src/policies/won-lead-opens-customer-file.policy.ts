import { Injectable } from '@nestjs/common';
import { LeadStageAdvancedData } from '@app/domain/lead';
import { customerRegistrationFor } from '@app/application/won-lead-registration';
import { EventMetadata, parseStreamName, RecordedEvent } from '@app/domain/shared';
import { concatMap, filter, Observable } from 'rxjs';
import { CommandExecutor } from '@app/application/command-executor';
import { ExecuteCommand } from '../shared/commands/execute.command';
import { RequestContext } from '../shared/commands/request-context';
import { Policy, policyContext } from './policy';

/**
 * A won lead becomes a customer: the customer file opens under the same id. The stage command does
 * it at once (so its answer covers both); this policy makes sure it happens even if the process
 * stopped in between. Both ask `customerRegistrationFor`, so there is one rule for it.
 */
@Injectable()
export class WonLeadOpensCustomerFilePolicy implements Policy {
  readonly name = 'won-lead-customer-file';
  readonly eventTypes = ['LeadStageAdvanced'];

  constructor(private readonly executor: CommandExecutor) {}

  readonly saga = (events$: Observable<RecordedEvent>): Observable<ExecuteCommand> =>
    events$.pipe(
      filter((event) => (event.data as LeadStageAdvancedData).to === 'won'),
      concatMap((won) => this.registrationFor(parseStreamName(won.streamId).id, won.metadata, policyContext(this.name, won))),
      filter((command): command is ExecuteCommand<'customer'> => command !== null),
    );

  /** The RegisterCustomer command for a lead won by the event with `wonMetadata`; null when the file exists. */
  async registrationFor(leadId: string, wonMetadata: EventMetadata, ctx: RequestContext): Promise<ExecuteCommand<'customer'> | null> {
    const registration = await customerRegistrationFor(this.executor, leadId, wonMetadata);
    return registration && new ExecuteCommand(registration, { ...ctx, causationId: wonMetadata.eventId });
  }
}
