import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@app/domain/shared';
import { WonLeadOpensCustomerFilePolicy } from '../../policies/won-lead-opens-customer-file.policy';
import { CommandExecutor } from '@app/application/command-executor';
import { CommandFactory } from '@app/application/command-request';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { advanceLeadStage } from '@app/application/leads/advance-lead-stage.request';
import { expectedRevisionOf } from '../../shared/commands/request-context';
import { AdvanceLeadStageCommand } from './advance-lead-stage.command';
import { AdvanceLeadStageResponseDto } from './advance-lead-stage.response.dto';

/** Moves a lead through the funnel; a win also opens the customer file of the same id, at once. */
@CommandHandler(AdvanceLeadStageCommand)
export class AdvanceLeadStageHandler implements ICommandHandler<AdvanceLeadStageCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly factory: CommandFactory,
    private readonly commands: CommandBus,
    private readonly wonLeads: WonLeadOpensCustomerFilePolicy,
  ) {}

  async execute({ id, body, ctx }: AdvanceLeadStageCommand): Promise<AdvanceLeadStageResponseDto> {
    const request = advanceLeadStage(id, body);
    const lead = await this.executor.execute(this.factory.create(request, ctx, expectedRevisionOf(request.options, ctx)));
    const won = lead.events.find((e) => e.type === 'LeadStageAdvanced' && (e.data as { to: string }).to === 'won');
    if (!won) return { id, revision: lead.revision, position: lead.position };

    const customer = await this.openCustomerFile(id, won.metadata, ctx);
    return { id, revision: lead.revision, position: Math.max(lead.position, customer.position), customer };
  }

  private async openCustomerFile(...[id, metadata, ctx]: Parameters<WonLeadOpensCustomerFilePolicy['registrationFor']>): Promise<CommandResponseDto> {
    const registration = await this.wonLeads.registrationFor(id, metadata, ctx);
    try {
      if (registration) return await this.commands.execute(registration);
    } catch (error) {
      // Opened meanwhile (the policy, or a concurrent request): the existing file is the answer.
      if (!(error instanceof DomainError && error.kind === 'already_exists')) throw error;
    }
    // Won again after a reopening: the customer file already exists and simply continues.
    const existing = await this.executor.loadState('customer', id);
    return { id, revision: existing.revision, position: existing.position };
  }
}
