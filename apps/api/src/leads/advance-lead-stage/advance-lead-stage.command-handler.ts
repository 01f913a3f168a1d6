import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ExistingLeadState, LeadCapturedData } from '@app/domain/lead';
import { customerFromWonLead } from '@app/domain/policies/won-lead-becomes-customer';
import { DomainError } from '@app/domain/shared';
import { CommandExecutor } from '../../shared/commands/command-executor';
import { CommandFactory } from '../../shared/commands/command-factory';
import { AdvanceLeadStageCommand } from './advance-lead-stage.command';
import { AdvanceLeadStageResponseDto } from './advance-lead-stage.response.dto';

/** Moves a lead through the funnel; a win also opens the customer file of the same id. */
@CommandHandler(AdvanceLeadStageCommand)
export class AdvanceLeadStageHandler implements ICommandHandler<AdvanceLeadStageCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly factory: CommandFactory,
  ) {}

  async execute({ id, body, ctx }: AdvanceLeadStageCommand): Promise<AdvanceLeadStageResponseDto> {
    const command = this.factory.create('lead', id, 'AdvanceLeadStage', body, ctx);
    const lead = await this.executor.execute<ExistingLeadState>({ aggregate: 'lead', id, command, ctx, expectedRevision: this.factory.expectedRevision(body, ctx) });
    const won = lead.events.find((e) => e.type === 'LeadStageAdvanced' && (e.data as { to: string }).to === 'won');
    if (!won) return { id, revision: lead.revision, position: lead.position };

    const { events } = await this.executor.load('lead', id);
    const captured = events.find((e) => e.type === 'LeadCaptured')!.data as LeadCapturedData;
    try {
      const customer = await this.executor.execute({
        aggregate: 'customer',
        id,
        command: { type: 'RegisterCustomer', data: customerFromWonLead(captured, lead.state), context: command.context },
        ctx: { ...ctx, causationId: won.metadata.eventId },
      });
      return { id, revision: lead.revision, position: Math.max(lead.position, customer.position), customer: { id, revision: customer.revision, position: customer.position } };
    } catch (error) {
      // Won again after a reopening: the customer file already exists and simply continues.
      if (!(error instanceof DomainError && error.kind === 'already_exists')) throw error;
      const existing = await this.executor.load('customer', id);
      return { id, revision: lead.revision, position: Math.max(lead.position, existing.position), customer: { id, revision: existing.revision, position: existing.position } };
    }
  }
}
