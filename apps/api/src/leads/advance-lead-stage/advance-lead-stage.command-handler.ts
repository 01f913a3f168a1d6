import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@app/domain/shared';
import { WonLeadOpensCustomerFilePolicy } from '../../policies/won-lead-opens-customer-file.policy';
import { CommandExecutor } from '../../shared/commands/command-executor';
import { CommandFactory } from '../../shared/commands/command-factory';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
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
    const command = this.factory.create('lead', id, 'AdvanceLeadStage', body, ctx);
    const lead = await this.executor.execute({ aggregate: 'lead', id, command, ctx, expectedRevision: this.factory.expectedRevision(body, ctx) });
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
