import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CommandResponseDto } from '../http/command-response.dto';
import { CommandExecutor } from './command-executor';
import { CommandFactory } from './command-factory';
import { ExecuteDomainCommand } from './execute-domain.command';

@CommandHandler(ExecuteDomainCommand)
export class ExecuteDomainCommandHandler implements ICommandHandler<ExecuteDomainCommand> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly factory: CommandFactory,
  ) {}

  async execute({ aggregate, id, type, body, ctx }: ExecuteDomainCommand): Promise<CommandResponseDto> {
    const command = this.factory.create(aggregate, id, type, body, ctx);
    const { revision, position } = await this.executor.execute({ aggregate, id, command, ctx, expectedRevision: this.factory.expectedRevision(body, ctx) });
    return { id, revision, position };
  }
}
