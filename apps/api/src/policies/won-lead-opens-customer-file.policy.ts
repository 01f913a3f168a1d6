import { Injectable } from '@nestjs/common';
import { ExistingLeadState, LeadCapturedData, LeadStageAdvancedData } from '@app/domain/lead';
import { customerFromWonLead } from '@app/domain/policies/won-lead-becomes-customer';
import { EventMetadata, parseStreamName, RecordedEvent } from '@app/domain/shared';
import { concatMap, filter, Observable } from 'rxjs';
import { CommandExecutor } from '../shared/commands/command-executor';
import { ExecuteDomainCommand } from '../shared/commands/execute-domain.command';
import { RequestContext } from '../shared/commands/request-context';
import { Policy, policyContext } from './policy';

/**
 * A won lead becomes a customer: the customer file opens under the same id. The stage command does
 * it at once (so its answer covers both); this policy makes sure it happens even if the process
 * stopped in between. Both use `registrationFor`, so there is one rule for it.
 */
@Injectable()
export class WonLeadOpensCustomerFilePolicy implements Policy {
  readonly name = 'won-lead-customer-file';
  readonly eventTypes = ['LeadStageAdvanced'];

  constructor(private readonly executor: CommandExecutor) {}

  readonly saga = (events$: Observable<RecordedEvent>): Observable<ExecuteDomainCommand> =>
    events$.pipe(
      filter((event) => (event.data as LeadStageAdvancedData).to === 'won'),
      concatMap((won) => this.registrationFor(parseStreamName(won.streamId).id, won.metadata, policyContext(this.name, won))),
      filter((command): command is ExecuteDomainCommand => command !== null),
    );

  /** The RegisterCustomer command for a lead won by the event with `wonMetadata`; null when the file exists. */
  async registrationFor(leadId: string, wonMetadata: EventMetadata, ctx: RequestContext): Promise<ExecuteDomainCommand | null> {
    if ((await this.executor.loadState('customer', leadId)).revision >= 0) return null;
    const lead = await this.executor.load('lead', leadId);
    const captured = lead.events.find((e) => e.type === 'LeadCaptured')!.data as LeadCapturedData;
    const data = customerFromWonLead(captured, lead.state as ExistingLeadState);
    return new ExecuteDomainCommand('customer', leadId, 'RegisterCustomer', { ...data, occurredAt: wonMetadata.occurredAt }, { ...ctx, causationId: wonMetadata.eventId });
  }
}
